import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../src/kernel/clock.ts';
import { type Database, migrate, openDatabase } from '../src/kernel/db.ts';
import { createLogger } from '../src/kernel/log.ts';
import { cryptoRandom } from '../src/kernel/random.ts';
import { NATIONAL_BODIES, seedNodes } from '../src/linkage/index.ts';
import { NumberIssuer } from '../src/numbers/index.ts';
import { createContexts } from '../src/platform/contexts.ts';
import { seedPopulation } from '../src/registry/bulk.ts';
import { residentialUnits } from '../src/registry/index.ts';
import { buildApp } from '../src/server.ts';
import { load } from './http-load.ts';
import { arg, engines, fmt, machine, row, withScratchDatabases } from './lib.ts';

/**
 * `npm run bench -- portal [--residents N] [--sessions S]`, on each engine (BENCH_ENGINES):
 * 1. A notice to every resident an attribute audience reaches (default 1,000,000): time
 *    from send to every inbox row written, beside a plain INSERT…SELECT of as many rows
 *    into an unindexed table in the same run (what the database writes at best).
 * 2. Authenticated portal calls (home, inbox) from 200 and 1,000 sessions, each asking about
 *    once a second (paced: latencies from when each request was due), p50 and p99, beside a
 *    bare node:http server. Sessions are written as login writes them (login's own speed has
 *    its own benchmark).
 * Targets (issue #6): notice to 1M ≤ 60 s; p99 ≤ 50 ms at 1,000 sessions.
 */
const OPERATOR = {
  id: 'bench',
  kind: 'operator' as const,
  displayName: 'bench',
  roles: [{ role: 'system-administrator' as const, organisation: '*' }],
};
const SENDER = NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code;
const DURATION_MS = 10_000;

/** A card session for a resident, written as login writes one; returns its Cookie header value. */
async function openSession(database: Database, residentId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await database.query(
    `insert into login.sessions (token_hash, resident_id, card_id, certificate_serial, csrf_token, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, 'bench', $4, $5, $5, $6)`,
    [
      createHash('sha256').update(token).digest('hex'),
      residentId,
      randomUUID(),
      randomBytes(32).toString('base64url'),
      now.toISOString(),
      new Date(now.getTime() + 12 * 3_600_000).toISOString(),
    ],
  );
  return `bango_session=${token}`;
}

