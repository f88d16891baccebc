import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { type Db, openDatabase, rowsOf, serverClient } from '../src/kernel/db.ts';
import { preparingClient, StatementChooser } from '../src/kernel/statements.ts';
import { arg, cpuSeconds, fmt, machine, microsEach, row, withScratchDatabases } from './lib.ts';

/**
 * `npm run bench -- driver [--statements N]`: the database driver under sustained load —
 * many more statements in flight (64) than connections (16), a steady stream as a busy
 * server has. The same drizzle statement (a fixed text with a parameter) through the
 * client every context uses (`openDatabase`: prepared from its second use, one statement
 * waiting behind the running one on a connection) and, as the baseline in the same run,
 * through drizzle on a postgres.js client with its defaults, and prepared with postgres.js's
 * default pipeline (why the platform sets its own). The rate is printed for each
 * successive part of the run: a rate that falls as the run goes on is a cost that grows
 * with the statements already sent.
 */
const IN_FLIGHT = 64;
const CONNECTIONS = 16;
const PARTS = 5;

async function measure(label: string, db: Db, statements: number): Promise<void> {
  const part = Math.floor(statements / PARTS);
  const rates: number[] = [];
  let next = 0;
  let partStart = performance.now();
  const cpuBefore = cpuSeconds([process.pid]);
  const start = performance.now();
  const deadline = start + 120_000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < statements && performance.now() < deadline; i = next++) {
        await rowsOf(db, sql`select ${i}::int + 1 as n`);
        if ((i + 1) % part === 0) {
          const now = performance.now();
          rates.push((part / (now - partStart)) * 1000);
          partStart = now;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = cpuSeconds([process.pid]);
  const done = Math.min(next, statements);
  row(
    label,
    fmt(done / seconds),
    `by fifths: ${rates.map((r) => fmt(r)).join(' → ')}; CPU a statement: here ${microsEach(cpuBefore.processes[0]!, cpuAfter.processes[0]!, done)}, PostgreSQL ${microsEach(cpuBefore.postgres, cpuAfter.postgres, done)}`,
  );
}

export async function run(): Promise<void> {
  console.log(`database driver under sustained load — ${machine()}`);
  const statements = arg('statements', 400_000);
  await withScratchDatabases('driver', 1, async ([url]) => {
    console.log(
      `\nPostgreSQL: ${statements} statements, ${IN_FLIGHT} in flight on ${CONNECTIONS} connections`,
    );
    const plain = serverClient(url!, { max: CONNECTIONS, onnotice: () => {} });
    await measure(
      'baseline: drizzle on postgres.js defaults',
      drizzle({ client: plain }) as unknown as Db,
      statements,
    );
    // Prepared, but with postgres.js's default pipeline (100 behind the running one).
    const chooser = new StatementChooser();
    const prepared = drizzle({ client: preparingClient(plain, chooser) }) as unknown as Db;
    await measure('prepared, pipelines of 100 (postgres.js default)', prepared, statements);
    await plain.end();
    const platform = await openDatabase({ url: url!, max: CONNECTIONS });
    await measure('the platform client (openDatabase)', platform.db, statements);
    await platform.close();
  });
}
