import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { FF1 } from './ff1.ts';
import { IndividualNumber } from './individual-number.ts';
import { MAX_GENERATION, NumberIssuer, withCheckDigit } from './issuance.ts';
import { ResidentRecordCode } from './resident-record-code.ts';

const key = Buffer.alloc(32, 7);
const issuer = new NumberIssuer(key);
const codeArb = fc.stringMatching(/^[0-9]{10}$/).map((b) => ResidentRecordCode.fromBody(b));

describe('Individual Number issuance', () => {
  it('every issued number validates', () => {
    fc.assert(
      fc.property(codeArb, fc.integer({ min: 0, max: MAX_GENERATION }), (code, g) => {
        expect(IndividualNumber.isValid(issuer.issue(code, g))).toBe(true);
      }),
    );
  });

  it('is FF1 of (generation ‖ body) under the fixed tweak', () => {
    const code = ResidentRecordCode.fromBody('0123456789');
    const ref = new FF1(key, 10).encrypt('30123456789', new TextEncoder().encode('JP-INDIVIDUAL-NUMBER'));
    expect(issuer.issue(code, 3)).toBe(IndividualNumber.fromBody(ref));
  });

  it('never gives two people, or two generations, the same number', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(codeArb, fc.integer({ min: 0, max: MAX_GENERATION })), {
          minLength: 2,
          maxLength: 200,
          selector: ([c, g]) => `${ResidentRecordCode.body(c)}:${g}`,
        }),
        (pairs) => {
          const numbers = issuer.issueMany(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          expect(new Set(numbers).size).toBe(pairs.length);
        },
      ),
    );
  });

  it('re-issue after a leak never returns the old number', () => {
    fc.assert(
      fc.property(codeArb, fc.integer({ min: 0, max: MAX_GENERATION - 1 }), (code, g) => {
        expect(issuer.issue(code, g + 1)).not.toBe(issuer.issue(code, g));
      }),
    );
  });

  it('depends on the key: another key gives other numbers', () => {
    const other = new NumberIssuer(Buffer.alloc(32, 8));
    const codes = Array.from({ length: 50 }, (_, i) =>
      ResidentRecordCode.fromBody(String(i).padStart(10, '0')),
    );
    const a = issuer.issueMany(codes);
    const b = other.issueMany(codes);
    expect(a.filter((n, i) => n === b[i]).length).toBeLessThan(2);
  });

  it('consecutive resident codes do not give consecutive or close numbers', () => {
    const codes = Array.from({ length: 1000 }, (_, i) =>
      ResidentRecordCode.fromBody(String(5_000_000_000 + i).padStart(10, '0')),
    );
    const nums = issuer.issueMany(codes).map((n) => Number(n.slice(0, 11)));
    let close = 0;
    for (let i = 1; i < nums.length; i++) if (Math.abs(nums[i]! - nums[i - 1]!) < 1e6) close++;
    // Random 11-digit values are within 10^6 of each other with probability ~2·10^-5.
    expect(close).toBeLessThan(3);
  });

  it('refuses a generation past the last', () => {
    const code = ResidentRecordCode.fromBody('0000000001');
    expect(() => issuer.issue(code, MAX_GENERATION + 1)).toThrow(DomainError);
    expect(() => new NumberIssuer(Buffer.alloc(5))).toThrow(DomainError);
  });

  it('withCheckDigit agrees with the string rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (body) => {
        expect(withCheckDigit(body)).toBe(IndividualNumber.fromBody(String(body).padStart(11, '0')));
      }),
    );
  });
});

describe('issuance on worker threads', () => {
  it('10^5 people and their re-issues on 2 threads: no duplicates, no retired number given again', async () => {
    const { issueInParallel } = await import('./issuance-pool.ts');
    const { plainValue } = await import('./issuance.ts');
    const n = 100_000;
    const codes = Array.from({ length: n }, (_, i) =>
      ResidentRecordCode.fromBody(String(3_000_000_000 + i * 13).padStart(10, '0')),
    );
    const first = await issueInParallel(
      key,
      Float64Array.from(codes, (c) => plainValue(c, 0)),
      2,
    );
    const reissued = await issueInParallel(
      key,
      Float64Array.from(codes, (c) => plainValue(c, 1)),
      2,
    );
    const all = new Set<number>([...first, ...reissued]);
    expect(all.size).toBe(2 * n);
  });

  it('gives exactly what one thread gives', async () => {
    const { issueInParallel } = await import('./issuance-pool.ts');
    const { plainValue, fromValue } = await import('./issuance.ts');
    const codes = Array.from({ length: 10_001 }, (_, i) =>
      ResidentRecordCode.fromBody(String(i * 99_991).padStart(10, '0')),
    );
    const plain = Float64Array.from(codes, (c, i) => plainValue(c, i % 3));
    const parallel = await issueInParallel(key, plain, 2);
    const single = issuer.issueMany(
      codes,
      codes.map((_, i) => i % 3),
    );
    expect(Array.from(parallel, fromValue)).toEqual(single);
  });
});
