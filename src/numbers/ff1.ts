import { createCipheriv } from 'node:crypto';

/**
 * FF1 format-preserving encryption (NIST SP 800-38G), the general form: any radix from
 * 2 to 36, any tweak. It is the reference the fast issuance engine is tested against,
 * and is checked itself against NIST's published samples. BigInt arithmetic makes it
 * slow (~100k/s); use `ff1-batch.ts` for bulk issuance.
 */
export class FF1 {
  readonly #key: Buffer;
  readonly #radix: number;
  readonly #cipherName: string;

  constructor(key: Uint8Array, radix: number) {
    if (![16, 24, 32].includes(key.length)) throw new RangeError('FF1 key must be 16, 24 or 32 bytes');
    if (!Number.isInteger(radix) || radix < 2 || radix > 36) throw new RangeError('radix must be 2..36');
    this.#key = Buffer.from(key);
    this.#radix = radix;
    this.#cipherName = `aes-${key.length * 8}-cbc`;
  }

  encrypt(numerals: string, tweak: Uint8Array = new Uint8Array(0)): string {
    return this.#run(numerals, tweak, true);
  }

  decrypt(numerals: string, tweak: Uint8Array = new Uint8Array(0)): string {
    return this.#run(numerals, tweak, false);
  }

  /** PRF: CBC-MAC with a zero IV; the last block of the CBC output. */
  #prf(x: Buffer): Buffer {
    const c = createCipheriv(this.#cipherName, this.#key, Buffer.alloc(16));
    c.setAutoPadding(false);
    const out = c.update(x);
    return out.subarray(out.length - 16);
  }

  /** CIPH_K(x) for one block: CBC with zero IV on a single block is plain AES. */
  #ciph(x: Buffer): Buffer {
    return this.#prf(x);
  }

  #run(text: string, tweak: Uint8Array, encrypt: boolean): string {
    const radix = this.#radix;
    const r = BigInt(radix);
    const x = toNumerals(text, radix);
    const n = x.length;
    // The domain must hold at least a million values (SP 800-38G rev 1).
    if (n < 2 || radix ** n < 1_000_000) throw new RangeError('FF1 domain too small');
    const t = tweak.length;
    const u = Math.floor(n / 2);
    const v = n - u;
    let A = x.slice(0, u);
    let B = x.slice(u);
    const b = Math.ceil(bitLength(r ** BigInt(v) - 1n) / 8);
    const d = 4 * Math.ceil(b / 4) + 4;

    const P = Buffer.alloc(16);
    P.set([1, 2, 1], 0);
    P.writeUIntBE(radix, 3, 3);
    P[6] = 10;
    P[7] = u % 256;
    P.writeUInt32BE(n, 8);
    P.writeUInt32BE(t, 12);
    const pad = (((-t - b - 1) % 16) + 16) % 16;

    for (let step = 0; step < 10; step++) {
      const i = encrypt ? step : 9 - step;
      const m = i % 2 === 0 ? u : v;
      const other = encrypt ? B : A; // the half fed to the round function
      const Q = Buffer.alloc(t + pad + 1 + b);
      Q.set(tweak, 0);
      Q[t + pad] = i;
      writeBigBE(Q, t + pad + 1, b, num(other, r));
      const R = this.#prf(Buffer.concat([P, Q]));
      const blocks = [R];
      for (let j = 1; j < Math.ceil(d / 16); j++) {
        const jb = Buffer.alloc(16);
        writeBigBE(jb, 0, 16, BigInt(j));
        for (let k = 0; k < 16; k++) jb[k]! ^= R[k]!;
        blocks.push(this.#ciph(jb));
      }
      const S = Buffer.concat(blocks).subarray(0, d);
      const y = BigInt(`0x${S.toString('hex')}`);
      const mod = r ** BigInt(m);
      if (encrypt) {
        const c = (num(A, r) + y) % mod;
        A = B;
        B = str(c, r, m);
      } else {
        const c = (((num(B, r) - y) % mod) + mod) % mod;
        B = A;
        A = str(c, r, m);
      }
    }
    return fromNumerals([...A, ...B], radix);
  }
}

function toNumerals(s: string, radix: number): number[] {
  const out: number[] = [];
  for (const ch of s.toLowerCase()) {
    const v = Number.parseInt(ch, 36);
    if (Number.isNaN(v) || v >= radix) throw new RangeError('numeral outside the radix');
    out.push(v);
  }
  return out;
}

const fromNumerals = (x: number[], _radix: number): string => x.map((v) => v.toString(36)).join('');

function num(x: number[], r: bigint): bigint {
  let acc = 0n;
  for (const v of x) acc = acc * r + BigInt(v);
  return acc;
}

function str(value: bigint, r: bigint, m: number): number[] {
  const out = new Array<number>(m).fill(0);
  let v = value;
  for (let i = m - 1; i >= 0; i--) {
    out[i] = Number(v % r);
    v /= r;
  }
  return out;
}

function bitLength(v: bigint): number {
  return v <= 0n ? 0 : v.toString(2).length;
}

function writeBigBE(buf: Buffer, offset: number, len: number, v: bigint): void {
  let x = v;
  for (let i = offset + len - 1; i >= offset; i--) {
    buf[i] = Number(x & 0xffn);
    x >>= 8n;
  }
}
