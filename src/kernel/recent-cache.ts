/**
 * A bounded cache of recent values, each trusted for `ttlMs`: the least recently used go
 * first when it is full (a Map keeps insertion order; a hit moves its key to the end). For
 * read-mostly data another process may change, the TTL bounds how stale an answer can be.
 * `capacity` counts entries, or what `weigh` says each weighs (bytes, say). `dropped` hears of
 * every value the cache lets go of (pushed out, expired, replaced, refused, cleared): for
 * values that hold something to give back.
 */
export class RecentCache<K, V> {
  readonly #entries = new Map<K, { value: V; until: number; weight: number }>();
  #weight = 0;
  /** Where eviction has got to in the map's order (see #removeOldest). */
  #oldest: Iterator<K> | undefined;

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly weigh: (value: V) => number = () => 1,
    private readonly dropped: (value: V) => void = () => {},
  ) {}

  get(key: K): { value: V } | undefined {
    const e = this.#remove(key);
    if (!e) return undefined;
    if (e.until < this.now()) {
      this.dropped(e.value);
      return undefined;
    }
    this.#add(key, e);
    return { value: e.value };
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    // A value heavier than the whole cache is not kept (it would push everything else out).
    if (weight > this.capacity) {
      this.dropped(value);
      return;
    }
    this.#add(key, { value, until: this.now() + this.ttlMs, weight });
    while (this.#weight > this.capacity) this.#removeOldest();
  }

  /**
   * The least recently used out. Not `keys().next()` from the start each time: a Map keeps a
   * deleted entry's place until it grows again, and every hit here deletes one (to move it to
   * the end), so a fresh iterator walks all those holes first — at 100,000 entries, a
   * hundred microseconds an eviction. One iterator kept across evictions walks each once.
   */
  #removeOldest(): void {
    let next = this.#oldest?.next();
    if (!next || next.done) {
      this.#oldest = this.#entries.keys();
      next = this.#oldest.next();
    }
    if (!next.done) this.delete(next.value);
  }

  delete(key: K): void {
    const e = this.#remove(key);
    if (e) this.dropped(e.value);
  }

  clear(): void {
    const values = [...this.#entries.values()];
    this.#entries.clear();
    this.#oldest = undefined;
    this.#weight = 0;
    for (const e of values) this.dropped(e.value);
  }

  get size(): number {
    return this.#entries.size;
  }

  #add(key: K, e: { value: V; until: number; weight: number }): void {
    this.#entries.set(key, e);
    this.#weight += e.weight;
  }

  /** Takes the entry out (the caller says whether it is dropped or put back). */
  #remove(key: K): { value: V; until: number; weight: number } | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    this.#weight -= e.weight;
    return e;
  }
}
