import { parentPort, workerData } from 'node:worker_threads';
import { NumberIssuer } from './issuance.ts';

/** A worker of the issuance pool: issues one slice of shared memory per message. */
interface Slice {
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  start: number;
  end: number;
}

const issuer = new NumberIssuer((workerData as { key: Uint8Array }).key);
// Slices of at most 64k values so the AES batch buffers stay in cache.
const SLICE = 1 << 16;
const scratch = new Float64Array(SLICE);

parentPort!.on('message', (job: Slice) => {
  const input = new Float64Array(job.input, job.start * 8, job.end - job.start);
  const output = new Float64Array(job.output, job.start * 8, job.end - job.start);
  for (let off = 0; off < input.length; off += SLICE) {
    const n = Math.min(SLICE, input.length - off);
    issuer.issueValues(input.subarray(off, off + n), scratch, n);
    output.set(scratch.subarray(0, n), off);
  }
  parentPort!.postMessage('done');
});
