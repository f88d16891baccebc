import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { decodeOcsp as decode, ocspRequest } from '../../test/support/ocsp.ts';
import { folderWith, hasOpenssl, ocspQuery } from '../../test/support/openssl.ts';
import { systemClock } from '../kernel/clock.ts';
import type { Contexts } from '../platform/contexts.ts';
import { RSA_2048 } from './ca.ts';
import { readCertificate } from './certificate.ts';
import * as der from './der.ts';
import type { CertificateKind } from './model.ts';
import { OcspMalformed, parseOcspRequest } from './ocsp.ts';

let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
let url: string;
let holder: CryptoKeyPair;
beforeAll(async () => {
  // openssl checks the answer's times against the real clock.
  ({ app, contexts, close } = await testApp({}, { clock: systemClock }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address}/api/pki/ocsp`;
  holder = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as CryptoKeyPair;
});
afterAll(async () => close());

const issue = (kind: CertificateKind = 'authentication') =>
  contexts.pki.issue(kind, {
    publicKey: holder.publicKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    ...(kind === 'signature'
      ? {
          facts: {
            name: '山田　花子',
            nameFlags: '00000',
            sex: '2',
            birthDate: '1990-01-02',
            address: '東京都千代田区',
            addressFlags: '0000000',
          },
        }
      : {}),
  });

const request = (kind: CertificateKind, serialHex: string, nonce?: Uint8Array) =>
  ocspRequest(contexts.pki, kind, serialHex, nonce);

describe('OCSP responder', () => {
  it.skipIf(!hasOpenssl)(
    'answers openssl ocsp: good, revoked, held, and good again after resumption',
    async () => {
      const [good, revoked, held, signature] = [
        await issue(),
        await issue(),
        await issue(),
        await issue('signature'),
      ];
      await contexts.pki.revoke(revoked.serialNumber, 'keyCompromise');
      await contexts.pki.revoke(held.serialNumber, 'certificateHold');
      const dir = folderWith({
        'ca.pem': contexts.pki.ca('authentication').certificate.toString('pem'),
        'good.pem': good.pem(),
        'revoked.pem': revoked.pem(),
        'held.pem': held.pem(),
      });
      const goodOut = await ocspQuery(dir, 'good.pem', url);
      expect(goodOut).toContain('Response verify OK');
      expect(goodOut).toMatch(/good\.pem: good/);
      const revokedOut = await ocspQuery(dir, 'revoked.pem', url);
      expect(revokedOut).toContain('Response verify OK');
      expect(revokedOut).toMatch(/revoked\.pem: revoked/);
      expect(revokedOut).toMatch(/Reason: keyCompromise/);
      const heldOut = await ocspQuery(dir, 'held.pem', url);
      expect(heldOut).toMatch(/held\.pem: revoked/);
      expect(heldOut).toMatch(/Reason: certificateHold/);
      await contexts.pki.resume(held.serialNumber);
      expect(await ocspQuery(dir, 'held.pem', url)).toMatch(/held\.pem: good/);

      // The signature CA answers for its own certificates, signed with its own key.
      const signDir = folderWith({
        'ca.pem': contexts.pki.ca('signature').certificate.toString('pem'),
        'sig.pem': signature.pem(),
      });
      const signOut = await ocspQuery(signDir, 'sig.pem', url);
      expect(signOut).toContain('Response verify OK');
      expect(signOut).toMatch(/sig\.pem: good/);
    },
    60_000,
  );

  it('answers the GET form, echoes the nonce, and says unknown for serials it never issued', async () => {
    const cert = await issue();
    const req = request('authentication', cert.serialNumber, webcrypto.getRandomValues(new Uint8Array(16)));
    const encoded = encodeURIComponent(Buffer.from(req).toString('base64'));
    const res = await app.inject({ url: `/api/pki/ocsp/${encoded}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/ocsp-response');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decode(res.rawPayload)).toEqual({ status: 0, certStatus: [0], hasNonce: true });

    const unknown = await app.inject({
      method: 'POST',
      url: '/api/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.from(request('authentication', '7fff00112233')),
    });
    expect(decode(unknown.rawPayload)).toEqual({ status: 0, certStatus: [2], hasNonce: false });

    // Asking the signature CA about an authentication certificate's serial: unknown there.
    const crossed = await app.inject({
      method: 'POST',
      url: '/api/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.from(request('signature', cert.serialNumber)),
    });
    expect(decode(crossed.rawPayload).certStatus).toEqual([2]);
  });

  it('gives malformed requests the malformedRequest status with a 400, never a 500', async () => {
    for (const payload of [
      Buffer.from('hello'),
      Buffer.alloc(0),
      Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/pki/ocsp',
        headers: { 'content-type': 'application/ocsp-request' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(decode(res.rawPayload)).toEqual({ status: 1 });
    }
    const bad = await app.inject({ url: '/api/pki/ocsp/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    const big = await app.inject({
      method: 'POST',
      url: '/api/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.alloc(10_000, 0x30),
    });
    expect(big.statusCode).toBe(413);
  });

  it('parses random and mutated DER without crashing or hanging', async () => {
    const seed = request('authentication', 'aabbcc', new Uint8Array(16));
    const cert = (await issue()).der;
    const mutate = (base: Uint8Array) =>
      fc
        .array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        })
        .map((edits) => {
          const copy = base.slice();
          for (const [at, value] of edits) copy[at] = value;
          return copy;
        });
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      mutate(seed),
      mutate(cert),
      fc.nat(seed.length).map((n) => seed.subarray(0, n)),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        const started = performance.now();
        try {
          parseOcspRequest(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(OcspMalformed);
        }
        try {
          readCertificate(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(der.DerError);
        }
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: 3000 },
    );
  });
});
