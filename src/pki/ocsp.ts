import * as der from './der.ts';
import type { RevocationReason } from './model.ts';

/**
 * OCSP (RFC 6960) as J-LIS's responder speaks it: requests are read strictly from
 * untrusted DER; responses are written with the DER primitives and signed by the CA that
 * issued the certificates asked about (RFC 6960 §4.2.2.2, "the CA who issued the
 * certificate"), identified by the hash of its key. Pure, apart from the hashing and
 * signing handed in.
 */
export const OCSP_OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** More CertIDs than this in one request is refused: clients ask about one or a few. */
export const MAX_CERT_IDS = 20;
/** RFC 8954: a nonce is 1–32 octets; a little slack for the OCTET STRING wrapping. */
const MAX_NONCE_EXTENSION = 64;

export interface CertId {
  /** Dotted OID of the hash used for the issuer's name and key. */
  readonly hashAlgorithm: string;
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  /** Lower-case hex without leading zeros, as the register of certificates keeps it. */
  readonly serialNumber: string;
  /** The CertID as the client encoded it: echoed back unchanged. */
  readonly encoded: Uint8Array;
}

export interface OcspRequest {
  readonly certIds: readonly CertId[];
  /** The whole nonce Extension element, echoed back in the response. */
  readonly nonceExtension?: Uint8Array;
}

/** Thrown for a request that is not a well-formed OCSPRequest. */
export class OcspMalformed extends Error {}

/** Reads an OCSPRequest; signed requests are accepted but their signature is not needed. */
export function parseOcspRequest(b: Uint8Array): OcspRequest {
  try {
    const [tbs] = der.children(der.expect(der.read(b), 0x30, 'OCSPRequest'));
    const parts = der.children(der.expect(tbs, 0x30, 'TBSRequest'));
    let i = 0;
    if (parts[i]?.tag === 0xa0) i++; // version, v1 only
    if (parts[i]?.tag === 0xa1) i++; // requestorName
    const list = der.children(der.expect(parts[i++], 0x30, 'requestList'));
    if (list.length === 0 || list.length > MAX_CERT_IDS) throw new OcspMalformed('requestList size');
    const certIds = list.map((request) => readCertId(der.children(der.expect(request, 0x30, 'Request'))[0]));
    let nonceExtension: Uint8Array | undefined;
    if (parts[i]?.tag === 0xa2) {
      const extensions = der.children(der.expect(der.children(parts[i]!)[0], 0x30, 'Extensions'));
      for (const extension of extensions) {
        const [id] = der.children(der.expect(extension, 0x30, 'Extension'));
        if (der.oidOf(id!) !== OCSP_OID.nonce) continue;
        if (extension.encoded.length > MAX_NONCE_EXTENSION) throw new OcspMalformed('nonce too long');
        nonceExtension = extension.encoded;
      }
      i++;
    }
    if (i !== parts.length) throw new OcspMalformed('unexpected fields in TBSRequest');
    return { certIds, ...(nonceExtension ? { nonceExtension } : {}) };
  } catch (e) {
    if (e instanceof der.DerError || e instanceof OcspMalformed) throw new OcspMalformed(e.message);
    throw e;
  }
}

function readCertId(e: der.Element | undefined): CertId {
  const [algorithm, nameHash, keyHash, serial] = der.children(der.expect(e, 0x30, 'CertID'));
  const [oid] = der.children(der.expect(algorithm, 0x30, 'AlgorithmIdentifier'));
  return {
    hashAlgorithm: der.oidOf(oid!),
    issuerNameHash: der.expect(nameHash, 0x04, 'issuerNameHash').content,
    issuerKeyHash: der.expect(keyHash, 0x04, 'issuerKeyHash').content,
    serialNumber: der.integerHex(der.expect(serial, 0x02, 'serialNumber')),
    encoded: e!.encoded,
  };
}

export type SingleStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason: RevocationReason }
  | { readonly status: 'unknown' };

/** RFC 5280 CRLReason codes. */
const REASON_CODES: Readonly<Record<RevocationReason, number>> = {
  keyCompromise: 1,
  affiliationChanged: 3,
  cessationOfOperation: 5,
  certificateHold: 6,
};

export const OCSP_ERROR_STATUS = {
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  unauthorized: 6,
} as const;

/** An unsigned OCSPResponse carrying only an error status. */
export function errorResponse(status: keyof typeof OCSP_ERROR_STATUS): Uint8Array {
  return der.sequence(der.enumerated(OCSP_ERROR_STATUS[status]));
}

export interface ResponseParams {
  /** SHA-1 of the responder's public key bits (ResponderID byKey). */
  responderKeyHash: Uint8Array;
  producedAt: Date;
  nextUpdate: Date;
  answers: ReadonlyArray<{ certId: CertId; status: SingleStatus }>;
  nonceExtension?: Uint8Array;
  /** sha256WithRSAEncryption, encoded. */
  signatureAlgorithm: Uint8Array;
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
}

/** A successful, signed OCSPResponse with a BasicOCSPResponse inside. */
export async function successResponse(p: ResponseParams): Promise<Uint8Array> {
  const singles = p.answers.map(({ certId, status }) =>
    der.sequence(
      certId.encoded,
      certStatus(status),
      der.generalizedTime(p.producedAt),
      der.explicit(0, der.generalizedTime(p.nextUpdate)),
    ),
  );
  const responseData = der.sequence(
    der.explicit(2, der.octetString(p.responderKeyHash)),
    der.generalizedTime(p.producedAt),
    der.sequence(...singles),
    ...(p.nonceExtension ? [der.explicit(1, der.sequence(p.nonceExtension))] : []),
  );
  const signature = await p.sign(responseData);
  const basic = der.sequence(responseData, p.signatureAlgorithm, der.bitString(signature));
  return der.sequence(
    der.enumerated(0),
    der.explicit(0, der.sequence(der.objectIdentifier(OCSP_OID.basic), der.octetString(basic))),
  );
}

function certStatus(s: SingleStatus): Uint8Array {
  switch (s.status) {
    case 'good':
      return Uint8Array.of(0x80, 0x00); // [0] IMPLICIT NULL
    case 'unknown':
      return Uint8Array.of(0x82, 0x00); // [2] IMPLICIT NULL
    case 'revoked':
      return der.tlv(
        0xa1, // [1] IMPLICIT RevokedInfo
        der.generalizedTime(s.revokedAt),
        der.explicit(0, der.enumerated(REASON_CODES[s.reason])),
      );
  }
}
