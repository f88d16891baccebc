import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { type Database, type Engine, fromPglite, migrate, openDatabase } from '../../src/kernel/db.ts';

/**
 * Contract tests: the same suite on every engine we support. PGlite always runs
 * (one migrated instance per file, cloned per test: creating one costs seconds).
 * PostgreSQL runs when TEST_DATABASE_URL is set, in a throwaway database.
 */
export function describeOnEngines(name: string, suite: (db: () => Database, engine: Engine) => void): void {
  describe(`${name} [pglite]`, () => {
    let template: PGlite;
    let current: Database | undefined;
    beforeAll(async () => {
      template = await PGlite.create();
      await migrate(fromPglite(template));
    });
    beforeEach(async () => {
      current = fromPglite(await template.clone());
    });
    afterEach(async () => {
      await current?.close();
    });
    afterAll(async () => {
      await template.close();
    });
    suite(() => current!, 'pglite');
  });

  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  describe(`${name} [postgres]`, () => {
    const dbName = `bango_test_${randomBytes(6).toString('hex')}`;
    let admin: postgres.Sql;
    let current: Database | undefined;
    beforeAll(async () => {
      admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${dbName}`);
      current = await openDatabase({ url: withDatabase(url, dbName), max: 20 });
      await migrate(current);
    });
    beforeEach(async () => {
      const tables = await current!.query<{ t: string }>(
        "select quote_ident(schemaname) || '.' || quote_ident(tablename) as t from pg_tables where schemaname not in ('pg_catalog', 'information_schema', 'drizzle')",
      );
      if (tables.length)
        await current!.query(`truncate ${tables.map((r) => r.t).join(', ')} restart identity`);
    });
    afterAll(async () => {
      await current?.close();
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    });
    suite(() => current!, 'postgres');
  });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
