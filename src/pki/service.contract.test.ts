import { createPublicKey, webcrypto } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { folderWith, hasOpenssl, verifyWithCrl } from '../../test/support/openssl.ts';
import { fixedClock } from '../kernel/clock.ts';
import { CertificateAuthority, crlPem, RSA_2048 } from './ca.ts';
import { readCertificate } from './certificate.ts';
import { MemoryKeyStore } from './keystore.ts';
import { PkiService } from './service.ts';
import { checkCertificate } from './verification.ts';

let holder: CryptoKeyPair;
beforeAll(async () => {
  holder = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as CryptoKeyPair;
});
const store = new MemoryKeyStore(); // one pair of CAs for the file: creating them is the slow part

describeOnEngines('certificate service', (database) => {
  const setup = async () => {
    const clock = fixedClock('2026-04-01T00:00:00Z');
    const pki = await PkiService.start(database().db, clock, store);
    const issue = () =>
      pki.issue('authentication', {
        publicKey: holder.publicKey,
        notBefore: clock.now(),
        notAfter: new Date('2031-04-01T00:00:00Z'),
        holder: 'card-1',
      });
    return { clock, pki, issue };
  };

  it('records, suspends, resumes and revokes; the CRL follows', async () => {
    const { pki, issue, clock } = await setup();
    const a = await issue();
    const b = await issue();
    expect((await pki.status(a.serialNumber)).status).toBe('good');

    await pki.revoke(a.serialNumber, 'certificateHold');
    await pki.revoke(b.serialNumber, 'keyCompromise');
    let crl = await pki.crl('authentication');
    expect(crl.entries.map((e) => e.serialNumber).sort()).toEqual([a.serialNumber, b.serialNumber].sort());
    expect((await pki.crl('authentication')).rawData).toEqual(crl.rawData); // unchanged: the same CRL

    await pki.resume(a.serialNumber);
    expect((await pki.status(a.serialNumber)).status).toBe('good');
    crl = await pki.crl('authentication');
    expect(crl.entries.map((e) => e.serialNumber)).toEqual([b.serialNumber]);

    await expect(pki.revoke(b.serialNumber, 'certificateHold')).rejects.toMatchObject({
      code: 'PKI_ALREADY_REVOKED',
    });
    await expect(pki.resume(b.serialNumber)).rejects.toMatchObject({ code: 'PKI_NOT_HELD' });
    await expect(pki.revoke('00ff', 'keyCompromise')).rejects.toMatchObject({
      code: 'PKI_CERTIFICATE_UNKNOWN',
    });

    // An hour later a new CRL is made with the next number.
    const before = crl;
    clock.advance(3_600_001);
    const later = await pki.crl('authentication');
    expect(later.thisUpdate.getTime()).toBeGreaterThan(before.thisUpdate.getTime());

    if (hasOpenssl) {
      const dir = folderWith({
        'ca.pem': pki.ca('authentication').certificate.toString('pem'),
        'crl.pem': crlPem(later),
        'a.pem': a.pem(),
        'b.pem': b.pem(),
      });
      const verify = (f: string) => verifyWithCrl(dir, f, new Date(clock.now().getTime() + 60_000));
      expect(verify('a.pem')).toContain('OK');
      expect(() => verify('b.pem')).toThrow(/revoked/);
    }
  }, 60_000);

  it("trusts a certificate by the exact bytes its register recorded, and otherwise by the CA's signature", async () => {
    const clock = fixedClock('2026-04-01T00:00:00Z');
    const pki = await PkiService.start(database().db, clock, store, 'rsa-2048', 0);
    const issued = await pki.issue('authentication', {
      publicKey: holder.publicKey,
      notBefore: clock.now(),
      notAfter: new Date('2031-04-01T00:00:00Z'),
    });
    const tampered = Uint8Array.from(issued.der);
    tampered[tampered.length - 1]! ^= 1; // the last byte of the CA's signature
    const check = (certificate: Uint8Array) => pki.check({ certificate, kind: 'authentication' });
    expect((await check(issued.der)).verdict).toBe('valid');
    expect((await check(tampered)).verdict).toBe('untrusted');

    // Checked against another CA's key under the same name: only the recorded bytes pass.
    const other = await CertificateAuthority.create('authentication', clock.now());
    const anchor = {
      kind: 'authentication' as const,
      name: readCertificate(issued.der).issuer,
      key: createPublicKey({
        key: Buffer.from(other.certificate.publicKey.rawData),
        format: 'der',
        type: 'spki',
      }),
    };
    const foreign = (certificate: Uint8Array) =>
      checkCertificate(
        { certificate, kind: 'authentication', at: clock.now() },
        {
          anchor,
          entryOf: async (serial, kind) => (await pki.entries(kind, [serial])).get(serial)!,
        },
      );
    expect((await foreign(issued.der)).verdict).toBe('valid');
    expect((await foreign(tampered)).verdict).toBe('untrusted');

    // A certificate recorded before digests were kept is checked by its signature.
    await database().db.execute(sql`update pki.certificates set issued_digest = null
      where serial_number = ${issued.serialNumber}`);
    expect((await foreign(issued.der)).verdict).toBe('untrusted');
    expect((await check(issued.der)).verdict).toBe('valid');
  }, 60_000);
});