async function one(
  label: string,
  database: Database,
  residents: number,
  sessionCounts: number[],
): Promise<void> {
  await migrate(database);
  const contexts = await createContexts({
    database,
    clock: systemClock,
    random: cryptoRandom,
    secrets: { numberIssuanceKey: new Uint8Array(32).fill(3) },
  });
  const seeded = await seedPopulation(
    { database, issuer: new NumberIssuer(Buffer.alloc(32, 3)), clock: systemClock },
    { residents, units: residentialUnits(), seed: 6 },
  );
  console.log(
    `\n${label}: ${seeded.residents.toLocaleString('en')} residents loaded in ${seeded.seconds.toFixed(1)} s`,
  );
  await database.query('checkpoint');

  // --- 1. a notice to everyone the audience reaches -----------------------------------
  const audience = { kind: 'attributes', ageFrom: 0 };
  const { count } = await contexts.portal.notices.preview(OPERATOR, SENDER, audience);
  await database.query('drop table if exists bench_inbox_probe');
  await database.query('create table bench_inbox_probe (resident_id uuid, notice_id uuid, at timestamptz)');
  let t = performance.now();
  await database.query(
    `insert into bench_inbox_probe select id, '0190a1b2-0000-7000-8000-000000000000', now() from registry.residents where status = 'resident'`,
  );
  const baseline = (performance.now() - t) / 1000;
  await database.query('drop table bench_inbox_probe');
  t = performance.now();
  const sent = await contexts.portal.notices.send(
    OPERATOR,
    SENDER,
    { category: 'pension', title: 'ねんきん定期便のお知らせ', body: '加入記録をご確認ください。', audience },
    `bench-${randomUUID()}`,
  );
  const seconds = (performance.now() - t) / 1000;
  row(
    `notice to ${count.toLocaleString('en')} people (send → all inboxes written)`,
    `${seconds.toFixed(1)} s`,
    `target ≤ 60 s for 1M; delivered ${sent.delivered.toLocaleString('en')}; ${fmt(sent.delivered / seconds)}`,
  );
  row(
    'baseline: INSERT…SELECT as many rows, no index',
    `${baseline.toFixed(1)} s`,
    `notice at ${(baseline / seconds).toFixed(2)}× the baseline's speed`,
  );

  // --- 2. authenticated calls from many sessions --------------------------------------
  // The million inbox rows just written would be checkpointed in the middle of the measure.
  await database.query('checkpoint');
  const max = Math.max(...sessionCounts);
  const people = await database.query<{ id: string }>(
    `select id from registry.residents where status = 'resident' order by id limit ${max}`,
  );
  const cookies: string[] = [];
  for (const p of people) cookies.push(await openSession(database, p.id));
  const app = await buildApp({
    config: { rateLimitPerMinute: 0, bodyLimitBytes: 1024 * 1024 },
    database,
    contexts,
    logger: createLogger('warn'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const paths = ['/api/portal/home', '/api/portal/notices'];
  const probe = await fetch(`http://127.0.0.1:${port}${paths[0]}`, { headers: { cookie: cookies[0]! } });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`portal answered ${probe.status}: ${body}`);
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as AddressInfo).port;
  for (const sessions of sessionCounts) {
    const paced = { mode: 'paced' as const, connections: sessions, rate: sessions, durationMs: DURATION_MS };
    const base = await load({ ...paced, port: barePort, paths });
    // Each session last seen at a random point of its 30 s touch cycle, as in a steady state
    // (sessions all touched at once would make the first second a burst of single-row commits).
    await database.query(
      `update login.sessions set last_seen_at = now() - random() * interval '30 seconds' where certificate_serial = 'bench'`,
    );
    const r = await load({ ...paced, port, paths, cookies: cookies.slice(0, sessions) });
    row(
      `${sessions} sessions, ~1 call/s each (home, inbox)`,
      `p99 ${r.p99.toFixed(1)} ms`,
      `p50 ${r.p50.toFixed(1)} ms, ${fmt(r.perSecond)}, non-2xx ${r.non2xx}; bare node:http p99 ${base.p99.toFixed(1)} ms`,
    );
  }
  const closed = await load({
    mode: 'closed',
    connections: 64,
    durationMs: DURATION_MS,
    port,
    paths,
    cookies,
  });
  row('most it carries (64 sessions, closed loop)', fmt(closed.perSecond), `p99 ${closed.p99.toFixed(1)} ms`);

  // --- 3. わたしの情報: 15 signed, checked, sealed and recorded exchanges per view ------
  // Forty people of the largest municipality, whose node gets its copies first.
  const [largest] = await database.query<{ m: string }>(
    `select municipality_code as m from registry.residents group by 1 order by count(*) desc limit 1`,
  );
  await seedNodes(contexts.linkage, database.db, systemClock, { municipalities: [largest!.m] });
  const viewers = await database.query<{ id: string }>(
    `select id::text from registry.residents where municipality_code = $1 and status = 'resident' limit 40`,
    [largest!.m],
  );
  const viewerCookies = await Promise.all(viewers.map((v) => openSession(database, v.id)));
  const views: number[] = [];
  for (const cookie of viewerCookies) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/portal/information`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status === 200) views.push(performance.now() - t0);
  }
  views.sort((a, b) => a - b);
  const pct = (p: number) => views[Math.min(views.length - 1, Math.floor((views.length * p) / 100))] ?? 0;
  row(
    `わたしの情報, one view at a time (${views.length} people)`,
    `p50 ${pct(50).toFixed(1)} ms`,
    `max ${pct(100).toFixed(1)} ms; 15 exchanges each through the network, every one recorded`,
  );
  bare.close();
  await app.close();
  contexts.follower.stop();
  contexts.portal.stop();
  await contexts.linkage.close();
  await database.close();
}

export async function run(): Promise<void> {
  console.log(`portal benchmark — ${machine()}`);
  const residents = arg('residents', 1_000_000);
  const sessions = [200, arg('sessions', 1000)];
  if (engines().includes('pglite'))
    await one('PGlite (embedded)', await openDatabase({}), residents, sessions);
  if (!engines().includes('postgres')) return;
  await withScratchDatabases('portal', 1, async ([url]) =>
    one('PostgreSQL', await openDatabase({ url: url!, max: 16 }), residents, sessions),
  ).catch((e: unknown) => console.log(`PostgreSQL skipped: ${(e as Error).message}`));
}
