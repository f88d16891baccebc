import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/kernel/clock.ts';
import { type Database, migrate, openDatabase } from '../src/kernel/db.ts';
import { cryptoRandom } from '../src/kernel/random.ts';
import { ITEMS, PROCEDURE } from '../src/linkage/catalogue.ts';
import { writeIdentity } from '../src/linkage/node-main.ts';
import { seedNodes } from '../src/linkage/seed.ts';
import { NumberIssuer } from '../src/numbers/index.ts';
import { createContexts } from '../src/platform/contexts.ts';
import { ROOT_DIR } from '../src/platform/web-build.ts';
import { seedPopulation } from '../src/registry/bulk.ts';
import { residentialUnits } from '../src/registry/index.ts';
import { arg, cpuSeconds, engines, fmt, machine, microsEach, row, withScratchDatabases } from './lib.ts';

/**
 * `npm run bench -- linkage-remote`: exchanges across processes over mutual TLS. The core
 * (with Chiyoda's node, the provider) runs here; Shinjuku's node (the requester) runs as
 * `bango serve --role node` in a process and database of its own, driven through its
 * loopback API as its business system would. Two figures: the most it carries (submissions
 * of 100), and latency at a paced 1,000 exchanges/s (one query a submission). Targets
 * (issue #5): ≥ 2,000/s; p99 ≤ 50 ms at 1,000/s. The baseline is the same in one process.
 */
