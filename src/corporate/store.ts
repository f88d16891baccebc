import { sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from '../kernel/db.ts';
import {
  bodiesOfBytes,
  csvBodySql,
  markupInPlainField,
  type PageRecords,
  type RecordBodies,
  sqlColumn,
  xmlBodySql,
} from './formats.ts';
import { type CorporationVersion, columnOf, STORED_FIELDS } from './model.ts';
import type { IndexedName } from './name-index.ts';
import { englishKey, fuzzyKey, grams, looseKey } from './search-keys.ts';

/**
 * SQL over `corporate.versions`. Reads are plain SQL with parameters (the hot paths of the
 * Web-API); every published column comes back under its NTA field name, as text.
 */
const SELECT_LIST = STORED_FIELDS.map((f) =>
  f === 'latest' ? `case when v.latest then '1' else '0' end as "latest"` : `v.${columnOf(f)} as "${f}"`,
).join(', ');

/** Columns written for a version, in COPY/INSERT order. */
export const VERSION_COLUMNS = [
  'corporate_number',
  'version',
  ...STORED_FIELDS.filter((f) => f !== 'corporateNumber').map(columnOf),
  'name_key',
  'en_key',
  'grams',
] as const;

/** A version as a row of VERSION_COLUMNS, with its search keys made from its names. */
export function versionRow(v: CorporationVersion, version: number): unknown[] {
  const marked = markupInPlainField(v);
  // Parsing lets no such value through: this is a writer's bug, and it would break the pages.
  if (marked) throw new Error(`corporate ${marked} holds a character of markup`);
  const row: unknown[] = [v.corporateNumber, version];
  for (const f of STORED_FIELDS) {
    if (f === 'corporateNumber') continue;
    row.push(f === 'latest' ? v.latest === '1' : v[f]);
  }
  // Grams of the fuzzy key too: a legal form in mid-name brings new neighbours together.
  const fuzzy = fuzzyKey(v.name);
  const en = englishKey(v.enName);
  row.push(fuzzy, en, [...new Set([...grams(looseKey(v.name)), ...grams(fuzzy), ...grams(en)])]);
  return row;
}

export interface Page {
  readonly count: number;
  readonly records: PageRecords;
}

/** How a page's rows come back: as records, or written out by the database (formats.ts). */
export type PageShape = 'records' | RecordBodies['format'];
const SHAPES: Record<PageShape, string> = {
  records: SELECT_LIST,
  csv: `${csvBodySql('v')} as body`,
  xml: `${xmlBodySql('v')} as body`,
};

export interface NameQuery {
  /** Which key and how: fuzzy/exact/English × prefix/partial. */
  readonly target: 'fuzzy' | 'exact' | 'english';
  readonly mode: 'prefix' | 'partial';
  /** The query as the target's key (fuzzy key, raw name, English key). */
  readonly key: string;
  /** Pieces that must each occur in the loose/English key (partial search), and their grams. */
  readonly pieces: readonly string[];
  readonly grams: readonly number[];
  readonly formerNames: boolean;
  readonly includeClosed: boolean;
  readonly prefectureCode?: string | undefined;
  readonly cityCode?: string | undefined;
  readonly kinds?: readonly string[] | undefined;
  readonly assignedFrom?: string | undefined;
  readonly assignedTo?: string | undefined;
}

/** The site's search by address: a prefecture (and city), part of the street, kinds. */
export interface PlaceQuery {
  readonly prefectureCode: string;
  readonly cityCode?: string | undefined;
  /** As published (full-width digits and hyphens), to be found inside the street and number. */
  readonly street?: string | undefined;
  readonly kinds?: readonly string[] | undefined;
  readonly includeClosed: boolean;
}

/** A page's order: its sort keys (`pattern`: compared as their text_pattern_ops index does). */
interface OrderKey {
  readonly column: string;
  readonly pattern?: boolean;
}
interface Ordering {
  readonly keys: readonly OrderKey[];
  /** An index yields the matches in this order (the page can stop early). */
  readonly indexed: boolean;
}
/** Changes in a period are filtered by place and kind on the rows: one pass counts and orders them. */
const BY_UPDATE: Ordering = { keys: [{ column: 'update_date' }, { column: 'id' }], indexed: false };

/** A version recorded since the name index was built, and the one it superseded. */
export interface NameChange extends IndexedName {
  /** Not excluded from search and not a deletion (99). */
  readonly searchable: boolean;
  readonly previous: IndexedName | undefined;
}

/** The columns of an IndexedName, from a version `v`. */
const INDEXED = `v.id::float8 as id, v.corporate_number::float8 as number, v.name_key as key, v.close_date <> '' as closed`;
/** What the name index holds: the versions_searchable_name_key condition. */
const SEARCHABLE = `v.latest and v.hihyoji = '0' and v.process <> '99'`;
/** How far below the highest id a build looks for ids not yet committed. */
const IN_FLIGHT_WINDOW = 1000;
/** A version's packed record (record-memory.ts): its stored fields in order, joined by U+001F. */
const PACKED = STORED_FIELDS.map((f) => sqlColumn('v', f)).join(' || chr(31) || ');
const NAMES_A_FETCH = 50_000;

/** First key of the registry's advisory locks (the second is the number's hash). */
const LOCK_NAMESPACE = 7_001_001;

/** The highest code point, closing a prefix range under byte-order (text_pattern_ops) comparison. */
const AFTER_PREFIX = '\u{10ffff}';

export class CorporateStore {
  constructor(private readonly database: Database) {}

  /** The latest version of each number found, in no particular order. */
  async latest(numbers: readonly string[]): Promise<CorporationVersion[]> {
    if (numbers.length === 0) return [];
    return this.database.query<CorporationVersion>(
      `select ${SELECT_LIST} from corporate.versions v where v.latest and v.corporate_number = any($1::char(13)[])`,
      [numbers],
    );
  }

  /**
   * The latest version of a number, with the number locked for the transaction. The lock is
   * on the number (an advisory lock), not the row: a writer waiting on the row would find it
   * no longer `latest` once the first commits, and see no corporation at all.
   */
  async lockLatest(
    tx: Db,
    number: string,
  ): Promise<{ id: number; version: number; record: CorporationVersion } | undefined> {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${number}))`);
    const [row] = await rowsOf<CorporationVersion & { _id: string; _version: number }>(
      tx,
      sql`select ${sql.raw(SELECT_LIST)}, v.id as _id, v.version as _version from corporate.versions v
          where v.corporate_number = ${number} and v.latest`,
    );
    if (!row) return undefined;
    const { _id, _version, ...record } = row;
    return { id: Number(_id), version: Number(_version), record };
  }

  /** Every version of the numbers, oldest first per number. */
  async history(numbers: readonly string[]): Promise<CorporationVersion[]> {
    if (numbers.length === 0) return [];
    return this.database.query<CorporationVersion>(
      `select ${SELECT_LIST} from corporate.versions v where v.corporate_number = any($1::char(13)[])
       order by v.corporate_number, v.version`,
      [numbers],
    );
  }

  /** Latest versions after a number, in number order (full bulk files, keyset paging). */
  async scanLatest(after: string, limit: number, prefectureCode?: string): Promise<CorporationVersion[]> {
    const params: unknown[] = [after, limit];
    const where = prefectureCode ? ` and v.prefecture_code = $${params.push(prefectureCode)}` : '';
    return this.database.query<CorporationVersion>(
      `select ${SELECT_LIST} from corporate.versions v where v.latest and v.corporate_number > $1${where}
       order by v.corporate_number limit $2`,
      params,
    );
  }

  /** Versions recorded in a period after a position (difference files, keyset paging). */
  async scanPeriod(
    from: string,
    to: string,
    after: { date: string; id: number },
    limit: number,
  ): Promise<{ id: number; record: CorporationVersion }[]> {
    const rows = await this.database.query<CorporationVersion & { _id: string }>(
      `select ${SELECT_LIST}, v.id as _id from corporate.versions v
       where v.update_date between $1 and $2 and (v.update_date, v.id) > ($3, $4)
       order by v.update_date, v.id limit $5`,
      [from, to, after.date, after.id, limit],
    );
    return rows.map(({ _id, ...record }) => ({ id: Number(_id), record }));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.database.query('select 1 from corporate.versions limit 1')).length === 0;
  }

  async countLatest(prefectureCode?: string): Promise<number> {
    const [row] = await this.database.query<{ n: string }>(
      `select count(*) as n from corporate.versions v where v.latest${prefectureCode ? ' and v.prefecture_code = $1' : ''}`,
      prefectureCode ? [prefectureCode] : [],
    );
    return Number(row?.n ?? 0);
  }

  async countPeriod(from: string, to: string): Promise<number> {
    const [row] = await this.database.query<{ n: string }>(
      'select count(*) as n from corporate.versions v where v.update_date between $1 and $2',
      [from, to],
    );
    return Number(row?.n ?? 0);
  }

  /** The date of the last change recorded (the responses' lastUpdateDate). */
  async lastUpdateDate(): Promise<string> {
    const [row] = await this.database.query<{ d: string | null }>(
      'select max(update_date) as d from corporate.versions',
    );
    return row?.d ?? '';
  }

  /** Versions recorded in a period of update dates, in the order they were recorded. */
  async diff(
    q: {
      from: string;
      to: string;
      prefectureCode?: string | undefined;
      cityCode?: string | undefined;
      kinds?: readonly string[] | undefined;
    },
    offset: number,
    limit: number,
    shape: PageShape = 'records',
  ): Promise<Page> {
    const params: unknown[] = [q.from, q.to];
    let where = 'v.update_date between $1 and $2';
    where += this.#placeAndKind(q, params);
    return this.#page(`from corporate.versions v where ${where}`, BY_UPDATE, params, offset, limit, shape);
  }

  async searchName(q: NameQuery, offset: number, limit: number, shape: PageShape = 'records'): Promise<Page> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // The name's conditions on a row `a` (the answered row, or a version matched by a former name).
    const matches = (a: string): string => {
      const column =
        q.target === 'fuzzy' ? `${a}.name_key` : q.target === 'exact' ? `${a}.name` : `${a}.en_key`;
      if (q.mode === 'prefix') {
        return `${column} ~>=~ ${p(q.key)} and ${column} ~<~ ${p(q.key + AFTER_PREFIX)} and ${a}.process <> '99'`;
      }
      // The GIN index narrows to rows holding every gram; the substring check decides.
      const checks =
        q.target === 'exact'
          ? [`strpos(${a}.name, ${p(q.key)}) > 0`]
          : q.pieces.map(
              (piece) =>
                `strpos(${q.target === 'english' ? `${a}.en_key` : `${a}.name_key`}, ${p(piece)}) > 0`,
            );
      return [`${a}.grams @> ${p(q.grams)}::int[]`, ...checks, `${a}.process <> '99'`].join(' and ');
    };
    // Most searches are on current names: the latest rows answer directly. With former
    // names (change=1) a name matched on any version, and the latest version is answered.
    let where = q.formerNames
      ? `v.latest and v.corporate_number in (select n.corporate_number from corporate.versions n where ${matches('n')})`
      : `v.latest and ${matches('v')}`;
    // 非表示: a corporation excluded from search is still found by its number.
    where += " and v.hihyoji = '0'";
    if (!q.includeClosed) where += " and v.close_date = ''";
    if (q.assignedFrom) where += ` and v.assignment_date >= ${p(q.assignedFrom)}`;
    if (q.assignedTo) where += ` and v.assignment_date <= ${p(q.assignedTo)}`;
    where += this.#placeAndKind(q, params);
    const order: Ordering = {
      keys: [
        { column: q.target === 'english' ? 'en_key' : 'name_key', pattern: true },
        { column: 'corporate_number' },
      ],
      // A fuzzy prefix (the default search) is a range of versions_searchable_name_key, read
      // in order from the index alone; the others (partial candidates from the gram index,
      // exact and English prefixes, former names) need the rows, so one pass counts and
      // orders them (see #page).
      indexed: q.mode === 'prefix' && q.target === 'fuzzy' && !q.formerNames,
    };
    return this.#page(`from corporate.versions v where ${where}`, order, params, offset, limit, shape);
  }

  /**
   * Every searchable current name in the index's order (code-point order of the key, then
   * number: versions_searchable_name_key read in order, from the index alone), a batch at a
   * time, all in one snapshot; with the highest version id in that snapshot and the ids
   * just below it that are not in it (transactions still open, or rolled back), which later
   * polls ask for again.
   */
  async readNames(onBatch: (names: IndexedName[]) => void): Promise<{ highest: number; missing: number[] }> {
    return this.database.db.transaction(
      async (t) => {
        const tx = t as unknown as Db;
        const [top] = await rowsOf<{ h: number }>(
          tx,
          sql`select coalesce(max(id), 0)::float8 as h from corporate.versions`,
        );
        const highest = Number(top?.h ?? 0);
        const present = await rowsOf<{ id: number }>(
          tx,
          sql`select id::float8 as id from corporate.versions where id > ${highest - IN_FLIGHT_WINDOW}`,
        );
        const seen = new Set(present.map((r) => Number(r.id)));
        const missing: number[] = [];
        for (let id = Math.max(1, highest - IN_FLIGHT_WINDOW + 1); id <= highest; id++) {
          if (!seen.has(id)) missing.push(id);
        }
        await tx.execute(
          sql.raw(`declare names no scroll cursor for select ${INDEXED} from corporate.versions v
                   where ${SEARCHABLE} order by v.name_key using ~<~, v.corporate_number`),
        );
        for (;;) {
          const batch = await rowsOf<IndexedName>(tx, sql.raw(`fetch ${NAMES_A_FETCH} from names`));
          if (batch.length === 0) break;
          onBatch(batch);
        }
        await tx.execute(sql.raw('close names'));
        return { highest, missing };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /** Versions recorded after `after`, or among `missing`, in id order (at most `limit`). */
  async changesSince(after: number, missing: readonly number[], limit: number): Promise<NameChange[]> {
    const rows = await this.database.query<
      IndexedName & {
        searchable: boolean;
        prev_id: number | null;
        prev_key: string | null;
        prev_closed: boolean | null;
      }
    >(
      `select ${INDEXED}, (v.hihyoji = '0' and v.process <> '99') as searchable,
              o.id::float8 as prev_id, o.name_key as prev_key, o.close_date <> '' as prev_closed
       from corporate.versions v
       left join corporate.versions o on o.corporate_number = v.corporate_number and o.version = v.version - 1
       where v.id > $1 or v.id = any($2::bigint[])
       order by v.id limit $3`,
      [after, missing.map(String), limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      number: Number(r.number),
      key: r.key,
      closed: r.closed,
      searchable: r.searchable,
      previous:
        r.prev_id === null
          ? undefined
          : {
              id: Number(r.prev_id),
              number: Number(r.number),
              key: r.prev_key ?? '',
              closed: r.prev_closed === true,
            },
    }));
  }

  /**
   * Packed records (record-memory.ts) of the searchable current versions with ids above
   * `after`, in id order, at most `limit`: a build of the records in memory reads them all so.
   */
  async packedAfter(after: number, limit: number): Promise<[id: number, packed: Buffer][]> {
    return packedRows(
      await this.database.queryBytes(
        `select v.id, ${PACKED} from corporate.versions v
         where v.id > $1 and ${SEARCHABLE} order by v.id limit $2`,
        [after, limit],
      ),
    );
  }

  /** Packed records of these versions, in no particular order (ids not found left out). */
  async packedOf(ids: readonly number[]): Promise<[id: number, packed: Buffer][]> {
    if (ids.length === 0) return [];
    return packedRows(
      await this.database.queryBytes(
        `select v.id, ${PACKED} from corporate.versions v where v.id = any($1::bigint[])`,
        [ids.map(String)],
      ),
    );
  }

  /** The versions of these ids, in this order, as a page's rows. */
  async pageOf(ids: readonly number[], shape: PageShape): Promise<Page['records']> {
    if (ids.length === 0) return shape === 'records' ? [] : { format: shape, bodies: [] };
    const { records } = await this.#rows(
      shape,
      `select ${SHAPES[shape]} from unnest($1::bigint[]) with ordinality as u(id, n)
       join corporate.versions v on v.id = u.id order by u.n`,
      [ids.map(String)],
    );
    return records;
  }

  /**
   * A page's rows in a shape, and the `total` column of its first row if the query has one.
   * Written-out bodies come as the bytes the database sent (formats.ts bodiesOfBytes).
   */
  async #rows(
    shape: PageShape,
    text: string,
    params: unknown[],
  ): Promise<{ records: Page['records']; total: number | undefined }> {
    if (shape === 'records') {
      const rows = await this.database.query<CorporationVersion & { total?: string }>(text, params);
      const total = rows[0]?.total;
      return {
        records: rows.map(({ total: _t, ...r }) => r as CorporationVersion),
        total: total === undefined ? undefined : Number(total),
      };
    }
    const rows = await this.database.queryBytes(text, params);
    const total = rows[0]?.[1];
    return {
      records: bodiesOfBytes(
        shape,
        rows.map((r) => r[0] ?? Buffer.alloc(0)),
      ),
      total: total ? Number(total.toString()) : undefined,
    };
  }

  /** Corporations at a place, current and not excluded from search, by name. */
  async searchPlace(q: PlaceQuery, offset: number, limit: number): Promise<Page> {
    const params: unknown[] = [];
    let where = "v.latest and v.hihyoji = '0' and v.process <> '99'";
    if (!q.includeClosed) where += " and v.close_date = ''";
    where += this.#placeAndKind(q, params);
    if (q.street) {
      params.push(q.street);
      where += ` and strpos(v.street_number, $${params.length}) > 0`;
    }
    // The place index orders a city's names (by the database's collation: no pattern operator);
    // a whole prefecture, or a street to look for in the rows, is counted and ordered in one pass.
    const order: Ordering = {
      keys: [{ column: 'name_key' }, { column: 'corporate_number' }],
      indexed: q.cityCode !== undefined && !q.street,
    };
    return this.#page(`from corporate.versions v where ${where}`, order, params, offset, limit, 'records');
  }

  #placeAndKind(
    q: {
      prefectureCode?: string | undefined;
      cityCode?: string | undefined;
      kinds?: readonly string[] | undefined;
    },
    params: unknown[],
  ): string {
    let where = '';
    if (q.prefectureCode) {
      params.push(q.prefectureCode);
      where += ` and v.prefecture_code = $${params.length}`;
    }
    if (q.cityCode) {
      params.push(q.cityCode);
      where += ` and v.city_code = $${params.length}`;
    }
    if (q.kinds) {
      params.push(q.kinds);
      where += ` and v.kind = any($${params.length}::text[])`;
    }
    return where;
  }

  /**
   * One page and the count of all matches. The matches are counted and ordered on their ids
   * and sort keys alone; only the page's rows are then read whole (or written out), so a
   * search matching 50,000 corporations builds 2,000 records, not 50,000. When an index
   * gives the matches in order (`indexed`), the count is a scan of its own and the page
   * stops after its last row; otherwise one pass counts and orders them all.
   */
  async #page(
    from: string,
    order: Ordering,
    params: unknown[],
    offset: number,
    limit: number,
    shape: PageShape,
  ): Promise<Page> {
    const n = params.length;
    const keys = order.keys.map((k, i) => `v.${k.column} as k${i}`).join(', ');
    // Pattern-ops keys are compared in byte order whatever the database's collation, as
    // their index and the name index (name-index.ts) order them. Read in index order, with
    // the index's own operator; unordered candidates are sorted under the "C" collation
    // (the same order), which the planner cannot answer by walking the whole name index
    // row by row, as it would for `using ~<~`.
    const by = (prefix: string, named: (k: OrderKey, i: number) => string) =>
      order.keys
        .map(
          (k, i) =>
            `${prefix}${named(k, i)}${k.pattern ? (order.indexed ? ' using ~<~' : ' collate "C"') : ''}`,
        )
        .join(', ');
    const counted = order.indexed ? `(select count(*) ${from})` : 'count(*) over ()';
    const matches = `select v.id, ${keys}, ${counted} as total ${from}
         order by ${by('v.', (k) => k.column)} offset $${n + 1} limit $${n + 2}`;
    const inOrder = `order by ${by('p.', (_k, i) => `k${i}`)}`;
    const { records, total } = await this.#rows(
      shape,
      `select ${SHAPES[shape]}, p.total from (${matches}) p join corporate.versions v on v.id = p.id ${inOrder}`,
      [...params, offset, limit],
    );
    if (total !== undefined || offset === 0) return { count: total ?? 0, records };
    // A page past the end still reports how many there are.
    const [c] = await this.database.query<{ total: string }>(`select count(*) as total ${from}`, params);
    return { count: Number(c?.total ?? 0), records };
  }
}

function packedRows(rows: (Buffer | null)[][]): [number, Buffer][] {
  return rows.map((r) => [Number(r[0]!.toString('latin1')), r[1]!]);
}
