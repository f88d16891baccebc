import { Worker } from 'node:worker_threads';

// Workers load the TypeScript entry through tsx's loader, the same way the CLI does.
const BOOT = new URL('./issuance-worker-boot.mjs', import.meta.url);

/**
 * Bulk issuance on several cores: one worker thread per core, each holding the issuer;
 * the plain values are split into one contiguous slice per worker over shared memory.
 * Start the pool once and feed it large batches: starting a worker costs ~0.3 s.
 */
export class IssuancePool {
  readonly #workers: Worker[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  static async start(key: Uint8Array, threads: number): Promise<IssuancePool> {
    const workers = Array.from(
      { length: Math.max(1, threads) },
      () => new Worker(BOOT, { workerData: { key } }),
    );
    const pool = new IssuancePool(workers);
    await pool.issue(new Float64Array(workers.length)); // every worker has loaded and answered
    return pool;
  }

  /** Plain values (see `plainValue`) → 12-digit numbers as integers, in order. */
  async issue(plain: Float64Array): Promise<Float64Array> {
    const n = plain.length;
    const input = new SharedArrayBuffer(n * 8);
    new Float64Array(input).set(plain);
    const output = new SharedArrayBuffer(n * 8);
    const per = Math.ceil(n / this.#workers.length);
    await Promise.all(
      this.#workers.map((worker, t) => {
        const start = Math.min(n, t * per);
        const end = Math.min(n, start + per);
        if (start >= end) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
          const onError = (e: Error) => reject(e);
          worker.once('error', onError);
          worker.once('message', () => {
            worker.off('error', onError);
            resolve();
          });
          worker.postMessage({ input, output, start, end });
        });
      }),
    );
    return new Float64Array(output);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/** One-off convenience: start a pool, issue, stop it. */
export async function issueInParallel(
  key: Uint8Array,
  plain: Float64Array,
  threads: number,
): Promise<Float64Array> {
  const pool = await IssuancePool.start(key, threads);
  try {
    return await pool.issue(plain);
  } finally {
    await pool.close();
  }
}
