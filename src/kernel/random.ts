import { randomFillSync } from 'node:crypto';

/** Randomness is injected so tests can be repeated; production uses the CSPRNG. */
export interface Random {
  bytes(n: number): Uint8Array;
}

/**
 * The CSPRNG, drawn in blocks: a login takes two 32-byte tokens, and one call into
 * OpenSSL per 4 KiB costs less than one per token. Each byte is handed out once, as a
 * copy (the block is refilled in place).
 */
export function pooledCryptoRandom(blockSize = 4096): Random {
  const block = new Uint8Array(blockSize);
  let used = blockSize;
  return {
    bytes(n) {
      if (n > blockSize / 8) return randomFillSync(new Uint8Array(n));
      if (used + n > blockSize) {
        randomFillSync(block);
        used = 0;
      }
      used += n;
      return block.slice(used - n, used);
    },
  };
}

export const cryptoRandom: Random = pooledCryptoRandom();

/** Deterministic generator for tests and synthetic data (xorshift128+; not for secrets). */
export function seededRandom(seed: number): Random {
  let s0 = BigInt(seed) ^ 0x9e3779b97f4a7c15n;
  let s1 = BigInt(seed) * 0xbf58476d1ce4e5b9n + 1n;
  const mask = (1n << 64n) - 1n;
  s0 &= mask;
  s1 &= mask;
  const next = (): bigint => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & mask;
  };
  return {
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 8) {
        let v = next();
        for (let j = i; j < Math.min(n, i + 8); j++) {
          out[j] = Number(v & 0xffn);
          v >>= 8n;
        }
      }
      return out;
    },
  };
}

/** Hex token of `bytes` random bytes (≥ 16 for anything that guards access). */
export function token(random: Random, bytes = 32): string {
  return Buffer.from(random.bytes(bytes)).toString('hex');
}
