import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import type { Actor } from '../kernel/actor.ts';
import { CorporateNumber } from '../numbers/index.ts';
import { seedRealCorporations } from './commands.ts';

const ACTORS: Record<string, Actor> = {
  nta: { id: 'nta-1', kind: 'staff', displayName: 'N', roles: [{ role: 'nta-operator', organisation: '*' }] },
  clerk: {
    id: 'clerk-1',
    kind: 'staff',
    displayName: 'C',
    roles: [{ role: 'municipal-clerk', organisation: '131016' }],
  },
  person: { id: 'p-1', kind: 'person', residentId: 'r-1', displayName: 'P', roles: [] },
};

let t: Awaited<ReturnType<typeof testApp>>;
let appId = '';
beforeAll(async () => {
  // Tests stand in for card login: a header names the actor. Product code has no such path.
  t = await testApp({ authenticators: [(req) => ACTORS[String(req.headers['x-test-actor'])] ?? null] });
  await seedRealCorporations(t.contexts);
  appId = (await t.contexts.applicationIds.issue('test client', 'dev@example.jp')).id;
}, 60_000);
afterAll(async () => t?.close());

const get = (url: string, who?: string) =>
  t.app.inject({ method: 'GET', url, headers: who ? { 'x-test-actor': who } : {} });
const post = (url: string, payload: object, who?: string) =>
  t.app.inject({ method: 'POST', url, payload, headers: who ? { 'x-test-actor': who } : {} });

