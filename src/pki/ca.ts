import { createHash, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CRLNumber, SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { DomainError } from '../kernel/errors.ts';
import { eraOf } from '../kernel/japanese-date.ts';
import * as der from './der.ts';
import { PkiErrors } from './errors.ts';
import {
  CA_NAMES,
  type CaKeyAlgorithm,
  type CertificateFacts,
  type CertificateKind,
  JPKI_OID,
  KEY_ALGORITHM_PARAMS,
  type Revocation,
  RSA_2048,
  SIGNATURE_OIDS,
} from './model.ts';

export { RSA_2048 };

import { x509 } from './x509.ts';

export interface IssueRequest {
  /** The holder's public key (from the chip's CSR). */
  publicKey: CryptoKey | x509.PublicKey;
  notBefore: Date;
  notAfter: Date;
  /** The four facts: required for a signature certificate, refused for an authentication one. */
  facts?: CertificateFacts;
}

/**
 * A certificate just issued, as DER. Parsing it into an object costs more than signing
 * it, so that happens only when asked.
 */
export interface IssuedCertificate {
  readonly der: Uint8Array;
  /** Hex, as in CRLs and OCSP. */
  readonly serialNumber: string;
  pem(): string;
  parse(): x509.X509Certificate;
}

function issued(raw: Uint8Array<ArrayBuffer>, serialNumber: string): IssuedCertificate {
  return {
    der: raw,
    serialNumber,
    pem: () => x509.PemConverter.encode(raw.slice().buffer, 'CERTIFICATE'),
    parse: () => new x509.X509Certificate(raw),
  };
}

/**
 * A J-LIS certificate authority (signature CA or user-authentication CA): a self-signed
 * root that issues the card's certificates from the public key the chip generated.
 * RSA-2048 with SHA-256 by default, as real JPKI; the private key never leaves this object
 * except through an encrypted key store.
 */
export class CertificateAuthority {
  /** Built once: the same on everything this CA signs. */
  #authorityKeyId: Promise<x509.Extension> | undefined;

  /** The AlgorithmIdentifier this CA signs with, encoded (certificates, CRLs, OCSP). */
  readonly signatureAlgorithm: Uint8Array;

  private constructor(
    readonly kind: CertificateKind,
    readonly certificate: x509.X509Certificate,
    private readonly keys: CryptoKeyPair,
    readonly algorithm: CaKeyAlgorithm = 'rsa-2048',
  ) {
    this.signatureAlgorithm = algorithm === 'rsa-2048' ? SHA256_WITH_RSA : ECDSA_WITH_SHA256;
  }

  private authorityKeyId(): Promise<x509.Extension> {
    this.#authorityKeyId ??= x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey);
    return this.#authorityKeyId;
  }

  static async create(
    kind: CertificateKind,
    now: Date,
    years = 10,
    algorithm: CaKeyAlgorithm = 'rsa-2048',
  ): Promise<CertificateAuthority> {
    return (await CertificateAuthority.createExportable(kind, now, years, algorithm)).ca;
  }

  /**
   * A new CA and its private key as PKCS#8, once, for the key store to encrypt; the CA
   * itself keeps a non-extractable copy.
   */
  static async createExportable(
    kind: CertificateKind,
    now: Date,
    years = 10,
    algorithm: CaKeyAlgorithm = 'rsa-2048',
  ): Promise<{ ca: CertificateAuthority; privateKey: Uint8Array }> {
    const params = KEY_ALGORITHM_PARAMS[algorithm];
    const keys = (await webcrypto.subtle.generateKey(params.key, true, ['sign', 'verify'])) as CryptoKeyPair;
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: CA_NAMES[kind],
      notBefore: now,
      notAfter,
      keys,
      signingAlgorithm: params.sign,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, params.key, false, ['sign']);
    return {
      ca: new CertificateAuthority(kind, certificate, { privateKey, publicKey: keys.publicKey }, algorithm),
      privateKey: pkcs8,
    };
  }

  /** Restores a CA from its certificate and key pair (from the key store). */
  static restore(
    kind: CertificateKind,
    certificate: x509.X509Certificate,
    keys: CryptoKeyPair,
    algorithm: CaKeyAlgorithm = 'rsa-2048',
  ): CertificateAuthority {
    return new CertificateAuthority(kind, certificate, keys, algorithm);
  }

  /**
   * The CA's signature over `data` as X.509 and OCSP carry it: PKCS#1 v1.5 for RSA; for
   * ECDSA the DER SEQUENCE { r, s } (WebCrypto gives r‖s).
   */
  async sign(data: Uint8Array): Promise<Uint8Array> {
    const raw = new Uint8Array(
      await webcrypto.subtle.sign(KEY_ALGORITHM_PARAMS[this.algorithm].sign, this.keys.privateKey, data),
    );
    if (this.algorithm === 'rsa-2048') return raw;
    const half = raw.length / 2;
    return der.sequence(der.integer(raw.subarray(0, half)), der.integer(raw.subarray(half)));
  }

  /** A CRL signed by this CA listing `revocations` (each with its reason code). */
  async crl(params: CrlParams): Promise<x509.X509Crl> {
    return x509.X509CrlGenerator.create({
      issuer: this.certificate.subject,
      thisUpdate: params.thisUpdate,
      nextUpdate: params.nextUpdate,
      signingKey: this.keys.privateKey,
      signingAlgorithm: KEY_ALGORITHM_PARAMS[this.algorithm].sign,
      extensions: [
        await this.authorityKeyId(),
        new x509.Extension('2.5.29.20', false, AsnConvert.serialize(new CRLNumber(params.number))),
      ],
      entries: params.revocations.map((r) => ({
        serialNumber: r.serialNumber,
        revocationDate: r.revokedAt,
        reason: x509.X509CrlReason[r.reason],
      })),
    });
  }

  async issue(req: IssueRequest): Promise<IssuedCertificate> {
    if ((this.kind === 'signature') !== (req.facts !== undefined)) {
      throw new DomainError(PkiErrors.PKI_PROFILE_MISMATCH, `${this.kind} certificate`);
    }
    // The holder's key as SPKI, once: its key identifier is computed here (SHA-1 of the
    // key bits, RFC 5280 §4.2.1.2 method 1) rather than by re-exporting the key.
    const spki =
      req.publicKey instanceof x509.PublicKey
        ? Buffer.from(req.publicKey.rawData)
        : Buffer.from(await webcrypto.subtle.exportKey('spki', req.publicKey));
    const keyBits = der.subjectPublicKeyBits(spki);
    const subjectKeyId = createHash('sha1').update(Buffer.from(keyBits)).digest();
    const fixed = await this.fixedParts();
    const serialHex = serial();
    const extensions = [
      ...fixed.extensions,
      der.sequence(der.objectIdentifier('2.5.29.14'), der.octetString(der.octetString(subjectKeyId))),
    ];
    if (req.facts) extensions.push(factsExtension(req.facts));
    const tbs = der.sequence(
      der.explicit(0, der.integer(Buffer.from([2]))), // v3
      der.integer(Buffer.from(serialHex, 'hex')),
      this.signatureAlgorithm,
      fixed.issuer,
      der.sequence(der.time(req.notBefore), der.time(req.notAfter)),
      // The subject is opaque on both kinds: the facts ride in subjectAltName only.
      der.sequence(
        der.set(der.sequence(der.objectIdentifier('2.5.4.6'), der.printableString('JP'))),
        der.set(der.sequence(der.objectIdentifier('2.5.4.3'), der.utf8String(serialHex))),
      ),
      spki,
      der.explicit(3, der.sequence(...extensions)),
    );
    const signature = await this.sign(tbs);
    return issued(
      new Uint8Array(der.sequence(tbs, this.signatureAlgorithm, der.bitString(signature))),
      serialHex,
    );
  }

  /** What every certificate of this CA and profile shares, encoded once. */
  #fixed: Promise<{ issuer: Uint8Array; extensions: Uint8Array[] }> | undefined;
  private fixedParts(): Promise<{ issuer: Uint8Array; extensions: Uint8Array[] }> {
    this.#fixed ??= (async () => {
      const ca = AsnConvert.parse(this.certificate.rawData, Certificate);
      const issuer = new Uint8Array(AsnConvert.serialize(ca.tbsCertificate.subject));
      const policy = this.kind === 'signature' ? JPKI_OID.signaturePolicy : JPKI_OID.authenticationPolicy;
      const usages =
        this.kind === 'signature'
          ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
          : x509.KeyUsageFlags.digitalSignature;
      const extensions = [
        new x509.BasicConstraintsExtension(false, undefined, false),
        new x509.KeyUsagesExtension(usages, true),
        new x509.CertificatePolicyExtension([policy], false),
        await this.authorityKeyId(),
      ].map((e) => new Uint8Array(e.rawData));
      return { issuer, extensions };
    })();
    return this.#fixed;
  }
}

