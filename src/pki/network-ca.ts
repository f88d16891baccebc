import { randomBytes, webcrypto } from 'node:crypto';
import type { KeyStore } from './keystore.ts';
import { x509 } from './x509.ts';

/**
 * The network's TLS CA: certificates for the core and every institution node, used for
 * mutual TLS between processes (DESIGN.md §2). ECDSA P-256; a certificate names its
 * institution in the CN and is good for both server and client authentication.
 */
const PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const KEY_NAME = 'network-tls-ca';

export interface TlsIdentity {
  /** PKCS#8 PEM. */
  readonly key: string;
  readonly cert: string;
  /** The CA's certificate, to trust peers by. */
  readonly ca: string;
  /** Hex serial, upper case as Node's `getPeerCertificate()` gives it. */
  readonly serial: string;
  readonly notAfter: Date;
}

export class NetworkCa {
  private constructor(
    readonly certificate: x509.X509Certificate,
    private readonly keys: CryptoKeyPair,
  ) {}

  static async load(store: KeyStore, now: Date): Promise<NetworkCa> {
    const stored = await store.get(KEY_NAME);
    if (stored) {
      const certificate = new x509.X509Certificate(stored.certificatePem);
      const privateKey = await webcrypto.subtle.importKey('pkcs8', stored.privateKey, PARAMS, false, [
        'sign',
      ]);
      return new NetworkCa(certificate, {
        privateKey,
        publicKey: await certificate.publicKey.export(PARAMS, ['verify']),
      });
    }
    const keys = (await webcrypto.subtle.generateKey(PARAMS, true, ['sign', 'verify'])) as CryptoKeyPair;
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomBytes(16)
        .toString('hex')
        .replace(/^[089a-f]/, '1'),
      name: 'CN=Bango Information Provision Network TLS CA, O=Bango, C=JP',
      notBefore: now,
      notAfter,
      keys,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    await store.put(KEY_NAME, { privateKey: pkcs8, certificatePem: certificate.toString('pem') });
    return new NetworkCa(certificate, keys);
  }

  get pem(): string {
    return this.certificate.toString('pem');
  }

  /** A certificate for `institution` (its code as CN), valid on loopback and its own name. */
  async issue(
    institution: string,
    name: string,
    validity: { notBefore: Date; notAfter: Date },
  ): Promise<TlsIdentity> {
    const keys = (await webcrypto.subtle.generateKey(PARAMS, true, ['sign', 'verify'])) as CryptoKeyPair;
    const serial = randomBytes(16)
      .toString('hex')
      .replace(/^[089a-f]/, '1')
      .toUpperCase();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: `CN=${institution}, O=${name.replace(/[,+="<>#;\\]/g, ' ')}, C=JP`,
      issuer: this.certificate.subject,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'ip', value: '127.0.0.1' },
          { type: 'dns', value: 'localhost' },
          { type: 'dns', value: `${institution}.bango.internal` },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey),
      ],
    });
    return {
      key: x509.PemConverter.encode(
        await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
        'PRIVATE KEY',
      ),
      cert: certificate.toString('pem'),
      ca: this.pem,
      serial,
      notAfter: validity.notAfter,
    };
  }
}
