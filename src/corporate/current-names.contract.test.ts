import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { fixedClock } from '../kernel/clock.ts';
import { type Db, fromPglite, migrate } from '../kernel/db.ts';
import { type RecordSection, type ResponseType, render } from './formats.ts';
import type { CorporationVersion } from './model.ts';
import { parseChange, parseDesignation } from './operations.ts';
import { loadVersions, realCorporations, syntheticCorporations } from './seed.ts';
import { CorporateService } from './service.ts';
import { type NameQuery, type Page, VERSION_COLUMNS } from './store.ts';
import { nameQuery, type Query } from './webapi.ts';

const SONY = '5010401067252';
const TOYOTA = '1180301018771';

/** A page as the Web-API writes it out. */
const response = (type: ResponseType, offset: number, page: Page) =>
  Buffer.from(
    render(type, {
      lastUpdateDate: '2026-11-20',
      count: page.count,
      divideNumber: 1,
      divideSize: 1,
      firstSequence: offset + 1,
      records: page.records,
    }).body,
  ).toString();

/** Numbers and names of a page, to compare answers by. */
const shown = (records: unknown) =>
  (records as CorporationVersion[]).map((r) => `${r.corporateNumber} ${r.name}`);

describeOnEngines('name index over the registry', (db, engine) => {
  const clock = fixedClock('2026-11-20T03:00:00Z');
  let service: CorporateService;
  beforeEach(async () => {
    await loadVersions(db(), [realCorporations()]);
    service = new CorporateService(db(), clock);
  });
  const names = async (q: Query, via = service) =>
    shown((await via.searchName(nameQuery(q), 0, 2000)).records);

  it('answers the default searches exactly as SQL does: counts, order, pages, closed ones or not', async () => {
    const taken = new Set(realCorporations().map((v) => v.corporateNumber));
    await loadVersions(
      db(),
      syntheticCorporations({ count: 3000, seed: 11, taken, today: '2026-11-20' }, 1000),
    );
    const queries: Query[] = [];
    for (const name of ['トヨタ', '日本', 'ア', 'エース', 'グリーン', '東', 'ニ', 'サカタのタネ']) {
      queries.push({ name }, { name, close: '0' });
    }
    for (const name of [
      '商事',
      '工業',
      'テクノ',
      'ホールディングス',
      '自動車',
      '本',
      'ス',
      '日本（株）商事',
    ]) {
      queries.push({ name, mode: '2' }, { name, mode: '2', close: '0' });
    }
    let nonEmpty = 0;
    // First while the records are still read by id as pages ask for them, then from the
    // records read into memory in one pass.
    for (const records of ['read by page', 'read at once']) {
      if (records === 'read at once') {
        expect((await service.warmRecords()).records).toBeGreaterThan(8000);
        service.forgetSearches();
      }
      for (const q of queries) {
        const parsed: NameQuery = nameQuery(q);
        for (const [offset, limit] of [
          [0, 2000],
          [5, 7],
          [100, 50],
        ] as const) {
          const indexed = await service.searchName(parsed, offset, limit);
          const bySql = await service.store.searchName(parsed, offset, limit);
          expect({ q, offset, count: indexed.count, page: shown(indexed.records) }).toEqual({
            q,
            offset,
            count: bySql.count,
            page: shown(bySql.records),
          });
          for (const type of ['12', '02'] as const) {
            const shape = type === '12' ? 'xml' : 'csv';
            const written = await service.searchName(parsed, offset, limit, shape);
            const bySqlWritten = await service.store.searchName(parsed, offset, limit, shape);
            expect(response(type, offset, written)).toBe(response(type, offset, bySqlWritten));
          }
          expect(indexed.records).toEqual(bySql.records);
          if (indexed.count > 0) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(queries.length * 4);
  });

  it('takes in changes written here at once: new names, renames, closures, exclusions, deletions', async () => {
    expect(await names({ name: 'トヨタ自動車' })).toContain(`${TOYOTA} トヨタ自動車株式会社`); // built
    const { corporateNumber: made } = await service.designate(
      parseDesignation({
        registrationNumber: '010401999999',
        name: '株式会社みどり索引',
        localGovernmentCode: '131016',
        streetNumber: '丸の内１－１',
      }),
    );
    expect(await names({ name: 'ミドリ索引' })).toEqual([`${made} 株式会社みどり索引`]);
    expect(await names({ name: '索引', mode: '2' })).toEqual([`${made} 株式会社みどり索引`]);
    await service.record(
      TOYOTA,
      parseChange({ process: '11', changeDate: '2026-11-20', name: 'トヨタ索引株式会社' }),
    );
    expect(await names({ name: 'トヨタ自動車' })).not.toContain(`${TOYOTA} トヨタ自動車株式会社`);
    expect(await names({ name: '索引', mode: '2' })).toEqual([
      `${TOYOTA} トヨタ索引株式会社`,
      `${made} 株式会社みどり索引`,
    ]);
    await service.record(TOYOTA, parseChange({ process: '21', changeDate: '2026-11-20', closeCause: '01' }));
    expect(await names({ name: '索引', mode: '2', close: '0' })).toEqual([`${made} 株式会社みどり索引`]);
    expect(await names({ name: '索引', mode: '2' })).toHaveLength(2);
    await service.record(made, parseChange({ process: '99', changeDate: '2026-11-20' }));
    expect(await names({ name: '索引', mode: '2' })).toEqual([`${TOYOTA} トヨタ索引株式会社`]);
  });

  it('writes the same pages with the records in memory turned off (CORPORATE_RECORDS_IN_MEMORY=off)', async () => {
    const off = new CorporateService(db(), clock, { recordsInMemory: false });
    expect(await off.warmRecords()).toEqual({ state: 'off', records: 0, bytes: 0 });
    for (const q of [
      { name: 'トヨタ' },
      { name: '商事', mode: '2' },
      { name: '工業', mode: '2', close: '0' },
    ]) {
      const parsed = nameQuery(q);
      for (const [type, shape] of [
        ['12', 'xml'],
        ['02', 'csv'],
      ] as const) {
        const page = await off.searchName(parsed, 0, 2000, shape);
        expect(page.records).not.toHaveProperty('section');
        expect(response(type, 0, page)).toBe(
          response(type, 0, await service.searchName(parsed, 0, 2000, shape)),
        );
      }
    }
  });

  it('writes pages into buffers used again only once nobody holds them', async () => {
    await service.warmRecords();
    const turn = () => new Promise((r) => setImmediate(r));
    const bufferOf = (page: Page) => (page.records as RecordSection).shared?.buffer;
    const [broad, other] = ['工業', '電機'].map((name) => nameQuery({ name, mode: '2' }));
    const first = await service.searchName(broad!, 0, 2000, 'xml');
    const sent = response('12', 0, first);
    const buffer = bufferOf(first);
    expect(buffer).toBeDefined(); // over 100 records: a pooled buffer
    // The cache lets go, a turn passes: the caller still holds it, so another page gets another.
    service.forgetSearches();
    await turn();
    const second = await service.searchName(other!, 0, 2000, 'xml');
    expect(bufferOf(second) === buffer).toBe(false);
    expect(response('12', 0, first)).toBe(sent);
    // Released (twice: the second does nothing), a turn later the same page written anew goes into it.
    first.release();
    first.release();
    await turn();
    const again = await service.searchName(broad!, 0, 2000, 'xml');
    expect(bufferOf(again)).toBe(buffer);
    expect(() => response('12', 0, first)).toThrow(/given back/);
    expect(response('12', 0, again)).toBe(sent);
    expect(response('12', 0, second)).toBe(
      response('12', 0, await service.store.searchName(other!, 0, 2000, 'xml')),
    );
  });

  it('reads a record memory cannot keep from the database, every time', async () => {
    // Parsing refuses control characters; a version loaded as it is may still hold U+001F.
    const [odd] = syntheticCorporations({ count: 1, seed: 5, taken: new Set(), today: '2026-11-20' });
    const version = { ...odd![0]!, name: '株式会社区切\x1f商会' };
    await loadVersions(db(), [[version]]);
    await service.warmRecords();
    const query = nameQuery({ name: '区切', mode: '2' });
    for (let i = 0; i < 2; i++) {
      const page = response('02', 0, await service.searchName(query, 0, 10, 'csv'));
      expect(page).toBe(response('02', 0, await service.store.searchName(query, 0, 10, 'csv')));
      expect(page).toContain('"株式会社区切\x1f商会"');
      service.forgetSearches();
    }
  });

  it("takes in another process's changes within a second", async () => {
    const other = new CorporateService(db(), clock);
    expect(await names({ name: 'ソニー' })).toContain(`${SONY} ソニー株式会社`);
    await other.record(
      SONY,
      parseChange({ process: '11', changeDate: '2026-11-20', name: 'ソニー索引株式会社' }),
    );
    // Answered searches are trusted for 10 s, the index for 1 s: a new search sees it after a second.
    clock.advance(1_001);
    expect(await names({ name: '索引', mode: '2' })).toEqual([`${SONY} ソニー索引株式会社`]);
    clock.advance(10_000);
    expect(await names({ name: 'ソニー' })).not.toContain(`${SONY} ソニー株式会社`);
  });

  it('takes in a version committed after a later one (ids are taken at insert, seen at commit)', async () => {
    // On PGlite there is one connection: nothing can be written beside the open transaction.
    if (engine !== 'postgres') return;
    const other = new CorporateService(db(), clock);
    expect(await names({ name: 'トヨタ' })).toContain(`${TOYOTA} トヨタ自動車株式会社`); // built
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted: () => void = () => {};
    const insertedYet = new Promise<void>((r) => {
      inserted = r;
    });
    const slow = db().db.transaction(async (t) => {
      const tx = t as unknown as Db;
      // Sony renamed as a change would write it, in a transaction that stays open.
      const columns = sql.raw(VERSION_COLUMNS.join(', '));
      const copied = sql.raw(
        VERSION_COLUMNS.map((c) =>
          c === 'version'
            ? 'version + 1'
            : c === 'name'
              ? `'ソニー遅延索引株式会社'`
              : c === 'name_key'
                ? `'ソニー遅延索引'`
                : c,
        ).join(', '),
      );
      await tx.execute(
        sql`update corporate.versions set latest = false where corporate_number = ${SONY} and latest`,
      );
      await tx.execute(
        sql`insert into corporate.versions (${columns}) select ${copied} from corporate.versions
            where corporate_number = ${SONY} and version = (select max(version) from corporate.versions where corporate_number = ${SONY})`,
      );
      inserted();
      await held;
    });
    await insertedYet;
    // A later id, committed first.
    await other.record(
      TOYOTA,
      parseChange({ process: '11', changeDate: '2026-11-20', name: 'トヨタ索引株式会社' }),
    );
    clock.advance(1_001);
    expect(await names({ name: '索引', mode: '2' })).toEqual([`${TOYOTA} トヨタ索引株式会社`]);
    release();
    await slow;
    clock.advance(10_001); // past the answered search's 10 s
    expect(await names({ name: '索引', mode: '2' })).toEqual([
      `${SONY} ソニー遅延索引株式会社`,
      `${TOYOTA} トヨタ索引株式会社`,
    ]);
    expect(await names({ name: 'ソニー' })).not.toContain(`${SONY} ソニー株式会社`);
  });
});

describe('records in memory, the database away', () => {
  it('says the read failed rather than that it read nothing', async () => {
    const client = await PGlite.create();
    const database = fromPglite(client);
    await migrate(database);
    const service = new CorporateService(database, fixedClock('2026-11-20T03:00:00Z'));
    await client.close();
    expect(await service.warmRecords()).toMatchObject({ state: 'failed', records: 0 });
  });
});
