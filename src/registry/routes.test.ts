import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import type { Actor } from '../kernel/actor.ts';
import { IndividualNumber } from '../numbers/index.ts';

const CHIYODA = '131016';
const SHINJUKU = '131041';
const ACTORS: Record<string, Actor> = {
  chiyoda: {
    id: 'clerk-chiyoda',
    kind: 'staff',
    displayName: 'C',
    roles: [{ role: 'municipal-clerk', organisation: CHIYODA }],
  },
  shinjuku: {
    id: 'clerk-shinjuku',
    kind: 'staff',
    displayName: 'S',
    roles: [{ role: 'municipal-clerk', organisation: SHINJUKU }],
  },
  auditor: {
    id: 'ppc',
    kind: 'staff',
    displayName: 'P',
    roles: [{ role: 'ppc-auditor', organisation: '*' }],
  },
};

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  // Tests stand in for card login: a header names the actor. Product code has no such path.
  ({ app, close } = await testApp({
    authenticators: [(req) => ACTORS[String(req.headers['x-test-actor'])] ?? null],
  }));
});
afterAll(async () => close());

const as = (who: string) => ({ 'x-test-actor': who });
const person = {
  kind: 'entry-from-abroad',
  familyName: '髙橋',
  givenName: '一郎',
  familyNameKana: 'タカハシ',
  givenNameKana: 'イチロウ',
  birthDate: '1980-02-29',
  sex: '1',
  address: '千代田一丁目2番3号',
  effectiveDate: '2026-03-25',
  household: { mode: 'new' },
};
const fileAt = (code: string, who: string, body: unknown, key = `key-${Math.random()}`) =>
  app.inject({
    method: 'POST',
    url: `/api/registry/municipalities/${code}/filings`,
    headers: { ...as(who), 'idempotency-key': key },
    payload: body as object,
  });

