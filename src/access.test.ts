import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/support/app.ts';

/**
 * Every route, called without credentials and with made-up arguments, answers 401 or 403
 * unless it is on the reviewed public list below. A new public route must be added here
 * on purpose.
 */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'POST /api/numbers/validate',
  'POST /api/numbers/validate-batch',
  'GET /api/registry/municipalities',
  'GET /api/pki/{kind}/ca',
  'GET /api/pki/{kind}/ca.pem',
  'GET /api/pki/{kind}/crl',
  'GET /api/pki/{kind}/crl.pem',
  'POST /api/pki/ocsp',
  'GET /api/pki/ocsp/{*}',
  'POST /api/login/challenge',
  'POST /api/login',
  'GET /api/linkage/log/head',
  'GET /api/linkage/catalogue',
  'GET /api/linkage/log/proofs/inclusion',
  'GET /api/linkage/log/proofs/consistency',
  // The corporate number publication: public data, as the NTA publishes it. The Web-API
  // checks its own credential (the application id) and is tested in corporate/routes.test.ts.
  'GET /4/num',
  'GET /4/diff',
  'GET /4/name',
  'GET /api/corporate/corporations/{number}',
  'GET /api/corporate/search',
  'GET /api/corporate/by-address',
  'GET /api/corporate/places/{prefecture}',
  'GET /api/corporate/downloads/{file}',
  // Open notices of government and municipalities (disaster information): meant for everyone.
  'GET /api/portal/open-notices',
]);

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await testApp());
  await app.ready();
});
afterAll(async () => close());

describe('default deny', () => {
  it('refuses every non-public route without credentials, whatever the arguments', async () => {
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const seen: string[] = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const method of Object.keys(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        seen.push(name);
        if (PUBLIC.has(name)) continue;
        const url = path.replace(/\{[^}]+\}/g, '0190a1b2-0000-7000-8000-000000000000').replace('*', 'x');
        const res = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          ...(method === 'get' ? {} : { payload: { anything: 'ｘ<script>', residentId: 'nope' } }),
        });
        expect([401, 403], `${name} answered ${res.statusCode}`).toContain(res.statusCode);
      }
    }
    // The public list names only routes that exist.
    for (const p of PUBLIC) expect(seen).toContain(p);
  });
});
