import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testAuthenticator } from '../../test/support/app.ts';
import { CHIYODA, cardFor, PINS, registerPerson } from '../../test/support/cards.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { NATIONAL_BODIES, seedNodes } from '../linkage/index.ts';
import { importLogKey, missingSequenceNumbers, verifyRecord } from '../linkage/verify.ts';
import { answerChallenge } from '../login/client.ts';
import type { Contexts } from '../platform/contexts.ts';

const SHINJUKU = '131041';
const CHIYODA_NODE = `10${CHIYODA}00000000`;
const PORTAL = NATIONAL_BODIES.find((b) => b.kind === 'portal')!.code;
const staff: Record<string, Actor> = {
  chiyoda: {
    id: 'clerk-c',
    kind: 'staff',
    displayName: 'C',
    roles: [{ role: 'municipal-clerk', organisation: CHIYODA }],
  },
  shinjuku: {
    id: 'clerk-s',
    kind: 'staff',
    displayName: 'S',
    roles: [{ role: 'municipal-clerk', organisation: SHINJUKU }],
  },
};

const clock = fixedClock('2026-04-01T01:00:00Z');
let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
let parent: string;
let child: string;
let grandma: string;
let stranger: string;
let parentCard: string;

beforeAll(async () => {
  // Tests stand in for card login with headers naming the actor; one test logs in for real.
  ({ app, contexts, close } = await testApp(
    {
      authenticators: [testAuthenticator(staff)],
    },
    { clock },
  ));
  parent = await registerPerson(contexts, { familyName: '佐藤', givenName: '花子', birthDate: '1990-05-01' });
  const household = (await contexts.registry.service.people([parent])).get(parent)!.householdId!;
  child = await registerPerson(contexts, {
    familyName: '佐藤',
    givenName: '陽',
    birthDate: '2021-06-10',
    household: { mode: 'join', householdId: household, relationship: '子' },
  });
  grandma = await registerPerson(contexts, {
    familyName: '鈴木',
    givenName: '節子',
    birthDate: '1950-01-20',
  });
  stranger = await registerPerson(contexts, {
    familyName: '田中',
    givenName: '一郎',
    birthDate: '1985-03-03',
  });
  await seedNodes(contexts.linkage, contexts.database.db, clock, { municipalities: [CHIYODA] });
}, 120_000);
afterAll(async () => close());

const as = (residentId: string, actingFor?: string) => ({
  'x-test-person': residentId,
  ...(actingFor ? { 'x-acting-for': actingFor } : {}),
});
const clerk = (who: keyof typeof staff) => ({ 'x-test-actor': who });
let keyCounter = 0;
const idem = () => ({ 'idempotency-key': `test-key-${++keyCounter}-abcdef` });

describe('home, number and activity', () => {
  it('shows the number masked; a reveal gives it whole and is in the activity; a real login is too', async () => {
    const home = await app.inject({ url: '/api/portal/home', headers: as(parent) });
    expect(home.statusCode).toBe(200);
    expect(home.json()).toMatchObject({
      name: '佐藤\u3000花子',
      maskedNumber: expect.stringMatching(/^\*{4} \*{4} \d{4}$/),
    });
    const reveal = await app.inject({
      method: 'POST',
      url: '/api/portal/number/reveal',
      headers: as(parent),
    });
    expect(reveal.json().individualNumber).toMatch(/^\d{12}$/);
    expect(reveal.json().individualNumber.slice(-4)).toBe(home.json().maskedNumber.slice(-4));

    const { chip, cardId } = await cardFor(contexts, parent);
    parentCard = cardId;
    const origin = 'http://localhost:3000';
    const challenge = await app.inject({ method: 'POST', url: '/api/login/challenge', headers: { origin } });
    const answer = await answerChallenge(chip, PINS.authentication, challenge.json());
    const login = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin },
      payload: answer,
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    // A state change with the session but without its CSRF token is refused.
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/portal/number/reveal',
      headers: { cookie },
    });
    expect(noCsrf.json().error.code).toBe('LOGIN_CSRF_MISMATCH');

    const activity = await app.inject({ url: '/api/portal/activity', headers: { cookie } });
    const actions = activity.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['login', 'number-revealed']);
    // A page at a time: `before` the oldest seq shown.
    const first = (await app.inject({ url: '/api/portal/activity?limit=1', headers: { cookie } })).json()
      .entries;
    const next = await app.inject({
      url: `/api/portal/activity?limit=1&before=${first[0].seq}`,
      headers: { cookie },
    });
    expect([...first, ...next.json().entries].map((e: { action: string }) => e.action)).toEqual(actions);
    expect(JSON.stringify(activity.json())).not.toContain(reveal.json().individualNumber);
  }, 60_000);
});

