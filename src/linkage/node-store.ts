import { type SQL, sql } from 'drizzle-orm';
import { anyOf, type Db, rowsOf } from '../kernel/db.ts';
import type { InstitutionCode, ItemCode } from './codes.ts';
import type { Outcome } from './record.ts';
import type { SubjectCode } from './subject-codes.ts';

/**
 * One institution node's own store (中間サーバー): a schema of its own, `node_<code>`, made
 * when the institution joins. Only this node's code touches it; in production it is the
 * institution's own database. It holds the addressee mapping, the copies (副本) it
 * provides and its own records of requests and provisions.
 */
export interface CopyRow {
  code: SubjectCode;
  item: ItemCode;
  /** Fiscal year for items kept by year, '' otherwise. */
  period: string;
  /** The day this version of the copy holds from (YYYY-MM-DD); a newer one supersedes it. */
  validFrom: string;
  layoutVersion: number;
  data: Record<string, unknown>;
  notDisclosed: boolean;
  updatedAt: Date;
}

export interface NodeRecord {
  processingNumber: string;
  /** `request`: this node asked; `provision`: this node answered. */
  role: 'request' | 'provision';
  code: string | null;
  counterpart: InstitutionCode;
  procedure: string;
  step: string | null;
  item: string;
  requestedAt: Date;
  answeredAt: Date | null;
  outcome: Outcome;
  refusal: string | null;
}

/**
 * The node schema's versions, oldest first: version n is reached by running entry n-1
 * (`$s` is the schema). Version 2 keeps a copy's earlier versions (valid_from) and records
 * the procedure's step. Each entry can run again on a schema it already brought up (a
 * `meta` emptied by a truncate reads as version 1).
 */
const NODE_SCHEMA: readonly (readonly string[])[] = [
  [
    'create schema if not exists $s',
    `create table if not exists $s.addressees (
       addressee_number text primary key,
       code char(22) not null unique,
       number_digest char(64) not null unique,
       enrolled_at timestamptz not null)`,
    `create table if not exists $s.copies (
       code char(22) not null,
       item char(16) not null,
       period text not null,
       layout_version integer not null,
       data jsonb not null,
       not_disclosed boolean not null,
       updated_at timestamptz not null,
       primary key (code, item, period))`,
    `create table if not exists $s.records (
       id bigserial primary key,
       processing_number text not null,
       role text not null,
       code char(22),
       counterpart char(16) not null,
       procedure char(16) not null,
       item char(16) not null,
       requested_at timestamptz(3) not null,
       answered_at timestamptz(3),
       outcome text not null,
       refusal text)`,
    'create index if not exists records_code on $s.records (code, id)',
    'create table if not exists $s.meta (version integer not null)',
    'insert into $s.meta (version) select 1 where not exists (select 1 from $s.meta)',
  ],
  [
    'create table if not exists $s.meta (version integer not null)',
    'insert into $s.meta (version) select 1 where not exists (select 1 from $s.meta)',
    `alter table $s.copies add column if not exists valid_from date not null default '0001-01-01'`,
    'alter table $s.copies drop constraint if exists copies_pkey',
    'alter table $s.copies add primary key (code, item, period, valid_from)',
    'alter table $s.records add column if not exists step char(16)',
  ],
];

export class NodeStore {
  readonly schema: string;

  constructor(
    private readonly db: Db,
    readonly institution: InstitutionCode,
  ) {
    if (!/^[0-9]{16}$/.test(institution)) throw new Error('bad institution code');
    this.schema = `node_${institution}`;
  }

