import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { cardFor, PINS, registerPerson } from '../../test/support/cards.ts';
import { folderWith, hasOpenssl, verifyWithCrl } from '../../test/support/openssl.ts';
import { systemClock } from '../kernel/clock.ts';
import { answerChallenge } from '../login/client.ts';
import type { Contexts } from '../platform/contexts.ts';
import { crlPem } from './ca.ts';

let contexts: Contexts;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ contexts, close } = await testApp({}, { clock: systemClock, caKeyAlgorithm: 'ecdsa-p256' }));
});
afterAll(async () => close());

describe('CAs with ECDSA P-256 keys (the option SPECS allows)', () => {
  it('issue certificates, CRLs and OCSP answers that OpenSSL accepts, and cards log in with them', async () => {
    const ca = contexts.pki.ca('authentication');
    expect(ca.algorithm).toBe('ecdsa-p256');
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);

    const challenge = await contexts.login.challenge('https://bango.example');
    const answer = await answerChallenge(chip, PINS.authentication, challenge);
    const opened = await contexts.login.login({
      nonce: answer.nonce,
      origin: 'https://bango.example',
      certificate: Buffer.from(answer.certificate, 'base64'),
      signature: Buffer.from(answer.signature, 'base64'),
    });
    expect(opened.session.residentId).toBe(residentId);

    if (!hasOpenssl) return;
    const certificate = await chip.certificate('authentication');
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(certificate)
      .toString('base64')
      .match(/.{1,64}/g)!
      .join('\n')}\n-----END CERTIFICATE-----\n`;
    const dir = folderWith({ 'ca.pem': ca.certificate.toString('pem'), 'card.pem': pem });
    expect(
      execFileSync('openssl', ['x509', '-in', 'ca.pem', '-noout', '-text'], { cwd: dir, encoding: 'utf8' }),
    ).toContain('ecdsa-with-SHA256');
    writeFileSync(join(dir, 'crl.pem'), crlPem(await contexts.pki.crl('authentication')));
    expect(verifyWithCrl(dir, 'card.pem', new Date())).toContain('OK');

    // OCSP: openssl writes the request, our responder answers it, openssl checks the answer.
    const ask = () => {
      execFileSync(
        'openssl',
        ['ocsp', '-issuer', 'ca.pem', '-cert', 'card.pem', '-reqout', 'req.der', '-no_nonce'],
        { cwd: dir },
      );
      return new Uint8Array(readFileSync(join(dir, 'req.der')));
    };
    const check = async () => {
      writeFileSync(join(dir, 'resp.der'), (await contexts.pki.ocsp(ask())).response);
      const r = spawnSync(
        'openssl',
        [
          'ocsp',
          '-respin',
          'resp.der',
          '-issuer',
          'ca.pem',
          '-CAfile',
          'ca.pem',
          '-cert',
          'card.pem',
          '-no_nonce',
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(r.stderr).toContain('Response verify OK');
      return r.stdout;
    };
    expect(await check()).toMatch(/card\.pem: good/);
    await contexts.cards.suspend(
      {
        id: 'op',
        kind: 'operator',
        displayName: 'op',
        roles: [{ role: 'system-administrator', organisation: '*' }],
      },
      { cardId },
    );
    expect(await check()).toMatch(/card\.pem: revoked/);
    writeFileSync(join(dir, 'crl.pem'), crlPem(await contexts.pki.crl('authentication')));
    expect(() => verifyWithCrl(dir, 'card.pem', new Date())).toThrow(/revoked/);
  }, 60_000);
});
