import * as der from './der.ts';

/**
 * A certificate read strictly from untrusted DER: just the parts a verifier needs, found
 * without a generic ASN.1 library (that cost more than checking the signature). Anything
 * not shaped like an X.509 v3 certificate is refused with a DerError.
 */
export interface CertificateParts {
  /** The signed bytes (TBSCertificate as encoded). */
  readonly tbs: Uint8Array;
  readonly serialNumber: string;
  /** Issuer and subject Names as encoded. */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo as encoded. */
  readonly spki: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  /** Certificate policy OIDs. */
  readonly policies: readonly string[];
  /** Every extension by OID: critical flag and the extnValue's content. */
  readonly extensions: ReadonlyMap<string, { critical: boolean; value: Uint8Array }>;
}

export function readCertificate(b: Uint8Array): CertificateParts {
  const [tbs, algorithm, signature] = der.children(der.expect(der.read(b), 0x30, 'Certificate'));
  const fields = der.children(der.expect(tbs, 0x30, 'TBSCertificate'));
  let i = 0;
  if (fields[i]?.tag === 0xa0) i++; // version
  const serial = der.integerHex(der.expect(fields[i++], 0x02, 'serialNumber'));
  i++; // the inner signature algorithm; the outer one is what is checked
  const issuer = der.expect(fields[i++], 0x30, 'issuer');
  const [notBefore, notAfter] = der.children(der.expect(fields[i++], 0x30, 'validity'));
  const subject = der.expect(fields[i++], 0x30, 'subject');
  const spki = der.expect(fields[i++], 0x30, 'subjectPublicKeyInfo');
  const extensions = new Map<string, { critical: boolean; value: Uint8Array }>();
  for (; i < fields.length; i++) {
    if (fields[i]!.tag !== 0xa3) continue; // unique identifiers are ignored
    for (const ext of der.children(der.expect(der.children(fields[i]!)[0], 0x30, 'Extensions'))) {
      const [id, second, third] = der.children(der.expect(ext, 0x30, 'Extension'));
      const critical = second?.tag === 0x01 ? second.content[0] !== 0 : false;
      const value = der.expect(second?.tag === 0x01 ? third : second, 0x04, 'extnValue').content;
      extensions.set(der.oidOf(id!), { critical, value });
    }
  }
  const policies: string[] = [];
  const policyExtension = extensions.get('2.5.29.32');
  if (policyExtension) {
    for (const info of der.children(
      der.expect(der.read(policyExtension.value), 0x30, 'certificatePolicies'),
    )) {
      policies.push(der.oidOf(der.children(der.expect(info, 0x30, 'PolicyInformation'))[0]!));
    }
  }
  const [algorithmId] = der.children(der.expect(algorithm, 0x30, 'signatureAlgorithm'));
  const bits = der.expect(signature, 0x03, 'signature').content;
  if (bits.length < 2 || bits[0] !== 0) throw new der.DerError('signature bits');
  return {
    tbs: tbs!.encoded,
    serialNumber: serial,
    issuer: issuer.encoded,
    subject: subject.encoded,
    notBefore: der.timeOf(notBefore!),
    notAfter: der.timeOf(notAfter!),
    spki: spki.encoded,
    signatureAlgorithm: der.oidOf(algorithmId!),
    signature: bits.subarray(1),
    policies,
    extensions,
  };
}

/** Equal bytes (names compare as encoded: both come from our own CAs). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
