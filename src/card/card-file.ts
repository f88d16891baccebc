import { randomBytes, webcrypto } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DomainError } from '../kernel/errors.ts';
import type { CertificateKind } from '../pki/model.ts';
import {
  CARD_FORMAT,
  CHIP_KEY_ALGORITHM,
  type ChipImage,
  type ChipStore,
  fromBase64,
  toBase64,
} from './chip.ts';
import { CardErrors } from './errors.ts';

/**
 * A card as a file (JSON): the chip image plus its key pairs as PKCS#8/SPKI. This is the
 * software card a developer or a demo resident holds; whoever has the file has the keys,
 * so it stands in for a card in a sandbox, not for a card's tamper resistance. Every
 * change is written to a new file and renamed over the old, so a crash leaves the old or
 * the new card, never half of one.
 */
interface CardFile extends ChipImage {
  keys: Partial<Record<CertificateKind, { privateKey: string; publicKey: string }>>;
}

export class CardFileStore implements ChipStore {
  readonly id: string;
  readonly extractableKeys = true;
  constructor(readonly path: string) {
    this.id = `file:${resolve(path)}`;
  }

  /** Read afresh each time: another process (or store) may have counted a try since. */
  private async load(): Promise<CardFile> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DomainError(CardErrors.CARD_FILE_INVALID, 'no such file', { path: this.path });
      }
      throw new DomainError(CardErrors.CARD_FILE_INVALID, 'not JSON');
    }
    const file = parsed as Partial<CardFile>;
    if (
      file?.format !== CARD_FORMAT ||
      typeof file.cardId !== 'string' ||
      typeof file.certificates !== 'object' ||
      typeof file.pins !== 'object' ||
      typeof file.keys !== 'object'
    ) {
      throw new DomainError(CardErrors.CARD_FILE_INVALID, 'not a card file');
    }
    return file as CardFile;
  }

  async read(): Promise<ChipImage> {
    const { keys: _keys, ...image } = await this.load();
    return image;
  }

  async write(image: ChipImage): Promise<void> {
    let keys: CardFile['keys'] = {};
    try {
      keys = (await this.load()).keys;
    } catch {
      // a blank chip being made: there is no file yet
    }
    await this.save({ ...image, keys });
  }

  async key(kind: CertificateKind): Promise<CryptoKeyPair | null> {
    const k = (await this.load()).keys[kind];
    if (!k) return null;
    const [privateKey, publicKey] = await Promise.all([
      webcrypto.subtle.importKey('pkcs8', fromBase64(k.privateKey), CHIP_KEY_ALGORITHM, false, ['sign']),
      webcrypto.subtle.importKey('spki', fromBase64(k.publicKey), CHIP_KEY_ALGORITHM, true, ['verify']),
    ]);
    return { privateKey, publicKey } as CryptoKeyPair;
  }

  async putKey(kind: CertificateKind, keys: CryptoKeyPair): Promise<void> {
    const file = await this.load();
    const [privateKey, publicKey] = await Promise.all([
      webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
      webcrypto.subtle.exportKey('spki', keys.publicKey),
    ]);
    await this.save({
      ...file,
      keys: {
        ...file.keys,
        [kind]: {
          privateKey: toBase64(new Uint8Array(privateKey)),
          publicKey: toBase64(new Uint8Array(publicKey)),
        },
      },
    });
  }

  private async save(file: CardFile): Promise<void> {
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
