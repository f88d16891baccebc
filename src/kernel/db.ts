import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../schema.ts';

/**
 * One database API over two engines: embedded PGlite (PostgreSQL in WASM, the default)
 * and a PostgreSQL server (DATABASE_URL). The same drizzle schema and the same SQL
 * migrations run on both; keep SQL to what PostgreSQL 15 runs.
 */
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Raw rows from SQL text, for the few places drizzle's builder does not reach. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');

export interface OpenOptions {
  /** postgres://… for a server; otherwise PGlite. */
  url?: string | undefined;
  /** PGlite data folder; absent means in memory. */
  dataDir?: string | undefined;
  /** Connection pool size for a server. */
  max?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      query: async (text, params = []) => (await client.unsafe(text, params as never[])) as never,
      close: () => client.end({ timeout: 5 }),
    };
  }
  let client: PGlite;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    client = await PGlite.create({ dataDir: options.dataDir });
  } else {
    client = await PGlite.create();
  }
  return fromPglite(client);
}

/** Wraps an open PGlite (tests clone one migrated instance per test). */
export function fromPglite(client: PGliteInterface): Database {
  const db = drizzlePglite({ client: client as PGlite, schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    query: async (text, params = []) => (await client.query(text, params)).rows as never,
    close: () => client.close(),
  };
}

export async function migrate(database: Database): Promise<void> {
  if (database.engine === 'postgres') {
    await migratePostgres(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** Readiness: the database answers. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await database.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Applied migrations, newest last. */
export async function migrationStatus(
  database: Database,
): Promise<{ applied: number; latest: string | null }> {
  try {
    const rows = await database.query<{ hash: string; created_at: string }>(
      'select hash, created_at from drizzle.__drizzle_migrations order by created_at',
    );
    return { applied: rows.length, latest: rows.at(-1)?.hash ?? null };
  } catch {
    return { applied: 0, latest: null };
  }
}
