import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { RecentCache } from '../kernel/recent-cache.ts';
import { type CertificateParts, readCertificate, sameBytes } from './certificate.ts';
import * as der from './der.ts';
import { DerError } from './der.ts';
import { type CertificateKind, JPKI_OID, type RevocationReason, SIGNATURE_OIDS } from './model.ts';

/**
 * Checking a card's certificate and a signature made with it: the steps every relying
 * party runs (card login, a bank verifying a signed application). Each step is a small
 * function in the table below, run in order; the first that fails gives the verdict.
 */
export const VERDICTS = [
  'valid',
  'malformed',
  'untrusted',
  'wrong-policy',
  'not-yet-valid',
  'expired',
  'revoked',
  'held',
  'unknown',
  'bad-signature',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TrustAnchor {
  readonly kind: CertificateKind;
  /** The CA's subject Name as encoded: must equal the certificate's issuer. */
  readonly name: Uint8Array;
  readonly key: KeyObject;
}

export type CertificateState =
  | { status: 'good' }
  | { status: 'revoked' | 'held'; reason: RevocationReason; revokedAt: Date }
  | { status: 'unknown' };

export interface CheckInput {
  readonly certificate: Uint8Array;
  readonly kind: CertificateKind;
  readonly at: Date;
  /** The data the holder signed and the signature, when a signature is being checked. */
  readonly signed?: { readonly data: Uint8Array; readonly signature: Uint8Array };
}

/** A certificate's line in its CA's register. */
export interface RegisterEntry {
  /** Its current status (what OCSP answers). */
  readonly state: CertificateState;
  /** SHA-256 (base64) of the DER the CA issued, where recorded. */
  readonly issuedDigest: string | null;
}

export interface CheckContext {
  readonly anchor: TrustAnchor;
  /** The certificate's line in the register of the CA of that kind. */
  readonly entryOf: (serialNumber: string, kind: CertificateKind) => Promise<RegisterEntry>;
  /**
   * Certificates that passed every check before, by the digest of their DER, as read: the
   * same card logs in again and again and its certificate's bytes do not change, so it is
   * read and the CA's signature over it checked once. Status, validity and the holder's
   * signature are checked every time.
   */
  readonly known?: RecentCache<string, KnownCertificate>;
}

/** A certificate as read, with its holder's public key once imported. */
export interface KnownCertificate {
  readonly parts: CertificateParts;
  key: KeyObject | null;
}

export type CheckResult =
  | { verdict: 'valid'; certificate: CertificateParts }
  | { verdict: Exclude<Verdict, 'valid'>; certificate?: CertificateParts; reason?: RevocationReason };

/** The signature algorithms our CAs sign with, by OID. */
const CA_SIGNATURES = new Set<string>([
  SIGNATURE_OIDS.sha256WithRSAEncryption,
  SIGNATURE_OIDS.ecdsaWithSHA256,
]);
const POLICY: Readonly<Record<CertificateKind, string>> = {
  signature: JPKI_OID.signaturePolicy,
  authentication: JPKI_OID.authenticationPolicy,
};

/** A certificate as presented, read once: the checks and their caller share it. */
export interface Presented {
  /** SHA-256 (base64) of the bytes presented. */
  readonly digest: string;
  /** Whether it passed every check before (then `certificate` is that reading). */
  readonly known: boolean;
  readonly certificate: KnownCertificate;
}

/** How a certificate's bytes are named in the register and the memory of checks: SHA-256, base64. */
export function digestOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64');
}

/**
 * Reads a presented certificate, or takes the reading remembered for the same bytes;
 * null when it is not shaped like a certificate.
 */
export function readPresented(
  bytes: Uint8Array,
  known?: RecentCache<string, KnownCertificate>,
): Presented | null {
  const digest = digestOf(bytes);
  const remembered = known?.get(digest)?.value;
  if (remembered) return { digest, known: true, certificate: remembered };
  try {
    return { digest, known: false, certificate: { parts: readCertificate(bytes), key: null } };
  } catch (e) {
    if (e instanceof DerError) return null;
    throw e;
  }
}

/** What the steps share about the certificate being checked. */
interface Reading extends Presented {
  /** Its line in the CA's register, read once for the steps that need it. */
  readonly entry: Promise<RegisterEntry>;
}

type Step = (
  input: CheckInput,
  cert: CertificateParts,
  ctx: CheckContext,
  reading: Reading,
) => Promise<CheckResult | null> | CheckResult | null;

