import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogCapture, OPERATOR_TOKEN, testApp } from '../test/support/app.ts';
import { MIGRATIONS_DIR } from './kernel/db.ts';

let app: FastifyInstance;
let logs: LogCapture;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, logs, close } = await testApp());
});
afterAll(async () => close());

describe('platform', () => {
  it('answers liveness and readiness', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'pglite' });
  });

  it('gives every response a request id and security headers', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/numbers/validate', '/api/numbers/validate-batch', '/healthz', '/readyz']),
    );
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('refuses operator routes without the token, and answers with it', async () => {
    const denied = await app.inject({ url: '/api/operator/status' });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.code).toBe('AUTH_REQUIRED');
    const wrong = await app.inject({
      url: '/api/operator/status',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({
      url: '/api/operator/status',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
    expect(ok.json()).toMatchObject({ engine: 'pglite', migrations: { applied: journal.entries.length } });
  });

  it('answers unknown addresses with a typed 404', async () => {
    const res = await app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'REQUEST_NOT_FOUND', message: expect.any(String) } });
  });
});

describe('bad input never gets a 500', () => {
  const post = (payload: string, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/api/numbers/validate',
      payload,
      headers: { 'content-type': contentType },
    });

  it.each([
    ['malformed JSON', '{"value":', 'application/json', 400, 'REQUEST_INVALID'],
    ['empty body', '', 'application/json', 400, 'REQUEST_INVALID'],
    ['wrong type', '{"value":123}', 'application/json', 400, 'REQUEST_INVALID'],
    ['unknown field', '{"value":"1","x":1}', 'application/json', 400, 'REQUEST_INVALID'],
    ['unknown kind', '{"value":"1","kind":"passport"}', 'application/json', 400, 'REQUEST_INVALID'],
    [
      'over-long value',
      JSON.stringify({ value: '1'.repeat(65) }),
      'application/json',
      400,
      'REQUEST_INVALID',
    ],
    ['not JSON', 'value=1', 'text/plain', 415, 'REQUEST_MEDIA_TYPE'],
  ])('%s', async (_label, payload, type, status, code) => {
    const res = await post(payload, type);
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('a body over the limit gets 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/numbers/validate-batch',
      payload: JSON.stringify({
        values: Array.from({ length: 60_000 }, () => '1234567890123456789012345678901234567890'),
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('REQUEST_TOO_LARGE');
  });

  it('an unexpected failure is a plain 500 without detail', async () => {
    const { app: other, close: closeOther } = await testApp();
    other.get('/api/test/explode', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail 621498320257');
    });
    const res = await other.inject({ url: '/api/test/explode' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String) } });
    expect(res.body).not.toContain('secret');
    await closeOther();
  });

  it('rate limiting answers 429 with the error shape', async () => {
    const { app: limited, close: closeLimited } = await testApp({
      config: { rateLimitPerMinute: 2, bodyLimitBytes: 1024 * 1024 },
    });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.inject({ url: '/healthz' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const res = await limited.inject({ url: '/healthz' });
    expect(res.json().error.code).toBe('REQUEST_RATE_LIMITED');
    await closeLimited();
  });
});

describe('access declarations', () => {
  it('a route without a declared policy stops the app from starting', async () => {
    const { app: other, close: closeOther } = await testApp();
    expect(() => other.get('/api/undeclared', async () => 'x')).toThrow(/declares no access policy/);
    await closeOther();
  });
});

describe('logs', () => {
  it('never contain an Individual Number, whatever the request carried', async () => {
    await app.inject({
      url: '/api/numbers/validate?n=621498320257',
      method: 'POST',
      payload: { value: '6214 9832 0257' },
    });
    await app.inject({ url: '/nowhere/6214-9832-0257' });
    await app.inject({ url: '/nowhere/６２１４９８３２０２５７' });
    const all = logs.lines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toMatch(/621498320257|6214[ -]9832[ -]0257|６２１４９８３２０２５７/);
  });
});
