/**
 * Just enough DER to write certificates, OCSP responses and certificate requests quickly,
 * and to read untrusted DER strictly. Certificates are mostly the same bytes for every
 * holder of one CA and profile; writing them with a generic ASN.1 serializer cost ~3.7 ms
 * each, so the issuing path builds them from these few primitives and pre-encoded constant
 * parts instead. Plain Uint8Array, no Buffer: the chip emulator runs this in the browser.
 * Everything written here is read back by OpenSSL and by an independent parser in tests.
 */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(parts);
  return concat([Uint8Array.of(tag), length(body.length), body]);
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export const sequence = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]) => tlv(0x31, ...parts);
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const utf8String = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const printableString = (s: string) => tlv(0x13, ascii(s));
export const bitString = (b: Uint8Array) => tlv(0x03, Uint8Array.of(0), b);
export const enumerated = (n: number) => tlv(0x0a, Uint8Array.of(n));
/** [n] EXPLICIT (context-specific, constructed). */
export const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 + n, ...parts);
/** [n] IMPLICIT of a primitive type (context-specific, primitive). */
export const implicitPrimitive = (n: number, content: Uint8Array) => tlv(0x80 + n, content);
export const NULL = Uint8Array.of(0x05, 0x00);

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
export function integer(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && bytes[i + 1]! < 0x80) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0]! >= 0x80 ? concat([Uint8Array.of(0), b]) : b);
}

export function objectIdentifier(dotted: string): Uint8Array {
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
  return tlv(0x06, Uint8Array.from(out));
}

function timeDigits(d: Date): string {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(d: Date): Uint8Array {
  const digits = timeDigits(d);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, ascii(digits.slice(2))) : generalizedTime(d);
}

/** GeneralizedTime always (OCSP's times). */
export function generalizedTime(d: Date): Uint8Array {
  return tlv(0x18, ascii(timeDigits(d)));
}

/** The header of the TLV at `offset` in DER we wrote ourselves: where its content starts and how long it is. */
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
  const bits = expect(children(read(spki))[1], 0x03, 'a SubjectPublicKeyInfo');
  if (bits.content.length < 1) throw new DerError('empty key bits');
  return bits.content.subarray(1); // skip the unused-bits byte
}

// ---- Strict reading of untrusted DER --------------------------------------------------

/** Raised for any input that is not the DER expected; callers turn it into their own error. */
export class DerError extends Error {}

/** One element: its tag, its content, and the whole encoding (for hashing or signing checks). */
export interface Element {
  readonly tag: number;
  readonly content: Uint8Array;
  readonly encoded: Uint8Array;
}

/**
 * The element at `offset`. Definite short or long lengths up to 4 bytes only; anything
 * that runs past the buffer, uses high tag numbers or the indefinite form is refused.
 */
export function readAt(b: Uint8Array, offset: number): Element {
  if (offset + 2 > b.length) throw new DerError('truncated header');
  const tag = b[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let n = b[offset + 1]!;
  let start = offset + 2;
  if (n & 0x80) {
    const count = n & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length form');
    if (start + count > b.length) throw new DerError('truncated length');
    n = 0;
    for (let i = 0; i < count; i++) n = n * 256 + b[start + i]!;
    start += count;
  }
  if (start + n > b.length) throw new DerError('content runs past the end');
  return { tag, content: b.subarray(start, start + n), encoded: b.subarray(offset, start + n) };
}

/** The single element that must fill `b` exactly. */
export function read(b: Uint8Array): Element {
  const e = readAt(b, 0);
  if (e.encoded.length !== b.length) throw new DerError('trailing bytes');
  return e;
}

/** The elements inside a constructed element, in order. */
export function children(e: Element): Element[] {
  if ((e.tag & 0x20) === 0) throw new DerError('not a constructed element');
  const out: Element[] = [];
  let at = 0;
  while (at < e.content.length) {
    const child = readAt(e.content, at);
    out.push(child);
    at += child.encoded.length;
  }
  return out;
}

/** The element, which must carry `tag`. */
export function expect(e: Element | undefined, tag: number, what: string): Element {
  if (!e || e.tag !== tag) throw new DerError(`expected ${what}`);
  return e;
}

/** The dotted form of an OBJECT IDENTIFIER's content. */
export function oidOf(e: Element): string {
  const c = expect(e, 0x06, 'an object identifier').content;
  if (c.length === 0) throw new DerError('empty object identifier');
  const arcs: number[] = [];
  let v = 0;
  for (const byte of c) {
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if ((byte & 0x80) === 0) {
      arcs.push(v);
      v = 0;
    }
  }
  if (c[c.length - 1]! & 0x80) throw new DerError('unterminated object identifier');
  const first = arcs.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}

/** An INTEGER's magnitude as lower-case hex without leading zero bytes (serial numbers). */
export function integerHex(e: Element): string {
  const c = expect(e, 0x02, 'an integer').content;
  if (c.length === 0) throw new DerError('empty integer');
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return hex(c.subarray(i));
}

/** UTCTime or GeneralizedTime in the Z form RFC 5280 requires. */
export function timeOf(e: Element): Date {
  const s = String.fromCharCode(...e.content);
  const m =
    e.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : e.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : null;
  if (!m) throw new DerError('expected a time');
  const year = e.tag === 0x17 ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1]);
  const d = new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
  if (Number.isNaN(d.getTime())) throw new DerError('invalid time');
  return d;
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const byte of b) s += byte.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
