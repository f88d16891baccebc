import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { cardFor, PINS, registerPerson } from '../../test/support/cards.ts';
import type { Chip } from '../card/chip.ts';
import type { Contexts } from '../platform/contexts.ts';
import { answerChallenge } from './client.ts';

let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, contexts, close } = await testApp());
});
afterAll(async () => close());

const ORIGIN = 'http://localhost:3000';

async function httpLogin(chip: Chip, origin = ORIGIN) {
  const challenge = await app.inject({ method: 'POST', url: '/api/login/challenge', headers: { origin } });
  expect(challenge.statusCode).toBe(200);
  const answer = await answerChallenge(chip, PINS.authentication, challenge.json());
  return app.inject({ method: 'POST', url: '/api/login', headers: { origin }, payload: answer });
}

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0]!;

describe('card login over HTTP', () => {
  it('opens a session in an HttpOnly, SameSite=Strict cookie; state changes need the CSRF token; logout ends it', async () => {
    const residentId = await registerPerson(contexts);
    const { chip } = await cardFor(contexts, residentId);
    const res = await httpLogin(chip);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^bango_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    const { csrfToken, session } = res.json();
    expect(session).toMatchObject({ residentId, roles: [] });
    const cookie = cookieOf(res);

    const current = await app.inject({ url: '/api/login/session', headers: { cookie } });
    expect(current.statusCode).toBe(200);
    expect(current.json().csrfToken).toBe(csrfToken);

    const noCsrf = await app.inject({ method: 'POST', url: '/api/login/logout', headers: { cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('LOGIN_CSRF_MISMATCH');
    const out = await app.inject({
      method: 'POST',
      url: '/api/login/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const reused = await app.inject({ url: '/api/login/session', headers: { cookie } });
    expect(reused.statusCode).toBe(401);
  }, 60_000);

  it('refuses a login whose Origin differs from the challenge’s, with a typed 401', async () => {
    const residentId = await registerPerson(contexts, { givenName: '次郎' });
    const { chip } = await cardFor(contexts, residentId);
    const challenge = await app.inject({
      method: 'POST',
      url: '/api/login/challenge',
      headers: { origin: ORIGIN },
    });
    const answer = await answerChallenge(chip, PINS.authentication, challenge.json());
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin: 'https://evil.example' },
      payload: answer,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('LOGIN_ORIGIN_MISMATCH');
    const garbage = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin: ORIGIN },
      payload: { nonce: 'x', certificate: 'AAAA', signature: 'AAAA' },
    });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.code).toBe('LOGIN_CHALLENGE_UNKNOWN');
  }, 60_000);

  it('staff act with their roles; a person without one is refused the counter', async () => {
    const clerkId = await registerPerson(contexts, { givenName: '三郎' });
    const { chip } = await cardFor(contexts, clerkId);
    const asPerson = await httpLogin(chip);
    const personCookie = cookieOf(asPerson);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/cards',
      headers: { cookie: personCookie, 'x-csrf-token': asPerson.json().csrfToken },
      payload: { residentId: clerkId },
    });
    expect(refused.statusCode).toBe(403);

    await contexts.login.grant(
      { id: 'test', kind: 'operator', displayName: 't', roles: [] },
      clerkId,
      'municipal-clerk',
      '131016',
    );
    const applicant = await registerPerson(contexts, { givenName: '四郎' });
    const applied = await app.inject({
      method: 'POST',
      url: '/api/cards',
      headers: { cookie: personCookie, 'x-csrf-token': asPerson.json().csrfToken },
      payload: { residentId: applicant },
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ residentId: applicant, status: 'applied' });
  }, 60_000);

  it('lets the holder suspend their own card at any hour, and then the session is gone', async () => {
    const residentId = await registerPerson(contexts, { givenName: '五郎' });
    const { chip, cardId } = await cardFor(contexts, residentId);
    const res = await httpLogin(chip);
    const cookie = cookieOf(res);
    const suspended = await app.inject({
      method: 'POST',
      url: `/api/cards/${cardId}/suspension`,
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
    });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().status).toBe('suspended');
    expect((await app.inject({ url: '/api/login/session', headers: { cookie } })).statusCode).toBe(401);
    const again = await httpLogin(chip);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('LOGIN_CARD_SUSPENDED');
  }, 60_000);
});
