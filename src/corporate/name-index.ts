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
 * names holding it, each with the units just before and after the pair in that name (so a
 * fragment of up to four units is checked without reading the key). Changes since then: a
 * base name superseded is marked removed; a new one goes to a small sorted list ("delta")
 * that every search also reads. Pure: no I/O.
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

/** Beside a posting: no unit there (the pair begins or ends the name). */
const NONE = 0xfffe;
/** Beside a posting: the pair comes more than once in the name (or beside a noncharacter). */
const SEVERAL = 0xffff;

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

/**
 * Collects names in rank order (as the database's index yields them), then packs them, once.
 * Its lists are JS arrays (~200 MB at 5,000,000 names) and are let go when it packs them: a
 * builder still referenced (the closure that fed it can outlive the build) would keep them
 * on the heap, and every full collection would mark them.
 */
export class NameIndexBuilder {
  #text = new Uint16Array(1 << 20);
  #length = 0;
  #starts: number[] = [0];
  #ids: number[] = [];
  #numbers: number[] = [];
  #closed: number[] = [];

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
    const index = new NameIndex(
      this.#text.slice(0, this.#length),
      Int32Array.from(this.#starts),
      Float64Array.from(this.#ids),
      Float64Array.from(this.#numbers),
      Uint8Array.from(this.#closed),
    );
    this.#text = new Uint16Array(0);
    this.#length = 0;
    this.#starts = [0];
    this.#ids = [];
    this.#numbers = [];
    this.#closed = [];
    return index;
  }
}

export class NameIndex {
  readonly size: number;
  readonly #removed: Uint8Array;
  /** Pair → slot; the slot's ranks are #postings[#offsets[slot] … #offsets[slot + 1]). */
  readonly #slots = new Map<number, number>();
  readonly #offsets: Int32Array;
  readonly #postings: Int32Array;
  /**
   * Beside each posting, the code units just before and after its pair in that name (NONE at
   * the name's edge; SEVERAL when the pair comes more than once, and the key is read): a
   * fragment of up to four units is then checked in these arrays, read in order, instead of
   * in the keys, read at random — the memory reads that made a common word's fragment slow.
   */
  readonly #before: Uint16Array;
  readonly #after: Uint16Array;
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
    const total = this.#offsets[counts.length]!;
    this.#postings = new Int32Array(total);
    this.#before = new Uint16Array(total);
    this.#after = new Uint16Array(total);
    const fill = this.#offsets.slice(0, counts.length);
    this.#eachPair((pair, rank, at, several) => {
      const j = fill[this.#slots.get(pair)!]!++;
      this.#postings[j] = rank;
      this.#before[j] = several ? SEVERAL : this.#unit(at - 1, rank);
      this.#after[j] = several ? SEVERAL : this.#unit(at + 2, rank);
    });
  }

  /**
   * Calls `visit` once for each distinct pair of each name, in rank order, with where it first
   * comes in the packed keys and whether it comes again.
   */
  #eachPair(visit: (pair: number, rank: number, at: number, several: boolean) => void): void {
    const pairs: number[] = [];
    const ats: number[] = [];
    const several: boolean[] = [];
    for (let rank = 0; rank < this.size; rank++) {
      const end = this.starts[rank + 1]!;
      pairs.length = ats.length = several.length = 0;
      for (let i = this.starts[rank]!; i + 1 < end; i++) {
        const pair = pairOf(this.text[i]!, this.text[i + 1]!);
        const k = pairs.indexOf(pair);
        if (k >= 0) several[k] = true;
        else {
          pairs.push(pair);
          ats.push(i);
          several.push(false);
        }
      }
      for (let k = 0; k < pairs.length; k++) visit(pairs[k]!, rank, ats[k]!, several[k]!);
    }
  }

  /** The unit at `i` of the packed keys if it is in this name, NONE if not; SEVERAL if it is a noncharacter of ours. */
  #unit(i: number, rank: number): number {
    if (i < this.starts[rank]! || i >= this.starts[rank + 1]!) return NONE;
    const u = this.text[i]!;
    return u >= NONE ? SEVERAL : u;
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
      this.#before.byteLength +
      this.#after.byteLength +
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
    const hi = this.#bound(key, true);
    const base = new Matches(offset + limit);
    for (let rank = this.#bound(key, false); rank < hi; rank++) {
      if (this.#visible(rank, includeClosed)) base.add(rank);
    }
    const delta = this.#delta.filter((d) => (includeClosed || !d.closed) && d.key.startsWith(key));
    return this.#page(base, delta, offset, limit);
  }

