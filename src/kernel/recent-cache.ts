/**
 * A bounded cache of recent values, each trusted for `ttlMs`: the least recently used go
 * first when it is full (a Map keeps insertion order; a hit moves its key to the end). For
 * read-mostly data another process may change, the TTL bounds how stale an answer can be.
 */
export class RecentCache<K, V> {
  readonly #entries = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: K): { value: V } | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    if (e.until < this.now()) return undefined;
    this.#entries.set(key, e);
    return { value: e.value };
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, until: this.now() + this.ttlMs });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
