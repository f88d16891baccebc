import { type NameIndex, NameIndexBuilder } from './name-index.ts';
import type { CorporateStore } from './store.ts';

/** How often the index asks the database for versions recorded since (other processes' writes). */
const POLL_MS = 1000;
/** How long an id below the highest seen, not yet seen itself, is asked for again. */
const MISSING_MS = 60_000;
/** Versions a poll takes in; more (a bulk load) and the index is built again. */
const CHANGES_A_POLL = 10_000;
/** Ids waited for at once; more (a rolled-back bulk batch) and the index is built again. */
const MISSING_MAX = 10_000;
/** Changes held beside the built index before it is built again (each search reads them). */
const REBUILD_AFTER = 50_000;
/** Steps in a row while this process keeps writing; then the searches waiting are answered. */
const STEPS_AT_MOST = 3;

/**
 * Keeps the name index (name-index.ts) in step with corporate.versions: built on first use
 * from one snapshot, then at most POLL_MS behind — each search first takes in the versions
 * recorded since (one indexed query), and a write through this process makes the next search
 * take them in before it answers. Versions are insert-only (a change writes a new version and
 * clears `latest` on the one before), so the feed is "ids above the highest seen"; an id below
 * it not yet seen belongs to a transaction still open (ids are taken at insert, committed
 * later) and is asked for again for MISSING_MS.
 */
export class CurrentNames {
  #index: NameIndex | undefined;
  #highest = 0;
  /** Ids not yet seen below #highest, and when each was first missed. */
  #missing = new Map<number, number>();
  #polledAt = Number.NEGATIVE_INFINITY;
  #stale = false;
  #rebuild = false;
  #running: Promise<NameIndex> | undefined;

  constructor(
    private readonly store: CorporateStore,
    private readonly now: () => number,
  ) {}

  /** A write here: the next search takes in the versions recorded since, first. */
  stale(): void {
    this.#stale = true;
  }

  /** The index, no more than POLL_MS behind the database (and not behind this process's writes). */
  ready(): Promise<NameIndex> {
    const index = this.#index;
    if (index && !this.#stale && this.now() - this.#polledAt < POLL_MS) return Promise.resolve(index);
    this.#running ??= this.#refresh().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #refresh(): Promise<NameIndex> {
    // A write that comes while a step runs may be after the step's snapshot: one step more.
    for (let step = 0; step === 0 || (this.#stale && step < STEPS_AT_MOST); step++) {
      this.#stale = false;
      const polledAt = this.now();
      if (!this.#index || this.#rebuild || this.#index.changes > REBUILD_AFTER) await this.#build();
      else await this.#poll();
      this.#polledAt = polledAt;
    }
    return this.#index!;
  }

  async #build(): Promise<void> {
    const builder = new NameIndexBuilder();
    const { highest, missing } = await this.store.readNames((names) => {
      for (const n of names) builder.add(n);
    });
    const now = this.now();
    this.#index = builder.finish();
    this.#highest = highest;
    this.#missing = new Map(missing.map((id) => [id, now]));
    this.#rebuild = false;
  }

  async #poll(): Promise<void> {
    const index = this.#index!;
    const now = this.now();
    for (const [id, since] of this.#missing) if (now - since > MISSING_MS) this.#missing.delete(id);
    const changes = await this.store.changesSince(
      this.#highest,
      [...this.#missing.keys()],
      CHANGES_A_POLL + 1,
    );
    if (changes.length > CHANGES_A_POLL) {
      await this.#build();
      return;
    }
    const seen = new Set<number>();
    let highest = this.#highest;
    for (const c of changes) {
      seen.add(c.id);
      this.#missing.delete(c.id);
      if (c.previous) index.remove(c.previous);
      if (c.searchable) index.add({ id: c.id, number: c.number, key: c.key, closed: c.closed });
      highest = Math.max(highest, c.id);
    }
    for (let id = this.#highest + 1; id < highest && this.#missing.size <= MISSING_MAX; id++) {
      if (!seen.has(id)) this.#missing.set(id, now);
    }
    if (this.#missing.size > MISSING_MAX) this.#rebuild = true;
    this.#highest = highest;
  }
}
