import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardFileStore } from '../../src/card/card-file.ts';
import { Chip } from '../../src/card/chip.ts';
import { type CardPins, issueCard } from '../../src/card/issuance.ts';
import type { Actor } from '../../src/kernel/actor.ts';
import type { Contexts } from '../../src/platform/contexts.ts';
import { parseFiling } from '../../src/registry/index.ts';

export const CHIYODA = '131016';
export const PINS: CardPins = { authentication: '1234', signature: 'ABC123', faceAssist: '5678' };

export const clerkAt = (municipality: string): Actor => ({
  id: `clerk-${municipality}`,
  kind: 'staff',
  displayName: 'Clerk',
  roles: [{ role: 'municipal-clerk', organisation: municipality }],
});

/** Registers a person at Chiyoda (entry from abroad) and returns their resident id. */
export async function registerPerson(
  contexts: Contexts,
  person: {
    familyName?: string;
    givenName?: string;
    birthDate?: string;
    household?: { mode: 'join'; householdId: string; relationship: string };
  } = {},
): Promise<string> {
  const today = contexts.clock.now().toISOString().slice(0, 10);
  const r = await contexts.registry.service.file(
    clerkAt(CHIYODA),
    CHIYODA,
    parseFiling(
      {
        kind: 'entry-from-abroad',
        familyName: person.familyName ?? '山田',
        givenName: person.givenName ?? '花子',
        familyNameKana: 'ヤマダ',
        givenNameKana: 'ハナコ',
        birthDate: person.birthDate ?? '1990-05-01',
        sex: '2',
        address: '千代田一丁目1番1号',
        effectiveDate: today,
        household: person.household ?? { mode: 'new' },
      },
      today,
    ),
  );
  return r.residentId;
}

/** A delivered card for the resident, on a chip kept in a fresh card file. */
export async function cardFor(
  contexts: Contexts,
  residentId: string,
  pins: CardPins = PINS,
): Promise<{ chip: Chip; path: string; cardId: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'bango-card-')), 'card.json');
  const chip = await Chip.blank(new CardFileStore(path), `card-${residentId.slice(-8)}`);
  const card = await issueCard({ cards: contexts.cards, actor: clerkAt(CHIYODA), residentId, chip, pins });
  return { chip, path, cardId: card.id };
}
