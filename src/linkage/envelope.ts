import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, exportJWK, importJWK, type JWK } from 'jose';
import { DomainError } from '../kernel/errors.ts';
import type { InstitutionCode } from './codes.ts';
import { LinkageErrors } from './errors.ts';

/**
 * What travels: queries signed by the requester (compact JWS, ES256), answers encrypted
 * end to end from provider to requester (compact JWE). The answer key is agreed by static
 * ECDH (P-256) between the two institutions' agreement keys and HKDF-SHA256, so the core,
 * which relays every answer, holds neither private key and cannot read one; a pair's key
 * is derived once and cached, so an answer costs one AES-256-GCM, not a key agreement.
 */
const subtle = globalThis.crypto.subtle;
const SIGN = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const AGREE = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface InstitutionKeyPairs {
  readonly signing: CryptoKeyPair;
  readonly agreement: CryptoKeyPair;
  /** The pairs before the last rotation, kept to open answers sealed to them. */
  readonly previous?: { readonly signing: CryptoKeyPair; readonly agreement: CryptoKeyPair };
}

/**
 * A public key's id: its RFC 7638 thumbprint (SHA-256 over the required members in
 * lexical order), base64url. Submissions and answers name the keys they used by it, so
 * a key can be rotated while exchanges are on the way.
 */
export function keyId(jwk: JWK): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

export interface PublicKeys {
  readonly signingKey: JWK;
  readonly agreementKey: JWK;
}

export async function generateInstitutionKeys(): Promise<InstitutionKeyPairs> {
  const signing = (await subtle.generateKey(SIGN, true, ['sign', 'verify'])) as CryptoKeyPair;
  const agreement = (await subtle.generateKey(AGREE, true, ['deriveBits'])) as CryptoKeyPair;
  return { signing, agreement };
}

export async function publicKeysOf(keys: InstitutionKeyPairs): Promise<PublicKeys> {
  const strip = ({ kty, crv, x, y }: JWK): JWK => ({ kty, crv, x, y });
  return {
    signingKey: strip(await exportJWK(keys.signing.publicKey)),
    agreementKey: strip(await exportJWK(keys.agreement.publicKey)),
  };
}

export async function exportPrivate(keys: InstitutionKeyPairs): Promise<Uint8Array> {
  const pair = async (k: { signing: CryptoKeyPair; agreement: CryptoKeyPair }) => ({
    s: await subtle.exportKey('jwk', k.signing.privateKey),
    a: await subtle.exportKey('jwk', k.agreement.privateKey),
  });
  const stored = { ...(await pair(keys)), ...(keys.previous ? { p: await pair(keys.previous) } : {}) };
  return new TextEncoder().encode(JSON.stringify(stored));
}

interface StoredPair {
  s: JsonWebKey;
  a: JsonWebKey;
}

/**
 * The stored form after a rotation: new pairs (freshly made, still extractable) as the
 * current ones, and the current ones of what was stored before (imported keys are not
 * extractable, so they are carried over as stored) as the previous.
 */
export async function exportRotated(fresh: InstitutionKeyPairs, stored: Uint8Array): Promise<Uint8Array> {
  const { s, a } = JSON.parse(new TextDecoder().decode(stored)) as StoredPair;
  const next = JSON.parse(new TextDecoder().decode(await exportPrivate(fresh))) as StoredPair;
  return new TextEncoder().encode(JSON.stringify({ ...next, p: { s, a } }));
}

export async function importPrivate(bytes: Uint8Array): Promise<InstitutionKeyPairs> {
  const { s, a, p } = JSON.parse(new TextDecoder().decode(bytes)) as StoredPair & { p?: StoredPair };
  const pub = (k: JsonWebKey): JsonWebKey => ({ kty: k.kty, crv: k.crv, x: k.x, y: k.y });
  const pair = async (k: StoredPair) => ({
    signing: {
      privateKey: await subtle.importKey('jwk', k.s, SIGN, false, ['sign']),
      publicKey: await subtle.importKey('jwk', pub(k.s), SIGN, true, ['verify']),
    },
    agreement: {
      privateKey: await subtle.importKey('jwk', k.a, AGREE, false, ['deriveBits']),
      publicKey: await subtle.importKey('jwk', pub(k.a), AGREE, true, []),
    },
  });
  return { ...(await pair({ s, a })), ...(p ? { previous: await pair(p) } : {}) };
}

