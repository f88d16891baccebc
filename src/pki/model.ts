/**
 * 公的個人認証サービス (JPKI): the two certificate kinds J-LIS issues onto the My Number
 * Card, with the names, OIDs and validity rules of SPECS.md §5. Pure.
 */
export const JPKI_OID = {
  /** 署名用電子証明書 policy */
  signaturePolicy: '1.2.392.200149.8.5.1.1.20',
  /** 利用者証明用電子証明書 policy */
  authenticationPolicy: '1.2.392.200149.8.5.1.3.30',
  name: '1.2.392.200149.8.5.5.1',
  nameFlags: '1.2.392.200149.8.5.5.2',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
  addressFlags: '1.2.392.200149.8.5.5.6',
} as const;

/**
 * RSA-2048 with SHA-256 (PKCS#1 v1.5), as real JPKI: the CAs' keys and the chip's keys.
 * ECDSA P-256 is the option SPECS.md allows a deployment.
 */
export const RSA_2048: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/** The CAs' key algorithms: RSA-2048 by default, as real JPKI; ECDSA P-256 as SPECS allows. */
export const CA_KEY_ALGORITHMS = ['rsa-2048', 'ecdsa-p256'] as const;
export type CaKeyAlgorithm = (typeof CA_KEY_ALGORITHMS)[number];

export const SIGNATURE_OIDS = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

/** How each algorithm is generated, imported and used to sign in WebCrypto. */
export const KEY_ALGORITHM_PARAMS: Readonly<
  Record<
    CaKeyAlgorithm,
    { key: RsaHashedKeyGenParams | EcKeyGenParams; sign: RsaHashedKeyGenParams | EcdsaParams }
  >
> = {
  'rsa-2048': { key: RSA_2048, sign: RSA_2048 },
  'ecdsa-p256': { key: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
};

export const CERTIFICATE_KINDS = ['signature', 'authentication'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** Issuer names of J-LIS's two CAs, written in the order they are encoded (C first), as OpenSSL prints them. */
export const CA_NAMES: Readonly<Record<CertificateKind, string>> = {
  signature:
    'C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems',
  authentication:
    'C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems',
};

/** The four basic facts as the signature certificate carries them. */
export interface CertificateFacts {
  /** Family and given name with a full-width space between them. */
  name: string;
  /** One 0/1 per character of `name`: 1 where a substitute character stands. */
  nameFlags: string;
  /** JIS X 0303: 1 male, 2 female, 9 not applicable. */
  sex: '1' | '2' | '9';
  /** YYYY-MM-DD; carried as EYYYYMMDD with the era code. */
  birthDate: string;
  address: string;
  addressFlags: string;
}

/**
 * The `n`th birthday strictly after the issue date: certificates end on the 5th, cards on
 * the 10th (5th for minors). Birthdays on the issue date itself do not count. Someone born
 * on 29 February has the birthday on 28 February in common years.
 */
export function nthBirthdayAfter(birthDate: string, issuedOn: string, n: number): string {
  const [, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [iy, im, id] = issuedOn.split('-').map(Number) as [number, number, number];
  const firstYear = bm > im || (bm === im && bd > id) ? iy : iy + 1;
  const year = firstYear + n - 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = bm === 2 && bd === 29 && !leap ? 28 : bd;
  return `${year}-${String(bm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Certificates are valid until the end (23:59:59 Japan time) of the 5th birthday after issuance. */
export function fifthBirthdayAfter(birthDate: string, issuedOn: string): string {
  return nthBirthdayAfter(birthDate, issuedOn, 5);
}

/** The last instant of a Japanese calendar day, as a Date. */
export function endOfJapanDay(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:59+09:00`);
}

/**
 * Why a certificate stopped being good (RFC 5280 reason codes JPKI uses): a lost card or
 * leaked key; a change of the four facts (signature certificates); suspension (the one
 * reversible reason); death or emigration.
 */
export const REVOCATION_REASONS = [
  'keyCompromise',
  'affiliationChanged',
  'certificateHold',
  'cessationOfOperation',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface Revocation {
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason;
}
