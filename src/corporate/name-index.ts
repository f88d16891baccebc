/**
 * The searchable current names (latest, not excluded from search, not deleted) by fuzzy key,
 * in memory: the default `/4/name` searches — fuzzy prefix and partial, current names, with
 * or without closed corporations — counted and paged without reading a row.
 *
 * Why in memory: a partial search must give the exact count of names holding a fragment, and
 * a fragment inside a common word (工業, ホールディングス) is held by 10,000–200,000 names.
 * PostgreSQL's GIN gives candidates but must read every one of those rows to check and count
 * them (seconds at 5,000,000). Here the candidates are a posting list of character pairs and
 * the check reads packed keys: milliseconds. Only the page's rows are then read from the
 * database, by version id.
 *
 * Layout: the names the index was built from ("base") are ranked by key in code-point order
 * (as the database's text_pattern_ops index orders them: UTF-8 byte order) then number; keys
 * packed in one Uint16Array; for each pair of neighbouring code units, the sorted ranks of the
 * names holding it. Changes since then: a base name superseded is marked removed; a new one
 * goes to a small sorted list ("delta") that every search also reads. Pure: no I/O.
 */
export interface IndexedName {
  /** The version's id in corporate.versions (what a page is read by). */
  readonly id: number;
  /** The corporate number, as a number (13 digits fit a double exactly). */
  readonly number: number;
  readonly key: string;
  readonly closed: boolean;
}

export interface IndexHit {
  readonly count: number;
  /** Version ids of the page's names, in order. */
  readonly ids: number[];
}

/** Pairs of code units as one integer key. */
function pairOf(a: number, b: number): number {
  return (a << 16) | b;
}

/** A code unit's weight in code-point order: surrogates (astral characters) sort above U+FFFF. */
function weight(u: number): number {
  return u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u;
}

/** Strings in code-point order (JS compares code units: astral characters would sort too low). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = weight(a.charCodeAt(i)) - weight(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareNames(a: IndexedName, b: IndexedName): number {
  return compareKeys(a.key, b.key) || a.number - b.number;
}

/** Collects names in rank order (as the database's index yields them), then packs them. */
export class NameIndexBuilder {
  #text = new Uint16Array(1 << 20);
  #length = 0;
  readonly #starts: number[] = [0];
  readonly #ids: number[] = [];
  readonly #numbers: number[] = [];
  readonly #closed: number[] = [];

