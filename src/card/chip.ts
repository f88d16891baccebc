import { DomainError } from '../kernel/errors.ts';
import * as der from '../pki/der.ts';
import { type CertificateKind, RSA_2048 } from '../pki/model.ts';
import { CardErrors } from './errors.ts';
import { afterEntry, isLocked, PIN_KINDS, PIN_POLICIES, type PinKind, triesLeft } from './pins.ts';

/**
 * A software My Number Card chip. It behaves as the IC chip does for the two
 * applications a relying party touches: JPKI-AP (key pairs made on the chip, only CSRs
 * leave it; certificates; signing after the PIN) and the card-face-assist AP (the number
 * and the four facts behind their PIN). It keeps the PIN counters and writes every count
 * before it compares, as a chip does, so pulling the plug mid-check cannot win a try.
 *
 * Portable: WebCrypto and Uint8Array only, so the same chip runs in Node (card files) and
 * in the browser (keys as non-extractable CryptoKeys in IndexedDB), behind `ChipStore`.
 *
 * It signs the message it is given (SHA-256 inside), where the real chip signs a
 * DigestInfo the host hashed: WebCrypto has no raw private-key operation, and the
 * signature that results is the same PKCS#1 v1.5 signature.
 */
export const CARD_FORMAT = 'bango-card/1';

/** Application identifiers of the real chip, kept for a future reader port. */
export const CHIP_AIDS = { jpki: 'D392F000260100000001', faceAssist: 'D3921000310001010408' } as const;

/** The chip's key pairs: RSA-2048 / SHA-256, as the CAs'. */
export const CHIP_KEY_ALGORITHM = RSA_2048;

export interface PinRecord {
  readonly salt: string;
  readonly hash: string;
  readonly failures: number;
}

/** What the card-face-assist application holds. */
export interface FaceAssistData {
  readonly individualNumber: string;
  readonly name: string;
  readonly address: string;
  readonly birthDate: string;
  readonly sex: string;
}

/** Everything on the chip except the key handles, as base64 DER and plain values. */
export interface ChipImage {
  readonly format: typeof CARD_FORMAT;
  readonly cardId: string;
  readonly certificates: Partial<Record<CertificateKind | `${CertificateKind}Ca`, string>>;
  readonly pins: Partial<Record<PinKind, PinRecord>>;
  readonly faceAssist?: FaceAssistData;
}

/** Where a chip keeps itself: a card file, IndexedDB, or (later) a real card behind a reader. */
export interface ChipStore {
  /** Identifies the card for the one-operation-at-a-time rule within a process. */
  readonly id: string;
  /** Whether key pairs made on this chip may be exported (a card file must hold them). */
  readonly extractableKeys: boolean;
  read(): Promise<ChipImage>;
  write(image: ChipImage): Promise<void>;
  key(kind: CertificateKind): Promise<CryptoKeyPair | null>;
  putKey(kind: CertificateKind, keys: CryptoKeyPair): Promise<void>;
}

export interface PinReset {
  readonly kind: PinKind;
  readonly expires: string;
  /** The authentication CA's signature (base64) over `resetMessage(...)`: the counter's authority. */
  readonly signature: string;
}

/** What the municipality signs to let a chip set a new PIN after identity verification. */
export function resetMessage(cardId: string, kind: PinKind, expires: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`bango-pin-reset:v1\n${cardId}\n${kind}\n${expires}`);
}

/** Operations on one card run one at a time in this process (50 parallel tries are 50 in a row). */
const queues = new Map<string, Promise<unknown>>();
function serially<T>(id: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => {});
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return next;
}

const subtle = () => globalThis.crypto.subtle;
export const toBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
export const fromBase64 = (s: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const PBKDF2_ITERATIONS = 20_000;

async function pinHash(pin: string, salt: Uint8Array): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations: PBKDF2_ITERATIONS },
    key,
    256,
  );
  return new Uint8Array(bits);
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function newPinRecord(kind: PinKind, pin: string): Promise<PinRecord> {
  if (!PIN_POLICIES[kind].valid(pin)) {
    throw new DomainError(CardErrors.CARD_PIN_FORMAT, kind, { kind, rule: PIN_POLICIES[kind].rule });
  }
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64(salt), hash: toBase64(await pinHash(pin, salt)), failures: 0 };
}

/** Which PIN guards which key. */
const PIN_OF: Readonly<Record<CertificateKind, PinKind>> = {
  authentication: 'authentication',
  signature: 'signature',
};

/**
 * What a relying party's software asks of a card, whatever holds it: this emulator today,
 * a PC/SC reader talking to a real card later (JPKI-AP and the card-face-assist AP).
 */
