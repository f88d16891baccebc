import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardFileStore } from './card-file.ts';
import { Chip, type ChipImage, type ChipStore } from './chip.ts';
import { PIN_POLICIES, type PinKind } from './pins.ts';

const PINS = { authentication: '1234', signature: 'ABC123', faceAssist: '5678' } as const;
const WRONG = { authentication: '0000', signature: 'WRONG1', faceAssist: '0000' } as const;

const folder = () => mkdtempSync(join(tmpdir(), 'bango-chip-'));

/** A card file store that counts PIN evaluations (each writes an incremented counter first). */
class CountingStore extends CardFileStore {
  evaluations = 0;
  override async write(image: ChipImage): Promise<void> {
    const before = await this.read().catch(() => null);
    for (const kind of ['authentication', 'signature', 'faceAssist'] as const) {
      const was = before?.pins[kind]?.failures ?? 0;
      if ((image.pins[kind]?.failures ?? 0) > was) this.evaluations++;
    }
    await super.write(image);
  }
}

async function deliveredChip(store: ChipStore): Promise<Chip> {
  const chip = await Chip.blank(store, 'card-test');
  // Any bytes stand in for the signature certificate: the password exists only when it does.
  await chip.personalise({ certificates: { signature: 'AAAA' } });
  await chip.setPins(PINS);
  return chip;
}

/** One PIN entry through the operation that needs it; a missing key or data after the PIN counts as ok. */
const tryPin = async (chip: Chip, kind: PinKind, pin: string) => {
  const entry =
    kind === 'faceAssist'
      ? chip.faceAssist(pin)
      : kind === 'signature'
        ? chip.certificate('signature', pin)
        : chip.sign('authentication', pin, new Uint8Array(1));
  try {
    await entry;
    return 'ok';
  } catch (e) {
    const code = (e as { code: string }).code;
    return code === 'CARD_SLOT_EMPTY' ? 'ok' : code;
  }
};

describe('chip PINs', () => {
  it('follow the model: locked after exactly the limit, reset by a correct entry, counters survive restarts', async () => {
    const op = fc.record({
      kind: fc.constantFrom<PinKind>('authentication', 'signature', 'faceAssist'),
      correct: fc.boolean(),
      restart: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const path = join(folder(), 'card.json');
        let chip = await deliveredChip(new CardFileStore(path));
        const failures: Record<string, number> = { authentication: 0, signature: 0, faceAssist: 0 };
        for (const { kind, correct, restart } of ops) {
          if (restart) chip = new Chip(new CardFileStore(path)); // a new process reading the same card
          const got = await tryPin(chip, kind, correct ? PINS[kind] : WRONG[kind]);
          const limit = PIN_POLICIES[kind].limit;
          const locked = failures[kind]! >= limit;
          const expected = locked
            ? 'CARD_PIN_LOCKED'
            : correct
              ? 'ok'
              : failures[kind]! + 1 >= limit
                ? 'CARD_PIN_LOCKED'
                : 'CARD_PIN_WRONG';
          if (!locked) failures[kind] = correct ? 0 : failures[kind]! + 1;
          expect(got).toBe(expected);
          expect((await chip.tries())[kind]).toBe(Math.max(0, limit - failures[kind]!));
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('evaluate no more than 3 of 50 parallel wrong user-authentication PINs, and the right PIN then stays locked', async () => {
    const store = new CountingStore(join(folder(), 'card.json'));
    const chip = await deliveredChip(store);
    store.evaluations = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => tryPin(chip, 'authentication', WRONG.authentication)),
    );
    expect(store.evaluations).toBe(3);
    expect(results.filter((r) => r === 'CARD_PIN_WRONG')).toHaveLength(2);
    expect(results.filter((r) => r === 'CARD_PIN_LOCKED')).toHaveLength(48);
    expect(await tryPin(chip, 'authentication', PINS.authentication)).toBe('CARD_PIN_LOCKED');
  });

  it('refuse PINs and passwords outside the rules when they are set', async () => {
    for (const [kind, pin] of [
      ['authentication', '123'],
      ['authentication', '12345'],
      ['authentication', '１２３４'],
      ['signature', 'abc123'],
      ['signature', 'ABCDEF'],
      ['signature', '123456'],
      ['signature', 'AB12'],
      ['signature', 'ABCDEFGHIJ1234567'],
    ] as const) {
      const chip = await Chip.blank(new CardFileStore(join(folder(), 'card.json')), 'c');
      await chip.personalise({ certificates: { signature: 'AAAA' } });
      await expect(chip.setPins({ ...PINS, [kind]: pin })).rejects.toMatchObject({ code: 'CARD_PIN_FORMAT' });
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const ok = PIN_POLICIES.signature.valid(s);
        expect(ok).toBe(/^[A-Z0-9]{6,16}$/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s));
      }),
    );
  });

  it('make keys on the chip: only a CSR leaves it, and signatures verify with its key', async () => {
    const path = join(folder(), 'card.json');
    const chip = await Chip.blank(new CardFileStore(path), 'card-keys');
    const csr = await chip.generateKey('authentication');
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const { publicKeyFromCsr } = await import('../pki/ca.ts');
    const publicKey = await publicKeyFromCsr(csr); // checks the request's own signature
    await chip.setPins(PINS);
    const data = new TextEncoder().encode('hello');
    const signature = await chip.sign('authentication', PINS.authentication, data);
    const key = await publicKey.export();
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, data)).toBe(true);
    await expect(chip.sign('authentication', '9999', data)).rejects.toMatchObject({
      code: 'CARD_PIN_WRONG',
      extra: { triesLeft: 2 },
    });
    await expect(chip.generateKey('authentication')).rejects.toMatchObject({
      code: 'CARD_ACTION_NOT_ALLOWED',
    });
  });

  it('refuse a damaged or foreign card file with a typed error', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(folder(), 'bad.json');
    writeFileSync(path, '{"format":"something-else"}');
    await expect(new Chip(new CardFileStore(path)).tries()).rejects.toMatchObject({
      code: 'CARD_FILE_INVALID',
    });
    writeFileSync(path, 'not json');
    await expect(new Chip(new CardFileStore(path)).tries()).rejects.toMatchObject({
      code: 'CARD_FILE_INVALID',
    });
  });
});
