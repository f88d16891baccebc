import { mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKeyStore, loadOrCreateCa, MemoryKeyStore } from './keystore.ts';

const NOW = new Date('2026-04-01T00:00:00Z');

describe('CA key store', () => {
  it('keeps a CA across restarts, its private key encrypted at rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bango-keys-'));
    const kek = new Uint8Array(32).fill(7);
    const first = await loadOrCreateCa(new FileKeyStore(dir, kek), 'signature', NOW);
    const again = await loadOrCreateCa(new FileKeyStore(dir, kek), 'signature', NOW);
    expect(again.certificate.serialNumber).toBe(first.certificate.serialNumber);
    // The restored CA signs: what it issues verifies against the stored certificate.
    const issued = await again.issue({
      publicKey: first.certificate.publicKey,
      notBefore: NOW,
      notAfter: new Date('2030-01-01'),
      facts: {
        name: '山田　太郎',
        nameFlags: '00000',
        sex: '1',
        birthDate: '1980-01-01',
        address: '千代田',
        addressFlags: '000',
      },
    });
    expect(await issued.parse().verify({ publicKey: first.certificate.publicKey, signatureOnly: true })).toBe(
      true,
    );

    const file = join(dir, 'jpki-signature-ca.key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('PRIVATE KEY');
    // A PKCS#8 RSA key in clear would carry the rsaEncryption OID; the ciphertext does not.
    const data = Buffer.from(JSON.parse(raw).data, 'base64');
    expect(data.length).toBeGreaterThan(1000);
    expect(data.includes(Buffer.from('06092a864886f70d010101', 'hex'))).toBe(false);

    await expect(
      loadOrCreateCa(new FileKeyStore(dir, new Uint8Array(32).fill(8)), 'signature', NOW),
    ).rejects.toThrow();
    // A file moved to another CA's name does not decrypt: the name is bound in.
    renameSync(file, join(dir, 'jpki-authentication-ca.key.json'));
    await expect(loadOrCreateCa(new FileKeyStore(dir, kek), 'authentication', NOW)).rejects.toThrow();
  }, 60_000);

  it('creates each CA once in memory', async () => {
    const store = new MemoryKeyStore();
    const a = await loadOrCreateCa(store, 'authentication', NOW);
    const b = await loadOrCreateCa(store, 'authentication', NOW);
    expect(b.certificate.serialNumber).toBe(a.certificate.serialNumber);
  }, 60_000);
});
