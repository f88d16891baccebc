import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHmac,
  type Decipher,
  hkdfSync,
  timingSafeEqual,
} from 'node:crypto';
import type { Brand } from '../kernel/brand.ts';
import type { InstitutionCode } from './codes.ts';

/**
 * 機関別符号: the code an institution knows a person by.
 *
 * The core turns a resident record code into an internal id (情報提供用個人識別符号's
 * role): 12 bytes of HMAC-SHA256 under a core key. An institution's code is one AES-256
 * block over (internal id ‖ a 4-byte tag of the institution), under a second core key.
 * So codes are deterministic (the same person has the same code at one institution),
 * different at every institution, and unlinkable without the core's key; the core can
 * decrypt a code back to the internal id and checks the tag, so a code shown by another
 * institution than its own is refused. Nothing in a code is derived from the number.
 * 96-bit internal ids: among 130 million people a collision has odds of about 1 in 10^13.
 */
export type SubjectCode = Brand<string, 'SubjectCode'>;
/** The internal id, as 24 hex digits; the core's only handle on a person. */
export type SubjectId = Brand<string, 'SubjectId'>;

const CODE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isSubjectCode(input: unknown): input is SubjectCode {
  return typeof input === 'string' && CODE_PATTERN.test(input);
}

export class CodeBook {
  readonly #idKey: Buffer;
  readonly #codeKey: Buffer;
  readonly #tagKey: Buffer;
  readonly #tags = new Map<string, Buffer>();
  // ECB without padding turns each 16-byte update into 16 bytes at once, so one cipher
  // object serves every code (making one per code cost more than the AES itself).
  readonly #encrypt: Cipher;
  readonly #decrypt: Decipher;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new Error('the code key must be 32 bytes');
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), info, 32));
    this.#idKey = derive('bango linkage subject id v1');
    this.#codeKey = derive('bango linkage subject code v1');
    this.#tagKey = derive('bango linkage institution tag v1');
    this.#encrypt = createCipheriv('aes-256-ecb', this.#codeKey, null).setAutoPadding(false);
    this.#decrypt = createDecipheriv('aes-256-ecb', this.#codeKey, null).setAutoPadding(false);
  }

  /** The internal id of the person with this resident record code. */
  subjectOf(residentRecordCode: string): SubjectId {
    return createHmac('sha256', this.#idKey)
      .update(`rrc:${residentRecordCode}`)
      .digest()
      .subarray(0, 12)
      .toString('hex') as SubjectId;
  }

  codeFor(subject: SubjectId, institution: InstitutionCode): SubjectCode {
    const block = Buffer.concat([Buffer.from(subject, 'hex'), this.#tag(institution)]);
    return this.#encrypt.update(block).toString('base64url') as SubjectCode;
  }

  /** The internal id behind an institution's code, or null when it is not that institution's. */
  subjectFromCode(code: string, institution: InstitutionCode): SubjectId | null {
    if (!isSubjectCode(code)) return null;
    const bytes = Buffer.from(code, 'base64url');
    if (bytes.length !== 16) return null;
    const block = this.#decrypt.update(bytes);
    if (!timingSafeEqual(block.subarray(12), this.#tag(institution))) return null;
    return block.subarray(0, 12).toString('hex') as SubjectId;
  }

  /** Turns the requester's code into the provider's, through the internal id. */
  translate(code: string, from: InstitutionCode, to: InstitutionCode): SubjectCode | null {
    const subject = this.subjectFromCode(code, from);
    return subject === null ? null : this.codeFor(subject, to);
  }

  #tag(institution: InstitutionCode): Buffer {
    let tag = this.#tags.get(institution);
    if (!tag) {
      tag = createHmac('sha256', this.#tagKey).update(institution).digest().subarray(0, 4);
      this.#tags.set(institution, tag);
    }
    return tag;
  }
}
