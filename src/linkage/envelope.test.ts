import { randomBytes } from 'node:crypto';
import { CompactEncrypt, calculateJwkThumbprint, compactDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { InstitutionCode } from './codes.ts';
import {
  answerKey,
  answerKeyIds,
  exportPrivate,
  exportRotated,
  generateInstitutionKeys,
  importPrivate,
  keyId,
  openAnswer,
  pairKey,
  publicKeysOf,
  sealAnswer,
  signSubmission,
  verifySubmission,
} from './envelope.ts';
import { CodeBook } from './subject-codes.ts';

const A = '1013101600000000' as InstitutionCode;
const B = '1013104100000000' as InstitutionCode;

describe('sealed answers', () => {
  it('are standard compact JWE: jose opens ours and we open jose’s', async () => {
    const raw = new Uint8Array(randomBytes(32));
    const sealed = sealAnswer(answerKey(raw), 'pn-1', { taxableIncome: 1 });
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, raw);
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({ taxableIncome: 1 });
    expect(protectedHeader).toMatchObject({ alg: 'dir', enc: 'A256GCM', pn: 'pn-1' });
    const theirs = await new CompactEncrypt(new TextEncoder().encode('{"x":2}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', pn: 'pn-2' })
      .encrypt(raw);
    expect(openAnswer(answerKey(raw), 'pn-2', theirs)).toEqual({ x: 2 });
  });

  it('refuses an answer moved to another processing number, altered, or under another key', () => {
    const key = answerKey(new Uint8Array(randomBytes(32)));
    const sealed = sealAnswer(key, 'pn-1', { a: 1 });
    expect(() => openAnswer(key, 'pn-2', sealed)).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => openAnswer(key, 'pn-1', parts.join('.'))).toThrow();
    expect(() => openAnswer(answerKey(new Uint8Array(randomBytes(32))), 'pn-1', sealed)).toThrow();
  });

  it('both institutions agree on the pair key; a third cannot', async () => {
    const [a, b, c] = await Promise.all([
      generateInstitutionKeys(),
      generateInstitutionKeys(),
      generateInstitutionKeys(),
    ]);
    const fromA = await pairKey(a.agreement.privateKey, b.agreement.publicKey, A, B);
    const fromB = await pairKey(b.agreement.privateKey, a.agreement.publicKey, A, B);
    const fromC = await pairKey(c.agreement.privateKey, b.agreement.publicKey, A, B);
    expect(Buffer.from(fromA).equals(Buffer.from(fromB))).toBe(true);
    expect(Buffer.from(fromC).equals(Buffer.from(fromB))).toBe(false);
  });

  it('a submission verifies only with its signer’s key', async () => {
    const [a, b] = await Promise.all([generateInstitutionKeys(), generateInstitutionKeys()]);
    const jws = await signSubmission(a.signing.privateKey, A, { requester: A });
    expect(await verifySubmission(jws, a.signing.publicKey)).toEqual({ requester: A });
    await expect(verifySubmission(jws, b.signing.publicKey)).rejects.toMatchObject({
      code: 'LINKAGE_SIGNATURE_INVALID',
    });
  });
});

describe('keys and their ids', () => {
  it('a key id is the RFC 7638 thumbprint; answers and stored keys carry what a rotation needs', async () => {
    const first = await generateInstitutionKeys();
    const pub = await publicKeysOf(first);
    expect(keyId(pub.agreementKey)).toBe(await calculateJwkThumbprint(pub.agreementKey, 'sha256'));
    const sealed = sealAnswer(answerKey(new Uint8Array(32)), 'pn-1', {}, { pk: 'p', rk: 'r' });
    expect(answerKeyIds(sealed)).toEqual({ pk: 'p', rk: 'r' });
    expect(answerKeyIds(sealAnswer(answerKey(new Uint8Array(32)), 'pn-1', {}))).toBeNull();
    // After a rotation the stored keys hold the new pairs and, as the previous, the old ones.
    const stored = await exportPrivate(first);
    const rotated = await importPrivate(await exportRotated(await generateInstitutionKeys(), stored));
    expect(keyId((await publicKeysOf(rotated.previous!)).signingKey)).toBe(keyId(pub.signingKey));
    expect(keyId((await publicKeysOf(rotated)).signingKey)).not.toBe(keyId(pub.signingKey));
  });
});

describe('institution-specific codes (機関別符号)', () => {
  const book = new CodeBook(new Uint8Array(32).fill(1));
  it('one person: a stable code per institution, different across institutions, turned back by the core only', () => {
    const subject = book.subjectOf('12345678901');
    const atA = book.codeFor(subject, A);
    expect(book.codeFor(book.subjectOf('12345678901'), A)).toBe(atA);
    expect(book.codeFor(subject, B)).not.toBe(atA);
    expect(book.subjectFromCode(atA, A)).toBe(subject);
    // Shown by the wrong institution, or made up: not a code the network gave.
    expect(book.subjectFromCode(atA, B)).toBeNull();
    expect(book.subjectFromCode('AAAAAAAAAAAAAAAAAAAAAA', A)).toBeNull();
    expect(new CodeBook(new Uint8Array(32).fill(2)).subjectFromCode(atA, A)).toBeNull();
    expect(atA).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('codes do not collide across 200,000 people, and carry no trace of the record code', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const rrc = String(10_000_000_000 + i);
      const code = book.codeFor(book.subjectOf(rrc), A);
      expect(code.includes(rrc.slice(-6))).toBe(false);
      seen.add(code);
    }
    expect(seen.size).toBe(200_000);
  });
});
