import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import type { Contexts } from '../platform/contexts.ts';
import { x509 } from './x509.ts';

let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, contexts, close } = await testApp());
});
afterAll(async () => close());

describe('CA certificates and CRLs over HTTP', () => {
  it('serve each CA certificate to anyone, as DER and PEM', async () => {
    const der = await app.inject({ url: '/api/pki/signature/ca' });
    expect(der.statusCode).toBe(200);
    expect(der.headers['content-type']).toBe('application/pkix-cert');
    expect(new x509.X509Certificate(new Uint8Array(der.rawPayload)).subject).toContain(
      'JPKI for digital signature',
    );
    const pem = await app.inject({ url: '/api/pki/authentication/ca.pem' });
    expect(pem.body.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });

  it('serve the current CRL, listing what was revoked', async () => {
    const { publicKey } = contexts.pki.ca('authentication').certificate;
    const cert = await contexts.pki.issue('authentication', {
      publicKey,
      notBefore: new Date('2026-04-01T00:00:00Z'),
      notAfter: new Date('2031-04-01T00:00:00Z'),
    });
    await contexts.pki.revoke(cert.serialNumber, 'certificateHold');
    const res = await app.inject({ url: '/api/pki/authentication/crl' });
    expect(res.headers['content-type']).toBe('application/pkix-crl');
    const crl = new x509.X509Crl(new Uint8Array(res.rawPayload));
    expect(crl.entries.map((e) => e.serialNumber)).toEqual([cert.serialNumber]);
    expect(await crl.verify({ publicKey: contexts.pki.ca('authentication').certificate.publicKey })).toBe(
      true,
    );
    const pem = await app.inject({ url: '/api/pki/authentication/crl.pem' });
    expect(pem.body.startsWith('-----BEGIN X509 CRL-----')).toBe(true);
  });

  it('refuse an unknown CA with a typed 400', async () => {
    const res = await app.inject({ url: '/api/pki/banking/ca' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REQUEST_INVALID');
  });
});
