import { describe, expect, it } from 'vitest';
import { FF1 } from './ff1.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';
const K192 = `${K128}EF4359D8D580AA4F`;
const K256 = `${K192}7F036D6F04FC6A94`;
const T10 = '39383736353433323130';
const T36 = '3737373770717273373737';
const P10 = '0123456789';
const P36 = '0123456789abcdefghi';

// NIST SP 800-38G sample vectors, FF1 samples 1–9.
const SAMPLES: Array<[string, number, string, string, string]> = [
  [K128, 10, '', P10, '2433477484'],
  [K128, 10, T10, P10, '6124200773'],
  [K128, 36, T36, P36, 'a9tv40mll9kdu509eum'],
  [K192, 10, '', P10, '2830668132'],
  [K192, 10, T10, P10, '2496655549'],
  [K192, 36, T36, P36, 'xbj3kv35jrawxv32ysr'],
  [K256, 10, '', P10, '6657667009'],
  [K256, 10, T10, P10, '1001623463'],
  [K256, 36, T36, P36, 'xs8a0azh2avyalyzuwd'],
];

describe('FF1 (NIST SP 800-38G samples)', () => {
  SAMPLES.forEach(([key, radix, tweak, pt, ct], i) => {
    it(`sample ${i + 1}: encrypts and decrypts`, () => {
      const f = new FF1(hex(key), radix);
      expect(f.encrypt(pt, hex(tweak))).toBe(ct);
      expect(f.decrypt(ct, hex(tweak))).toBe(pt);
    });
  });

  it('refuses domains under a million values and bad keys', () => {
    expect(() => new FF1(hex(K128), 10).encrypt('12345')).toThrow(RangeError);
    expect(() => new FF1(Buffer.alloc(10), 10)).toThrow(RangeError);
    expect(() => new FF1(hex(K128), 10).encrypt('12a456789')).toThrow(RangeError);
  });
});
