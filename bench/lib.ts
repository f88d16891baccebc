import { availableParallelism, cpus } from 'node:os';

/** Small helpers every benchmark uses: timing, a header with the machine, aligned rows. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${availableParallelism()} cores (${cpu}), Node ${process.version}`;
}

/** Runs `fn` repeatedly for about `ms` and returns operations per second; `fn` returns how many it did. */
export function rate(fn: () => number, ms = 1500, maxRounds = 10_000): number {
  fn(); // warm up
  let done = 0;
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms && rounds < maxRounds) {
    done += fn();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (done / elapsed) * 1000;
}

export async function rateAsync(fn: () => Promise<number>, ms = 1500, maxRounds = 1000): Promise<number> {
  await fn();
  let done = 0;
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms && rounds < maxRounds) {
    done += await fn();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (done / elapsed) * 1000;
}

export const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k/s` : `${n.toFixed(1)} /s`;

export function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(52)} ${value.padStart(12)}  ${note}`);
}
