import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DomainError } from '../kernel/errors.ts';
import type { CertificateKind } from '../pki/model.ts';
import { type CardFile, exportKeyPair, importKeyPair, parseCardFile } from './card-format.ts';
import type { ChipImage, ChipStore } from './chip.ts';
import { CardErrors } from './errors.ts';

/**
 * A card as a file (`card-format.ts`): the chip image plus its key pairs. This is the
 * software card a developer or a demo resident holds; whoever has the file has the keys,
 * so it stands in for a card in a sandbox, not for a card's tamper resistance. Every
 * change is written to a new file and renamed over the old, so a crash leaves the old or
 * the new card, never half of one.
 */
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
    return parseCardFile(parsed);
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
    return k ? importKeyPair(k) : null;
  }

  async putKey(kind: CertificateKind, keys: CryptoKeyPair): Promise<void> {
    const file = await this.load();
    await this.save({ ...file, keys: { ...file.keys, [kind]: await exportKeyPair(keys) } });
  }

  private async save(file: CardFile): Promise<void> {
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
