/**
 * Group commit: callers add items and wait; a flush writes everything that arrived
 * meanwhile in one transaction, then answers all of them. Under load batches grow by
 * themselves; alone, an item waits only one turn of the event loop. A caller is answered
 * only after its flush committed, so "acknowledged" means "durable".
 *
 * `concurrency` > 1 lets that many flushes run at once (for stores where the order of
 * commits does not matter); 1 keeps flushes in order (the log, whose positions must commit
 * in sequence). A flush may answer each item (`R`, in the items' order), say with what a
 * `returning` clause gave.
 */
export class GroupCommit<T, R = void> {
  #pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  #running = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(
    // biome-ignore lint/suspicious/noConfusingVoidType: a flush that answers nothing returns Promise<void>.
    private readonly flush: (items: T[]) => Promise<R[] | void>,
    private readonly options: {
      maxBatch: number;
      maxPending: number;
      onFull: () => Error;
      concurrency?: number;
    },
  ) {}

  get pending(): number {
    return this.#pending.length;
  }

  add(item: T): Promise<R> {
    if (this.#pending.length >= this.options.maxPending) return Promise.reject(this.options.onFull());
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Waits until everything added so far is written (or failed). */
  drain(): Promise<void> {
    if (this.#running === 0 && this.#pending.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#running >= (this.options.concurrency ?? 1)) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#run();
    });
  }

  async #run(): Promise<void> {
    if (this.#pending.length === 0) {
      this.#settleIdle();
      return;
    }
    this.#running++;
    const batch = this.#pending.splice(0, this.options.maxBatch);
    if (this.#pending.length > 0) this.#schedule();
    try {
      const answers = await this.flush(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(answers ? answers[i]! : (undefined as R));
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.#running--;
      if (this.#pending.length > 0) this.#schedule();
      else this.#settleIdle();
    }
  }

  #settleIdle(): void {
    if (this.#running > 0 || this.#pending.length > 0 || this.#scheduled) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
