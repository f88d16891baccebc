import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { expect } from 'vitest';
import { readCertificate } from '../../src/pki/certificate.ts';
import * as der from '../../src/pki/der.ts';
import type { CertificateKind } from '../../src/pki/model.ts';
import { OCSP_OID } from '../../src/pki/ocsp.ts';
import type { PkiService } from '../../src/pki/service.ts';

/** OCSP requests as clients send them, and responses read by an independent parser (asn1js). */
/** An OCSPRequest for `serial` under the CA of `kind`, with SHA-1 CertIDs as openssl sends by default. */
export function ocspRequest(
  pki: PkiService,
  kind: CertificateKind,
  serialHex: string,
  nonce?: Uint8Array,
): Uint8Array {
  const ca = readCertificate(new Uint8Array(pki.ca(kind).certificate.rawData));
  const sha1 = (b: Uint8Array) => new Uint8Array(createHash('sha1').update(b).digest());
  const certId = der.sequence(
    der.sequence(der.objectIdentifier(OCSP_OID.sha1), der.NULL),
    der.octetString(sha1(ca.subject)),
    der.octetString(sha1(der.subjectPublicKeyBits(ca.spki))),
    der.integer(der.fromHex(serialHex)),
  );
  const extensions = nonce
    ? [
        der.explicit(
          2,
          der.sequence(
            der.sequence(der.objectIdentifier(OCSP_OID.nonce), der.octetString(der.octetString(nonce))),
          ),
        ),
      ]
    : [];
  return der.sequence(der.sequence(der.sequence(der.sequence(certId)), ...extensions));
}

/** The response status and, for a successful one, each certificate's status tag and any nonce. */
export function decodeOcsp(body: Uint8Array) {
  const top = asn1js.fromBER(new Uint8Array(body).buffer);
  expect(top.offset).not.toBe(-1);
  const outer = top.result as asn1js.Sequence;
  const status = (outer.valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec;
  if (status !== 0) return { status };
  const bytes = outer.valueBlock.value[1] as asn1js.Constructed;
  const responseBytes = bytes.valueBlock.value[0] as asn1js.Sequence;
  const basic = asn1js.fromBER(
    (responseBytes.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView.slice().buffer,
  ).result as asn1js.Sequence;
  const data = basic.valueBlock.value[0] as asn1js.Sequence;
  const singles = (data.valueBlock.value[2] as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
  return {
    status,
    certStatus: singles.map((s) => s.valueBlock.value[1]!.idBlock.tagNumber),
    hasNonce: data.valueBlock.value.length > 3,
  };
}
