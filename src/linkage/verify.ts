import { compactVerify, importJWK, type JWK } from 'jose';
import { fromHex, leafHashOf, verifyInclusion } from './merkle.ts';
import { type ExchangeRecord, leafBytes } from './record.ts';

/**
 * What a person's browser (or anyone) checks about a record it was shown: the tree head
 * is signed by the log's key, and the record, rebuilt from the very fields shown, sits in
 * that tree at its place. Browser-safe: WebCrypto and jose only.
 */
export interface SignedHead {
  readonly size: number;
  readonly root: string;
  readonly signedAt: string;
  /** Compact JWS over {size, root, signedAt}, by the log key (ES256). */
  readonly signature: string;
}

export const HEAD_TYPE = 'bango-tree-head+jws';

export async function verifyHeadSignature(head: SignedHead, key: CryptoKey): Promise<boolean> {
  try {
    const { payload, protectedHeader } = await compactVerify(head.signature, key, { algorithms: ['ES256'] });
    const body = JSON.parse(new TextDecoder().decode(payload)) as {
      size: number;
      root: string;
      signedAt: string;
    };
    return (
      protectedHeader.typ === HEAD_TYPE &&
      body.size === head.size &&
      body.root === head.root &&
      body.signedAt === head.signedAt
    );
  } catch {
    return false;
  }
}

export async function importLogKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, alg: 'ES256' },
    'ES256',
  )) as CryptoKey;
}

export type RecordCheck = 'verified' | 'head-signature-invalid' | 'not-in-log';

export async function verifyRecord(
  record: ExchangeRecord & { proof: readonly string[] },
  head: SignedHead,
  key: CryptoKey,
): Promise<RecordCheck> {
  if (!(await verifyHeadSignature(head, key))) return 'head-signature-invalid';
  const leaf = await leafHashOf(leafBytes(record));
  const ok = await verifyInclusion(
    leaf,
    record.seq,
    head.size,
    record.proof.map(fromHex),
    fromHex(head.root),
  );
  return ok ? 'verified' : 'not-in-log';
}

/**
 * Gaps in a person's per-person numbering: records that exist but were not shown. The
 * first `purged` numbers are records past their 7-year retention, purged, not missing.
 */
export function missingSequenceNumbers(records: readonly ExchangeRecord[], purged = 0): number[] {
  const seen = new Set(records.map((r) => r.subjectSeq).filter((n): n is number => n !== null));
  const top = Math.max(0, ...seen);
  const missing: number[] = [];
  for (let n = purged + 1; n <= top; n++) if (!seen.has(n)) missing.push(n);
  return missing;
}
