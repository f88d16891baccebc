import { sectionOfPacked } from './formats.ts';
import { PageBuffers } from './page-buffers.ts';
import { RecordMemory } from './record-memory.ts';
import type { CorporateStore, Page, PageShape } from './store.ts';

/** Records a build reads at a time (in id order). */
const BUILD_BATCH = 20_000;
/** Records read one page at a time since the last build, past which a build starts again. */
const REBUILD_AFTER = { share: 0.25, atLeast: 50_000 };
/** After a failed build (the database away), how long before one is tried again. */
const RETRY_MS = 10_000;

/**
 * The rows of the name index's pages, from memory (record-memory.ts): every searchable
 * current version's record, read once in the background (a build), then any version a page
 * asks for that memory does not hold yet — versions recorded since, every page while the
 * first build runs — read from the database by id and kept. A version's fields never change
 * but `latest`, and a version no longer latest leaves the index (as soon as the index takes
 * the change in), so no page shows a kept record stale. Superseded versions stay until a
 * build starts afresh, once the versions read one by one pass a quarter of those it read.
 */
export class CurrentRecords {
  #memory = new RecordMemory();
  /** The buffers pages are written into, used again once sent (page-buffers.ts). */
  readonly #buffers = new PageBuffers();
  #building: Promise<void> | undefined;
  #failedAt = Number.NEGATIVE_INFINITY;
  /** Records the last build kept (undefined before one is whole), and those read for pages since. */
  #built: number | undefined;
  #readSince = 0;

  constructor(
    private readonly store: CorporateStore,
    private readonly now: () => number,
    private readonly rebuildAfter: { readonly share: number; readonly atLeast: number } = REBUILD_AFTER,
  ) {}

  /** Records held and the memory they take. */
  get held(): { records: number; bytes: number } {
    return { records: this.#memory.size, bytes: this.#memory.bytes };
  }

  /**
   * Builds now unless one is whole or under way (a server's start, a benchmark); resolves when
   * done: true when memory holds a whole build, false when it failed (the database away).
   */
  async warm(): Promise<boolean> {
    if (this.#built === undefined) await this.#build();
    return this.#built !== undefined;
  }

  /**
   * These versions' rows in a page's shape, in this order (ids not found left out): records,
   * or written out as they stand in a response, numbered from `first` (formats.ts RecordSection).
   */
  async page(ids: readonly number[], shape: PageShape, first: number): Promise<Page['records']> {
    const memory = await this.#holding(ids);
    // A record memory cannot keep (none so far) sends its page to the database as before.
    if (!memory) return this.store.pageOf(ids, shape);
    if (shape === 'records') return ids.map((id) => memory.get(id)).filter((r) => r !== undefined);
    const packed = ids.map((id) => memory.packed(id)).filter((p) => p !== undefined);
    return sectionOfPacked(shape, packed, first, this.#buffers);
  }

  /** The memory, once it holds these versions (those it lacks read by id); undefined if it cannot. */
  async #holding(ids: readonly number[]): Promise<RecordMemory | undefined> {
    const built = this.#built;
    if (
      built === undefined ||
      this.#readSince > Math.max(this.rebuildAfter.atLeast, built * this.rebuildAfter.share)
    ) {
      void this.#build();
    }
    const memory = this.#memory;
    const missing = ids.filter((id) => !memory.has(id));
    if (missing.length === 0) return memory;
    let kept = true;
    for (const [id, packed] of await this.store.packedOf(missing)) {
      if (memory.put(id, packed)) this.#readSince++;
      else kept = false;
    }
    return kept ? memory : undefined;
  }

  /** A build into a memory of its own, which replaces this one when it is whole (one at a time). */
  #build(): Promise<void> {
    if (this.#building) return this.#building;
    if (this.now() - this.#failedAt < RETRY_MS) return Promise.resolve();
    const fresh = new RecordMemory();
    this.#building = (async () => {
      for (let after = 0; ; ) {
        const batch = await this.store.packedAfter(after, BUILD_BATCH);
        for (const [id, packed] of batch) fresh.put(id, packed);
        if (batch.length < BUILD_BATCH) break;
        after = batch[batch.length - 1]![0];
      }
      this.#memory = fresh;
      this.#built = fresh.size;
      this.#readSince = 0;
    })()
      .catch(() => {
        // The pages are read from the database meanwhile: a failed build costs speed only.
        this.#failedAt = this.now();
      })
      .finally(() => {
        this.#building = undefined;
      });
    return this.#building;
  }
}
