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
 * The card file format (`bango-card/1`): the chip image plus its key pairs as PKCS#8 and
 * SPKI in base64. Portable: Node writes it to disk, the browser reads it from a file the
 * holder picks and downloads it at the counter.
 */
export interface CardFile extends ChipImage {
  keys: Partial<Record<CertificateKind, { privateKey: string; publicKey: string }>>;
}

export function parseCardFile(parsed: unknown): CardFile {
  const file = parsed as Partial<CardFile> | null;
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

export async function exportKeyPair(keys: CryptoKeyPair): Promise<{ privateKey: string; publicKey: string }> {
  const [privateKey, publicKey] = await Promise.all([
    globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey),
    globalThis.crypto.subtle.exportKey('spki', keys.publicKey),
  ]);
  return { privateKey: toBase64(new Uint8Array(privateKey)), publicKey: toBase64(new Uint8Array(publicKey)) };
}

/**
 * The key pair of a card file. The private key is usable for signing only and cannot be
 * exported again, unless the card is being handed back as a file (`extractable`).
 */
export async function importKeyPair(
  entry: { privateKey: string; publicKey: string },
  extractable = false,
): Promise<CryptoKeyPair> {
  const subtle = globalThis.crypto.subtle;
  const [privateKey, publicKey] = await Promise.all([
    subtle.importKey('pkcs8', fromBase64(entry.privateKey), CHIP_KEY_ALGORITHM, extractable, ['sign']),
    subtle.importKey('spki', fromBase64(entry.publicKey), CHIP_KEY_ALGORITHM, true, ['verify']),
  ]);
  return { privateKey, publicKey } as CryptoKeyPair;
}

/**
 * A chip held in memory: what the counter's screen makes for a new card before the
 * holder takes it away as a file (`toCardFile`).
 */
export class MemoryChipStore implements ChipStore {
  readonly extractableKeys = true;
  #image: ChipImage | undefined;
  readonly #keys: Partial<Record<CertificateKind, CryptoKeyPair>> = {};

  constructor(readonly id: string) {}

  /** A card file brought to the counter (a PIN reset), to be handed back as a file. */
  static async fromCardFile(file: CardFile): Promise<MemoryChipStore> {
    const store = new MemoryChipStore(`memory:${file.cardId}`);
    const { keys, ...image } = file;
    await store.write(image);
    for (const [kind, entry] of Object.entries(keys) as Array<
      [CertificateKind, { privateKey: string; publicKey: string }]
    >) {
      await store.putKey(kind, await importKeyPair(entry, true));
    }
    return store;
  }

  async read(): Promise<ChipImage> {
    if (!this.#image) throw new DomainError(CardErrors.CARD_FILE_INVALID, 'blank');
    return this.#image;
  }
  async write(image: ChipImage): Promise<void> {
    this.#image = image;
  }
  async key(kind: CertificateKind): Promise<CryptoKeyPair | null> {
    return this.#keys[kind] ?? null;
  }
  async putKey(kind: CertificateKind, keys: CryptoKeyPair): Promise<void> {
    this.#keys[kind] = keys;
  }

  async toCardFile(): Promise<CardFile> {
    const keys: CardFile['keys'] = {};
    for (const [kind, pair] of Object.entries(this.#keys) as Array<[CertificateKind, CryptoKeyPair]>) {
      keys[kind] = await exportKeyPair(pair);
    }
    return { ...(await this.read()), keys };
  }
}