export interface CrlParams {
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonic CRL number (RFC 5280 §5.2.3). */
  number: number;
  revocations: readonly Revocation[];
}

/** PEM label OpenSSL expects for a CRL. */
export const CRL_PEM_LABEL = 'X509 CRL';

/** The public key of a PKCS#10 request from the chip, after checking its signature (proof of possession). */
export async function publicKeyFromCsr(pem: string): Promise<x509.PublicKey> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw new DomainError(PkiErrors.PKI_CSR_INVALID, 'unparsable CSR');
  }
  if (!(await csr.verify())) throw new DomainError(PkiErrors.PKI_CSR_INVALID, 'CSR signature');
  return csr.publicKey;
}

/** A positive 128-bit serial number in hex. */
function serial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x7f) | 0x01;
  return Buffer.from(b).toString('hex');
}

export const SHA256_WITH_RSA = der.sequence(
  der.objectIdentifier(SIGNATURE_OIDS.sha256WithRSAEncryption),
  der.NULL,
);
/** ecdsa-with-SHA256 takes no parameters (RFC 5758). */
const ECDSA_WITH_SHA256 = der.sequence(der.objectIdentifier(SIGNATURE_OIDS.ecdsaWithSHA256));

/** subjectAltName with JPKI's otherName entries 1.2.392.200149.8.5.5.1–6 (UTF8String). */
function factsExtension(f: CertificateFacts): Uint8Array {
  const era = eraOf(f.birthDate).code;
  const values: Array<[string, string]> = [
    [JPKI_OID.name, f.name],
    [JPKI_OID.nameFlags, f.nameFlags],
    [JPKI_OID.sex, f.sex],
    [JPKI_OID.birthDate, `${era}${f.birthDate.replaceAll('-', '')}`],
    [JPKI_OID.address, f.address],
    [JPKI_OID.addressFlags, f.addressFlags],
  ];
  // otherName is GeneralName [0]: SEQUENCE-like { type-id OID, value [0] EXPLICIT UTF8String }.
  const names = values.map(([oid, v]) =>
    der.explicit(0, der.objectIdentifier(oid), der.explicit(0, der.utf8String(v))),
  );
  return der.sequence(der.objectIdentifier('2.5.29.17'), der.octetString(der.sequence(...names)));
}