/** The checks, in the order they run. A step returns a failing result or null to go on. */
const STEPS: ReadonlyArray<readonly [string, Step]> = [
  [
    'issued by the CA of this kind',
    (_, cert, ctx) => (sameBytes(cert.issuer, ctx.anchor.name) ? null : fail('untrusted', cert)),
  ],
  [
    // Bytes the CA's register says it issued are the bytes it signed: the signature is
    // checked only for a certificate the register has no digest of, or other bytes.
    "the CA's signature",
    async (_, cert, ctx, reading) =>
      reading.known ||
      (await reading.entry).issuedDigest === reading.digest ||
      (CA_SIGNATURES.has(cert.signatureAlgorithm) &&
        (await verifyAsync(cert.tbs, ctx.anchor.key, cert.signature, 'der')))
        ? null
        : fail('untrusted', cert),
  ],
  [
    'the policy of this kind',
    (input, cert) => (cert.policies.includes(POLICY[input.kind]) ? null : fail('wrong-policy', cert)),
  ],
  [
    'within validity',
    (input, cert) =>
      input.at < cert.notBefore
        ? fail('not-yet-valid', cert)
        : input.at > cert.notAfter
          ? fail('expired', cert)
          : null,
  ],
  [
    'not revoked or suspended',
    async (_, cert, __, reading) => {
      const { state } = await reading.entry;
      if (state.status === 'good') return null;
      return state.status === 'unknown'
        ? fail('unknown', cert)
        : { verdict: state.status, certificate: cert, reason: state.reason };
    },
  ],
  [
    "the holder's signature",
    async (input, cert, _, reading) => {
      if (!input.signed) return null;
      let key: KeyObject;
      try {
        key = reading.certificate.key ??= publicKeyOf(cert.spki);
      } catch {
        return fail('malformed', cert);
      }
      // The chip signs through WebCrypto: an EC signature comes as r‖s.
      return (await verifyAsync(input.signed.data, key, input.signed.signature, 'ieee-p1363'))
        ? null
        : fail('bad-signature', cert);
    },
  ],
];

/**
 * Runs the steps of the table at once (the signature checks go to the thread pool while
 * the register is read) and reports the first failure in table order, so the
 * verdict is the same as running them one by one.
 */
export async function checkCertificate(
  input: CheckInput,
  ctx: CheckContext,
  presented: Presented | null = readPresented(input.certificate, ctx.known),
): Promise<CheckResult> {
  if (!presented) return { verdict: 'malformed' };
  const cert = presented.certificate.parts;
  const reading: Reading = { ...presented, entry: ctx.entryOf(cert.serialNumber, input.kind) };
  const started = STEPS.map(([, step]) =>
    Promise.resolve()
      .then(() => step(input, cert, ctx, reading))
      .then(
        (failed) => ({ failed, error: undefined }),
        (error: unknown) => ({ failed: null, error }),
      ),
  );
  for (const outcome of started) {
    const { failed, error } = await outcome;
    if (error !== undefined) throw error;
    if (failed) return failed;
  }
  if (!presented.known) ctx.known?.set(presented.digest, presented.certificate);
  return { verdict: 'valid', certificate: cert };
}

function fail(verdict: Exclude<Verdict, 'valid'>, certificate: CertificateParts): CheckResult {
  return { verdict, certificate };
}

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/**
 * A public key from a SubjectPublicKeyInfo. An RSA key is imported from the PKCS#1 key
 * inside it: OpenSSL 3 decodes that ~25× faster than the SPKI wrapper (4 µs against
 * 100 µs here), and a login imports one key.
 */
export function publicKeyOf(spki: Uint8Array): KeyObject {
  const [algorithm, bits] = der.children(der.read(spki));
  const [oid] = der.children(der.expect(algorithm, 0x30, 'AlgorithmIdentifier'));
  if (der.oidOf(oid!) === RSA_ENCRYPTION) {
    const key = der.expect(bits, 0x03, 'subjectPublicKey').content.subarray(1);
    return createPublicKey({ key: Buffer.from(key), format: 'der', type: 'pkcs1' });
  }
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/**
 * SHA-256 signature check on libuv's thread pool (the callback form), so verifications
 * use both cores while the event loop goes on. `ecEncoding` says how an EC signature is
 * written: DER in certificates, r‖s from WebCrypto.
 */
function verifyAsync(
  data: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
  ecEncoding: 'der' | 'ieee-p1363',
): Promise<boolean> {
  const options = key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: ecEncoding } : key;
  return new Promise((resolve) => {
    verify('sha256', data, options, signature, (error, ok) => resolve(!error && ok));
  });
}