describe('わたしの情報 and やりとり履歴', () => {
  it('fetches what institutions hold through the network; each fetch is on the record, and every proof verifies', async () => {
    const res = await app.inject({ url: '/api/portal/information', headers: as(parent) });
    expect(res.statusCode).toBe(200);
    const info = res.json();
    expect(info.categories.map((c: { number: string }) => c.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    const found = info.categories.flatMap((c: { items: { status: string; name: string }[] }) =>
      c.items.filter((i) => i.status === 'found').map((i) => i.name),
    );
    expect(found).toContain('住民基本台帳関係情報（世帯情報）');
    expect(found).toContain('地方税関係情報（課税情報）');
    const tax = info.categories[1].items[0];
    expect(tax.fields.find((f: { name: string }) => f.name === 'totalIncome').display).toMatch(/^[\d,]+円$/);
    const household = info.categories[0].items[0];
    expect(household.providerName).toBe('千代田区');
    // The child's vaccination, fetched by the parent for the child below, is a date in both calendars.

    const history = await app.inject({ url: '/api/portal/history', headers: as(parent) });
    const { records, head, logKey } = history.json();
    const mine = records.filter((r: { requester: string }) => r.requester === PORTAL);
    expect(mine.length).toBe(15);
    expect(
      mine.every((r: { procedureName: string }) => r.procedureName === '自己情報提供（マイナポータル）'),
    ).toBe(true);
    const key = await importLogKey(logKey);
    for (const r of records) expect(await verifyRecord(r, head, key)).toBe('verified');
    expect(missingSequenceNumbers(records)).toEqual([]);
    // A changed field no longer verifies.
    expect(await verifyRecord({ ...records[0], item: 'TM00000000000401' }, head, key)).toBe('not-in-log');
  }, 60_000);

  it('exports as JSON and as a PDF, both recorded', async () => {
    const json = await app.inject({ url: '/api/portal/information/export?format=json', headers: as(parent) });
    expect(json.headers['content-disposition']).toContain('my-information.json');
    expect(JSON.parse(json.body).categories).toHaveLength(7);
    const pdf = await app.inject({ url: '/api/portal/information/export?format=pdf', headers: as(parent) });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const bad = await app.inject({ url: '/api/portal/information/export?format=xml', headers: as(parent) });
    expect(bad.statusCode).toBe(400);
  }, 60_000);
});

describe('お知らせ', () => {
  it('an institution previews, sends once per key, and the person reads it; nobody else can', async () => {
    const audience = { kind: 'attributes', ageFrom: 20, ageTo: 64 };
    const preview = await app.inject({
      method: 'POST',
      url: `/api/portal/institutions/${CHIYODA_NODE}/notices/preview`,
      headers: clerk('chiyoda'),
      payload: { audience },
    });
    expect(preview.json().count).toBe(2); // the parent and the stranger; not the child, not grandma
    const payload = {
      category: 'tax',
      title: '住民税の申告のお知らせ',
      body: '<script>alert(1)</script>＜ｓｃｒｉｐｔ＞ 申告はお早めに。',
      audience,
      link: '/portal/information',
      expiresAt: '2026-05-01T00:00:00Z',
      remindEveryDays: 7,
    };
    const key = idem();
    const sent = await app.inject({
      method: 'POST',
      url: `/api/portal/institutions/${CHIYODA_NODE}/notices`,
      headers: { ...clerk('chiyoda'), ...key },
      payload,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'sent', delivered: 2 });
    const again = await app.inject({
      method: 'POST',
      url: `/api/portal/institutions/${CHIYODA_NODE}/notices`,
      headers: { ...clerk('chiyoda'), ...key },
      payload,
    });
    expect(again.json().id).toBe(sent.json().id);

    const inbox = await app.inject({ url: '/api/portal/notices', headers: as(parent) });
    expect(inbox.json().unread).toBe(1);
    expect(inbox.json().notices).toHaveLength(1);
    const id = sent.json().id;
    const opened = await app.inject({ url: `/api/portal/notices/${id}`, headers: as(parent) });
    expect(opened.json().body).toBe(payload.body); // text, as written: the page never renders it as HTML
    expect((await app.inject({ url: '/api/portal/notices', headers: as(parent) })).json().unread).toBe(0);
    // Another person, even one who got the same notice, reads only their own copy; grandma got none.
    const idor = await app.inject({ url: `/api/portal/notices/${id}`, headers: as(grandma) });
    expect(idor.statusCode).toBe(404);
    expect(idor.json().error.code).toBe('PORTAL_NOTICE_NOT_FOUND');

    // Reminders: a week later it is unread again, once, on the same row; acting stops them.
    clock.advance(7 * 86_400_000 + 1000);
    expect(await contexts.portal.notices.remindDue()).toBe(2);
    const reminded = (await app.inject({ url: '/api/portal/notices', headers: as(parent) })).json();
    expect(reminded).toMatchObject({ unread: 1, notices: [{ id, reminders: 1, read: false }] });
    await app.inject({ method: 'POST', url: `/api/portal/notices/${id}/act`, headers: as(parent) });
    clock.advance(7 * 86_400_000 + 1000);
    expect(await contexts.portal.notices.remindDue()).toBe(1);
    expect((await app.inject({ url: '/api/portal/notices', headers: as(parent) })).json().unread).toBe(0);

    const console = await app.inject({
      url: `/api/portal/institutions/${CHIYODA_NODE}/notices`,
      headers: clerk('chiyoda'),
    });
    expect(console.json().notices[0]).toMatchObject({ id, delivered: 2, acted: 1 });
  }, 60_000);

  it('delivery run again after a stop writes nobody twice', async () => {
    const sent = await contexts.portal.notices.send(
      staff.chiyoda!,
      CHIYODA_NODE,
      {
        category: 'general',
        title: '再配信の確認',
        body: '本文',
        audience: { kind: 'list', residents: [parent, child] },
      },
      'redeliver-0001',
    );
    expect(sent.delivered).toBe(2);
    // As if the process stopped after writing the inbox but before marking the notice sent.
    await contexts.database.db.execute(
      (await import('drizzle-orm')).sql`update portal.notices set status = 'sending' where id = ${sent.id}`,
    );
    expect(await contexts.portal.notices.deliverDue()).toBe(1);
    const notices = (await app.inject({ url: '/api/portal/notices', headers: as(child) })).json().notices;
    expect(notices.filter((n: { id: string }) => n.id === sent.id)).toHaveLength(1);
  });

  it('a scheduled notice waits for its time, can be called back before it, and carries its attachment to its readers only', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const schedule = (title: string) =>
      app.inject({
        method: 'POST',
        url: `/api/portal/institutions/${CHIYODA_NODE}/notices`,
        headers: { ...clerk('chiyoda'), ...idem() },
        payload: {
          category: 'child',
          title,
          body: '児童手当の現況届のご案内です。',
          audience: { kind: 'list', residents: [parent] },
          sendAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
          attachment: { name: '現況届.pdf', base64: pdf.toString('base64') },
        },
      });
    const later = (await schedule('現況届のご案内')).json();
    const cancelled = (await schedule('取り消すお知らせ')).json();
    expect(later).toMatchObject({ status: 'scheduled', delivered: 0 });
    const cancel = (id: string, who: keyof typeof staff = 'chiyoda') =>
      app.inject({
        method: 'POST',
        url: `/api/portal/institutions/${CHIYODA_NODE}/notices/${id}/cancellation`,
        headers: clerk(who),
      });
    expect((await cancel(cancelled.id, 'shinjuku')).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await cancel(cancelled.id)).json().status).toBe('cancelled');
    expect(await contexts.portal.notices.deliverDue()).toBe(0);
    clock.advance(3_600_000);
    expect(await contexts.portal.notices.deliverDue()).toBe(1);
    expect((await cancel(later.id)).json().error.code).toBe('PORTAL_NOTICE_NOT_CANCELLABLE');
    const titles = (await app.inject({ url: '/api/portal/notices', headers: as(parent) }))
      .json()
      .notices.map((n: { title: string }) => n.title);
    expect(titles).toContain('現況届のご案内');
    expect(titles).not.toContain('取り消すお知らせ');
    const file = await app.inject({ url: `/api/portal/notices/${later.id}/attachment`, headers: as(parent) });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const other = await app.inject({
      url: `/api/portal/notices/${later.id}/attachment`,
      headers: as(stranger),
    });
    expect(other.json().error.code).toBe('PORTAL_NOTICE_NOT_FOUND');
  });

  it('refuses bad notices and audiences outside the sender with typed errors, writing nothing', async () => {
    const post = (who: keyof typeof staff, node: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/portal/institutions/${node}/notices`,
        headers: { ...clerk(who), ...idem() },
        payload: payload as object,
      });
    const base = { category: 'general', title: 'お知らせ', body: '本文', audience: { kind: 'attributes' } };
    const cases: [unknown, string][] = [
      [{ ...base, link: 'javascript:alert(1)' }, 'PORTAL_NOTICE_INVALID'],
      [{ ...base, title: '改行\nあり' }, 'PORTAL_NOTICE_INVALID'],
      [{ ...base, audience: { kind: 'attributes', ageFrom: 30, ageTo: 20 } }, 'PORTAL_AUDIENCE_INVALID'],
      [{ ...base, audience: { kind: 'attributes', wealth: 'high' } }, 'PORTAL_AUDIENCE_INVALID'],
      [{ ...base, audience: { kind: 'attributes', municipality: SHINJUKU } }, 'PORTAL_AUDIENCE_OUT_OF_SCOPE'],
      [
        { ...base, audience: { kind: 'list', residents: ['0190a1b2-0000-7000-8000-000000000000'] } },
        'PORTAL_AUDIENCE_OUT_OF_SCOPE',
      ],
      [{ ...base, remindEveryDays: 3 }, 'PORTAL_NOTICE_INVALID'],
      [
        { ...base, attachment: { name: 'a.pdf', base64: Buffer.from('not a pdf').toString('base64') } },
        'PORTAL_NOTICE_INVALID',
      ],
      [{ ...base, category: 'lottery' }, 'REQUEST_INVALID'],
    ];
    const before = (
      await app.inject({ url: `/api/portal/institutions/${CHIYODA_NODE}/notices`, headers: clerk('chiyoda') })
    ).json().notices.length;
    for (const [payload, code] of cases) {
      const res = await post('chiyoda', CHIYODA_NODE, payload);
      expect(res.json().error?.code, JSON.stringify(payload)).toBe(code);
      expect(res.statusCode).toBeLessThan(500);
    }
    // Shinjuku's clerk may not send as Chiyoda.
    expect((await post('shinjuku', CHIYODA_NODE, base)).json().error.code).toBe('AUTH_FORBIDDEN');
    const after = (
      await app.inject({ url: `/api/portal/institutions/${CHIYODA_NODE}/notices`, headers: clerk('chiyoda') })
    ).json().notices.length;
    expect(after).toBe(before);
  });
});

describe('代理人', () => {
  it('a parent invites a proxy with a scope; the proxy acts within it, is refused outside, and the parent sees it all; a suspended card ends it', async () => {
    const invite = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/invitations',
      headers: as(parent),
      payload: { scope: ['notices', 'history'], validUntil: '2026-12-31' },
    });
    expect(invite.statusCode).toBe(201);
    const { code, mandate } = invite.json();
    expect(code).toMatch(/^[A-Z2-9]{20}$/);
    const looked = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/lookup',
      headers: as(grandma),
      payload: { code },
    });
    expect(looked.json()).toMatchObject({
      status: 'requested',
      principal: { name: '佐藤\u3000花子' },
      scope: ['history', 'notices'],
    });
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/decision',
      headers: as(grandma),
      payload: { code, decision: 'accept' },
    });
    expect(accepted.json()).toMatchObject({ status: 'active', proxy: { name: '鈴木\u3000節子' } });
    // The code is spent.
    const reused = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/decision',
      headers: as(stranger),
      payload: { code, decision: 'accept' },
    });
    expect(reused.json().error.code).toBe('PORTAL_MANDATE_CODE_UNKNOWN');

    const inScope = await app.inject({ url: '/api/portal/notices', headers: as(grandma, mandate.id) });
    expect(inScope.statusCode).toBe(200);
    expect(inScope.json().notices.length).toBeGreaterThan(0);
    const outOfScope = await app.inject({ url: '/api/portal/information', headers: as(grandma, mandate.id) });
    expect(outOfScope.json().error.code).toBe('PORTAL_PROXY_SCOPE');
    const reveal = await app.inject({
      method: 'POST',
      url: '/api/portal/number/reveal',
      headers: as(grandma, mandate.id),
    });
    expect(reveal.statusCode).toBe(403);
    // Someone else cannot use the mandate.
    const thief = await app.inject({ url: '/api/portal/notices', headers: as(stranger, mandate.id) });
    expect(thief.json().error.code).toBe('PORTAL_MANDATE_NOT_FOUND');

    const activity = (await app.inject({ url: '/api/portal/activity', headers: as(parent) })).json().entries;
    expect(activity.find((e: { byProxy: boolean }) => e.byProxy)).toMatchObject({
      actorName: '鈴木\u3000節子',
    });

    await contexts.cards.suspend(
      { id: parent, kind: 'person', residentId: parent, displayName: 'p', roles: [] },
      { cardId: parentCard },
    );
    const after = await app.inject({ url: '/api/portal/notices', headers: as(grandma, mandate.id) });
    expect(after.json().error.code).toBe('PORTAL_PROXY_NOT_ACTIVE');
    const list = (await app.inject({ url: '/api/portal/mandates', headers: as(parent) })).json();
    expect(list.given.find((m: { id: string }) => m.id === mandate.id)).toMatchObject({
      status: 'ended',
      endReason: 'principal-card-stopped',
    });
  }, 60_000);

  it('a parent acts for their child as legal representative; a stranger may not', async () => {
    const children = (await app.inject({ url: '/api/portal/mandates', headers: as(parent) })).json().children;
    expect(children).toEqual([{ id: child, name: '佐藤\u3000陽', birthDate: '2021-06-10' }]);
    const self = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/invitations',
      headers: as(parent),
      payload: {
        principal: child,
        proxyIsSelf: true,
        scope: ['information', 'notices'],
        validUntil: '2027-03-31',
      },
    });
    expect(self.json()).toMatchObject({
      code: null,
      mandate: { status: 'active', requestedAs: 'representative' },
    });
    const info = await app.inject({
      url: '/api/portal/information',
      headers: as(parent, self.json().mandate.id),
    });
    const vaccination = info
      .json()
      .categories[2].items.find((i: { item: string }) => i.item === 'TM00000000000304');
    expect(vaccination.status).toBe('found');
    expect(vaccination.fields.find((f: { name: string }) => f.name === 'givenOn').display).toBe(
      '令和4年6月10日（2022年6月10日）',
    );
    const notRep = await app.inject({
      method: 'POST',
      url: '/api/portal/mandates/invitations',
      headers: as(stranger),
      payload: { principal: child, proxyIsSelf: true, scope: ['notices'], validUntil: '2027-03-31' },
    });
    expect(notRep.json().error.code).toBe('PORTAL_NOT_REPRESENTATIVE');
  }, 60_000);

  it('refuses bad terms and lets only the parties end a mandate', async () => {
    const post = (url: string, payload: object, who = stranger) =>
      app.inject({ method: 'POST', url, headers: as(who), payload });
    expect(
      (await post('/api/portal/mandates/requests', { scope: ['everything'], validUntil: '2026-12-01' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post('/api/portal/mandates/requests', { scope: ['notices'], validUntil: '2020-01-01' })).json()
        .error.code,
    ).toBe('PORTAL_MANDATE_INVALID');
    expect(
      (await post('/api/portal/mandates/requests', { scope: ['notices'], validUntil: '2035-01-01' })).json()
        .error.code,
    ).toBe('PORTAL_MANDATE_INVALID');
    expect((await post('/api/portal/mandates/lookup', { code: 'AAAA-BBBB' })).json().error.code).toBe(
      'PORTAL_MANDATE_CODE_UNKNOWN',
    );
    const req = (
      await post('/api/portal/mandates/requests', { scope: ['notices'], validUntil: '2026-12-01' })
    ).json();
    expect((await post('/api/portal/mandates/lookup', { code: req.code })).json().error.code).toBe(
      'PORTAL_MANDATE_SELF',
    );
    expect(
      (await post(`/api/portal/mandates/${req.mandate.id}/revocation`, {}, grandma)).json().error.code,
    ).toBe('PORTAL_MANDATE_NOT_FOUND');
    const accepted = (
      await post('/api/portal/mandates/decision', { code: req.code, decision: 'accept' }, grandma)
    ).json();
    expect(accepted).toMatchObject({ status: 'active', principal: { id: grandma }, proxy: { id: stranger } });
    const useIt = () => app.inject({ url: '/api/portal/notices', headers: as(stranger, req.mandate.id) });
    expect((await useIt()).statusCode).toBe(200);
    expect((await post(`/api/portal/mandates/${req.mandate.id}/revocation`, {}, grandma)).json().status).toBe(
      'revoked',
    );
    // Revoked: the very next call is refused.
    expect((await useIt()).json().error.code).toBe('PORTAL_PROXY_NOT_ACTIVE');
    const again = await post(`/api/portal/mandates/${req.mandate.id}/revocation`, {}, grandma);
    expect(again.json().error).toMatchObject({ code: 'PORTAL_MANDATE_TRANSITION', allowed: [] });
  });
});
