import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../kernel/clock.ts';
import { type Database, fromPglite, migrate } from '../kernel/db.ts';
import { MemoryKeyStore } from '../pki/keystore.ts';
import { PROCEDURES, permissionRowsOf, SELF_INFORMATION } from './catalogue.ts';
import { NetworkCore } from './core.ts';
import { InProcessTransport } from './transport.ts';

let database: Database;
beforeAll(async () => {
  database = fromPglite(await PGlite.create());
  await migrate(database);
});
afterAll(async () => database.close());

const start = () =>
  NetworkCore.start({
    db: database.db,
    clock: fixedClock('2026-04-01T00:00:00Z'),
    codeKey: new Uint8Array(32).fill(1),
    keys: new MemoryKeyStore(),
    transport: new InProcessTransport(),
  });
const selfRows = (core: NetworkCore) =>
  core.permissions.rows.filter((r) => r.procedure === SELF_INFORMATION.code);

it('a table from before self-information gains its rows once; a later table without them stays so', async () => {
  // As a network started before the catalogue had the procedure: seed 001's rows only.
  await database.query(
    `insert into linkage.permission_versions (version, rows, published_at, published_by) values (1, $1, now(), 'old')`,
    [JSON.stringify(PROCEDURES.flatMap((p) => permissionRowsOf(p, '2017-11-13')))],
  );
  const first = await start();
  expect(first.permissions.version).toBe(2);
  expect(selfRows(first)).toHaveLength(SELF_INFORMATION.asks.length);
  // The operator publishes a table without them, on purpose: a restart leaves it.
  await first.publishPermissions(
    first.permissions.rows.filter((r) => r.procedure !== SELF_INFORMATION.code),
    'operator',
  );
  const second = await start();
  expect(second.permissions.version).toBe(3);
  expect(selfRows(second)).toEqual([]);
});
