/**
 * Just enough DER to write a TBSCertificate quickly. Certificates are mostly the same
 * bytes for every holder of one CA and profile; writing them with a generic ASN.1
 * serializer cost ~3.7 ms each, so the issuing path builds them from these few
 * primitives and pre-encoded constant parts instead. Everything written here is read
 * back by OpenSSL and by @peculiar/x509 in the tests.
 */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const sequence = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]) => tlv(0x31, ...parts);
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const utf8String = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string) => tlv(0x13, Buffer.from(s, 'ascii'));
export const bitString = (b: Uint8Array) => tlv(0x03, Buffer.from([0]), b);
/** [n] EXPLICIT (context-specific, constructed). */
export const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 + n, ...parts);
export const NULL = Buffer.from([0x05, 0x00]);

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
export function integer(bytes: Uint8Array): Buffer {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && b[i + 1]! < 0x80) i++;
  b = b.subarray(i);
  return tlv(0x02, b[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let k = 0; k < chunk.length - 1; k++) chunk[k]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** The header of the TLV at `offset`: where its content starts and how long it is. */
export function readHeader(b: Uint8Array, offset: number): { tag: number; start: number; length: number } {
  const tag = b[offset]!;
  let n = b[offset + 1]!;
  let start = offset + 2;
  if (n & 0x80) {
    const count = n & 0x7f;
    n = 0;
    for (let i = 0; i < count; i++) n = n * 256 + b[start + i]!;
    start += count;
  }
  return { tag, start, length: n };
}

/** The subjectPublicKey bits of a SubjectPublicKeyInfo (what RFC 5280's key identifier hashes). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = readHeader(spki, 0);
  const algorithm = readHeader(spki, outer.start);
  const bits = readHeader(spki, algorithm.start + algorithm.length);
  if (outer.tag !== 0x30 || algorithm.tag !== 0x30 || bits.tag !== 0x03)
    throw new Error('not a SubjectPublicKeyInfo');
  return spki.subarray(bits.start + 1, bits.start + bits.length); // skip the unused-bits byte
}