export async function importSigningKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
}

export async function importAgreementKey(jwk: JWK): Promise<CryptoKey> {
  return subtle.importKey('jwk', jwk as JsonWebKey, AGREE, false, []);
}

const SUBMISSION_TYPE = 'bango-linkage-query+jws';

/** Signs a submission; `kt` names the signing key (its thumbprint) so a rotation can overlap. */
export async function signSubmission(
  key: CryptoKey,
  requester: InstitutionCode,
  payload: unknown,
  signingKeyId?: string,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({
      alg: 'ES256',
      kid: requester,
      typ: SUBMISSION_TYPE,
      ...(signingKeyId ? { kt: signingKeyId } : {}),
    })
    .sign(key);
}

/** The requester named in a submission's header (before its signature is checked). */
export function submissionSigner(jws: string): string | null {
  return submissionHeader(jws)?.signer ?? null;
}

/** The requester and the id of the key it says it signed with (null: its current key). */
export function submissionHeader(jws: string): { signer: string; keyId: string | null } | null {
  try {
    const header = decodeProtectedHeader(jws);
    if (header.typ !== SUBMISSION_TYPE || typeof header.kid !== 'string') return null;
    return { signer: header.kid, keyId: typeof header.kt === 'string' ? header.kt : null };
  } catch {
    return null;
  }
}

export async function verifySubmission(jws: string, key: CryptoKey): Promise<unknown> {
  try {
    const { payload } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new DomainError(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'submission signature did not verify');
  }
}

/** The AES-256 key one provider uses to answer one requester. */
export async function pairKey(
  ownPrivate: CryptoKey,
  peerPublic: CryptoKey,
  provider: InstitutionCode,
  requester: InstitutionCode,
): Promise<Uint8Array> {
  const shared = await subtle.deriveBits({ name: 'ECDH', public: peerPublic }, ownPrivate, 256);
  const base = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: new TextEncoder().encode(`bango linkage answer v1 ${provider} ${requester}`),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Compact JWE (RFC 7516) with `dir` + A256GCM, written with node:crypto directly: an answer
 * is one AES-GCM over a few hundred bytes, and WebCrypto's per-call key import and thread
 * hop cost more than the cipher. The output is standard; jose reads it (tested).
 */
export function answerKey(raw: Uint8Array): KeyObject {
  return createSecretKey(raw);
}

/** Which agreement keys an answer's pair key came from: the provider's (`pk`) and the requester's (`rk`). */
export interface AnswerKeyIds {
  readonly pk: string;
  readonly rk: string;
}

export function sealAnswer(
  key: KeyObject,
  processingNumber: string,
  body: unknown,
  ids?: AnswerKeyIds,
): string {
  const header = Buffer.from(
    JSON.stringify({ alg: 'dir', enc: 'A256GCM', pn: processingNumber, ...(ids ?? {}) }),
  ).toString('base64url');
  const iv = randomIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return `${header}..${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** The key ids an answer names in its protected header (read before choosing the key to open it). */
export function answerKeyIds(jwe: string): AnswerKeyIds | null {
  try {
    const h = JSON.parse(Buffer.from(jwe.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return typeof h.pk === 'string' && typeof h.rk === 'string' ? { pk: h.pk, rk: h.rk } : null;
  } catch {
    return null;
  }
}

export function openAnswer(key: KeyObject, processingNumber: string, jwe: string): unknown {
  const parts = jwe.split('.');
  if (parts.length !== 5 || parts[1] !== '') throw new Error('not a compact JWE with a direct key');
  const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (header.alg !== 'dir' || header.enc !== 'A256GCM') throw new Error('unexpected JWE algorithms');
  // The processing number sits in the protected header, so an answer cannot be passed off as another's.
  if (header.pn !== processingNumber) throw new Error('answer bound to another processing number');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[2]!, 'base64url'));
  decipher.setAAD(Buffer.from(parts[0]!, 'ascii'));
  decipher.setAuthTag(Buffer.from(parts[4]!, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}

// IVs from a pool refilled 4,096 at a time: one CSPRNG call instead of one per answer.
let ivPool: Buffer = Buffer.alloc(0);
let ivAt = 0;
function randomIv(): Buffer {
  if (ivAt + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 4096);
    ivAt = 0;
  }
  const iv = ivPool.subarray(ivAt, ivAt + 12);
  ivAt += 12;
  return iv;
}
