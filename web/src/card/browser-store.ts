import { type CardFile, importKeyPair, parseCardFile } from '../../../src/card/card-format.ts';
import type { ChipImage, ChipStore } from '../../../src/card/chip.ts';
import type { CertificateKind } from '../../../src/pki/model.ts';

/**
 * Cards kept in this browser: the chip image and its keys in IndexedDB, the private keys
 * as non-extractable CryptoKeys (scripts can sign with them after the PIN, never read
 * them out). IndexedDB belongs to this origin, so another site cannot use the card.
 */
const DB = 'bango-cards';
const STORE = 'cards';

interface Kept {
  id: string;
  label: string;
  image: ChipImage;
  keys: Partial<Record<CertificateKind, CryptoKeyPair>>;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const req = work(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function keptCards(): Promise<Array<{ id: string; label: string }>> {
  const all = await tx<Kept[]>('readonly', (s) => s.getAll() as IDBRequest<Kept[]>);
  return all.map((k) => ({ id: k.id, label: k.label }));
}

/** Keeps a card file in this browser (keys imported as non-extractable); returns its id here. */
export async function keepCardFile(text: string, label: string): Promise<string> {
  let file: CardFile;
  try {
    file = parseCardFile(JSON.parse(text));
  } catch {
    throw new Error('CARD_FILE_INVALID');
  }
  const keys: Kept['keys'] = {};
  for (const [kind, entry] of Object.entries(file.keys) as Array<
    [CertificateKind, { privateKey: string; publicKey: string }]
  >) {
    keys[kind] = await importKeyPair(entry);
  }
  const { keys: _k, ...image } = file;
  const kept: Kept = { id: `${file.cardId}`, label, image, keys };
  await tx('readwrite', (s) => s.put(kept));
  return kept.id;
}

export async function forgetCard(id: string): Promise<void> {
  await tx('readwrite', (s) => s.delete(id));
}

export class BrowserChipStore implements ChipStore {
  readonly extractableKeys = false;
  readonly id: string;

  constructor(private readonly cardId: string) {
    this.id = `idb:${cardId}`;
  }

  private async kept(): Promise<Kept> {
    const k = await tx<Kept | undefined>(
      'readonly',
      (s) => s.get(this.cardId) as IDBRequest<Kept | undefined>,
    );
    if (!k) throw new Error('CARD_FILE_INVALID');
    return k;
  }
  async read(): Promise<ChipImage> {
    return (await this.kept()).image;
  }
  async write(image: ChipImage): Promise<void> {
    const k = await this.kept();
    await tx('readwrite', (s) => s.put({ ...k, image }));
  }
  async key(kind: CertificateKind): Promise<CryptoKeyPair | null> {
    return (await this.kept()).keys[kind] ?? null;
  }
  async putKey(kind: CertificateKind, keys: CryptoKeyPair): Promise<void> {
    const k = await this.kept();
    await tx('readwrite', (s) => s.put({ ...k, keys: { ...k.keys, [kind]: keys } }));
  }
}