  add(name: IndexedName): void {
    const need = this.#length + name.key.length;
    if (need > this.#text.length) {
      const grown = new Uint16Array(Math.max(need, this.#text.length * 2));
      grown.set(this.#text.subarray(0, this.#length));
      this.#text = grown;
    }
    for (let i = 0; i < name.key.length; i++) this.#text[this.#length + i] = name.key.charCodeAt(i);
    this.#length = need;
    this.#starts.push(need);
    this.#ids.push(name.id);
    this.#numbers.push(name.number);
    this.#closed.push(name.closed ? 1 : 0);
  }

  finish(): NameIndex {
    return new NameIndex(
      this.#text.slice(0, this.#length),
      Int32Array.from(this.#starts),
      Float64Array.from(this.#ids),
      Float64Array.from(this.#numbers),
      Uint8Array.from(this.#closed),
    );
  }
}

export class NameIndex {
  readonly size: number;
  readonly #removed: Uint8Array;
  /** Pair → slot; the slot's ranks are #postings[#offsets[slot] … #offsets[slot + 1]). */
  readonly #slots = new Map<number, number>();
  readonly #offsets: Int32Array;
  readonly #postings: Int32Array;
  /** Names added since the build, in rank order. */
  #delta: IndexedName[] = [];
  #removedCount = 0;

  constructor(
    private readonly text: Uint16Array,
    private readonly starts: Int32Array,
    private readonly ids: Float64Array,
    private readonly numbers: Float64Array,
    private readonly closed: Uint8Array,
  ) {
    this.size = ids.length;
    this.#removed = new Uint8Array(this.size);
    // Two passes over each name's distinct pairs: give each pair a slot and count its
    // names, then place the ranks.
    const counts: number[] = [];
    this.#eachPair((pair) => {
      const slot = this.#slots.get(pair);
      if (slot !== undefined) counts[slot]!++;
      else {
        this.#slots.set(pair, counts.length);
        counts.push(1);
      }
    });
    this.#offsets = new Int32Array(counts.length + 1);
    for (let s = 0; s < counts.length; s++) this.#offsets[s + 1] = this.#offsets[s]! + counts[s]!;
    this.#postings = new Int32Array(this.#offsets[counts.length]!);
    const fill = this.#offsets.slice(0, counts.length);
    this.#eachPair((pair, rank) => {
      this.#postings[fill[this.#slots.get(pair)!]!++] = rank;
    });
  }

  /** Calls `visit` once for each distinct pair of each name, in rank order. */
  #eachPair(visit: (pair: number, rank: number) => void): void {
    const seen: number[] = [];
    for (let rank = 0; rank < this.size; rank++) {
      const end = this.starts[rank + 1]!;
      seen.length = 0;
      for (let i = this.starts[rank]!; i + 1 < end; i++) {
        const pair = pairOf(this.text[i]!, this.text[i + 1]!);
        if (seen.includes(pair)) continue;
        seen.push(pair);
        visit(pair, rank);
      }
    }
  }

  /** Memory held, in bytes (for the benchmark and the logs). */
  get bytes(): number {
    return (
      this.text.byteLength +
      this.starts.byteLength +
      this.ids.byteLength +
      this.numbers.byteLength +
      this.closed.byteLength +
      this.#removed.byteLength +
      this.#offsets.byteLength +
      this.#postings.byteLength +
      this.#slots.size * 16
    );
  }

  /** How many names came since the build (a large delta is worth a rebuild). */
  get changes(): number {
    return this.#delta.length + this.#removedCount;
  }

  /** Whether the name with this version id is held (a re-read change is applied once). */
  has(name: IndexedName): boolean {
    const rank = this.#rankOf(name);
    if (rank >= 0) return this.#removed[rank] === 0;
    return this.#delta.some((d) => d.id === name.id);
  }

  /** A version stops being searchable (superseded, or the name it had): no-op if not held. */
  remove(name: IndexedName): void {
    const rank = this.#rankOf(name);
    if (rank >= 0) {
      if (this.#removed[rank] === 0) {
        this.#removed[rank] = 1;
        this.#removedCount++;
      }
      return;
    }
    const at = this.#delta.findIndex((d) => d.id === name.id);
    if (at >= 0) this.#delta.splice(at, 1);
  }

  /** A new searchable version. */
  add(name: IndexedName): void {
    if (this.has(name)) return;
    let lo = 0;
    let hi = this.#delta.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareNames(this.#delta[mid]!, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#delta.splice(lo, 0, name);
  }

  /** Names whose key begins with `key`. */
  prefix(key: string, includeClosed: boolean, offset: number, limit: number): IndexHit {
    const lo = this.#bound(key, false);
    const hi = this.#bound(key, true);
    const base: number[] = [];
    for (let rank = lo; rank < hi; rank++) if (this.#visible(rank, includeClosed)) base.push(rank);
    const delta = this.#delta.filter((d) => (includeClosed || !d.closed) && d.key.startsWith(key));
    return this.#page(base, delta, offset, limit);
  }

  /** Names whose key holds every piece (a fuzzy partial search). */
  partial(pieces: readonly string[], includeClosed: boolean, offset: number, limit: number): IndexHit {
    const codes = pieces.map((p) => {
      const units: number[] = [];
      for (let i = 0; i < p.length; i++) units.push(p.charCodeAt(i));
      return units;
    });
    const candidates = this.#rarestPosting(pieces);
    // A single two-unit piece is exactly its pair's posting: nothing to check.
    const check = !(pieces.length === 1 && pieces[0]!.length === 2 && candidates !== undefined);
    const base: number[] = [];
    const keep = (rank: number) =>
      this.#visible(rank, includeClosed) && (!check || this.#holdsAll(rank, codes));
    if (candidates) {
      for (const rank of candidates) if (keep(rank)) base.push(rank);
    } else {
      // A one-character fragment has no pair: every key is read.
      for (let rank = 0; rank < this.size; rank++) if (keep(rank)) base.push(rank);
    }
    const delta = this.#delta.filter(
      (d) => (includeClosed || !d.closed) && pieces.every((p) => d.key.includes(p)),
    );
    return this.#page(base, delta, offset, limit);
  }

  /**
   * The ranks holding the query's least common pair; undefined when no piece has a pair
   * (one-character pieces: every name is a candidate), empty when a pair is held by none.
   */
  #rarestPosting(pieces: readonly string[]): Int32Array | undefined {
    let best: Int32Array | undefined;
    for (const p of pieces) {
      for (let i = 0; i + 1 < p.length; i++) {
        const slot = this.#slots.get(pairOf(p.charCodeAt(i), p.charCodeAt(i + 1)));
        if (slot === undefined) return new Int32Array(0);
        const from = this.#offsets[slot]!;
        const to = this.#offsets[slot + 1]!;
        if (!best || to - from < best.length) best = this.#postings.subarray(from, to);
      }
    }
    return best;
  }

  #visible(rank: number, includeClosed: boolean): boolean {
    return this.#removed[rank] === 0 && (includeClosed || this.closed[rank] === 0);
  }

