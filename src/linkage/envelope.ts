import {
  CompactEncrypt,
  CompactSign,
  compactDecrypt,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  importJWK,
  type JWK,
} from 'jose';
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
  const s = await subtle.exportKey('jwk', keys.signing.privateKey);
  const a = await subtle.exportKey('jwk', keys.agreement.privateKey);
  return new TextEncoder().encode(JSON.stringify({ s, a }));
}

export async function importPrivate(bytes: Uint8Array): Promise<InstitutionKeyPairs> {
  const { s, a } = JSON.parse(new TextDecoder().decode(bytes)) as { s: JsonWebKey; a: JsonWebKey };
  const pub = (k: JsonWebKey): JsonWebKey => ({ kty: k.kty, crv: k.crv, x: k.x, y: k.y });
  return {
    signing: {
      privateKey: await subtle.importKey('jwk', s, SIGN, false, ['sign']),
      publicKey: await subtle.importKey('jwk', pub(s), SIGN, true, ['verify']),
    },
    agreement: {
      privateKey: await subtle.importKey('jwk', a, AGREE, false, ['deriveBits']),
      publicKey: await subtle.importKey('jwk', pub(a), AGREE, true, []),
    },
  };
}

export async function importSigningKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
}

export async function importAgreementKey(jwk: JWK): Promise<CryptoKey> {
  return subtle.importKey('jwk', jwk as JsonWebKey, AGREE, false, []);
}

const SUBMISSION_TYPE = 'bango-linkage-query+jws';

export async function signSubmission(
  key: CryptoKey,
  requester: InstitutionCode,
  payload: unknown,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: requester, typ: SUBMISSION_TYPE })
    .sign(key);
}

/** The requester named in a submission's header (before its signature is checked). */
export function submissionSigner(jws: string): string | null {
  try {
    const header = decodeProtectedHeader(jws);
    return header.typ === SUBMISSION_TYPE && typeof header.kid === 'string' ? header.kid : null;
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

export async function sealAnswer(key: Uint8Array, processingNumber: string, body: unknown): Promise<string> {
  // The processing number sits in the protected header, so an answer cannot be passed off as another's.
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', pn: processingNumber })
    .encrypt(key);
}

export async function openAnswer(key: Uint8Array, processingNumber: string, jwe: string): Promise<unknown> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, {
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  if (protectedHeader.pn !== processingNumber) throw new Error('answer bound to another processing number');
  return JSON.parse(new TextDecoder().decode(plaintext));
}
