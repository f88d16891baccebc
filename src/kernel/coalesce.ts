/**
 * Coalesces lookups made in the same turn of the event loop into one `loadMany` call:
 * a thousand concurrent "find this row" become one query. `loadMany` answers in the order
 * of the keys it was given.
 */
export class Coalescer<K, V> {
  #waiting: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 1000,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#waiting.push({ key, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#dispatch());
      }
    });
  }

  #dispatch(): void {
    this.#scheduled = false;
    const all = this.#waiting;
    this.#waiting = [];
    for (let i = 0; i < all.length; i += this.maxBatch) {
      const batch = all.slice(i, i + this.maxBatch);
      this.loadMany(batch.map((w) => w.key)).then(
        (values) => {
          for (const [j, w] of batch.entries()) w.resolve(values[j]!);
        },
        (e: unknown) => {
          for (const w of batch) w.reject(e);
        },
      );
    }
  }
}
