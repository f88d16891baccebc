import { type CorporationVersion, STORED_FIELDS } from './model.ts';

/**
 * Versions' published fields packed in memory by version id: the rows of the name index's
 * pages (current-records.ts keeps it filled). A record is kept as the database writes it for
 * this purpose — its 29 stored fields in order, joined by U+001F, as UTF-8 — in large
 * buffers outside the JS heap, so 5,000,000 records are a few hundred buffers and two typed
 * arrays for the collector to look at, not 5,000,000 objects. Pure: no I/O.
 *
 * Why: a page of 2,000 rows read by id from the database costs 12–18 ms when its pages are
 * in memory and 84–128 ms when they come from the disk (docs/performance.md, 2026-12-04);
 * from here it is a few milliseconds of decoding.
 */

/** Between two fields of a packed record. Fields never hold it: control characters are refused. */
export const FIELD_SEPARATOR = 0x1f;
const SEPARATOR_TEXT = String.fromCharCode(FIELD_SEPARATOR);
const SEPARATORS = STORED_FIELDS.length - 1;
/** Records are appended to buffers of this size (a record never spans two). */
const CHUNK_BYTES = 32 * 1024 * 1024;
/** Ids are places in typed arrays: larger ids (a sequence moved far ahead) are not kept. */
const MAX_ID = 1 << 27;
/** Lengths are 16 bits: a longer record (none is) is not kept. */
const MAX_RECORD_BYTES = 0xffff;

export class RecordMemory {
  readonly #chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  #used = CHUNK_BYTES;
  /** By id: where its record starts (chunk × CHUNK_BYTES + offset), plus one; 0 when not kept. */
  #where = new Float64Array(1024);
  #length = new Uint16Array(1024);
  #size = 0;

  /** How many records are kept. */
  get size(): number {
    return this.#size;
  }

  /** Memory held: the buffers and the two arrays by id. */
  get bytes(): number {
    return this.#chunks.length * CHUNK_BYTES + this.#where.byteLength + this.#length.byteLength;
  }

  has(id: number): boolean {
    return id < this.#where.length && this.#where[id] !== 0;
  }

  /**
   * Keeps a version's packed record (a copy: the bytes given may be reused). False when it
   * cannot be kept — not 29 fields, too long, an id out of range — and it is then read from
   * the database each time it is asked for. A record already kept stays as it is: a version's
   * fields never change (only `latest`, and a version no longer latest leaves the index).
   */
  put(id: number, packed: Uint8Array): boolean {
    if (!Number.isInteger(id) || id < 0 || id >= MAX_ID || packed.length > MAX_RECORD_BYTES) return false;
    if (this.has(id)) return true;
    let separators = 0;
    for (let i = 0; i < packed.length; i++) if (packed[i] === FIELD_SEPARATOR) separators++;
    if (separators !== SEPARATORS) return false;
    if (this.#used + packed.length > CHUNK_BYTES) {
      this.#chunks.push(Buffer.allocUnsafe(CHUNK_BYTES));
      this.#used = 0;
    }
    const chunk = this.#chunks.length - 1;
    this.#chunks[chunk]!.set(packed, this.#used);
    this.#grow(id);
    this.#where[id] = chunk * CHUNK_BYTES + this.#used + 1;
    this.#length[id] = packed.length;
    this.#used += packed.length;
    this.#size++;
    return true;
  }

  /** The packed record kept for this version id (a view of memory's own bytes: read, do not keep). */
  packed(id: number): Buffer | undefined {
    if (!this.has(id)) return undefined;
    const at = this.#where[id]! - 1;
    const chunk = Math.floor(at / CHUNK_BYTES);
    const start = at - chunk * CHUNK_BYTES;
    return this.#chunks[chunk]!.subarray(start, start + this.#length[id]!);
  }

  /** The record kept for this version id, as the database would give it. */
  get(id: number): CorporationVersion | undefined {
    const packed = this.packed(id);
    if (!packed) return undefined;
    const parts = packed.toString('utf8').split(SEPARATOR_TEXT);
    const record = {} as Record<string, string>;
    for (let i = 0; i < STORED_FIELDS.length; i++) record[STORED_FIELDS[i]!] = parts[i]!;
    return record as CorporationVersion;
  }

  #grow(id: number): void {
    if (id < this.#where.length) return;
    const size = Math.min(MAX_ID, Math.max(id + 1, Math.ceil(this.#where.length * 1.5)));
    const where = new Float64Array(size);
    where.set(this.#where);
    const length = new Uint16Array(size);
    length.set(this.#length);
    this.#where = where;
    this.#length = length;
  }
}
