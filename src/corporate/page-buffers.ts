/**
 * Buffers for the pages written from memory (formats.ts sectionOfPacked), used again once
 * nobody needs their bytes. Why: a full page is 1.8 MB, and every new buffer outside the JS
 * heap counts towards V8's external-memory limit: at 200 partial searches a second, fresh
 * buffers set off a full collection three to five times a second, each 10–30 ms of the main
 * thread (docs/performance.md, 2026-12-06). Buffers used again are not new memory.
 *
 * Who may still read a buffer is counted: each holder takes a hold and lets go of it once.
 * A buffer goes back to the pool only at a later turn of the event loop with no hold left:
 * bytes written in one turn may be taken up by the searches answered in that same turn (the
 * answer's holders hold it as the promise resolves), never after. A hold asked for once the
 * buffer is back is refused, so a mistake shows as an error, never as another page's bytes.
 */

/** Pages below this are left to the collector (small, and few bytes a second). */
const SMALLEST = 64 * 1024;
/** Pages above this (none at 2,000 records of usual length) are too: not worth keeping idle. */
const LARGEST = 8 * 1024 * 1024;
/** At most this many idle bytes are kept; more given back are left to the collector. */
const IDLE_BYTES = 32 * 1024 * 1024;

/** A buffer from the pool and who holds it. */
export class SharedBytes {
  #holds = 0;
  #spent = false;
  #checking = false;

  constructor(
    readonly buffer: Buffer,
    private readonly pool: PageBuffers | undefined,
  ) {
    this.#check();
  }

  /** Whether the buffer went back to the pool: its bytes are no longer this page's. */
  get spent(): boolean {
    return this.#spent;
  }

  /** A hold on the bytes, let go of by calling the function returned (once); undefined when spent. */
  hold(): (() => void) | undefined {
    if (this.#spent) return undefined;
    this.#holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.#holds === 0) this.#check();
    };
  }

  /** At a later turn, with nobody holding it, back to the pool. */
  #check(): void {
    if (!this.pool || this.#checking) return;
    this.#checking = true;
    this.pool.later(() => {
      this.#checking = false;
      if (this.#holds > 0 || this.#spent) return;
      this.#spent = true;
      this.pool?.give(this.buffer);
    });
  }
}

export class PageBuffers {
  /** Idle buffers by size class: SMALLEST × 2^k bytes. */
  readonly #idle: Buffer[][] = Array.from({ length: classOf(LARGEST)! + 1 }, () => []);
  #idleBytes = 0;
  #made = 0;

  constructor(
    readonly later: (run: () => void) => void = setImmediate,
    private readonly idleLimit = IDLE_BYTES,
  ) {}

  /** Buffers made so far (not taken from the pool): what the collector will see. */
  get made(): number {
    return this.#made;
  }

  /** Idle bytes held for the next pages. */
  get idleBytes(): number {
    return this.#idleBytes;
  }

  /** A buffer of at least `bytes`: an idle one of its class, or a new one. */
  take(bytes: number): SharedBytes {
    const k = classOf(bytes);
    if (k === undefined) return new SharedBytes(Buffer.allocUnsafeSlow(bytes), undefined);
    const idle = this.#idle[k]!.pop();
    if (idle) {
      this.#idleBytes -= idle.length;
      return new SharedBytes(idle, this);
    }
    this.#made++;
    return new SharedBytes(Buffer.allocUnsafeSlow(SMALLEST * 2 ** k), this);
  }

  /** Back from a page nobody holds. */
  give(buffer: Buffer): void {
    const k = classOf(buffer.length);
    if (k === undefined || SMALLEST * 2 ** k !== buffer.length) return;
    if (this.#idleBytes + buffer.length > this.idleLimit) return;
    this.#idle[k]!.push(buffer);
    this.#idleBytes += buffer.length;
  }
}

/** The size class holding `bytes`, or undefined when it is not pooled. */
function classOf(bytes: number): number | undefined {
  if (bytes < SMALLEST || bytes > LARGEST) return undefined;
  return Math.ceil(Math.log2(bytes / SMALLEST));
}