export interface CardReader {
  cardId(): Promise<string>;
  tries(): Promise<Partial<Record<PinKind, number>>>;
  certificate(which: keyof ChipImage['certificates'], password?: string): Promise<Uint8Array<ArrayBuffer>>;
  sign(kind: CertificateKind, pin: string, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  faceAssist(pin: string): Promise<FaceAssistData>;
}

export class Chip implements CardReader {
  constructor(private readonly store: ChipStore) {}

  /** A blank chip for a new card: no keys, no certificates, no PINs. */
  static async blank(store: ChipStore, cardId: string): Promise<Chip> {
    await store.write({ format: CARD_FORMAT, cardId, certificates: {}, pins: {} });
    return new Chip(store);
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    return serially(this.store.id, work);
  }

  async cardId(): Promise<string> {
    return (await this.store.read()).cardId;
  }

  /**
   * Makes a key pair on the chip and returns the PKCS#10 request for it (PEM). Only
   * before delivery: once the PINs are set, the keys are fixed.
   */
  generateKey(kind: CertificateKind): Promise<string> {
    return this.run(async () => {
      const image = await this.store.read();
      if (image.pins.authentication)
        throw new DomainError(CardErrors.CARD_ACTION_NOT_ALLOWED, 'keys after delivery');
      const keys = (await subtle().generateKey(CHIP_KEY_ALGORITHM, this.store.extractableKeys, [
        'sign',
        'verify',
      ])) as CryptoKeyPair;
      await this.store.putKey(kind, keys);
      return certificationRequest(image.cardId, keys);
    });
  }

  /** Writes what the CAs issued and the CA certificates (DER), the face data, and the card's id. */
  personalise(data: {
    cardId?: string;
    certificates: ChipImage['certificates'];
    faceAssist?: FaceAssistData;
  }): Promise<void> {
    return this.run(async () => {
      const image = await this.store.read();
      if (image.pins.authentication)
        throw new DomainError(CardErrors.CARD_ACTION_NOT_ALLOWED, 'write after delivery');
      await this.store.write({
        ...image,
        cardId: data.cardId ?? image.cardId,
        certificates: { ...image.certificates, ...data.certificates },
        ...(data.faceAssist ? { faceAssist: data.faceAssist } : {}),
      });
    });
  }

  /** At delivery (交付) the holder sets the PINs, once; later only a counter reset changes one. */
  setPins(pins: { authentication: string; signature?: string; faceAssist: string }): Promise<void> {
    return this.run(async () => {
      const image = await this.store.read();
      if (image.pins.authentication)
        throw new DomainError(CardErrors.CARD_ACTION_NOT_ALLOWED, 'PINs already set');
      if (image.certificates.signature && pins.signature === undefined) {
        throw new DomainError(CardErrors.CARD_PIN_FORMAT, 'signature password missing', {
          kind: 'signature',
          rule: PIN_POLICIES.signature.rule,
        });
      }
      const records: Partial<Record<PinKind, PinRecord>> = {
        authentication: await newPinRecord('authentication', pins.authentication),
        faceAssist: await newPinRecord('faceAssist', pins.faceAssist),
      };
      if (image.certificates.signature && pins.signature !== undefined) {
        records.signature = await newPinRecord('signature', pins.signature);
      }
      await this.store.write({ ...image, pins: records });
    });
  }

  /** Tries left for each PIN that is set (0 = locked). */
  async tries(): Promise<Partial<Record<PinKind, number>>> {
    const image = await this.store.read();
    const out: Partial<Record<PinKind, number>> = {};
    for (const kind of PIN_KINDS) {
      const record = image.pins[kind];
      if (record) out[kind] = triesLeft(record.failures, kind);
    }
    return out;
  }

  /**
   * A certificate from JPKI-AP as DER. The authentication certificate and the CA
   * certificates are readable by anyone; the signature certificate needs the password,
   * as on the real card (it carries the four facts).
   */
  certificate(which: keyof ChipImage['certificates'], password?: string): Promise<Uint8Array<ArrayBuffer>> {
    return this.run(async () => {
      if (which === 'signature') await this.verifyPin('signature', password ?? '');
      const image = await this.store.read();
      const b64 = image.certificates[which];
      if (!b64) throw new DomainError(CardErrors.CARD_SLOT_EMPTY, which);
      return fromBase64(b64);
    });
  }

  /** Signs `data` with the key of `kind` after its PIN is verified. */
  sign(kind: CertificateKind, pin: string, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return this.run(async () => {
      await this.verifyPin(PIN_OF[kind], pin);
      const keys = await this.store.key(kind);
      if (!keys) throw new DomainError(CardErrors.CARD_SLOT_EMPTY, `${kind} key`);
      return new Uint8Array(await subtle().sign(CHIP_KEY_ALGORITHM, keys.privateKey, new Uint8Array(data)));
    });
  }

