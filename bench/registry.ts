import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { fixedClock } from '../src/kernel/clock.ts';
import { type Database, migrate, openDatabase } from '../src/kernel/db.ts';
import { NumberIssuer } from '../src/numbers/index.ts';
import { seedPopulation } from '../src/registry/bulk.ts';
import { createRegistry, ensureMunicipalities, residentialUnits } from '../src/registry/index.ts';
import { arg, machine } from './lib.ts';

/**
 * `npm run bench -- registry [--residents N]`: bulk registration rate on PGlite and on
 * PostgreSQL (BENCH_DATABASE_URL, default the local server), each with the raw COPY rate
 * of plain rows measured in the same run; then name-search latency over what was loaded.
 * Targets (issue #3): 1M residents ≤ 60 s on PostgreSQL; name search p99 ≤ 20 ms.
 */
const admin = {
  id: 'bench',
  kind: 'operator' as const,
  displayName: 'bench',
  roles: [{ role: 'system-administrator' as const, organisation: '*' }],
};

async function copyBaseline(database: Database, rows: number): Promise<number> {
  await database.query('drop table if exists bench_copy_probe');
  await database.query('create table bench_copy_probe (id uuid primary key, a text, b text, c int)');
  const data = Array.from({ length: rows }, (_, i) => [
    randomUUID(),
    '佐藤花子本町1丁目2番3号',
    'サトウハナコ',
    i,
  ]);
  const t = process.hrtime.bigint();
  await database.copyRows([{ table: 'bench_copy_probe', columns: ['id', 'a', 'b', 'c'], rows: data }]);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  await database.query('drop table bench_copy_probe');
  return rows / s;
}

async function one(label: string, database: Database, residents: number): Promise<void> {
  await migrate(database);
  await ensureMunicipalities(database.db);
  const clock = fixedClock('2026-04-01T01:00:00Z');
  const issuer = new NumberIssuer(Buffer.alloc(32, 1));
  const baseline = await copyBaseline(database, 100_000);
  const result = await seedPopulation(
    { database, issuer, clock },
    { residents, units: residentialUnits(), seed: 42 },
  );
  const rate = result.residents / result.seconds;
  const rowsPerResident = (result.residents * 3 + result.households) / result.residents;
  console.log(
    `\n${label}: ${residents.toLocaleString('en')} residents, ${result.households.toLocaleString('en')} households`,
  );
  console.log(
    `  raw COPY of plain rows (baseline)       ${Math.round(baseline).toLocaleString('en').padStart(10)} rows/s`,
  );
  console.log(
    `  bulk registration                       ${Math.round(rate).toLocaleString('en').padStart(10)} residents/s  (${result.seconds.toFixed(1)} s)`,
  );
  console.log(
    `  rows written (${rowsPerResident.toFixed(2)} a resident)             ${Math.round(
      rate * rowsPerResident,
    )
      .toLocaleString('en')
      .padStart(10)} rows/s = ${((rate * rowsPerResident) / baseline).toFixed(2)} × COPY`,
  );
  console.log(
    `  1,000,000 residents would take          ${(1e6 / rate).toFixed(0).padStart(10)} s; 127.7 M: ${(127.7e6 / rate / 60).toFixed(0)} min`,
  );

  // Name search: the clerk's query at the busiest municipality, by kana prefix and by kanji.
  const { service } = createRegistry({
    db: database.db,
    clock,
    random: { bytes: (n) => new Uint8Array(n) },
    issuer,
  });
  const [busiest] = await database.query<{ m: string }>(
    'select municipality_code as m from registry.residents group by 1 order by count(*) desc limit 1',
  );
  const queries = ['サトウ', 'すずき', 'タカハシハ', '田中', '伊藤一', 'やまもと', '齋藤', 'ﾜﾀﾅﾍﾞ'];
  const times: number[] = [];
  const deadline = Date.now() + 10_000;
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    const t = process.hrtime.bigint();
    await service.search(admin, {
      municipalityCode: busiest!.m,
      name: queries[i % queries.length]!,
      limit: 20,
    });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(
    `  name search at ${busiest!.m} (${times.length} queries)     p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (target p99 ≤ 20 ms)`,
  );
}

export async function run(): Promise<void> {
  const residents = arg('residents', 100_000);
  console.log(`registry benchmark — ${machine()}`);
  // BENCH_ENGINES=postgres (or pglite) runs one engine only.
  const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
  if (engines.includes('pglite')) {
    const lite = await openDatabase({});
    try {
      await one('PGlite (in memory)', lite, Math.min(residents, 200_000));
    } finally {
      await lite.close();
    }
  }
  if (!engines.includes('postgres')) return;
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `bango_bench_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const pg = await openDatabase({ url: u.toString(), max: 4 });
  try {
    await one('PostgreSQL 15 (local server)', pg, residents);
  } finally {
    await pg.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