  /**
   * Names whose key holds every piece (a fuzzy partial search). A fragment inside a common
   * word is held by hundreds of thousands of names, each checked to count it exactly: the
   * loop below is the cost of such a search, so it reads the posting and its neighbours in
   * order, and a key only where they cannot tell.
   */
  partial(pieces: readonly string[], includeClosed: boolean, offset: number, limit: number): IndexHit {
    // By code unit (a string's iterator would give code points: one for an astral pair).
    const codes = pieces.map((p) => {
      const units = new Uint16Array(p.length);
      for (let i = 0; i < p.length; i++) units[i] = p.charCodeAt(i);
      return units;
    });
    const base = new Matches(offset + limit);
    const plan = this.#plan(codes);
    if (plan === undefined) {
      // One-character pieces have no pair: the packed keys are searched for the first one's
      // unit (a native scan), and each name found is checked once.
      const unit = codes.find((c) => c.length > 0)?.[0];
      let rank = 0;
      for (let i = unit === undefined ? 0 : this.text.indexOf(unit); i >= 0 && rank < this.size; ) {
        while (this.starts[rank + 1]! <= i) rank++;
        if (this.#visible(rank, includeClosed) && this.#holdsAll(rank, codes)) base.add(rank);
        const next = this.starts[++rank]!;
        i = unit === undefined ? next : this.text.indexOf(unit, next);
      }
    } else {
      const { from, to, at, covered } = plan;
      const piece = codes[plan.piece]!;
      // The units the neighbours must be (NONE: the pair is at the piece's edge, any will do;
      // a noncharacter of ours in the piece is left to the key, as `covered` says).
      const before = at > 0 && piece[at - 1]! < NONE ? piece[at - 1]! : NONE;
      const after = at + 2 < piece.length && piece[at + 2]! < NONE ? piece[at + 2]! : NONE;
      for (let j = from; j < to; j++) {
        const rank = this.#postings[j]!;
        if (!this.#visible(rank, includeClosed)) continue;
        const b = this.#before[j]!;
        if (b === SEVERAL) {
          if (this.#holdsAll(rank, codes)) base.add(rank);
          continue;
        }
        // The pair comes once in this name: the piece can only be around it.
        if (before !== NONE && b !== before) continue;
        if (after !== NONE && this.#after[j] !== after) continue;
        if (covered || this.#holdsAll(rank, codes)) base.add(rank);
      }
    }
    const delta = this.#delta.filter(
      (d) => (includeClosed || !d.closed) && pieces.every((p) => d.key.includes(p)),
    );
    return this.#page(base, delta, offset, limit);
  }

  /**
   * Which pair's posting to read: the one with the fewest names to read a key for. A pair with
   * its two neighbours covers a piece of up to four units; then no key is read at all, so a
   * more common pair that covers can beat a rarer one that does not. Undefined when no piece
   * has a pair; an empty range when some pair is held by no name.
   */
  #plan(
    codes: readonly Uint16Array[],
  ): { from: number; to: number; piece: number; at: number; covered: boolean } | undefined {
    let best: { from: number; to: number; piece: number; at: number; covered: boolean } | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const [k, piece] of codes.entries()) {
      // A noncharacter of ours in the piece is left to the key (see the neighbour checks).
      const plain = codes.length === 1 && piece.every((u) => u < NONE);
      for (let at = 0; at + 1 < piece.length; at++) {
        const slot = this.#slots.get(pairOf(piece[at]!, piece[at + 1]!));
        if (slot === undefined) return { from: 0, to: 0, piece: k, at, covered: true };
        const from = this.#offsets[slot]!;
        const to = this.#offsets[slot + 1]!;
        const covered = plain && at <= 1 && at + 3 >= piece.length;
        // A key read at random costs about as much as sixteen neighbours read in order.
        const cost = (to - from) * (covered ? 1 : 16);
        if (cost < bestCost) {
          bestCost = cost;
          best = { from, to, piece: k, at, covered };
        }
      }
    }
    return best;
  }

  #visible(rank: number, includeClosed: boolean): boolean {
    return this.#removed[rank] === 0 && (includeClosed || this.closed[rank] === 0);
  }

  #holdsAll(rank: number, pieces: readonly Uint16Array[]): boolean {
    for (const piece of pieces) if (!this.#holds(rank, piece)) return false;
    return true;
  }

  /** Whether the name at `rank` holds the code units `piece` somewhere. */
  #holds(rank: number, piece: Uint16Array): boolean {
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
  #page(base: Matches, delta: IndexedName[], offset: number, limit: number): IndexHit {
    const count = base.count + delta.length;
    const first = base.first;
    if (delta.length === 0) {
      return { count, ids: first.slice(offset, offset + limit).map((rank) => this.ids[rank]!) };
    }
    const ids: number[] = [];
    let b = 0;
    let d = 0;
    for (let at = 0; at < offset + limit && (b < first.length || d < delta.length); at++) {
      const fromBase = d >= delta.length || (b < first.length && this.#compareName(first[b]!, delta[d]!) < 0);
      const id = fromBase ? this.ids[first[b++]!]! : delta[d++]!.id;
      if (at >= offset) ids.push(id);
    }
    return { count, ids };
  }
}

/**
 * The base ranks a search matched, in rank order: all of them counted, the first `keep` kept
 * (no page reaches past them, delta or not), so a fragment held by 600,000 names does not
 * build a list of 600,000.
 */
class Matches {
  readonly first: number[] = [];
  count = 0;

  constructor(private readonly keep: number) {}

  add(rank: number): void {
    if (this.count++ < this.keep) this.first.push(rank);
  }
}