describe('NTA Web-API v4 over HTTP', () => {
  it('answers /4/num in each type, with the NTA’s content types', async () => {
    const sjis = await get(`/4/num?id=${appId}&number=7000012050002&type=01`);
    expect(sjis.statusCode).toBe(200);
    expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(iconv.decode(sjis.rawPayload, 'cp932')).toContain(
      '"国税庁",,101,"東京都","千代田区","霞が関３丁目１－１"',
    );
    const utf8 = await get(`/4/num?id=${appId}&number=7000012050002,1180301018771&type=02`);
    expect(utf8.body.split('\r\n')[0]).toBe('2018-04-02,2,1,1');
    const xml = await get(`/4/num?id=${appId}&number=7000012050002&type=12&history=1`);
    expect(xml.headers['content-type']).toBe('application/xml; charset=UTF-8');
    expect(xml.body).toContain('<corporateNumber>7000012050002</corporateNumber>');
    const json = await get(`/4/num?id=${appId}&number=1180301018771&type=json`);
    expect(json.json().corporations[0].name).toBe('トヨタ自動車株式会社');
  });

  it('answers /4/name and /4/diff with UTF-8 names in the query', async () => {
    const name = await get(`/4/name?id=${appId}&name=${encodeURIComponent('とよた自動車')}&type=02&mode=1`);
    expect(name.body).toContain('"トヨタ自動車株式会社"');
    const plus = await get(
      `/4/name?id=${appId}&name=${encodeURIComponent('トヨタ')}+${encodeURIComponent('自動車')}&type=02`,
    );
    expect(plus.body).toContain('"トヨタ自動車株式会社"');
    const diff = await get(`/4/diff?id=${appId}&from=2018-04-01&to=2018-04-30&type=02`);
    expect(diff.body.split('\r\n')[0]).toBe('2018-04-02,1,1,1');
  });

  it('sends each name-search page whole while others are written into the same buffers again', async () => {
    await t.contexts.corporate.warmRecords();
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const paths = ['工業', '電機', '製作所', '商事', 'ホールディングス'].flatMap((name) =>
      ['12', '02'].map((type) => `/4/name?id=${appId}&mode=2&type=${type}&name=${encodeURIComponent(name)}`),
    );
    const read = async (path: string) => Buffer.from(await (await fetch(url + path)).arrayBuffer());
    const expected = new Map<string, Buffer>();
    for (const path of paths) expected.set(path, await read(path));
    expect(expected.get(paths[0]!)!.length).toBeGreaterThan(64 * 1024); // a pooled page
    // Each round writes every page anew, into the buffers the last round gave back.
    for (let round = 0; round < 3; round++) {
      t.contexts.corporate.forgetSearches();
      const answers = await Promise.all([...paths, ...paths].map(async (p) => [p, await read(p)] as const));
      for (const [path, body] of answers) expect(body.equals(expected.get(path)!)).toBe(true);
    }
  });

  it('refuses requests without a valid application id in the NTA style (403)', async () => {
    for (const [url, body] of [
      ['/4/num?number=7000012050002&type=01', '001,アプリケーションIDが指定されていません。'],
      ['/4/num?id=AAAAAAAAAAAAA&number=7000012050002&type=01', '002,アプリケーションIDが正しくありません。'],
      ['/4/num?id=short&number=7000012050002&type=01', '002,アプリケーションIDが正しくありません。'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toBe('text/plain; charset=UTF-8');
      expect(res.body).toBe(body);
    }
  });

  it('answers bad input with NNN,message and 400 — never a 500', async () => {
    const cases: [string, string][] = [
      [`/4/num?id=${appId}&number=8000012050002&type=01`, '021'],
      [`/4/num?id=${appId}&number=700001205000&type=01`, '021'],
      [`/4/num?id=${appId}&number=${Array(11).fill('7000012050002').join(',')}&type=01`, '022'],
      [`/4/num?id=${appId}&number=7000012050002&type=99`, '010'],
      [`/4/num?id=${appId}&number=7000012050002`, '010'],
      [`/4/num?id=${appId}&type=01`, '020'],
      [`/4/num?id=${appId}&number=7000012050002&type=01&history=x`, '030'],
      [`/4/diff?id=${appId}&from=2020-02-01&to=2020-01-01&type=01`, '041'],
      [`/4/diff?id=${appId}&from=2020-13-01&to=2020-12-01&type=01`, '040'],
      [`/4/diff?id=${appId}&from=2020-01-01&to=2020-01-02&type=01&divide=0`, '070'],
      [`/4/name?id=${appId}&name=${encodeURIComponent('あ'.repeat(151))}&type=01`, '060'],
      [`/4/name?id=${appId}&name=%FF%FE&type=01`, '080'],
      [`/4/name?id=${appId}&name=%E3%81&type=01`, '080'],
      [`/4/name?id=${appId}&name=a&name=b&type=01`, '030'],
      [`/4/name?id=${appId}&type=01`, '060'],
      [`/4/name?id=${appId}&name=x&address=999&type=01`, '050'],
    ];
    for (const [url, code] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body.slice(0, 4), url).toBe(`${code},`);
    }
    const json = await get(`/4/num?id=${appId}&number=1&type=json`);
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toMatchObject({ code: 'CORPORATE_NUMBER_INVALID', ntaCode: '021' });
  });
});

describe('publication site and operators', () => {
  it('serves a corporation with its history, search and bulk files to anyone, without login', async () => {
    const page = await get('/api/corporate/corporations/7-0000-1205-0002');
    expect(page.statusCode).toBe(200);
    expect(page.json().corporation.name).toBe('国税庁');
    expect((await get('/api/corporate/corporations/7000012050003')).json().error.code).toBe(
      'CORPORATE_NUMBER_INVALID',
    );
    expect(
      (await get(`/api/corporate/corporations/${CorporateNumber.fromBase('999999999999')}`)).statusCode,
    ).toBe(404);
    const search = await get(`/api/corporate/search?name=${encodeURIComponent('ソニー')}&size=2`);
    expect(search.json()).toMatchObject({ page: 1 });
    expect(search.json().corporations).toHaveLength(2);
    const file = await get('/api/corporate/downloads/all?format=csv-utf8&prefecture=13');
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="13_all_20180402_utf8\.csv"/);
    const lines = file.body.split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.every((l) => /^\d+,\d{13},/.test(l))).toBe(true);
    const sjis = await get('/api/corporate/downloads/all?format=csv-sjis&prefecture=13');
    expect(iconv.decode(sjis.rawPayload, 'cp932')).toBe(file.body);
    expect(
      (await get('/api/corporate/downloads/diff?format=xml&from=2018-04-02&to=2018-04-01')).statusCode,
    ).toBe(400);
  });

  it('searches by address: a city’s corporations by name, part of the street typed half-width', async () => {
    const cities = (await get('/api/corporate/places/13')).json().cities;
    expect(cities[0]).toEqual({ cityCode: '101', cityName: '千代田区' });
    expect((await get('/api/corporate/places/48')).statusCode).toBe(400);
    const street = encodeURIComponent('霞が関3丁目1-1');
    const found = (await get(`/api/corporate/by-address?address=13101&street=${street}`)).json();
    expect(found.corporations.map((c: { name: string }) => c.name)).toContain('国税庁');
    expect(
      found.corporations.every((c: { streetNumber: string }) =>
        c.streetNumber.includes('霞が関３丁目１－１'),
      ),
    ).toBe(true);
    const ward = (await get('/api/corporate/by-address?address=13101&size=200')).json();
    expect(ward.count).toBeGreaterThan(100);
    expect(ward.corporations.every((c: { cityName: string }) => c.cityName === '千代田区')).toBe(true);
    const companies = (await get('/api/corporate/by-address?address=13101&kind=03&page=2')).json();
    expect(companies.page).toBe(2);
    expect(companies.corporations.every((c: { kind: string }) => c.kind.startsWith('3'))).toBe(true);
    for (const [bad, code] of [
      ['', 'REQUEST_INVALID'],
      ['address=', 'CORPORATE_ADDRESS_INVALID'],
      ['address=99', 'CORPORATE_ADDRESS_INVALID'],
      ['address=13&kind=09', 'CORPORATE_PARAMETER_INVALID'],
      [`address=13&street=${'あ'.repeat(101)}`, 'CORPORATE_PARAMETER_INVALID'],
    ] as const) {
      const res = await get(`/api/corporate/by-address?${bad}`);
      expect([bad, res.statusCode, res.json().error.code]).toEqual([bad, 400, code]);
    }
  });

  it('lets only NTA operators designate and record changes', async () => {
    const body = {
      registrationNumber: '010401888888',
      name: '株式会社テスト',
      localGovernmentCode: '131016',
      streetNumber: '1番',
    };
    expect((await post('/api/corporate/corporations', body)).statusCode).toBe(401);
    expect((await post('/api/corporate/corporations', body, 'clerk')).statusCode).toBe(403);
    expect((await post('/api/corporate/corporations', body, 'person')).statusCode).toBe(403);
    const made = await post('/api/corporate/corporations', body, 'nta');
    expect(made.statusCode).toBe(201);
    const n = made.json().corporation.corporateNumber;
    const change = await post(
      `/api/corporate/corporations/${n}/changes`,
      { process: '11', changeDate: '2026-04-01', name: '株式会社テスト２' },
      'nta',
    );
    expect(change.json().corporation).toMatchObject({ process: '11', name: '株式会社テスト２' });
    const bad = await post(
      `/api/corporate/corporations/${n}/changes`,
      { process: '22', changeDate: '2026-04-01' },
      'nta',
    );
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error).toMatchObject({ code: 'CORPORATE_TRANSITION_INVALID', state: 'active' });
    expect(
      (
        await post(
          `/api/corporate/corporations/${n}/changes`,
          { process: '77', changeDate: '2026-04-01' },
          'nta',
        )
      ).json().error.code,
    ).toBe('CORPORATE_FIELD_INVALID');
  });

  it('issues application ids to people logged in, shown once; a revoked id is refused', async () => {
    expect((await post('/api/corporate/applications', { name: 'x' })).statusCode).toBe(401);
    const issued = await post('/api/corporate/applications', { name: '会計アプリ' }, 'person');
    expect(issued.statusCode).toBe(201);
    const { id } = issued.json();
    expect(id).toMatch(/^[A-Za-z0-9]{13}$/);
    expect((await get(`/4/num?id=${id}&number=7000012050002&type=02`)).statusCode).toBe(200);
    const list = await get('/api/corporate/applications', 'nta');
    expect(JSON.stringify(list.json())).not.toContain(id);
    await t.contexts.applicationIds.revoke(id);
    expect((await get(`/4/num?id=${id}&number=7000012050002&type=02`)).statusCode).toBe(403);
  });

  it('keeps the application id out of the logs', () => {
    expect(t.logs.lines.join('\n')).not.toContain(appId);
  });
});
