import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, testAuthenticator } from '../../test/support/app.ts';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { seedNodes } from '../linkage/index.ts';
import type { Contexts } from '../platform/contexts.ts';
import { loadVersions, realCorporations } from './seed.ts';

const TOYOTA = '1180301018771';
const CHIYODA_NODE = `10${CHIYODA}00000000`;
const staff: Record<string, Actor> = {
  nta: { id: 'nta-1', kind: 'staff', displayName: 'N', roles: [{ role: 'nta-operator', organisation: '*' }] },
  chiyoda: {
    id: 'clerk-c',
    kind: 'staff',
    displayName: 'C',
    roles: [{ role: 'municipal-clerk', organisation: CHIYODA }],
  },
};
const clock = fixedClock('2026-12-01T01:00:00Z');
let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
let rep: string;
let employee: string;

beforeAll(async () => {
  ({ app, contexts, close } = await testApp(
    {
      authenticators: [testAuthenticator(staff)],
    },
    { clock },
  ));
  await loadVersions(contexts.database, [realCorporations()]);
  rep = await registerPerson(contexts, { familyName: '豊田', givenName: '太郎' });
  employee = await registerPerson(contexts, { familyName: '佐藤', givenName: '次郎' });
  await seedNodes(contexts.linkage, contexts.database.db, clock, { municipalities: [CHIYODA] });
}, 120_000);
afterAll(async () => close());

const as = (residentId: string) => ({ 'x-test-person': residentId });
const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

it('registers a representative on review, invites an employee, and shows the record and the notices', async () => {
  expect((await call('GET', '/api/corporate-portal/mine', {})).statusCode).toBe(401);
  const applied = await call('POST', '/api/corporate-portal/applications', as(rep), {
    corporateNumber: '1-1803-0101-8771',
    title: '代表取締役社長',
  });
  expect(applied.statusCode).toBe(201);
  expect(applied.json()).toMatchObject({ status: 'applied', corporationName: 'トヨタ自動車株式会社' });
  // Only NTA operators review; a person cannot approve their own application.
  expect((await call('GET', '/api/corporate-portal/review/applications', as(rep))).statusCode).toBe(403);
  const pending = await call('GET', '/api/corporate-portal/review/applications', { 'x-test-actor': 'nta' });
  expect(pending.json().applications).toHaveLength(1);
  const approved = await call(
    'POST',
    `/api/corporate-portal/review/applications/${applied.json().id}/approve`,
    { 'x-test-actor': 'nta' },
  );
  expect(approved.json()).toMatchObject({ status: 'active', decidedAt: expect.any(String) });

  const invited = await call('POST', `/api/corporate-portal/${TOYOTA}/invitations`, as(rep), {
    role: 'staff',
  });
  expect(invited.statusCode).toBe(201);
  const code: string = invited.json().code;
  expect(code).toMatch(/^[A-Z2-9]{20}$/);
  const seen = await call('POST', '/api/corporate-portal/invitations/lookup', as(employee), { code });
  expect(seen.json()).toMatchObject({
    role: 'staff',
    corporationName: 'トヨタ自動車株式会社',
    status: 'invited',
  });
  expect(
    (await call('POST', '/api/corporate-portal/invitations/accept', as(employee), { code })).statusCode,
  ).toBe(200);
  const mine = (await call('GET', '/api/corporate-portal/mine', as(employee))).json().corporations;
  expect(mine).toEqual([
    expect.objectContaining({
      corporateNumber: TOYOTA,
      role: 'staff',
      allowed: ['view-record', 'read-notices', 'act-on-notices'],
    }),
  ]);
  const record = (await call('GET', `/api/corporate-portal/${TOYOTA}`, as(employee))).json();
  expect(record.corporation).toMatchObject({ name: 'トヨタ自動車株式会社', kind: '301' });

  // A national body tells Toyota; its staff see it in the corporation's inbox.
  const notice = await call(
    'POST',
    `/api/portal/institutions/3000000000000001/notices`,
    { 'x-test-actor': 'chiyoda', 'idempotency-key': 'corp-0001' },
    {
      category: 'pension',
      title: '算定基礎届の提出のお願い',
      body: '7月10日までにご提出ください。',
      audience: { kind: 'corporations', numbers: [TOYOTA] },
    },
  );
  // 千代田区's clerk is not the pension service's operator.
  expect(notice.statusCode).toBe(403);
  const fromChiyoda = await call(
    'POST',
    `/api/portal/institutions/${CHIYODA_NODE}/notices`,
    { 'x-test-actor': 'chiyoda', 'idempotency-key': 'corp-0002' },
    {
      category: 'tax',
      title: '法人住民税のお知らせ',
      body: '本文',
      audience: { kind: 'corporations', numbers: [TOYOTA] },
    },
  );
  // Toyota is registered in 豊田市: not 千代田区's to tell.
  expect(fromChiyoda.statusCode).toBe(403);
  expect(fromChiyoda.json().error.code).toBe('PORTAL_AUDIENCE_OUT_OF_SCOPE');
  const sent = await contexts.portal.notices.send(
    {
      id: 'op',
      kind: 'operator',
      displayName: 'o',
      roles: [{ role: 'system-administrator', organisation: '*' }],
    },
    '3000000000000001',
    {
      category: 'pension',
      title: '算定基礎届の提出のお願い',
      body: '7月10日までに。',
      audience: { kind: 'corporations', numbers: [TOYOTA] },
    },
    'corp-0003',
  );
  expect(sent.delivered).toBe(1);
  const inbox = (
    await call('GET', `/api/corporate-portal/${TOYOTA}/notices?unread=true`, as(employee))
  ).json();
  expect(inbox.notices.map((n: { title: string }) => n.title)).toEqual(['算定基礎届の提出のお願い']);
  const opened = await call('GET', `/api/corporate-portal/${TOYOTA}/notices/${sent.id}`, as(employee));
  expect(opened.json()).toMatchObject({ body: '7月10日までに。', read: true });
  const activity = (await call('GET', `/api/corporate-portal/${TOYOTA}/activity`, as(rep))).json().entries;
  expect(activity[0]).toMatchObject({ action: 'notice-read', actor: '佐藤　次郎' });
  expect((await call('GET', `/api/corporate-portal/${TOYOTA}/activity`, as(employee))).statusCode).toBe(403);
});

