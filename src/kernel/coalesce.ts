/**
 * Coalesces lookups made in the same turn of the event loop into one `loadMany` call:
 * a thousand concurrent "find this row" become one query. `loadMany` answers in the order
 * of the keys it was given.
 *
 * `concurrency` bounds how many calls run at once: keys that arrive while that many are
 * running wait and leave together when one ends. Alone, a key still goes at once; under a
 * steady stream of keys one turn apart (which same-turn coalescing never joins), calls
 * grow by themselves instead of each key paying a whole call.
 */
export class Coalescer<K, V> {
  #waiting: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;
  #running = 0;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 1000,
    private readonly concurrency = Number.POSITIVE_INFINITY,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#waiting.push({ key, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#running >= this.concurrency) return;
    this.#scheduled = true;
    setImmediate(() => this.#dispatch());
  }

  #dispatch(): void {
    this.#scheduled = false;
    while (this.#waiting.length > 0 && this.#running < this.concurrency) {
      const batch = this.#waiting.splice(0, this.maxBatch);
      this.#running++;
      this.loadMany(batch.map((w) => w.key))
        .then(
          (values) => {
            for (const [j, w] of batch.entries()) w.resolve(values[j]!);
          },
          (e: unknown) => {
            for (const w of batch) w.reject(e);
          },
        )
        .finally(() => {
          this.#running--;
          if (this.#waiting.length > 0) this.#schedule();
        });
    }
  }
}