  #holdsAll(rank: number, pieces: readonly (readonly number[])[]): boolean {
    for (const piece of pieces) if (!this.#holds(rank, piece)) return false;
    return true;
  }

  /** Whether the name at `rank` holds the code units `piece` somewhere. */
  #holds(rank: number, piece: readonly number[]): boolean {
    const start = this.starts[rank]!;
    const last = this.starts[rank + 1]! - piece.length;
    const first = piece[0]!;
    outer: for (let i = start; i <= last; i++) {
      if (this.text[i] !== first) continue;
      for (let j = 1; j < piece.length; j++) if (this.text[i + j] !== piece[j]) continue outer;
      return true;
    }
    return false;
  }

  /** The name at `rank` against a key, in code-point order; `asPrefix`: equal when it begins with it. */
  #compareTo(rank: number, key: string, asPrefix: boolean): number {
    const start = this.starts[rank]!;
    const length = this.starts[rank + 1]! - start;
    const n = Math.min(length, key.length);
    for (let i = 0; i < n; i++) {
      const d = weight(this.text[start + i]!) - weight(key.charCodeAt(i));
      if (d !== 0) return d;
    }
    if (asPrefix && length >= key.length) return 0;
    return length - key.length;
  }

  /** The name at `rank` against another, in rank order (key, then number). */
  #compareName(rank: number, name: IndexedName): number {
    return this.#compareTo(rank, name.key, false) || this.numbers[rank]! - name.number;
  }

  /** The first rank whose key is not below `key` (`after`: not beginning with it either). */
  #bound(key: string, after: boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.#compareTo(mid, key, true);
      if (c < 0 || (after && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The base rank of this exact name (key, number and version id), or -1. */
  #rankOf(name: IndexedName): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compareName(mid, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.size && this.ids[lo] === name.id ? lo : -1;
  }

  /** Base ranks and delta names merged in rank order; the count and one page of version ids. */
  #page(base: number[], delta: IndexedName[], offset: number, limit: number): IndexHit {
    const count = base.length + delta.length;
    if (delta.length === 0) {
      return { count, ids: base.slice(offset, offset + limit).map((rank) => this.ids[rank]!) };
    }
    const ids: number[] = [];
    let b = 0;
    let d = 0;
    for (let at = 0; at < offset + limit && (b < base.length || d < delta.length); at++) {
      const fromBase = d >= delta.length || (b < base.length && this.#compareName(base[b]!, delta[d]!) < 0);
      const id = fromBase ? this.ids[base[b++]!]! : delta[d++]!.id;
      if (at >= offset) ids.push(id);
    }
    return { count, ids };
  }
}
