import { createPublicKey, generateKeyPairSync, sign as signSync, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CardFileStore } from '../src/card/card-file.ts';
import { CHIP_KEY_ALGORITHM, Chip } from '../src/card/chip.ts';
import { issueCard } from '../src/card/issuance.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { type Database, migrate, openDatabase } from '../src/kernel/db.ts';
import { cryptoRandom } from '../src/kernel/random.ts';
import { loginMessage } from '../src/login/model.ts';
import type { LoginAttempt } from '../src/login/service.ts';
import { createContexts } from '../src/platform/contexts.ts';
import { parseFiling } from '../src/registry/index.ts';
import {
  arg,
  cpuSeconds,
  engines,
  fmt,
  machine,
  microsEach,
  profiled,
  row,
  withScratchDatabases,
} from './lib.ts';

/**
 * `npm run bench -- login [--logins N] [--in-flight N]` (20,000 and 64 unless told): card logins verified per
 * second on the server — the single-use challenge, the certificate's chain, validity,
 * policy and status (what OCSP answers), the chip's signature, the card and its holder,
 * the session — with many logins in flight. The baseline, measured in the same run, is the machine's ceiling for
 * the two RSA-2048 verifications a login needs. Target (issue #4): ≥ 5,000 logins/s on
 * 2 cores. On PGlite and on PostgreSQL (BENCH_DATABASE_URL, default the local server).
 */
const ORIGIN = 'https://bango.example';
const CARDS = 20;
const IN_FLIGHT = arg('in-flight', 64);
const operator = {
  id: 'bench',
  kind: 'operator' as const,
  displayName: 'bench',
  roles: [{ role: 'system-administrator' as const, organisation: '*' }],
};

/** RSA-2048 verifications per second on the thread pool: the ceiling is half this (two per login). */
async function verifyCeiling(ms: number): Promise<number> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(200, 1);
  const signature = signSync('sha256', data, privateKey);
  const key = createPublicKey({
    key: publicKey.export({ type: 'spki', format: 'der' }),
    format: 'der',
    type: 'spki',
  });
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() - start < ms) {
        await new Promise<void>((resolve) => verify('sha256', data, key, signature, () => resolve()));
        done++;
      }
    }),
  );
  return (done / (performance.now() - start)) * 1000;
}

/**
 * `knownCertificates` 0 makes every login read its certificate and check the CA's signature
 * afresh (as if every login were a different card's); otherwise the benchmark's 20 cards are
 * remembered after their first login.
 */
async function one(label: string, database: Database, logins: number, knownCertificates?: number) {
  await migrate(database);
  const contexts = await createContexts({
    database,
    ...(knownCertificates === undefined ? {} : { knownCertificates }),
    clock: systemClock,
    random: cryptoRandom,
    secrets: { numberIssuanceKey: new Uint8Array(32).fill(1) },
  });
  // Cards for a few residents; the chips' keys are then used directly to answer many
  // challenges (the chip's PIN check is the client's time, not the server's).
  const dir = mkdtempSync(join(tmpdir(), 'bango-bench-login-'));
  const keys: Array<{ key: CryptoKey; certificate: string }> = [];
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < CARDS; i++) {
    const filed = await contexts.registry.service.file(
      operator,
      '131016',
      parseFiling(
        {
          kind: 'entry-from-abroad',
          familyName: '試験',
          givenName: '太郎',
          familyNameKana: 'シケン',
          givenNameKana: 'タロウ',
          birthDate: '1980-01-01',
          sex: '1',
          address: `千代田一丁目${i + 1}番`,
          effectiveDate: today,
          household: { mode: 'new' },
        },
        today,
      ),
    );
    const store = new CardFileStore(join(dir, `${i}.json`));
    const chip = await Chip.blank(store, `bench-${i}`);
    await issueCard({
      cards: contexts.cards,
      actor: operator,
      residentId: filed.residentId,
      chip,
      pins: { authentication: '1234', faceAssist: '1234' },
    });
    const pair = (await store.key('authentication'))!;
    keys.push({
      key: pair.privateKey,
      certificate: Buffer.from(await chip.certificate('authentication')).toString('base64'),
    });
  }
  const attempts: LoginAttempt[] = [];
  for (let i = 0; i < logins; i++) {
    const challenge = await contexts.login.challenge(ORIGIN);
    const card = keys[i % keys.length]!;
    const signature = await crypto.subtle.sign(
      CHIP_KEY_ALGORITHM,
      card.key,
      loginMessage(ORIGIN, challenge.nonce),
    );
    attempts.push({
      nonce: challenge.nonce,
      origin: ORIGIN,
      certificate: Buffer.from(card.certificate, 'base64'),
      signature: new Uint8Array(signature),
    });
  }
  let next = 0;
  let failed = 0;
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = cpuSeconds([process.pid]);
  const start = performance.now();
  await profiled(() =>
    Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < attempts.length; i = next++) {
          await contexts.login.login(attempts[i]!).catch(() => failed++);
        }
      }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = cpuSeconds([process.pid]);
  const perLogin = (a: number, b: number) => microsEach(a, b, logins);
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  const rate = logins / seconds;
  const ceiling = (await verifyCeiling(2000)) / 2;
  console.log(`\n${label}: ${logins} logins, ${IN_FLIGHT} in flight, ${failed} failed`);
  row(
    'verified logins (challenge, chain, status, signature, session)',
    fmt(rate),
    `target ≥ 5 k/s; main thread busy ${(busy * 100).toFixed(0)}%, ${((busy * seconds * 1e6) / logins).toFixed(0)} µs a login`,
  );
  row(
    `  CPU a login: this process (all threads)${database.engine === 'postgres' ? ' / PostgreSQL' : ', PGlite in it'}`,
    `${perLogin(cpuBefore.processes[0]!, cpuAfter.processes[0]!)}${database.engine === 'postgres' ? ` / ${perLogin(cpuBefore.postgres, cpuAfter.postgres)}` : ''}`,
    'the machine has 2,000 µs a millisecond',
  );
  row(
    'baseline: two RSA-2048 verifications per login',
    fmt(ceiling),
    `logins at ${((rate / ceiling) * 100).toFixed(0)}% of it`,
  );
  contexts.follower.stop();
  await database.close();
}

export async function run(): Promise<void> {
  console.log(`login benchmark — ${machine()}`);
  const logins = arg('logins', 20_000);
  const afresh = 'every certificate read and its CA signature checked afresh';
  if (engines().includes('pglite')) {
    await one('PGlite (embedded), certificates seen before', await openDatabase({}), logins);
    await one(`PGlite (embedded), ${afresh}`, await openDatabase({}), logins, 0);
  }
  if (!engines().includes('postgres')) return;
  await withScratchDatabases('login', 2, async ([seen, fresh]) => {
    await one('PostgreSQL, certificates seen before', await openDatabase({ url: seen!, max: 16 }), logins);
    await one(`PostgreSQL, ${afresh}`, await openDatabase({ url: fresh!, max: 16 }), logins, 0);
  }).catch((e: unknown) => console.log(`PostgreSQL skipped: ${(e as Error).message}`));
}