it('answers bad input with typed errors, never a 500', async () => {
  const cases: [string, 'GET' | 'POST', string, unknown, number, string][] = [
    [
      'bad check digit',
      'GET',
      `/api/corporate-portal/1180301018772`,
      undefined,
      400,
      'CORPORATE_NUMBER_INVALID',
    ],
    ['letters', 'GET', `/api/corporate-portal/abc/notices`, undefined, 400, 'CORPORATE_NUMBER_INVALID'],
    ['not a uuid', 'GET', `/api/corporate-portal/${TOYOTA}/notices/x`, undefined, 400, 'REQUEST_INVALID'],
    [
      'unknown code',
      'POST',
      '/api/corporate-portal/invitations/accept',
      { code: 'AAAA-BBBB' },
      404,
      'CORPORATE_MEMBER_CODE_UNKNOWN',
    ],
    [
      'extra field',
      'POST',
      '/api/corporate-portal/applications',
      { corporateNumber: TOYOTA, title: 'x', role: 'representative' },
      400,
      'REQUEST_INVALID',
    ],
    [
      'control in title',
      'POST',
      '/api/corporate-portal/applications',
      { corporateNumber: TOYOTA, title: 'a\u0007' },
      400,
      'CORPORATE_MEMBER_INVALID',
    ],
    [
      'unknown corporation',
      'POST',
      '/api/corporate-portal/applications',
      { corporateNumber: '9000000000000', title: '社長' },
      404,
      'CORPORATE_NOT_FOUND',
    ],
    [
      'invite a representative',
      'POST',
      `/api/corporate-portal/${TOYOTA}/invitations`,
      { role: 'representative' },
      400,
      'REQUEST_INVALID',
    ],
    [
      'not a member',
      'GET',
      `/api/corporate-portal/${TOYOTA}/members`,
      undefined,
      403,
      'CORPORATE_MEMBER_FORBIDDEN',
    ],
    [
      'leave what one never joined',
      'POST',
      `/api/corporate-portal/${TOYOTA}/leave`,
      undefined,
      404,
      'CORPORATE_MEMBER_NOT_FOUND',
    ],
  ];
  const stranger = await registerPerson(contexts, { familyName: '田中' });
  // Someone's proxy (代理人) acts for a person, never for that person's corporation.
  const proxied = await call('GET', '/api/corporate-portal/mine', { ...as(stranger), 'x-acting-for': 'x' });
  expect([proxied.statusCode, proxied.json().error.code]).toEqual([403, 'CORPORATE_MEMBER_FORBIDDEN']);
  for (const [what, method, url, body, status, code] of cases) {
    const res = await call(method, url, as(stranger), body);
    expect([what, res.statusCode, res.json().error?.code]).toEqual([what, status, code]);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  }
});