  /** The card-face-assist application: the number and the four facts, behind their PIN. */
  faceAssist(pin: string): Promise<FaceAssistData> {
    return this.run(async () => {
      await this.verifyPin('faceAssist', pin);
      const image = await this.store.read();
      if (!image.faceAssist) throw new DomainError(CardErrors.CARD_SLOT_EMPTY, 'face assist');
      return image.faceAssist;
    });
  }

  /**
   * Sets a new PIN with the municipality's authorisation (made at the counter after
   * identity verification): a signature by the authentication CA the chip holds.
   */
  resetPin(reset: PinReset, newPin: string, now: Date): Promise<void> {
    return this.run(async () => {
      const image = await this.store.read();
      const caB64 = image.certificates.authenticationCa;
      if (!caB64 || !image.pins[reset.kind]) throw new DomainError(CardErrors.CARD_PIN_NOT_SET, reset.kind);
      const expires = new Date(reset.expires);
      const key = await importSpkiOf(fromBase64(caB64));
      const ok =
        !Number.isNaN(expires.getTime()) &&
        expires > now &&
        (await subtle().verify(
          CHIP_KEY_ALGORITHM,
          key,
          fromBase64(reset.signature),
          resetMessage(image.cardId, reset.kind, reset.expires),
        ));
      if (!ok) throw new DomainError(CardErrors.CARD_RESET_UNAUTHORISED, reset.kind);
      const record = await newPinRecord(reset.kind, newPin);
      await this.store.write({ ...image, pins: { ...image.pins, [reset.kind]: record } });
    });
  }

  /** Counts first, then compares (the caller holds the card's queue). */
  private async verifyPin(kind: PinKind, pin: string): Promise<void> {
    const image = await this.store.read();
    const record = image.pins[kind];
    if (!record) throw new DomainError(CardErrors.CARD_PIN_NOT_SET, kind);
    if (isLocked(record.failures, kind))
      throw new DomainError(CardErrors.CARD_PIN_LOCKED, kind, { kind, triesLeft: 0 });
    const counted = { ...record, failures: afterEntry(record.failures, false, kind) };
    await this.store.write({ ...image, pins: { ...image.pins, [kind]: counted } });
    const correct = equalConstantTime(await pinHash(pin, fromBase64(record.salt)), fromBase64(record.hash));
    if (correct) {
      await this.store.write({ ...image, pins: { ...image.pins, [kind]: { ...record, failures: 0 } } });
      return;
    }
    const left = triesLeft(counted.failures, kind);
    throw new DomainError(left === 0 ? CardErrors.CARD_PIN_LOCKED : CardErrors.CARD_PIN_WRONG, kind, {
      kind,
      triesLeft: left,
    });
  }
}

/** The public key inside a certificate (DER), for checking what the CA signed. */
async function importSpkiOf(certificate: Uint8Array): Promise<CryptoKey> {
  const [tbs] = der.children(der.read(certificate));
  const fields = der.children(tbs!);
  const spki = fields[fields[0]!.tag === 0xa0 ? 6 : 5]!;
  return subtle().importKey('spki', new Uint8Array(spki.encoded), CHIP_KEY_ALGORITHM, false, ['verify']);
}

/** PKCS#10 for the chip's key, subject `C=JP, CN=<card id>`, signed by that key. */
async function certificationRequest(cardId: string, keys: CryptoKeyPair): Promise<string> {
  const spki = new Uint8Array(await subtle().exportKey('spki', keys.publicKey));
  const info = der.sequence(
    der.integer(Uint8Array.of(0)),
    der.sequence(
      der.set(der.sequence(der.objectIdentifier('2.5.4.6'), der.printableString('JP'))),
      der.set(der.sequence(der.objectIdentifier('2.5.4.3'), der.utf8String(cardId))),
    ),
    spki,
    Uint8Array.of(0xa0, 0x00), // attributes: none
  );
  const signature = new Uint8Array(await subtle().sign(CHIP_KEY_ALGORITHM, keys.privateKey, info));
  const algorithm = der.sequence(der.objectIdentifier('1.2.840.113549.1.1.11'), der.NULL);
  return pem('CERTIFICATE REQUEST', der.sequence(info, algorithm, der.bitString(signature)));
}

/** DER as PEM with `label` (CERTIFICATE, CERTIFICATE REQUEST). */
export function pem(label: string, bytes: Uint8Array): string {
  const lines = toBase64(bytes).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
