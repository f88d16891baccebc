import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { CHIYODA, cardFor, clerkAt, PINS, registerPerson } from '../../test/support/cards.ts';
import { describeOnEngines } from '../../test/support/engines.ts';
import { decodeOcsp, ocspRequest } from '../../test/support/ocsp.ts';
import { fixedClock } from '../kernel/clock.ts';
import { seededRandom } from '../kernel/random.ts';
import { answerChallenge } from '../login/client.ts';
import { readFacts } from '../pki/ca.ts';
import { MemoryKeyStore } from '../pki/keystore.ts';
import { x509 } from '../pki/x509.ts';
import { createContexts } from '../platform/contexts.ts';
import { parseFiling } from '../registry/index.ts';

const ORIGIN = 'https://bango.example';
const keys = new MemoryKeyStore(); // one pair of CAs for the file

describeOnEngines('cards and card login', (database, engine) => {
  async function setup(start = '2026-04-01T01:00:00Z') {
    const clock = fixedClock(start);
    const contexts = await createContexts({
      database: database(),
      clock,
      random: seededRandom(3),
      secrets: { numberIssuanceKey: new Uint8Array(32).fill(4) },
      keyStore: keys,
    });
    const today = () => clock.now().toISOString().slice(0, 10);
    const file = (raw: Record<string, unknown>) =>
      contexts.registry.service.file(clerkAt(CHIYODA), CHIYODA, parseFiling(raw, today()));
    const login = async (
      chip: Awaited<ReturnType<typeof cardFor>>['chip'],
      pin = PINS.authentication,
      origin = ORIGIN,
    ) => {
      const challenge = await contexts.login.challenge(ORIGIN);
      const answer = await answerChallenge(chip, pin, challenge);
      return contexts.login.login({
        nonce: answer.nonce,
        origin,
        certificate: Buffer.from(answer.certificate, 'base64'),
        signature: Buffer.from(answer.signature, 'base64'),
      });
    };
    return { clock, contexts, file, login };
  }

  it('issues a card through the counter steps: certificates from the chip, validity by age, one live card each', async () => {
    const { contexts } = await setup();
    const adult = await registerPerson(contexts, { birthDate: '1990-05-01' });
    const { chip, cardId } = await cardFor(contexts, adult);
    const card = await contexts.cards.get(clerkAt(CHIYODA), cardId);
    expect(card).toMatchObject({ status: 'delivered', issuedOn: '2026-04-01', expiresOn: '2035-05-01' });
    expect(card.allowedActions).toEqual(['suspend', 'expire', 'invalidate', 'return']);

    const signature = new x509.X509Certificate(await chip.certificate('signature', PINS.signature!));
    expect(readFacts(signature)).toMatchObject({ name: '山田　花子', birthDate: '1990-05-01', sex: '2' });
    expect(signature.notAfter.toISOString()).toBe('2030-05-01T14:59:59.000Z'); // 5th birthday, end of day JST
    expect((await contexts.pki.status(card.signatureSerial!)).status).toBe('good');
    expect(await chip.faceAssist(PINS.faceAssist)).toMatchObject({ name: '山田　花子' });

    await expect(contexts.cards.apply(clerkAt(CHIYODA), adult)).rejects.toMatchObject({
      code: 'CARD_ALREADY_HELD',
    });
    await expect(contexts.cards.get(clerkAt('131041'), cardId)).rejects.toMatchObject({
      code: 'CARD_NOT_FOUND',
    });
    await expect(contexts.cards.resume(clerkAt(CHIYODA), cardId)).rejects.toMatchObject({
      code: 'CARD_ACTION_NOT_ALLOWED',
      extra: { allowed: ['suspend', 'expire', 'invalidate', 'return'] },
    });

    // A child: the card lasts to the 5th birthday, and no signature certificate before 15.
    const child = await registerPerson(contexts, { givenName: '太郎', birthDate: '2016-08-10' });
    await expect(cardFor(contexts, child)).rejects.toMatchObject({ code: 'CARD_SIGNATURE_UNDER_AGE' });
    const childCard = await cardFor(contexts, child, { authentication: '1111', faceAssist: '2222' });
    expect((await contexts.cards.get(clerkAt(CHIYODA), childCard.cardId)).expiresOn).toBe('2030-08-10');
    const history = await contexts.cards.history(clerkAt(CHIYODA), childCard.cardId);
    expect(history.map((h) => h.action)).toEqual(['apply', 'verify-identity', 'issue', 'deliver']);
  }, 60_000);

  it('logs in with the card; refuses replays, expired challenges, other origins and wrong PINs', async () => {
    const { contexts, clock, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip } = await cardFor(contexts, residentId);

    const opened = await login(chip);
    expect(opened.session).toMatchObject({ residentId, roles: [] });
    expect(opened.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(await contexts.login.authenticate(opened.token)).toMatchObject({ residentId, kind: 'person' });

    // Replay of a used challenge.
    const challenge = await contexts.login.challenge(ORIGIN);
    const answer = await answerChallenge(chip, PINS.authentication, challenge);
    const attempt = {
      nonce: answer.nonce,
      origin: ORIGIN,
      certificate: Buffer.from(answer.certificate, 'base64'),
      signature: Buffer.from(answer.signature, 'base64'),
    };
    await contexts.login.login(attempt);
    await expect(contexts.login.login(attempt)).rejects.toMatchObject({ code: 'LOGIN_CHALLENGE_UNKNOWN' });
    // Another origin.
    await expect(login(chip, PINS.authentication, 'https://evil.example')).rejects.toMatchObject({
      code: 'LOGIN_ORIGIN_MISMATCH',
    });
    // Expired: 61 seconds later.
    const late = await contexts.login.challenge(ORIGIN);
    const lateAnswer = await answerChallenge(chip, PINS.authentication, late);
    clock.advance(61_000);
    await expect(
      contexts.login.login({
        nonce: lateAnswer.nonce,
        origin: ORIGIN,
        certificate: Buffer.from(lateAnswer.certificate, 'base64'),
        signature: Buffer.from(lateAnswer.signature, 'base64'),
      }),
    ).rejects.toMatchObject({ code: 'LOGIN_CHALLENGE_EXPIRED' });
    // A signature over another challenge.
    const c1 = await contexts.login.challenge(ORIGIN);
    const c2 = await contexts.login.challenge(ORIGIN);
    const forC1 = await answerChallenge(chip, PINS.authentication, c1);
    await expect(
      contexts.login.login({
        nonce: c2.nonce,
        origin: ORIGIN,
        certificate: Buffer.from(forC1.certificate, 'base64'),
        signature: Buffer.from(forC1.signature, 'base64'),
      }),
    ).rejects.toMatchObject({ code: 'LOGIN_SIGNATURE_INVALID' });

    // Three wrong PINs lock the card; the right one then fails too.
    await expect(login(chip, '0000')).rejects.toMatchObject({
      code: 'CARD_PIN_WRONG',
      extra: { triesLeft: 2 },
    });
    await expect(login(chip, '0000')).rejects.toMatchObject({
      code: 'CARD_PIN_WRONG',
      extra: { triesLeft: 1 },
    });
    await expect(login(chip, '0000')).rejects.toMatchObject({ code: 'CARD_PIN_LOCKED' });
    await expect(login(chip)).rejects.toMatchObject({ code: 'CARD_PIN_LOCKED' });

    // Sessions: idle 15 minutes ends one.
    clock.advance(15 * 60_000);
    expect(await contexts.login.authenticate(opened.token)).toBeNull();
  }, 60_000);

  it('suspension holds the certificates, ends sessions and stops logins; resumption at the counter undoes it', async () => {
    const { contexts, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);
    const first = await login(chip);
    const second = await login(chip);

    // The holder suspends their own card.
    const holder = { id: residentId, kind: 'person' as const, residentId, displayName: 'holder', roles: [] };
    const suspended = await contexts.cards.suspend(holder, { cardId });
    expect(suspended.status).toBe('suspended');
    expect(await contexts.login.authenticate(first.token)).toBeNull();
    expect(await contexts.login.authenticate(second.token)).toBeNull();
    expect((await contexts.pki.status(suspended.authenticationSerial!)).status).toBe('held');
    await expect(login(chip)).rejects.toMatchObject({ code: 'LOGIN_CARD_SUSPENDED' });
    // Only the counter resumes.
    await expect(contexts.cards.resume(holder, cardId)).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
    await contexts.cards.resume(clerkAt(CHIYODA), cardId);
    expect((await login(chip)).session.residentId).toBe(residentId);
  }, 60_000);

  it('suspension racing logins: nothing opened before it survives, nothing after it succeeds', async () => {
    const { contexts, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);
    const racing = Array.from({ length: 12 }, () =>
      login(chip).then(
        (o) => o.token,
        () => null,
      ),
    );
    const acknowledged = contexts.cards.suspend(clerkAt(CHIYODA), { cardId });
    const tokens = await Promise.all(racing);
    await acknowledged;
    for (const token of tokens) if (token) expect(await contexts.login.authenticate(token)).toBeNull();
    const after = await Promise.allSettled(Array.from({ length: 5 }, () => login(chip)));
    expect(after.every((r) => r.status === 'rejected')).toBe(true);
  }, 60_000);

  it('a login waits for a suspension being written, then fails, and leaves no session', async () => {
    // On PGlite there is one connection: nothing can be written beside the login.
    if (engine !== 'postgres') return;
    const { contexts, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);
    const serial = (await contexts.cards.get(clerkAt(CHIYODA), cardId)).authenticationSerial!;
    let settled = false;
    let attempt: Promise<string> | undefined;
    await database().db.transaction(async (tx) => {
      // The certificate put on hold, not yet committed: the login's first read still sees it good.
      await tx.execute(sql`update pki.certificates set status = 'held', reason = 'certificateHold',
        revoked_at = now() where serial_number = ${serial}`);
      attempt = login(chip).then(
        () => 'opened',
        (e: { code?: string }) => e.code ?? 'error',
      );
      void attempt.then(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false); // the session waits for the certificate's row
    });
    expect(await attempt).toBe('LOGIN_CARD_SUSPENDED');
    const open = await database().query<{ n: number }>(
      'select count(*)::int as n from login.sessions where resident_id = $1',
      [residentId],
    );
    expect(open[0]!.n).toBe(0);
  }, 60_000);

  it('logins arriving together share statements and are answered each as its own; a replay among them fails', async () => {
    const { clock, contexts, login } = await setup();
    const people = [
      await registerPerson(contexts, { givenName: '一郎' }),
      await registerPerson(contexts, { givenName: '二郎' }),
      await registerPerson(contexts, { givenName: '三郎' }),
    ];
    const chips = await Promise.all(people.map(async (id) => (await cardFor(contexts, id)).chip));
    const operator = { id: 'test', kind: 'operator' as const, displayName: 't', roles: [] };
    await contexts.login.grant(operator, people[1]!, 'municipal-clerk', CHIYODA);

    // Twelve at once, four per card: each session is its holder's, with their own roles.
    const opened = await Promise.all(Array.from({ length: 12 }, (_, i) => login(chips[i % 3]!)));
    for (const [i, o] of opened.entries()) {
      expect(o.session.residentId).toBe(people[i % 3]);
      expect(o.session.roles).toEqual(
        i % 3 === 1 ? [{ role: 'municipal-clerk', organisation: CHIYODA }] : [],
      );
      expect(await contexts.login.authenticate(o.token)).toMatchObject({ residentId: people[i % 3] });
    }
    expect(new Set(opened.map((o) => o.token)).size).toBe(12);

    // The same answer sent five times at once: one login, four refusals.
    const challenge = await contexts.login.challenge(ORIGIN);
    const answer = await answerChallenge(chips[0]!, PINS.authentication, challenge);
    const attempt = {
      nonce: answer.nonce,
      origin: ORIGIN,
      certificate: Buffer.from(answer.certificate, 'base64'),
      signature: Buffer.from(answer.signature, 'base64'),
    };
    const replays = await Promise.allSettled(Array.from({ length: 5 }, () => contexts.login.login(attempt)));
    expect(replays.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of replays.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'LOGIN_CHALLENGE_UNKNOWN' });

    // A certificate seen before is still checked: its bytes changed are read afresh and
    // refused; past its validity it is expired, however often it logged in before.
    const tampered = await contexts.login.challenge(ORIGIN);
    const tamperedAnswer = await answerChallenge(chips[2]!, PINS.authentication, tampered);
    const certificate = Buffer.from(tamperedAnswer.certificate, 'base64');
    certificate[certificate.length - 10]! ^= 0x01; // inside the CA's signature
    await expect(
      contexts.login.login({
        nonce: tamperedAnswer.nonce,
        origin: ORIGIN,
        certificate,
        signature: Buffer.from(tamperedAnswer.signature, 'base64'),
      }),
    ).rejects.toMatchObject({ code: 'LOGIN_CERTIFICATE_INVALID' });
    clock.advance(6 * 366 * 86_400_000);
    await expect(login(chips[2]!)).rejects.toMatchObject({ code: 'LOGIN_CERTIFICATE_EXPIRED' });
  }, 60_000);

  it('follows the register: a change of facts revokes the signature certificate; death ends the card', async () => {
    const { contexts, file, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);
    const session = await login(chip);

    await file({
      kind: 'move-within',
      residentId,
      address: '千代田二丁目2番2号',
      effectiveDate: '2026-04-01',
    });
    await contexts.follower.catchUp();
    let card = await contexts.cards.get(clerkAt(CHIYODA), cardId);
    expect(card.status).toBe('delivered');
    expect(await contexts.pki.status(card.signatureSerial!)).toMatchObject({
      status: 'revoked',
      reason: 'affiliationChanged',
    });
    expect((await contexts.pki.status(card.authenticationSerial!)).status).toBe('good');
    expect(await contexts.login.authenticate(session.token)).not.toBeNull();

    await file({ kind: 'death', residentId, effectiveDate: '2026-04-01' });
    await contexts.follower.catchUp();
    card = await contexts.cards.get(clerkAt(CHIYODA), cardId);
    expect(card.status).toBe('invalidated');
    expect(await contexts.pki.status(card.authenticationSerial!)).toMatchObject({
      status: 'revoked',
      reason: 'cessationOfOperation',
    });
    expect(await contexts.login.authenticate(session.token)).toBeNull();
    await expect(login(chip)).rejects.toMatchObject({ code: 'LOGIN_CERTIFICATE_REVOKED' });
  }, 60_000);

  it('the sweep invalidates a card whose holder moved out and did not move in within 30 days', async () => {
    const { contexts, file, clock } = await setup();
    const residentId = await registerPerson(contexts);
    const { cardId } = await cardFor(contexts, residentId);
    await file({ kind: 'move-out', residentId, movingTo: '131041', effectiveDate: '2026-04-10' });
    clock.set(new Date('2026-05-10T01:00:00Z')); // 30 days after: still in time
    expect(await contexts.cards.sweep()).toEqual({ expired: 0, invalidated: 0 });
    clock.set(new Date('2026-05-11T01:00:00Z'));
    expect(await contexts.cards.sweep()).toEqual({ expired: 0, invalidated: 1 });
    expect((await contexts.cards.get(clerkAt(CHIYODA), cardId)).status).toBe('invalidated');
  }, 60_000);

  it('a locked PIN is reset only with the counter’s signed authorisation, for this card and in time', async () => {
    const { contexts, clock, login } = await setup();
    const residentId = await registerPerson(contexts);
    const { chip, cardId } = await cardFor(contexts, residentId);
    for (let i = 0; i < 3; i++) await login(chip, '0000').catch(() => {});
    await expect(login(chip)).rejects.toMatchObject({ code: 'CARD_PIN_LOCKED' });

    const reset = await contexts.cards.pinReset(clerkAt(CHIYODA), cardId, 'authentication');
    // Tampered, for another PIN, or late: refused.
    await expect(chip.resetPin({ ...reset, kind: 'faceAssist' }, '4321', clock.now())).rejects.toMatchObject({
      code: 'CARD_RESET_UNAUTHORISED',
    });
    await expect(
      chip.resetPin(
        { ...reset, expires: new Date(Date.parse(reset.expires) + 1).toISOString() },
        '4321',
        clock.now(),
      ),
    ).rejects.toMatchObject({ code: 'CARD_RESET_UNAUTHORISED' });
    await expect(chip.resetPin(reset, '4321', new Date(Date.parse(reset.expires) + 1))).rejects.toMatchObject(
      {
        code: 'CARD_RESET_UNAUTHORISED',
      },
    );
    await expect(chip.resetPin(reset, '43210', clock.now())).rejects.toMatchObject({
      code: 'CARD_PIN_FORMAT',
    });
    await chip.resetPin(reset, '4321', clock.now());
    expect((await chip.tries()).authentication).toBe(3);
    expect((await login(chip, '4321')).session.residentId).toBe(residentId);
    const history = await contexts.cards.history(clerkAt(CHIYODA), cardId);
    expect(history.at(-1)).toMatchObject({ action: 'pin-reset', detail: { kind: 'authentication' } });
  }, 60_000);

  it('CRL and OCSP agree on every certificate after random suspensions, resumptions and revocations', async () => {
    const { contexts } = await setup();
    const residentId = await registerPerson(contexts);
    await cardFor(contexts, residentId);
    const { pki } = contexts;
    const publicKey = pki.ca('authentication').certificate.publicKey;
    const serials: string[] = [];
    for (let i = 0; i < 12; i++) {
      serials.push(
        (
          await pki.issue('authentication', {
            publicKey,
            notBefore: new Date('2026-04-01'),
            notAfter: new Date('2031-04-01'),
          })
        ).serialNumber,
      );
    }
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let step = 0; step < 40; step++) {
      const serial = serials[next() % serials.length]!;
      const action = next() % 3;
      await (action === 0
        ? pki.revoke(serial, 'certificateHold')
        : action === 1
          ? pki.resume(serial)
          : pki.revoke(serial, 'keyCompromise')
      ).catch(() => {});
      if (step % 8 !== 7) continue;
      const crl = new Set((await pki.crl('authentication')).entries.map((e) => e.serialNumber));
      for (const s of serials) {
        const { response } = await pki.ocsp(ocspRequest(pki, 'authentication', s));
        const [status] = decodeOcsp(response).certStatus!; // 0 good, 1 revoked (held included)
        expect(crl.has(s)).toBe(status === 1);
      }
    }
  }, 60_000);
});
