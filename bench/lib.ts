import { readdirSync, readFileSync } from 'node:fs';
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

/** `--name N` from the command line, or the default. */
export function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** The engines to measure (BENCH_ENGINES, default both). */
export function engines(): string[] {
  return (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
}

/**
 * Throwaway databases on the PostgreSQL server (BENCH_DATABASE_URL, default the local one):
 * `count` of them, created for `use` and dropped after, whatever happens.
 */
export async function withScratchDatabases(
  label: string,
  count: number,
  use: (urls: string[]) => Promise<void>,
): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { serverClient } = await import('../src/kernel/db.ts');
  const admin = serverClient(url, { max: 1, onnotice: () => {} });
  const names = Array.from({ length: count }, (_, i) => `bango_bench_${label}_${Date.now()}_${i}`);
  try {
    const urls: string[] = [];
    for (const name of names) {
      await admin.unsafe(`create database ${name}`);
      const u = new URL(url);
      u.pathname = `/${name}`;
      urls.push(u.toString());
    }
    await use(urls);
  } finally {
    // BENCH_KEEP=1 keeps them for another look (`--reads-on` in the corporate benchmark).
    if (process.env.BENCH_KEEP === '1') console.log(`  kept: ${names.join(', ')}`);
    else
      for (const name of names)
        await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

/**
 * CPU seconds (user + system) used so far by the processes with these ids, and by all
 * PostgreSQL server processes on this machine (Linux /proc; zeros elsewhere). Read twice
 * around a phase, the difference says where a request's CPU went when several processes
 * share the two cores — a CPU profile cannot tell, as a socket write that wakes the
 * receiver is charged the receiver's time.
 */
export function cpuSeconds(pids: readonly number[]): { processes: number[]; postgres: number } {
  const tick = 100; // USER_HZ on Linux
  const read = (pid: number | string): { comm: string; seconds: number } | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      return {
        comm: stat.slice(stat.indexOf('(') + 1, close),
        seconds: (Number(fields[11]) + Number(fields[12])) / tick,
      };
    } catch {
      return null;
    }
  };
  let postgres = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const p = read(entry);
      if (p?.comm === 'postgres') postgres += p.seconds;
    }
  } catch {
    // not Linux
  }
  return { processes: pids.map((pid) => read(pid)?.seconds ?? 0), postgres };
}

/** CPU µs each of `count` things took, from two readings of `cpuSeconds` (one of its figures). */
export function microsEach(before: number, after: number, count: number): string {
  return `${(((after - before) / count) * 1e6).toFixed(0)} µs`;
}

/**
 * With BENCH_CPU_PROFILE=FILE, profiles the main thread while `phase` runs (the measured
 * part only, not the setup) and writes a .cpuprofile for Chrome's DevTools or a script;
 * the second phase profiled in a run writes FILE.2, and so on.
 */
let profiledPhases = 0;
export async function profiled<T>(phase: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_CPU_PROFILE) return phase();
  const file = process.env.BENCH_CPU_PROFILE + (++profiledPhases > 1 ? `.${profiledPhases}` : '');
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * Name searches as people type them, one of each kind for each sampled key (a fuzzy key, as
 * characters): its first 3–5 characters (a prefix), and 3–4 characters from inside it (a
 * partial fragment). The corporate and name-index benchmarks ask the same.
 */
export function typedSearches(keys: readonly (readonly string[])[]): {
  prefixes: string[];
  fragments: string[];
} {
  return {
    prefixes: keys.map((k, i) => k.slice(0, 3 + (i % 3)).join('')),
    fragments: keys.map((k, i) => {
      const at = k.length > 4 ? 1 + (i % (k.length - 4)) : 0;
      return k.slice(at, at + 3 + (i % 2)).join('');
    }),
  };
}
