import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as der from './der.ts';

const parse = (b: Uint8Array) => {
  const r = asn1js.fromBER(new Uint8Array(b).buffer);
  expect(r.offset).not.toBe(-1);
  return r.result;
};

describe('DER primitives, read back by an independent parser', () => {
  it('object identifiers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.nat(2 ** 31 - 1), { maxLength: 8 }),
        (a, b, rest) => {
          const oid = [a, b, ...rest].join('.');
          expect((parse(der.objectIdentifier(oid)) as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(
            oid,
          );
        },
      ),
    );
  });

  it('integers stay positive, without needless leading zeros', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        const v = parse(der.integer(bytes)) as asn1js.Integer;
        const hex =
          Buffer.from(bytes)
            .toString('hex')
            .replace(/^0+(?=.)/, '') || '0';
        expect(BigInt(`0x${Buffer.from(v.valueBlock.valueHexView).toString('hex')}`)).toBe(
          BigInt(`0x${hex}`),
        );
        expect(v.valueBlock.valueHexView[0]! < 0x80).toBe(true);
      }),
    );
  });

  it('long lengths and nested sequences', () => {
    const big = Buffer.alloc(70_000, 0x41);
    const s = parse(der.sequence(der.octetString(big), der.utf8String('齋藤　花子'))) as asn1js.Sequence;
    expect((s.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView.length).toBe(70_000);
    expect((s.valueBlock.value[1] as asn1js.Utf8String).valueBlock.value).toBe('齋藤　花子');
  });

  it('UTCTime before 2050, GeneralizedTime from 2050', () => {
    expect((parse(der.time(new Date('2031-02-28T14:59:59Z'))) as asn1js.UTCTime).toDate().toISOString()).toBe(
      '2031-02-28T14:59:59.000Z',
    );
    const g = parse(der.time(new Date('2051-01-01T00:00:00Z')));
    expect(g).toBeInstanceOf(asn1js.GeneralizedTime);
    expect((g as asn1js.GeneralizedTime).toDate().toISOString()).toBe('2051-01-01T00:00:00.000Z');
  });
});