describe('registry over HTTP', () => {
  it('lists municipalities publicly', async () => {
    const res = await app.inject({ url: '/api/registry/municipalities?prefecture=13' });
    expect(res.statusCode).toBe(200);
    const names = res.json().municipalities.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['東京都', '千代田区', '新宿区']));
  });

  it('refuses staff routes without an actor (401) and with the wrong role (403)', async () => {
    expect((await fileAt(CHIYODA, 'nobody', person)).statusCode).toBe(401);
    expect((await fileAt(CHIYODA, 'auditor', person)).statusCode).toBe(403);
    const other = await fileAt(CHIYODA, 'shinjuku', person);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('files, replays by idempotency key, reads, searches, reveals and re-issues', async () => {
    const first = await fileAt(CHIYODA, 'chiyoda', person, 'entry-0001');
    expect(first.statusCode).toBe(201);
    const replay = await fileAt(CHIYODA, 'chiyoda', person, 'entry-0001');
    expect(replay.json()).toEqual(first.json());
    const { residentId, individualNumber } = first.json();
    expect(individualNumber).toMatch(/^\*{4} \*{4} \d{4}$/);

    const record = await app.inject({ url: `/api/registry/residents/${residentId}`, headers: as('chiyoda') });
    expect(record.json()).toMatchObject({ familyName: '髙橋', nameFlags: '10000', status: 'resident' });
    // No number in the record (ids aside: a UUID's last group is all digits about once in 280).
    expect(record.body.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '')).not.toMatch(/\d{12}/);
    // Shinjuku's clerk is told nothing about a Chiyoda resident.
    expect(
      (await app.inject({ url: `/api/registry/residents/${residentId}`, headers: as('shinjuku') }))
        .statusCode,
    ).toBe(404);

    const found = await app.inject({
      url: `/api/registry/municipalities/${CHIYODA}/residents?name=${encodeURIComponent('高橋')}&birthDate=1980-02-29`,
      headers: as('chiyoda'),
    });
    expect(found.json().candidates.map((c: { id: string }) => c.id)).toEqual([residentId]);

    const shown = await app.inject({
      method: 'POST',
      url: `/api/registry/residents/${residentId}/reveal-number`,
      headers: as('chiyoda'),
      payload: { purpose: 'counter', numberCheck: ['my-number-card'], identityCheck: ['my-number-card'] },
    });
    expect(shown.headers['cache-control']).toBe('no-store');
    const number = shown.json().individualNumber;
    expect(IndividualNumber.isValid(number)).toBe(true);
    expect(number.slice(8)).toBe(individualNumber.slice(-4));

    // A postal code must serve the municipality the filing is made at.
    const moved = await app.inject({
      method: 'POST',
      url: `/api/registry/municipalities/${CHIYODA}/filings`,
      headers: { ...as('chiyoda'), 'idempotency-key': 'postal-ok-0001' },
      payload: {
        kind: 'move-within',
        residentId,
        address: '大手町一丁目1番1号',
        postalCode: '100-0004',
        effectiveDate: '2026-03-31',
      },
    });
    expect(moved.statusCode).toBe(201);
    const afterMove = await app.inject({
      url: `/api/registry/residents/${residentId}`,
      headers: as('chiyoda'),
    });
    expect(afterMove.json()).toMatchObject({ address: '大手町一丁目1番1号', postalCode: '1000004' });
    const elsewhere = await app.inject({
      method: 'POST',
      url: `/api/registry/municipalities/${CHIYODA}/filings`,
      headers: { ...as('chiyoda'), 'idempotency-key': 'postal-bad-0001' },
      payload: {
        kind: 'move-within',
        residentId,
        address: '新宿三丁目1番1号',
        postalCode: '160-0022',
        effectiveDate: '2026-03-31',
      },
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error).toMatchObject({
      code: 'REGISTRY_POSTAL_CODE_MISMATCH',
      field: 'postalCode',
    });

    // A number handed in at the counter: checked against the index and recorded either way.
    const collect = (presented: string) =>
      app.inject({
        method: 'POST',
        url: `/api/registry/residents/${residentId}/number-collection`,
        headers: as('chiyoda'),
        payload: {
          individualNumber: presented,
          purpose: 'child allowance application',
          numberCheck: ['notification-card'],
          identityCheck: ['driving-licence'],
        },
      });
    expect((await collect(number)).json()).toEqual({ matches: true });
    const body = number.slice(0, 10) + String((Number(number[10]) + 1) % 10);
    expect((await collect(IndividualNumber.fromBody(body))).json()).toEqual({ matches: false });
    const malformed = await collect('12345');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('NUMBERS_LENGTH');

    const letter = await app.inject({
      url: `/api/registry/residents/${residentId}/notification-letter`,
      headers: as('chiyoda'),
    });
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (
        await app.inject({
          url: `/api/registry/residents/${residentId}/notification-letter`,
          headers: as('shinjuku'),
        })
      ).statusCode,
    ).toBe(404);

    const reissued = await app.inject({
      method: 'POST',
      url: `/api/registry/residents/${residentId}/reissue-number`,
      headers: as('chiyoda'),
      payload: { reason: 'leaked' },
    });
    expect(reissued.statusCode).toBe(200);
    const history = await app.inject({
      url: `/api/registry/residents/${residentId}/history`,
      headers: as('chiyoda'),
    });
    expect(history.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'entry-from-abroad',
      'move-within',
    ]);
  });

  it('a filing without an idempotency key, or with bad fields, is a 400 with the field named', async () => {
    const noKey = await app.inject({
      method: 'POST',
      url: `/api/registry/municipalities/${CHIYODA}/filings`,
      headers: as('chiyoda'),
      payload: person,
    });
    expect(noKey.statusCode).toBe(400);
    const bad = await fileAt(CHIYODA, 'chiyoda', { ...person, givenName: '一\u200b郎' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'REGISTRY_FIELD_INVALID', field: 'givenName' });
    const future = await fileAt(CHIYODA, 'chiyoda', { ...person, birthDate: '2099-01-01' });
    expect(future.json().error.code).toBe('REGISTRY_DATE_INVALID');
    const unknownKind = await fileAt(CHIYODA, 'chiyoda', { ...person, kind: 'adoption' });
    expect(unknownKind.statusCode).toBe(400);
    const illegal = await fileAt(CHIYODA, 'chiyoda', {
      kind: 'move-in',
      residentId: '00000000-0000-4000-8000-000000000000',
      address: 'x',
      effectiveDate: '2026-03-30',
      household: { mode: 'new' },
    });
    expect(illegal.statusCode).toBe(404);
  });
});
