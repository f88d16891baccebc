/**
 * Group commit: callers add items and wait; one flush at a time writes everything that
 * arrived meanwhile in one transaction, then answers all of them. Under load batches
 * grow by themselves; alone, an item waits only one turn of the event loop. A caller is
 * answered only after its flush committed, so "acknowledged" means "durable".
 */
export class GroupCommit<T> {
  #pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  #running: Promise<void> | null = null;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: { maxBatch: number; maxPending: number; onFull: () => Error },
  ) {}

  get pending(): number {
    return this.#pending.length;
  }

  add(item: T): Promise<void> {
    if (this.#pending.length >= this.options.maxPending) return Promise.reject(this.options.onFull());
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#running) this.#running = new Promise<void>((r) => setImmediate(r)).then(() => this.#run());
    });
  }

  /** Waits until everything added so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.options.maxBatch);
        try {
          await this.flush(batch.map((b) => b.item));
          for (const b of batch) b.resolve();
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.#running = null;
    }
  }
}
