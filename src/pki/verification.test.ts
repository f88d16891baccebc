import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { cardFor, PINS, registerPerson } from '../../test/support/cards.ts';
import { toBase64 } from '../card/chip.ts';
import type { Contexts } from '../platform/contexts.ts';

let app: FastifyInstance;
let contexts: Contexts;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, contexts, close } = await testApp());
});
afterAll(async () => close());

describe('verification service for registered verifiers (署名検証者)', () => {
  it('checks a signed application and returns the four facts only when everything holds', async () => {
    const residentId = await registerPerson(contexts, { givenName: '銀子' });
    const { chip, cardId } = await cardFor(contexts, residentId);
    const bank = await contexts.verifiers.register('Example Bank');
    expect(bank.apiKey).toMatch(/^bvk_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/);
    const data = new TextEncoder().encode('口座開設申込書 2026-04-01');
    const signature = await chip.sign('signature', PINS.signature!, data);
    const certificate = toBase64(await chip.certificate('signature', PINS.signature!));
    const payload = { certificate, data: toBase64(data), signature: toBase64(signature) };
    const headers = { authorization: `Bearer ${bank.apiKey}` };

    const ok = await app.inject({ method: 'POST', url: '/api/pki/verification', headers, payload });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      verdict: 'valid',
      facts: { name: '山田　銀子', birthDate: '1990-05-01', sex: '2', address: '千代田一丁目1番1号' },
    });

    const tampered = await app.inject({
      method: 'POST',
      url: '/api/pki/verification',
      headers,
      payload: { ...payload, data: toBase64(new TextEncoder().encode('別の内容')) },
    });
    expect(tampered.json()).toMatchObject({ verdict: 'bad-signature' });
    expect(tampered.json().facts).toBeUndefined();

    // An authentication certificate is not a signature certificate.
    const auth = toBase64(await chip.certificate('authentication'));
    const wrongKind = await app.inject({
      method: 'POST',
      url: '/api/pki/verification',
      headers,
      payload: { ...payload, certificate: auth },
    });
    expect(wrongKind.json().verdict).toBe('untrusted');

    await contexts.cards.suspend(
      {
        id: 'c',
        kind: 'operator',
        displayName: 'c',
        roles: [{ role: 'system-administrator', organisation: '*' }],
      },
      { cardId },
    );
    const held = await app.inject({ method: 'POST', url: '/api/pki/verification', headers, payload });
    expect(held.json()).toMatchObject({ verdict: 'held', reason: 'certificateHold' });
    expect(held.json().facts).toBeUndefined();

    const garbage = await app.inject({
      method: 'POST',
      url: '/api/pki/verification',
      headers,
      payload: { ...payload, certificate: 'AAAA' },
    });
    expect(garbage.json().verdict).toBe('malformed');
  }, 60_000);

  it('refuses callers that are not registered verifiers, and withdrawn ones', async () => {
    const payload = { certificate: 'AAAA', data: 'AAAA', signature: 'AAAA' };
    const anonymous = await app.inject({ method: 'POST', url: '/api/pki/verification', payload });
    expect(anonymous.statusCode).toBe(401);
    const forged = await app.inject({
      method: 'POST',
      url: '/api/pki/verification',
      headers: { authorization: `Bearer bvk_0123456789abcdef.${'A'.repeat(43)}` },
      payload,
    });
    expect(forged.statusCode).toBe(401);
    const bank = await contexts.verifiers.register('Withdrawn Bank');
    await contexts.verifiers.withdraw(bank.id);
    const withdrawn = await app.inject({
      method: 'POST',
      url: '/api/pki/verification',
      headers: { authorization: `Bearer ${bank.apiKey}` },
      payload,
    });
    expect(withdrawn.statusCode).toBe(401);
  });
});
