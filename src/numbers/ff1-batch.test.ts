import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FF1 } from './ff1.ts';
import { DecimalFF1Batch } from './ff1-batch.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';

describe('DecimalFF1Batch', () => {
  it('matches NIST sample 1 and 2 (radix 10, 10 digits)', () => {
    expect(new DecimalFF1Batch(hex(K128), 10).encrypt(123456789)).toBe(2433477484);
    expect(new DecimalFF1Batch(hex(K128), 10, hex('39383736353433323130')).encrypt(123456789)).toBe(
      6124200773,
    );
  });

  it('agrees with the reference FF1 for every length, key size and tweak', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 12 }),
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 0, maxLength: 20 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (digits, keyLen, tweak, fractions, keyBytes) => {
          const key = keyBytes.subarray(0, keyLen);
          const fast = new DecimalFF1Batch(key, digits, tweak);
          const ref = new FF1(key, 10);
          const values = fractions.map((f) => Math.floor(f * 10 ** digits));
          const out = new Float64Array(values.length);
          fast.encryptMany(values, out);
          values.forEach((v, i) => {
            const expected = ref.encrypt(String(v).padStart(digits, '0'), tweak);
            expect(String(out[i]).padStart(digits, '0')).toBe(expected);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles batches larger than one chunk', () => {
    const key = hex(K128);
    const fast = new DecimalFF1Batch(key, 11);
    const n = DecimalFF1Batch.CHUNK * 2 + 7;
    const input = Array.from({ length: n }, (_, i) => i * 7919);
    const out = new Float64Array(n);
    fast.encryptMany(input, out);
    const ref = new FF1(key, 10);
    for (const i of [0, 1, DecimalFF1Batch.CHUNK - 1, DecimalFF1Batch.CHUNK, n - 1]) {
      expect(String(out[i]).padStart(11, '0')).toBe(ref.encrypt(String(input[i]).padStart(11, '0')));
    }
    expect(new Set(out).size).toBe(n);
  });
});
