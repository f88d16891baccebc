import { webcrypto } from 'node:crypto';
import { CertificateAuthority, RSA_2048 } from '../src/pki/ca.ts';
import { x509 } from '../src/pki/x509.ts';
import { fmt, machine, rateAsync, row } from './lib.ts';

/**
 * `npm run bench -- pki`: certificates issued per second by a CA, against the raw
 * RSA-2048 signing rate measured in the same run (the ceiling: one signature per
 * certificate), and RSA-2048 verifications per second (the heart of a card login).
 * Targets (issue #4): ≥ 2,500 certificates/s; ≥ 5,000 verified logins/s on 2 cores.
 * WebCrypto runs RSA in libuv's thread pool, so concurrent calls use both cores.
 */
export async function run(): Promise<void> {
  console.log(`pki benchmark — ${machine()}`);
  const now = new Date('2026-04-01T00:00:00Z');
  const ca = await CertificateAuthority.create('authentication', now);
  const holder = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as CryptoKeyPair;
  const data = new Uint8Array(64);
  const CONCURRENCY = 16;
  const many = async (n: number, f: () => Promise<unknown>) => {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < n / CONCURRENCY; i++) await f();
      }),
    );
    return n;
  };
  const sign = await rateAsync(
    () => many(400, () => webcrypto.subtle.sign(RSA_2048, holder.privateKey, data)),
    3000,
    50,
  );
  const signature = await webcrypto.subtle.sign(RSA_2048, holder.privateKey, data);
  const verify = await rateAsync(
    () => many(4000, () => webcrypto.subtle.verify(RSA_2048, holder.publicKey, signature, data)),
    3000,
    50,
  );
  const notAfter = new Date('2031-04-01T00:00:00Z');
  // As issuance gets it: the key from the chip's CSR, already as SPKI bytes.
  const fromCsr = new x509.PublicKey(await webcrypto.subtle.exportKey('spki', holder.publicKey));
  const issue = await rateAsync(
    () => many(400, () => ca.issue({ publicKey: fromCsr, notBefore: now, notAfter })),
    4000,
    50,
  );
  // The option SPECS allows: an ECDSA P-256 CA, against raw P-256 signing in the same run.
  const ecCa = await CertificateAuthority.create('authentication', now, 10, 'ecdsa-p256');
  const ecKeys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const ecSign = await rateAsync(
    () => many(800, () => webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecKeys.privateKey, data)),
    3000,
    50,
  );
  const ecIssue = await rateAsync(
    () => many(800, () => ecCa.issue({ publicKey: fromCsr, notBefore: now, notAfter })),
    4000,
    50,
  );
  console.log(`\nRSA-2048 / SHA-256 through WebCrypto, ${CONCURRENCY} calls in flight`);
  row('raw signatures (baseline: the ceiling of issuance)', fmt(sign));
  row(
    'certificates issued by the CA',
    fmt(issue),
    `${((issue / sign) * 100).toFixed(0)}% of raw signing; target ≥ 2.5 k/s`,
  );
  row('signature verifications (one per card login)', fmt(verify), 'target for whole logins ≥ 5 k/s');
  console.log('\nECDSA P-256 CA (CA_KEY_ALGORITHM=ecdsa-p256), holders still RSA-2048');
  row('raw P-256 signatures (baseline)', fmt(ecSign));
  row(
    'certificates issued by the CA',
    fmt(ecIssue),
    `${((ecIssue / ecSign) * 100).toFixed(0)}% of raw signing`,
  );
}
