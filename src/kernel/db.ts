import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../schema.ts';
import { preparingClient, StatementChooser } from './statements.ts';

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
  /**
   * Rows as arrays of each column's text as UTF-8 bytes (null for NULL): what a page passes
   * on as it is. A server sends them so and they are never decoded; PGlite's text is encoded.
   */
  queryBytes(text: string, params?: unknown[]): Promise<(Buffer | null)[][]>;
  /**
   * Bulk load: every batch's rows go in with COPY, all batches in one transaction, so a
   * load is whole or absent. The fast path for seeding millions of rows.
   */
  copyRows(batches: readonly CopyBatch[]): Promise<void>;
  close(): Promise<void>;
}

export interface CopyBatch {
  /** Schema-qualified table name, as written in SQL (trusted: from our code only). */
  table: string;
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v))
    return escapeCopy(`{${v.map((x) => `"${String(x).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
  if (typeof v === 'object') return escapeCopy(JSON.stringify(v));
  return escapeCopy(String(v));
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeCopy(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) out += `${row.map(copyValue).join('\t')}\n`;
  return out;
}

function copySql(b: CopyBatch, source: string): string {
  if (
    !/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(b.table) ||
    !b.columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))
  ) {
    throw new Error(`unsafe COPY target ${b.table}`);
  }
  return `copy ${b.table} (${b.columns.join(', ')}) from ${source}`;
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

/**
 * A server's address as libpq writes it: `?host=/var/run/postgresql` names the folder of the
 * server's Unix socket (postgres.js would pass an unknown `host` parameter on to the server).
 * On one machine a Unix socket costs a little less per statement than loopback TCP.
 */
export function serverAddress(text: string): { url: string; socketDir?: string } {
  const url = new URL(text);
  const host = url.searchParams.get('host');
  if (!host?.startsWith('/')) return { url: text };
  url.searchParams.delete('host');
  return { url: url.toString(), socketDir: host };
}

/** A postgres.js client for a server address (see `serverAddress`), with these options. */
export function serverClient(
  text: string,
  options: postgres.Options<Record<string, postgres.PostgresType>>,
): postgres.Sql {
  const { url, socketDir } = serverAddress(text);
  return postgres(url, { ...options, ...(socketDir ? { host: socketDir } : {}) });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const client = serverClient(options.url, {
      max: options.max ?? 10,
      // At most one statement waiting behind the running one on a connection. postgres.js
      // 3.4.9 keeps its connections in array queues whose taken slots are emptied, not
      // removed, until a queue runs dry; with deep pipelines under sustained load its
      // "busy" queue never does, and every statement scans all it ever held: 24k → 4.5k
      // statements/s over 400,000 statements (docs/performance.md, "database driver").
      // With one behind, that queue empties all the time and the rate holds. (The option is
      // read by postgres.js but missing from its types.)
      ...({ max_pipeline: 1 } as object),
      onnotice: () => {},
    });
    const db = drizzlePostgres({
      client: preparingClient(client, new StatementChooser()),
      schema,
    }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      query: async (text, params = []) => (await client.unsafe(text, params as never[])) as never,
      queryBytes: async (text, params = []) =>
        (await client.unsafe(text, params as never[]).raw()) as unknown as (Buffer | null)[][],
      copyRows: async (batches) => {
        // postgres.js 3.4.9 never settles a COPY FROM STDIN that the server rejects
        // (porsager/postgres#1173): rows go first into a constraint-free temporary copy
        // of the table, then INSERT … SELECT moves them, so a data error (a duplicate,
        // say) fails as an ordinary statement and the transaction rolls back.
        await client.begin(async (tx) => {
          for (const [i, b] of batches.entries()) {
            if (b.rows.length === 0) continue;
            const staging = `bango_copy_${i}`;
            copySql(b, 'stdin'); // checks the names before they reach SQL
            await tx.unsafe(
              `create temp table ${staging} (like ${b.table} including defaults) on commit drop`,
            );
            const writable = await tx.unsafe(copySql({ ...b, table: staging }, 'stdin')).writable();
            await new Promise<void>((resolve, reject) => {
              const watchdog = setTimeout(
                () => reject(new Error(`COPY into ${b.table} did not finish`)),
                120_000,
              );
              writable.once('error', (e) => {
                clearTimeout(watchdog);
                reject(e);
              });
              writable.once('finish', () => {
                clearTimeout(watchdog);
                resolve();
              });
              writable.end(copyText(b.rows));
            });
            const cols = b.columns.join(', ');
            await tx.unsafe(`insert into ${b.table} (${cols}) select ${cols} from ${staging}`);
          }
        });
      },
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
    queryBytes: async (text, params = []) =>
      (await client.query<unknown[]>(text, params, { rowMode: 'array' })).rows.map((r) =>
        r.map((v) => (v === null ? null : Buffer.from(String(v)))),
      ),
    copyRows: async (batches) => {
      await client.transaction(async (tx) => {
        for (const b of batches) {
          if (b.rows.length === 0) continue;
          await tx.query(copySql(b, "'/dev/blob'"), [], { blob: new Blob([copyText(b.rows)]) });
        }
      });
    },
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

/** Rows of raw SQL through drizzle, in or out of a transaction, on either engine. */
/**
 * `column = any(values)` with the values sent as one JSON parameter: the statement's text
 * is the same for any number of values, so it is prepared once, and PostgreSQL looks each
 * value up in the column's index. (Written as `in (select jsonb_array_elements_text(…))`
 * it was planned, prepared, as a hash join over the whole table: a login batch read all
 * 20,000 waiting challenges.)
 */
export function anyOf(column: SQL, values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`${column} = any(array(select x::${sql.raw(type)} from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) as x))`;
}

export async function rowsOf<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Runs a bulk load with the tables' non-unique indexes dropped, then builds them again
 * (the classic bulk-load order: one sort per index instead of a tree insert per row). The
 * indexes come back even when the load fails.
 */
export async function deferSecondaryIndexes<T>(
  database: Database,
  schemaName: string,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const rows = await database.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
     where i.schemaname = $1 and i.tablename = any($2::text[]) and not x.indisunique`,
    [schemaName, tables],
  );
  for (const r of rows) await database.query(`drop index "${schemaName}"."${r.name}"`);
  try {
    return await load();
  } finally {
    for (const r of rows) await database.query(r.def);
  }
}
