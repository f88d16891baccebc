import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyWithCrl } from '../../test/support/openssl.ts';
import { CertificateAuthority, crlPem, publicKeyFromCsr, RSA_2048, readFacts } from './ca.ts';
import { endOfJapanDay, fifthBirthdayAfter, JPKI_OID } from './model.ts';
import { x509 } from './x509.ts';

const NOW = new Date('2026-04-01T01:00:00Z');
const facts = {
  name: '齋藤　花子',
  nameFlags: '00000',
  sex: '2' as const,
  birthDate: '1990-05-01',
  address: '東京都千代田区千代田一丁目1番1号',
  addressFlags: '0000000000000000',
};

let sigCa: CertificateAuthority;
let authCa: CertificateAuthority;
let holder: CryptoKeyPair;
let csrPem: string;

beforeAll(async () => {
  [sigCa, authCa] = await Promise.all([
    CertificateAuthority.create('signature', NOW),
    CertificateAuthority.create('authentication', NOW),
  ]);
  holder = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=card',
    keys: holder,
    signingAlgorithm: RSA_2048,
  });
  csrPem = csr.toString('pem');
}, 60_000);

const openssl = existsSync('/usr/bin/openssl');
function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bango-pki-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('JPKI certificate authorities', () => {
  it('carry J-LIS issuer names', () => {
    expect(sigCa.certificate.subject).toBe(
      'C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems',
    );
    expect(authCa.certificate.subject).toContain('OU=JPKI for user authentication');
  });

  it('issue a signature certificate with the four facts, the policy and non-repudiation, valid to the 5th birthday', async () => {
    const publicKey = await publicKeyFromCsr(csrPem);
    const notAfter = endOfJapanDay(fifthBirthdayAfter(facts.birthDate, '2026-04-01'));
    const cert = (await sigCa.issue({ publicKey, notBefore: NOW, notAfter, facts })).parse();
    expect(await cert.verify({ publicKey: sigCa.certificate.publicKey, signatureOnly: true })).toBe(true);
    expect(readFacts(cert)).toEqual(facts);
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(cert.getExtension(x509.CertificatePolicyExtension)!.policies).toEqual([JPKI_OID.signaturePolicy]);
    expect(cert.notAfter.toISOString()).toBe('2030-05-01T14:59:59.000Z');
    expect(cert.subject).not.toContain('花子');
  });

  it('issue an authentication certificate with no personal data', async () => {
    const cert = (
      await authCa.issue({
        publicKey: holder.publicKey,
        notBefore: NOW,
        notAfter: new Date('2031-01-01'),
      })
    ).parse();
    expect(readFacts(cert)).toBeNull();
    expect(cert.getExtension('2.5.29.17')).toBeNull();
    expect(cert.getExtension(x509.CertificatePolicyExtension)!.policies).toEqual([
      JPKI_OID.authenticationPolicy,
    ]);
    expect(cert.getExtension(x509.KeyUsagesExtension)!.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    // Our key identifier is the one RFC 5280 method 1 gives (as the library computes it).
    const expected = await x509.SubjectKeyIdentifierExtension.create(holder.publicKey);
    expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId).toBe(expected.keyId);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(
      authCa.certificate.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
    );
  });

  it('refuse the wrong profile and a request whose signature does not verify', async () => {
    await expect(
      sigCa.issue({ publicKey: holder.publicKey, notBefore: NOW, notAfter: new Date('2031-01-01') }),
    ).rejects.toMatchObject({
      code: 'PKI_PROFILE_MISMATCH',
    });
    await expect(
      authCa.issue({ publicKey: holder.publicKey, notBefore: NOW, notAfter: new Date('2031-01-01'), facts }),
    ).rejects.toMatchObject({
      code: 'PKI_PROFILE_MISMATCH',
    });
    await expect(publicKeyFromCsr('not a csr')).rejects.toMatchObject({ code: 'PKI_CSR_INVALID' });
    const der = Buffer.from(new x509.Pkcs10CertificateRequest(csrPem).rawData);
    der[der.length - 5]! ^= 0xff; // break the signature
    await expect(
      publicKeyFromCsr(new x509.Pkcs10CertificateRequest(der).toString('pem')),
    ).rejects.toMatchObject({
      code: 'PKI_CSR_INVALID',
    });
  });

  it.skipIf(!openssl)('produce certificates OpenSSL verifies and reads as JPKI profiles', async () => {
    const cert = await sigCa.issue({
      publicKey: holder.publicKey,
      notBefore: NOW,
      notAfter: new Date('2030-05-01T14:59:59Z'),
      facts,
    });
    const auth = await authCa.issue({
      publicKey: holder.publicKey,
      notBefore: NOW,
      notAfter: new Date('2031-01-01'),
    });
    const dir = tmp({
      'sig-ca.pem': sigCa.certificate.toString('pem'),
      'auth-ca.pem': authCa.certificate.toString('pem'),
      'sig.pem': cert.pem(),
      'auth.pem': auth.pem(),
    });
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    const at = String(Math.floor(new Date('2027-01-01').getTime() / 1000));
    expect(run('verify', '-attime', at, '-CAfile', 'sig-ca.pem', 'sig.pem')).toContain('sig.pem: OK');
    expect(run('verify', '-attime', at, '-CAfile', 'auth-ca.pem', 'auth.pem')).toContain('auth.pem: OK');
    // A certificate does not verify against the other CA.
    expect(() =>
      execFileSync('openssl', ['verify', '-attime', at, '-CAfile', 'auth-ca.pem', 'sig.pem'], {
        cwd: dir,
        stdio: 'pipe',
      }),
    ).toThrow();
    const text = run('x509', '-in', 'sig.pem', '-noout', '-text');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain(`Policy: ${JPKI_OID.signaturePolicy}`);
    expect(text).toContain(
      'Issuer: C = JP, O = JPKI, OU = JPKI for digital signature, OU = Japan Agency for Local Authority Information Systems',
    );
    expect(text).toContain('othername: 1.2.392.200149.8.5.5.4::41990');
  });

  it.skipIf(!openssl)(
    'publish CRLs that make OpenSSL refuse a revoked or held certificate and accept a good one',
    async () => {
      const good = await sigCa.issue({
        publicKey: holder.publicKey,
        notBefore: NOW,
        notAfter: new Date('2030-05-01'),
        facts,
      });
      const revoked = await sigCa.issue({
        publicKey: holder.publicKey,
        notBefore: NOW,
        notAfter: new Date('2030-05-01'),
        facts,
      });
      const held = await sigCa.issue({
        publicKey: holder.publicKey,
        notBefore: NOW,
        notAfter: new Date('2030-05-01'),
        facts,
      });
      const crl = await sigCa.crl({
        thisUpdate: new Date('2026-12-31T00:00:00Z'),
        nextUpdate: new Date('2027-01-02T00:00:00Z'),
        number: 7,
        revocations: [
          {
            serialNumber: revoked.serialNumber,
            revokedAt: new Date('2026-12-30T00:00:00Z'),
            reason: 'affiliationChanged',
          },
          {
            serialNumber: held.serialNumber,
            revokedAt: new Date('2026-12-30T00:00:00Z'),
            reason: 'certificateHold',
          },
        ],
      });
      expect(await crl.verify({ publicKey: sigCa.certificate.publicKey })).toBe(true);
      const pem = crlPem(crl);
      expect(pem.startsWith('-----BEGIN X509 CRL-----')).toBe(true);
      const dir = tmp({
        'ca.pem': sigCa.certificate.toString('pem'),
        'crl.pem': pem,
        'good.pem': good.pem(),
        'revoked.pem': revoked.pem(),
        'held.pem': held.pem(),
      });
      const verify = (file: string) => verifyWithCrl(dir, file, new Date('2027-01-01T00:00:00Z'));
      expect(verify('good.pem')).toContain('good.pem: OK');
      expect(() => verify('revoked.pem')).toThrow(/certificate revoked/);
      expect(() => verify('held.pem')).toThrow(/certificate revoked/);
      const text = execFileSync('openssl', ['crl', '-in', 'crl.pem', '-noout', '-text'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(text).toContain('X509v3 CRL Number: \n                7');
      expect(text).toContain('Affiliation Changed');
      expect(text).toContain('Certificate Hold');
    },
  );
});
