import { createCipheriv, createDecipheriv, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateAuthority } from './ca.ts';
import { type CaKeyAlgorithm, type CertificateKind, KEY_ALGORITHM_PARAMS } from './model.ts';
import { x509 } from './x509.ts';

/**
 * Where CA keys live. The port is small so an HSM (PKCS#11) store can replace the file
 * store: it must keep a key under a name and give back something that signs.
 */
export interface KeyStore {
  put(name: string, entry: StoredKey): Promise<void>;
  get(name: string): Promise<StoredKey | null>;
}

export interface StoredKey {
  /** PKCS#8 private key. */
  privateKey: Uint8Array;
  certificatePem: string;
}

/**
 * Files in a folder, one per key, the private key encrypted with AES-256-GCM under the
 * key-encryption key (CA_KEY_ENCRYPTION_KEY) and bound to its name as associated data, so
 * a file renamed to another CA's name does not decrypt. Written atomically, mode 0600.
 */
export class FileKeyStore implements KeyStore {
  constructor(
    private readonly dir: string,
    private readonly kek: Uint8Array,
  ) {
    if (kek.length !== 32) throw new Error('key-encryption key must be 32 bytes');
  }

  async put(name: string, entry: StoredKey): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(Buffer.from(name));
    const data = Buffer.concat([cipher.update(entry.privateKey), cipher.final()]);
    const body = JSON.stringify({
      v: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
      certificate: entry.certificatePem,
    });
    const file = this.file(name);
    writeFileSync(`${file}.tmp`, body, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    chmodSync(file, 0o600);
  }

  async get(name: string): Promise<StoredKey | null> {
    const file = this.file(name);
    if (!existsSync(file)) return null;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      iv: string;
      tag: string;
      data: string;
      certificate: string;
    };
    const decipher = createDecipheriv('aes-256-gcm', this.kek, Buffer.from(stored.iv, 'base64'));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    const privateKey = Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]);
    return { privateKey: new Uint8Array(privateKey), certificatePem: stored.certificate };
  }

  private file(name: string): string {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error('key names are lower-case letters, digits and hyphens');
    return join(this.dir, `${name}.key.json`);
  }
}

/** Keeps keys in memory only (ephemeral runs, tests). */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, StoredKey>();
  async put(name: string, entry: StoredKey): Promise<void> {
    this.#keys.set(name, entry);
  }
  async get(name: string): Promise<StoredKey | null> {
    return this.#keys.get(name) ?? null;
  }
}

/** The CA of `kind` from the store, created and stored on first use. */
export async function loadOrCreateCa(
  store: KeyStore,
  kind: CertificateKind,
  now: Date,
  algorithm: CaKeyAlgorithm = 'rsa-2048',
): Promise<CertificateAuthority> {
  const name = `jpki-${kind}-ca`;
  const stored = await store.get(name);
  if (stored) {
    // A CA keeps the algorithm it was made with, whatever the setting says now.
    const certificate = new x509.X509Certificate(stored.certificatePem);
    const made: CaKeyAlgorithm = certificate.publicKey.algorithm.name === 'ECDSA' ? 'ecdsa-p256' : 'rsa-2048';
    const params = KEY_ALGORITHM_PARAMS[made].key;
    const privateKey = await webcrypto.subtle.importKey('pkcs8', stored.privateKey, params, false, ['sign']);
    const publicKey = await certificate.publicKey.export(params, ['verify']);
    return CertificateAuthority.restore(kind, certificate, { privateKey, publicKey }, made);
  }
  const { ca, privateKey } = await CertificateAuthority.createExportable(kind, now, 10, algorithm);
  await store.put(name, { privateKey, certificatePem: ca.certificate.toString('pem') });
  return ca;
}
