import { describe, expect, it } from 'vitest';
import { pooledCryptoRandom, seededRandom } from './random.ts';

describe('randomness', () => {
  it('hands out each pooled byte once, as copies that later draws do not change', () => {
    const random = pooledCryptoRandom(64);
    const first = random.bytes(8);
    const kept = Uint8Array.from(first);
    // Enough draws to refill the block several times over.
    const drawn = Array.from({ length: 40 }, () => Buffer.from(random.bytes(8)).toString('hex'));
    expect(first).toEqual(kept);
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(random.bytes(3)).toHaveLength(3);
    // Larger than an eighth of the block: drawn on its own.
    expect(random.bytes(100)).toHaveLength(100);
  });

  it('a seeded generator repeats itself', () => {
    expect(seededRandom(7).bytes(16)).toEqual(seededRandom(7).bytes(16));
    expect(seededRandom(7).bytes(16)).not.toEqual(seededRandom(8).bytes(16));
  });
});