const SHINJUKU = '1013104100000000';
const CHIYODA = '1013101600000000';
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function run1(database: Database, label: string, nodeDatabaseUrl?: string): Promise<void> {
  await migrate(database);
  const contexts = await createContexts({
    database,
    clock: systemClock,
    random: cryptoRandom,
    secrets: { numberIssuanceKey: new Uint8Array(32).fill(1) },
  });
  const fiscal = new Date().getFullYear() - (new Date().getMonth() < 5 ? 2 : 1);
  await seedPopulation(
    { database, issuer: new NumberIssuer(new Uint8Array(32).fill(1)), clock: systemClock },
    { residents: 300, units: residentialUnits().filter((u) => u.code === '131016'), seed: 3 },
  );
  await seedNodes(contexts.linkage, database.db, systemClock);
  const numbers = (
    await database.query<{ n: string }>(
      `select i.individual_number as n from registry.residents r join jlis.national_index i using (resident_record_code)
       where r.birth_date < current_date - interval '19 years'`,
    )
  ).map((r) => r.n);
  const listener = await contexts.linkage.listenForNodes(0, '127.0.0.1', (n) =>
    contexts.registry.index.residentRecordCodeOf(database.db, n),
  );
  const tlsDir = mkdtempSync(join(tmpdir(), 'bango-bench-tls-'));
  writeIdentity(tlsDir, await contexts.linkage.tls.issue(SHINJUKU, '新宿区'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bango-bench-node-'));
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF_DIR: the node's process writes a CPU profile there as it ends.
      ...(process.env.BENCH_CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
        : []),
      '--max-semi-space-size=64', // as bin/bango.js runs it
      join(ROOT_DIR, 'bin', 'bango.js'),
      'serve',
      '--role',
      'node',
      '--institution',
      SHINJUKU,
      '--name',
      '新宿区',
    ]
      .concat(['--kind', 'municipality', '--local-government', '131041', '--core', listener.url])
      .concat(['--tls-dir', tlsDir, '--port', '0', '--network-port', '0']),
    {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...(nodeDatabaseUrl ? { DATABASE_URL: nodeDatabaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const api = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('node did not start')), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /API:\s+(\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const token = readFileSync(join(dataDir, 'node-token'), 'utf8').trim();
    // node:http with keep-alive: fetch's own cost would be counted against the core here.
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const post = (path: string, body: unknown) =>
      new Promise<{ results?: { outcome: string; refusal: string | null }[]; error?: { code: string } }>(
        (resolve, reject) => {
          const data = Buffer.from(JSON.stringify(body));
          const req = request(
            `${api}${path}`,
            {
              agent,
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'content-length': data.length,
              },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
            },
          );
          req.on('error', reject);
          req.end(data);
        },
      );
    for (const [i, n] of numbers.entries())
      await post('/addressees', { addressee: `S${i}`, individualNumber: n });
    const query = (i: number) => ({
      addressee: `S${i % numbers.length}`,
      procedure: PROCEDURE.childAllowance,
      provider: CHIYODA,
      item: ITEMS.localTax,
      fiscalYear: fiscal,
    });
    await post('/queries', { queries: [query(0)] });
    // Throughput: submissions of 100, 16 in flight.
    const total = arg('exchanges', 20_000);
    let next = 0;
    let provided = 0;
    // What was not provided, by refusal or error code: a bench that hides failures measures the wrong thing.
    const failures = new Map<string, number>();
    const fail = (code: string, n: number) => failures.set(code, (failures.get(code) ?? 0) + n);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let k = next++; k * 100 < total; k = next++) {
          const r = await post('/queries', {
            queries: Array.from({ length: 100 }, (_, j) => query(k * 100 + j)),
          });
          provided += (r.results ?? []).filter((x) => x.outcome === 'provided').length;
          if (r.error) fail(r.error.code, 100);
          for (const x of r.results ?? []) if (x.outcome !== 'provided') fail(x.refusal ?? x.outcome, 1);
        }
      }),
    );
    const rate = total / ((performance.now() - start) / 1000);
    // Latency at a paced rate (1,000/s unless --paced R) for 5 seconds (--seconds S), one query a submission.
    const perSecond = arg('paced', 1000);
    const count = perSecond * arg('seconds', 5);
    const latencies: number[] = [];
    const cpuBefore = cpuSeconds([process.pid, child.pid!]);
    const paced = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const due = paced + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        (async () => {
          const t0 = performance.now();
          await post('/queries', { queries: [query(i)] });
          latencies.push(performance.now() - t0);
        })(),
      );
    }
    await Promise.all(inflight);
    const achieved = count / ((performance.now() - paced) / 1000);
    const cpuAfter = cpuSeconds([process.pid, child.pid!]);
    const perExchange = (a: number, b: number) => microsEach(a, b, count);
    latencies.sort((a, b) => a - b);
    console.log(
      `\n${label}: core + provider here; requester node in its own process; ${provided}/${total} provided${
        failures.size > 0 ? ` (not provided: ${[...failures].map(([c, n]) => `${c} ×${n}`).join(', ')})` : ''
      }`,
    );
    row('exchanges across processes (mutual TLS), batches of 100', fmt(rate), 'target ≥ 2 k/s');
    row(
      `latency at ${achieved.toFixed(0)}/s, one query each: p50`,
      `${pct(latencies, 50).toFixed(1)} ms`,
      `p99 ${pct(latencies, 99).toFixed(1)} ms (target ≤ 50 ms at 1,000/s)`,
    );
    row(
      '  CPU an exchange: core and provider / requester node',
      `${perExchange(cpuBefore.processes[0]!, cpuAfter.processes[0]!)} / ${perExchange(cpuBefore.processes[1]!, cpuAfter.processes[1]!)}`,
      `${database.engine === 'postgres' ? `PostgreSQL ${perExchange(cpuBefore.postgres, cpuAfter.postgres)}` : 'PGlite runs inside both'}; the machine has 2,000 µs a millisecond`,
    );
  } finally {
    child.kill('SIGTERM');
    await listener.close();
    await contexts.linkage.close();
    contexts.follower.stop();
    await database.close();
  }
}

export async function run(): Promise<void> {
  console.log(`linkage across processes — ${machine()}`);
  if (engines().includes('pglite')) await run1(await openDatabase({}), 'PGlite (core), PGlite (node)');
  if (engines().includes('postgres')) {
    // The node has a database of its own, as in production.
    await withScratchDatabases('remote', 2, async ([core, node]) =>
      run1(
        await openDatabase({ url: core!, max: 10 }),
        'PostgreSQL (core), PostgreSQL (node, its own database)',
        node,
      ),
    );
  }
}