  #t(table: string): SQL {
    return sql.raw(`"${this.schema}".${table}`);
  }

  /**
   * Creates the node's schema on first start and brings an older one up to date, each
   * version's statements in one transaction, so a schema is always whole at some version.
   */
  async ensure(): Promise<void> {
    if ((await this.#version(this.db)) === NODE_SCHEMA.length) return;
    // Behind: one version at a time, under a lock on this schema and looking again inside
    // it, so two processes (or two starts at once) never apply a version twice.
    for (let guard = 0; guard < NODE_SCHEMA.length; guard++) {
      const upToDate = await this.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${this.schema}))`);
        const v = await this.#version(tx);
        if (v >= NODE_SCHEMA.length) return true;
        for (const ddl of NODE_SCHEMA[v]!)
          await tx.execute(sql.raw(ddl.replaceAll('$s', `"${this.schema}"`)));
        await tx.execute(sql.raw(`update "${this.schema}".meta set version = ${v + 1}`));
        return v + 1 >= NODE_SCHEMA.length;
      });
      if (upToDate) return;
    }
  }

  /** The schema's version: 0 when absent, 1 when made before versions were kept. */
  async #version(db: Pick<Db, 'execute'>): Promise<number> {
    const [found] = await rowsOf<{ schema: boolean; meta: boolean }>(
      db as Db,
      sql`select exists (select 1 from pg_namespace where nspname = ${this.schema}) as schema,
                 to_regclass(${`"${this.schema}".meta`}) is not null as meta`,
    );
    if (!found?.meta) return found?.schema ? 1 : 0;
    const [row] = await rowsOf<{ version: number }>(db as Db, sql`select version from ${this.#t('meta')}`);
    return Number(row?.version ?? 1);
  }

  async enrol(addresseeNumber: string, code: SubjectCode, numberDigest: string, at: Date): Promise<boolean> {
    const rows = await rowsOf(
      this.db,
      sql`insert into ${this.#t('addressees')} (addressee_number, code, number_digest, enrolled_at)
          values (${addresseeNumber}, ${code}, ${numberDigest}, ${at.toISOString()}::timestamptz)
          on conflict do nothing returning addressee_number`,
    );
    return rows.length === 1;
  }

  /** Many enrolments in one statement (seeding). */
  async enrolMany(rows: { addressee: string; code: string; digest: string }[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.db.execute(
      sql`insert into ${this.#t('addressees')} (addressee_number, code, number_digest, enrolled_at)
          select x.addressee, x.code, x.digest, ${at.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(addressee text, code text, digest text)
          on conflict do nothing`,
    );
  }

  async putCopies(rows: CopyRow[]): Promise<void> {
    if (rows.length === 0) return;
    const json = JSON.stringify(
      rows.map((r) => ({
        code: r.code,
        item: r.item,
        period: r.period,
        vf: r.validFrom,
        v: r.layoutVersion,
        data: r.data,
        nd: r.notDisclosed,
        at: r.updatedAt.toISOString(),
      })),
    );
    await this.db.execute(
      sql`insert into ${this.#t('copies')}
            (code, item, period, valid_from, layout_version, data, not_disclosed, updated_at)
          select x.code, x.item, x.period, x.vf, x.v, x.data, x.nd, x.at
          from jsonb_to_recordset(${json}::jsonb)
            as x(code text, item text, period text, vf date, v integer, data jsonb, nd boolean, at timestamptz)
          on conflict (code, item, period, valid_from) do update
            set layout_version = excluded.layout_version, data = excluded.data,
                not_disclosed = excluded.not_disclosed, updated_at = excluded.updated_at`,
    );
  }

  /**
   * Copies for many keys in one query, in the keys' order: the version in force on the
   * key's day (the latest that holds from that day or before); a null period takes the
   * latest fiscal year. A missing copy is null.
   */
  async copies(
    keys: { code: string; item: string; period: string | null; day: string }[],
  ): Promise<(CopyRow | null)[]> {
    if (keys.length === 0) return [];
    const rows = await rowsOf<CopySelect & { i: number }>(
      this.db,
      sql`select distinct on (k.i) k.i, ${COPY_COLUMNS}
          from jsonb_to_recordset(${JSON.stringify(keys.map((k, i) => ({ ...k, i })))}::jsonb)
            as k(i integer, code text, item text, period text, day date)
          join ${this.#t('copies')} c on c.code = k.code and c.item = k.item
            and (k.period is null or c.period = k.period) and c.valid_from <= k.day
          order by k.i, c.period desc, c.valid_from desc`,
    );
    const out: (CopyRow | null)[] = keys.map(() => null);
    for (const row of rows) out[row.i] = copyOf(row);
    return out;
  }

  /**
   * Every version of a person's copy of an item that held during a period of days (both
   * ends included), oldest first, each with the last day it held (null: still does).
   * Items kept by fiscal year give the years the period touches.
   */
  async copiesDuring(key: {
    code: string;
    item: string;
    from: string;
    to: string;
    fiscalYears: readonly [string, string] | null;
  }): Promise<(CopyRow & { validTo: string | null })[]> {
    const rows = await rowsOf<CopySelect & { valid_to: string | null }>(
      this.db,
      key.fiscalYears
        ? sql`select ${COPY_COLUMNS}, null as valid_to from ${this.#t('copies')} c
              where c.code = ${key.code} and c.item = ${key.item}
                and c.period between ${key.fiscalYears[0]} and ${key.fiscalYears[1]}
              order by c.period, c.valid_from`
        : sql`select * from (
                select ${COPY_COLUMNS},
                       (lead(c.valid_from) over (order by c.valid_from) - 1)::text as valid_to
                from ${this.#t('copies')} c where c.code = ${key.code} and c.item = ${key.item}) v
              where v.valid_from::date <= ${key.to}::date and (v.valid_to is null or v.valid_to::date >= ${key.from}::date)
              order by v.valid_from`,
    );
    return rows.map((r) => ({ ...copyOf(r), validTo: r.valid_to }));
  }

  /** Codes for many addressee numbers (or number digests) in one query; null where not enrolled. */
  async codesOf(by: 'addressee' | 'digest', keys: string[]): Promise<(SubjectCode | null)[]> {
    if (keys.length === 0) return [];
    const column = sql.raw(by === 'addressee' ? 'addressee_number' : 'number_digest');
    const rows = await rowsOf<{ k: string; code: string }>(
      this.db,
      sql`select ${column} as k, code from ${this.#t('addressees')}
          where ${anyOf(column, keys)}`,
    );
    const found = new Map(rows.map((r) => [r.k, r.code as SubjectCode]));
    return keys.map((k) => found.get(k) ?? null);
  }

  async appendRecords(records: NodeRecord[]): Promise<void> {
    if (records.length === 0) return;
    const json = JSON.stringify(
      records.map((r) => ({
        pn: r.processingNumber,
        role: r.role,
        code: r.code,
        cp: r.counterpart,
        proc: r.procedure,
        step: r.step,
        item: r.item,
        req: r.requestedAt.toISOString(),
        ans: r.answeredAt?.toISOString() ?? null,
        out: r.outcome,
        ref: r.refusal,
      })),
    );
    await this.db.execute(
      sql`insert into ${this.#t('records')}
            (processing_number, role, code, counterpart, procedure, step, item, requested_at, answered_at,
             outcome, refusal)
          select x.pn, x.role, x.code, x.cp, x.proc, x.step, x.item, x.req, x.ans, x.out, x.ref
          from jsonb_to_recordset(${json}::jsonb) as x(pn text, role text, code text, cp text, proc text,
            step text, item text, req timestamptz, ans timestamptz, out text, ref text)`,
    );
  }

  /** Removes this node's records of requests made before `before` (past their retention). */
  async forgetRecordsBefore(before: Date): Promise<number> {
    const rows = await rowsOf<{ n: string | number }>(
      this.db,
      sql`with gone as (delete from ${this.#t('records')} where requested_at < ${before.toISOString()}::timestamptz
          returning 1) select count(*) as n from gone`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async records(filter: { code?: string; limit: number }): Promise<NodeRecord[]> {
    const where = filter.code === undefined ? sql`` : sql`where code = ${filter.code}`;
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select processing_number, role, code, counterpart, procedure, step, item, requested_at, answered_at,
                 outcome, refusal
          from ${this.#t('records')} ${where} order by id desc limit ${filter.limit}`,
    );
    return rows.map((r) => ({
      processingNumber: r.processing_number as string,
      role: r.role as NodeRecord['role'],
      code: (r.code as string | null) ?? null,
      counterpart: r.counterpart as InstitutionCode,
      procedure: r.procedure as string,
      step: (r.step as string | null) ?? null,
      item: r.item as string,
      requestedAt: new Date(r.requested_at as string),
      answeredAt: r.answered_at === null ? null : new Date(r.answered_at as string),
      outcome: r.outcome as Outcome,
      refusal: (r.refusal as string | null) ?? null,
    }));
  }
}

interface CopySelect {
  code: string;
  item: string;
  period: string;
  valid_from: string;
  layout_version: number;
  data: Record<string, unknown> | string;
  not_disclosed: boolean;
  updated_at: Date | string;
}

const COPY_COLUMNS = sql.raw(
  'c.code, c.item, c.period, c.valid_from::text as valid_from, c.layout_version, c.data, c.not_disclosed, c.updated_at',
);

function copyOf(row: CopySelect): CopyRow {
  return {
    code: row.code as SubjectCode,
    item: row.item as ItemCode,
    period: row.period,
    validFrom: row.valid_from,
    layoutVersion: row.layout_version,
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
    notDisclosed: row.not_disclosed,
    updatedAt: new Date(row.updated_at),
  };
}