/** The four facts back out of a signature certificate (for verifiers such as banks). */
export function readFacts(certificate: x509.X509Certificate): CertificateFacts | null {
  const ext = certificate.getExtension('2.5.29.17');
  if (!ext) return null;
  const san = AsnConvert.parse(ext.value, SubjectAlternativeName);
  const byOid = new Map<string, string>();
  for (const name of san) {
    if (!name.otherName) continue;
    const parsed = asn1js.fromBER(name.otherName.value);
    if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Utf8String)) continue;
    byOid.set(name.otherName.typeId, parsed.result.valueBlock.value);
  }
  const eDate = byOid.get(JPKI_OID.birthDate);
  if (!eDate || !/^[1-5]\d{8}$/.test(eDate)) return null;
  return {
    name: byOid.get(JPKI_OID.name) ?? '',
    nameFlags: byOid.get(JPKI_OID.nameFlags) ?? '',
    sex: (byOid.get(JPKI_OID.sex) ?? '9') as CertificateFacts['sex'],
    birthDate: `${eDate.slice(1, 5)}-${eDate.slice(5, 7)}-${eDate.slice(7, 9)}`,
    address: byOid.get(JPKI_OID.address) ?? '',
    addressFlags: byOid.get(JPKI_OID.addressFlags) ?? '',
  };
}

/** A CRL as PEM with the label OpenSSL reads. */
export function crlPem(crl: x509.X509Crl): string {
  return x509.PemConverter.encode(crl.rawData, CRL_PEM_LABEL);
}
