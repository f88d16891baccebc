import { beforeEach, expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  csvLine,
  type RecordBodies,
  type ResponsePage,
  render,
  sectionOfPacked,
  xmlRecord,
} from './formats.ts';
import type { CorporationVersion } from './model.ts';
import { parseChange, parseDesignation } from './operations.ts';
import { RecordMemory } from './record-memory.ts';
import { loadVersions, realCorporations, syntheticCorporations } from './seed.ts';
import { CorporateService } from './service.ts';
import { byName, byNumber, byPeriod, type Query } from './webapi.ts';

const NTA = '7000012050002';
const TOYOTA = '1180301018771';
const SONY = '5010401067252';
const TOKYO = '8000020130001';
const CHIYODA = '8000020131016';

/** The records of a page read as records (the default shape). */
const rows = (p: ResponsePage) => p.records as CorporationVersion[];

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

describeOnEngines('corporate registry', (db) => {
  let service: CorporateService;
  const clock = fixedClock('2026-11-20T03:00:00Z');
  beforeEach(async () => {
    await loadVersions(db(), [realCorporations()]);
    service = new CorporateService(db(), clock);
  });
  const names = async (q: Query) => rows(await byName(service, { type: '02', ...q })).map((r) => r.name);
  /** A corporation whose free text holds every character CSV and XML escape. */
  const designateOddText = (registrationNumber: string, name: string) =>
    service.designate(
      parseDesignation({
        registrationNumber,
        name,
        enName: 'Quote "Co", <Ltd> & \'Sons\'',
        localGovernmentCode: '131016',
        streetNumber: '一丁目,2番"3"号',
      }),
    );

  it('holds the real corporations: 国税庁 as SPECS.md gives it, Toyota, Sony, Tokyo and 千代田区', async () => {
    const page = await byNumber(service, { number: `${NTA},${TOYOTA},${SONY},${TOKYO},${CHIYODA}` });
    expect(rows(page).map((r) => r.name)).toEqual([
      '国税庁',
      'トヨタ自動車株式会社',
      'ソニー株式会社',
      '東京都',
      '千代田区',
    ]);
    const nta = rows(page)[0]!;
    expect(nta).toMatchObject({
      process: '01',
      correct: '1',
      updateDate: '2018-04-02',
      changeDate: '2015-10-05',
      kind: '101',
      prefectureName: '東京都',
      cityName: '千代田区',
      streetNumber: '霞が関３丁目１－１',
      prefectureCode: '13',
      cityCode: '101',
      postCode: '1000013',
      assignmentDate: '2015-10-05',
      latest: '1',
      enName: 'National Tax Agency',
      furigana: 'コクゼイチョウ',
      hihyoji: '0',
    });
    expect(rows(page)[1]).toMatchObject({
      kind: '301',
      prefectureCode: '23',
      cityName: '豊田市',
      cityCode: '211',
    });
    expect(rows(page)[3]).toMatchObject({ kind: '201', prefectureCode: '13', cityCode: '' });
    expect(page.lastUpdateDate).toBe('2018-04-02');
  });

  it('searches names by prefix and partial, fuzzy, exact and English, as the NTA does', async () => {
    expect(await names({ name: 'トヨタ自動車' })).toContain('トヨタ自動車株式会社');
    expect(await names({ name: 'とよた自動車（株）' })).toContain('トヨタ自動車株式会社');
    expect(await names({ name: 'サカタのタネ' })).toEqual(['株式会社　サカタのタネ']);
    // Exact: as written, so the reading in hiragana or a moved legal form does not match.
    expect(await names({ name: 'とよた自動車', target: '2' })).toEqual([]);
    expect(await names({ name: 'トヨタ自動車株式会社', target: '2' })).toEqual(['トヨタ自動車株式会社']);
    expect(await names({ name: '株式会社　サカタ', target: '2' })).toEqual(['株式会社　サカタのタネ']);
    // Partial finds the middle of a name; prefix does not.
    expect(await names({ name: '自動車' })).not.toContain('トヨタ自動車株式会社');
    expect(await names({ name: '自動車', mode: '2' })).toContain('トヨタ自動車株式会社');
    expect(await names({ name: 'motor', target: '3', mode: '2' })).toContain('トヨタ自動車株式会社');
    expect(await names({ name: 'SONY', target: '3' })).toContain('ソニー株式会社');
    // Filters: address (prefecture, prefecture + city), kind.
    expect(await names({ name: 'トヨタ', address: '23211' })).toEqual(['トヨタ自動車株式会社']);
    expect(
      (await names({ name: '千代田', kind: '02' })).every((n) => n === '千代田区' || n === '千代田町'),
    ).toBe(true);
    expect(await names({ name: '国税', kind: '01', address: '13' })).toEqual(['国税庁']);
  });

  it('keeps every change as a version: name change, move, closure, revival, merger, deletion', async () => {
    const designated = await service.designate(
      parseDesignation({
        registrationNumber: '010401999999',
        name: '株式会社ばんごう商事',
        furigana: 'ばんごうしょうじ',
        localGovernmentCode: '131016',
        streetNumber: '霞が関１丁目１番１号',
      }),
    );
    const n = designated.corporateNumber;
    expect(designated).toMatchObject({
      process: '01',
      kind: '399',
      furigana: 'バンゴウショウジ',
      updateDate: '2026-11-20',
      assignmentDate: '2026-11-20',
      postCode: '1000013',
      cityName: '千代田区',
      latest: '1',
    });
    expect(
      await codeOf(
        service.designate(
          parseDesignation({
            registrationNumber: '010401999999',
            name: 'x',
            localGovernmentCode: '131016',
            streetNumber: '1',
          }),
        ),
      ),
    ).toBe('CORPORATE_ALREADY_DESIGNATED');
    clock.advance(86_400_000);
    await service.record(
      n,
      parseChange({ process: '11', changeDate: '2026-11-21', name: '株式会社バンゴウ・ホールディングス' }),
    );
    await service.record(
      n,
      parseChange({
        process: '12',
        changeDate: '2026-11-21',
        localGovernmentCode: '271004',
        streetNumber: '北区梅田１丁目',
      }),
    );
    // A former name is found only with change=1, and the latest record is what comes back.
    expect(await names({ name: 'ばんごう商事' })).toEqual([]);
    expect(await names({ name: 'ばんごう商事', change: '1' })).toEqual([
      '株式会社バンゴウ・ホールディングス',
    ]);
    const history = rows(await byNumber(service, { number: n, history: '1' }));
    expect(history.map((v) => [v.process, v.latest])).toEqual([
      ['01', '0'],
      ['11', '0'],
      ['12', '1'],
    ]);
    expect(history[2]).toMatchObject({
      prefectureCode: '27',
      cityCode: '100',
      cityName: '大阪市',
      name: '株式会社バンゴウ・ホールディングス',
    });
    // Closure: found with close=1 (the default), not with close=0.
    await service.record(n, parseChange({ process: '21', changeDate: '2026-11-21', closeCause: '01' }));
    expect(await names({ name: 'バンゴウ' })).toEqual(['株式会社バンゴウ・ホールディングス']);
    expect(await names({ name: 'バンゴウ', close: '0' })).toEqual([]);
    const closeAgain = await service
      .record(n, parseChange({ process: '21', changeDate: '2026-11-22' }))
      .catch((e: DomainError) => e);
    expect(closeAgain).toBeInstanceOf(DomainError);
    expect((closeAgain as DomainError).code).toBe('CORPORATE_TRANSITION_INVALID');
    expect((closeAgain as DomainError).extra).toMatchObject({
      state: 'closed',
      allowed: ['11', '12', '13', '22', '72', '99'],
    });
    await service.record(n, parseChange({ process: '22', changeDate: '2026-11-22' }));
    // Merger: the successor must be another active corporation.
    expect(
      await codeOf(
        service.record(
          n,
          parseChange({ process: '71', changeDate: '2026-11-22', successorCorporateNumber: n }),
        ),
      ),
    ).toBe('CORPORATE_SUCCESSOR_INVALID');
    const merged = await service.record(
      n,
      parseChange({ process: '71', changeDate: '2026-11-22', successorCorporateNumber: TOYOTA }),
    );
    expect(merged).toMatchObject({
      closeDate: '2026-11-22',
      closeCause: '11',
      successorCorporateNumber: TOYOTA,
    });
    // Deleted: only the number, process and update date are published.
    const deleted = await service.record(n, parseChange({ process: '99', changeDate: '2026-11-22' }));
    expect(
      Object.entries(deleted)
        .filter(([, v]) => v !== '')
        .map(([k]) => k)
        .sort(),
    ).toEqual(['corporateNumber', 'latest', 'process', 'updateDate'].sort());
    expect(
      await codeOf(service.record(n, parseChange({ process: '11', changeDate: '2026-11-22', name: 'x' }))),
    ).toBe('CORPORATE_TRANSITION_INVALID');
    expect(
      await codeOf(service.record('1234567890123', parseChange({ process: '21', changeDate: '2026-11-22' }))),
    ).toBe('CORPORATE_NOT_FOUND');
    // The day's changes, in the order recorded.
    const diff = await byPeriod(service, { from: '2026-11-21', to: '2026-11-21' });
    expect(
      rows(diff)
        .filter((r) => r.corporateNumber === n)
        .map((r) => r.process),
    ).toEqual(['11', '12', '21', '22', '71', '99']);
  });

  it('writes records in SQL exactly as csvLine and xmlRecord do, for every real corporation and odd text', async () => {
    await designateOddText('010401777777', 'A&B "<商事>", 本店\'s');
    const all = { from: '2000-01-01', to: '2100-01-01' };
    const records = (await service.store.diff(all, 0, 20_000)).records as CorporationVersion[];
    const csv = (await service.store.diff(all, 0, 20_000, 'csv')).records as RecordBodies;
    const xml = (await service.store.diff(all, 0, 20_000, 'xml')).records as RecordBodies;
    expect(records.length).toBeGreaterThan(7700);
    expect(csv.bodies).toHaveLength(records.length);
    for (const [i, r] of records.entries()) {
      expect(`${i + 1},${csv.bodies[i]}\r\n`).toBe(csvLine(i + 1, r));
      expect(`<corporation><sequenceNumber>${i + 1}</sequenceNumber>${xml.bodies[i]}</corporation>`).toBe(
        xmlRecord(i + 1, r),
      );
    }
  });

  it('keeps records in memory as SQL gives them: the same records, and the same bodies from their bytes', async () => {
    await designateOddText('010401777778', 'A&B "<商事>", 本店\'s 𠮷');
    const ids = (await db().query<{ id: string }>('select id from corporate.versions order by id')).map((r) =>
      Number(r.id),
    );
    const packed = (await service.store.packedOf(ids)).sort((a, b) => a[0] - b[0]);
    expect(packed.map(([id]) => id)).toEqual(ids);
    const memory = new RecordMemory();
    for (const [id, bytes] of packed) expect(memory.put(id, bytes)).toBe(true);
    expect(ids.map((id) => memory.get(id))).toEqual(await service.store.pageOf(ids, 'records'));
    // Written out from the packed bytes, as the same response the SQL bodies make, in every type.
    for (const type of ['01', '02', '12'] as const) {
      const format = type === '12' ? 'xml' : 'csv';
      const page = (records: ResponsePage['records']) =>
        Buffer.from(
          render(type, {
            lastUpdateDate: '2026-11-20',
            count: 1,
            divideNumber: 1,
            divideSize: 1,
            firstSequence: 7,
            records,
          }).body,
        );
      const fromMemory = sectionOfPacked(
        format,
        ids.map((id) => memory.packed(id)!),
        7,
      );
      expect(page(fromMemory).equals(page(await service.store.pageOf(ids, format)))).toBe(true);
    }
    // A build reads the searchable current versions alone: not superseded, hidden or deleted ones.
    const current = await db().query<{ id: string }>(
      `select id from corporate.versions where latest and hihyoji = '0' and process <> '99' order by id`,
    );
    const first = await service.store.packedAfter(0, 100);
    const rest = await service.store.packedAfter(first[99]![0], 100_000);
    expect([...first, ...rest].map(([id]) => id)).toEqual(current.map((r) => Number(r.id)));
  });

  it('writes search pages out as their records are, typed on and after a change', async () => {
    const written = async (q: Query) => {
      const asRecords = await byName(service, { type: '02', ...q });
      const asWritten = await byName(service, { type: '12', ...q }, 'xml');
      expect(asWritten.records).not.toBeInstanceOf(Array);
      expect(Buffer.from(render('12', asWritten).body).toString()).toBe(render('12', asRecords).body);
      return rows(asRecords).map((r) => r.name);
    };
    // Typed on: the longer prefix finds some of what the shorter one found.
    const short = await written({ name: 'トヨ' });
    const longer = await written({ name: 'トヨタ' });
    expect(short).toEqual(expect.arrayContaining(longer));
    expect(longer).toContain('トヨタ自動車株式会社');
    await service.record(
      TOYOTA,
      parseChange({ process: '11', changeDate: '2026-11-20', name: 'トヨタ新自動車株式会社' }),
    );
    const after = await written({ name: 'トヨタ' });
    expect(after).toContain('トヨタ新自動車株式会社');
    expect(after).not.toContain('トヨタ自動車株式会社');
    // Former names (change=1) find it by the old one, answered with the latest version.
    expect(await written({ name: 'トヨタ自動車', change: '1' })).toContain('トヨタ新自動車株式会社');
  });

  it('writes racing changes one after the other: versions in sequence, exactly one latest', async () => {
    const changes = Array.from({ length: 8 }, (_, i) =>
      service.record(
        SONY,
        parseChange({ process: '11', changeDate: '2026-11-20', name: `ソニー${i}株式会社` }),
      ),
    );
    await Promise.all(changes);
    const history = rows(await byNumber(service, { number: SONY, history: '1' }));
    expect(history).toHaveLength(9);
    expect(history.filter((v) => v.latest === '1')).toHaveLength(1);
    expect(history.at(-1)!.latest).toBe('1');
  });

  it('pages by 2,000 with divide and divideSize, sequence numbers running on', async () => {
    const first = await byPeriod(service, { from: '2015-10-05', to: '2015-10-05' });
    expect(first.count).toBeGreaterThan(4000);
    expect(rows(first)).toHaveLength(2000);
    expect(first.divideSize).toBe(Math.ceil(first.count / 2000));
    const last = await byPeriod(service, {
      from: '2015-10-05',
      to: '2015-10-05',
      divide: String(first.divideSize),
    });
    expect(rows(last)).toHaveLength(first.count - 2000 * (first.divideSize - 1));
    expect(last.firstSequence).toBe(2000 * (first.divideSize - 1) + 1);
    expect(
      await codeOf(
        byPeriod(service, { from: '2015-10-05', to: '2015-10-05', divide: String(first.divideSize + 1) }),
      ),
    ).toBe('CORPORATE_DIVIDE_INVALID');
  });

  it('refuses bad parameters with their typed errors, and writes nothing for bad designations', async () => {
    const cases: [Promise<unknown>, string][] = [
      [byNumber(service, {}), 'CORPORATE_NUMBER_MISSING'],
      [byNumber(service, { number: '8000012050002' }), 'CORPORATE_NUMBER_INVALID'],
      [byNumber(service, { number: '７000012050002' }), 'CORPORATE_NUMBER_INVALID'],
      [byNumber(service, { number: Array(11).fill(NTA).join(',') }), 'CORPORATE_NUMBER_TOO_MANY'],
      [byNumber(service, { number: NTA, history: '2' }), 'CORPORATE_PARAMETER_INVALID'],
      [byPeriod(service, { from: '2020-02-30', to: '2020-03-01' }), 'CORPORATE_DATE_INVALID'],
      [byPeriod(service, { from: '2020-03-02', to: '2020-03-01' }), 'CORPORATE_DATE_RANGE'],
      [byPeriod(service, { from: '2020-01-01', to: '2020-03-01' }), 'CORPORATE_DATE_RANGE'],
      [
        byPeriod(service, { from: '2020-01-01', to: '2020-01-02', address: '48' }),
        'CORPORATE_ADDRESS_INVALID',
      ],
      [
        byPeriod(service, { from: '2020-01-01', to: '2020-01-02', kind: '05' }),
        'CORPORATE_PARAMETER_INVALID',
      ],
      [byName(service, { name: 'あ'.repeat(151) }), 'CORPORATE_NAME_INVALID'],
      [byName(service, { name: '株式会社' }), 'CORPORATE_NAME_INVALID'],
      [byName(service, { name: '　' }), 'CORPORATE_NAME_INVALID'],
      [byName(service, { name: 'トヨタ', mode: '3' }), 'CORPORATE_PARAMETER_INVALID'],
      [byName(service, { name: ['a', 'b'] }), 'CORPORATE_PARAMETER_INVALID'],
    ];
    for (const [p, code] of cases) expect(await codeOf(p)).toBe(code);
    const before = await db().query<{ n: string }>('select count(*) as n from corporate.versions');
    for (const body of [
      { name: 'x', localGovernmentCode: '131016', streetNumber: '1' },
      { registrationNumber: '12', name: 'x', localGovernmentCode: '131016', streetNumber: '1' },
      { registrationNumber: '010401999998', name: '', localGovernmentCode: '131016', streetNumber: '1' },
      { registrationNumber: '010401999998', name: 'x', localGovernmentCode: '999999', streetNumber: '1' },
      {
        registrationNumber: '010401999998',
        name: 'x',
        furigana: 'abc',
        localGovernmentCode: '131016',
        streetNumber: '1',
      },
      {
        registrationNumber: '010401999998',
        name: 'x',
        kind: '600',
        localGovernmentCode: '131016',
        streetNumber: '1',
      },
    ]) {
      expect(await codeOf(Promise.resolve().then(() => service.designate(parseDesignation(body))))).toBe(
        'CORPORATE_FIELD_INVALID',
      );
    }
    expect(await db().query<{ n: string }>('select count(*) as n from corporate.versions')).toEqual(before);
  });

  it('synthetic corporations load with history, former names and closures to search', async () => {
    const taken = new Set(
      (await db().query<{ n: string }>('select corporate_number as n from corporate.versions')).map(
        (r) => r.n,
      ),
    );
    const result = await loadVersions(
      db(),
      syntheticCorporations({ count: 3000, seed: 7, taken, today: '2026-11-20' }, 1000),
    );
    expect(result.corporations).toBe(3000);
    expect(result.versions).toBeGreaterThan(3000);
    const [row] = await db().query<{ latest: string; corps: string; closed: string }>(
      `select count(*) filter (where latest) as latest, count(distinct corporate_number) as corps,
              count(*) filter (where latest and close_date <> '') as closed from corporate.versions`,
    );
    expect(row!.latest).toBe(row!.corps);
    expect(Number(row!.closed)).toBeGreaterThan(0);
    expect((await byName(service, { name: '商事', mode: '2', type: '02' })).count).toBeGreaterThan(50);
  });
});
