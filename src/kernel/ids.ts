import { randomBytes } from 'node:crypto';

/**
 * Record ids: UUID version 7 (RFC 9562) — a 48-bit millisecond timestamp, then 74 random
 * bits. Unguessable (the random part alone is far beyond what can be tried), and
 * roughly ordered by creation, so a B-tree takes new ids at its right edge instead of
 * at random pages: bulk loads of millions of rows stay fast.
 */
export function uuidv7(now: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  const b = new Uint8Array(16);
  let t = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b.set(random.subarray(0, 10), 6);
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Many ids at once for bulk loads (one random draw for the batch). */
export function uuidv7Batch(n: number, now: number = Date.now()): string[] {
  const pool = randomBytes(10 * n);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = uuidv7(now, pool.subarray(i * 10, i * 10 + 10));
  return out;
}

/** An id as the API takes it (lower-case hex, hyphenated), for route schemas and checks. */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const UUID = new RegExp(UUID_PATTERN);

export function isUuid(s: string): boolean {
  return UUID.test(s);
}
