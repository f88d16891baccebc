import { webcrypto } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { folderWith, hasOpenssl, verifyWithCrl } from '../../test/support/openssl.ts';
import { fixedClock } from '../kernel/clock.ts';
import { crlPem, RSA_2048 } from './ca.ts';
import { MemoryKeyStore } from './keystore.ts';
import { PkiService } from './service.ts';

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
});
