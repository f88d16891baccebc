import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { seededRandom } from '../kernel/random.ts';
import { auditLog } from '../kernel/schema.ts';
import { IndividualNumber, NumberIssuer } from '../numbers/index.ts';
import { parseFiling } from './filings.ts';
import { createRegistry, ensureMunicipalities, type RegistryEvent } from './index.ts';
import { events, identityChecks, nationalIndex, residents, retiredNumbers } from './schema.ts';

const CHIYODA = '131016';
const SHINJUKU = '131041';
const clerk = (municipality: string): Actor => ({
  id: `clerk-${municipality}`,
  kind: 'staff',
  displayName: 'Clerk',
  roles: [{ role: 'municipal-clerk', organisation: municipality }],
});

describeOnEngines('resident register', (database) => {
  async function setup(start = '2026-04-01T01:00:00Z') {
    const { db } = database();
    await ensureMunicipalities(db);
    const clock = fixedClock(start);
    const registry = createRegistry({
      db,
      clock,
      random: seededRandom(7),
      issuer: new NumberIssuer(Buffer.alloc(32, 3)),
    });
    const heard: RegistryEvent[] = [];
    registry.events.subscribe((e) => {
      heard.push(e);
    });
    const today = () => clock.now().toISOString().slice(0, 10);
    const file = (municipality: string, raw: Record<string, unknown>, key?: string) =>
      registry.service.file(clerk(municipality), municipality, parseFiling(raw, today()), key);
    return { db, clock, registry, heard, file };
  }

  const parent = {
    kind: 'entry-from-abroad',
    familyName: '齋藤',
    givenName: '花子',
    familyNameKana: 'さいとう',
    givenNameKana: 'ハナコ',
    birthDate: '1990-05-01',
    sex: '2',
    address: '千代田一丁目1番1号',
    effectiveDate: '2026-03-30',
    household: { mode: 'new' },
  };

  it('a first registration issues a number through the index and starts a household', async () => {
    const { db, file, heard, registry } = await setup();
    const r = await file(CHIYODA, parent);
    expect(r).toMatchObject({ status: 'resident', lateFiling: false, changedFacts: [] });
    expect(r.individualNumber).toMatch(/^\*\*\*\* \*\*\*\* \d{4}$/);
    const [row] = await db.select().from(residents);
    expect(row).toMatchObject({ familyNameKana: 'サイトウ', nameFlags: '00000', relationship: '世帯主' });
    const [idx] = await db.select().from(nationalIndex);
    expect(IndividualNumber.isValid(idx!.individualNumber)).toBe(true);
    expect(idx!.residentRecordCode).toBe(row!.residentRecordCode);
    // The register itself holds no number: only the index joins code and number.
    expect(JSON.stringify(row)).not.toContain(idx!.individualNumber);
    expect(heard).toEqual([
      expect.objectContaining({ kind: 'entry-from-abroad', residentId: r.residentId, seq: r.seq }),
    ]);
    // The durable feed gives a late subscriber the same event.
    expect(await registry.service.eventsSince(0)).toEqual(heard);
    expect(await registry.service.eventsSince(r.seq)).toEqual([]);
  });

  it('a birth joins the household; the household view lists both', async () => {
    const { file, registry } = await setup();
    const p = await file(CHIYODA, parent);
    const child = await file(CHIYODA, {
      kind: 'birth',
      familyName: '齋藤',
      givenName: '太郎',
      familyNameKana: 'サイトウ',
      givenNameKana: 'タロウ',
      birthDate: '2026-03-31',
      sex: '1',
      address: parent.address,
      household: { mode: 'join', householdId: p.householdId, relationship: '子' },
    });
    const h = await registry.service.household(clerk(CHIYODA), CHIYODA, p.householdId!);
    expect(h.headResidentId).toBe(p.residentId);
    expect(h.members.map((m) => [m.givenName, m.relationship])).toEqual([
      ['花子', '世帯主'],
      ['太郎', '子'],
    ]);
    expect(child.individualNumber).not.toBe(p.individualNumber);
  });

  it('move-out then move-in: address changes, index follows, late filing flagged after 14 days', async () => {
    const { db, file, clock, registry } = await setup();
    const p = await file(CHIYODA, parent);
    const out = await file(CHIYODA, {
      kind: 'move-out',
      residentId: p.residentId,
      movingTo: SHINJUKU,
      effectiveDate: '2026-04-10',
    });
    expect(out.status).toBe('moved-out');
    clock.set(new Date('2026-04-30T01:00:00Z')); // 20 days after moving
    const moved = await file(SHINJUKU, {
      kind: 'move-in',
      residentId: p.residentId,
      address: '西新宿二丁目8番1号',
      effectiveDate: '2026-04-10',
      household: { mode: 'new' },
    });
    expect(moved).toMatchObject({ status: 'resident', lateFiling: true, changedFacts: ['address'] });
    const [idx] = await db.select().from(nationalIndex);
    expect(idx!.municipalityCode).toBe(SHINJUKU);
    // Chiyoda's clerk no longer sees the person; Shinjuku's does.
    await expect(registry.service.get(clerk(CHIYODA), p.residentId)).rejects.toMatchObject({
      code: 'REGISTRY_RESIDENT_NOT_FOUND',
    });
    expect((await registry.service.get(clerk(SHINJUKU), p.residentId)).address).toBe('西新宿二丁目8番1号');
    const history = await registry.service.history(clerk(SHINJUKU), p.residentId);
    expect(history.map((e) => e.kind)).toEqual(['entry-from-abroad', 'move-out', 'move-in']);
  });

  it('refuses illegal transitions with what is allowed, and a move-in without a move-out', async () => {
    const { file } = await setup();
    const p = await file(CHIYODA, parent);
    await expect(
      file(SHINJUKU, {
        kind: 'move-in',
        residentId: p.residentId,
        address: 'x',
        effectiveDate: '2026-03-31',
        household: { mode: 'new' },
      }),
    ).rejects.toMatchObject({ code: 'REGISTRY_MOVE_OUT_MISSING' });
    await file(CHIYODA, { kind: 'death', residentId: p.residentId, effectiveDate: '2026-03-31' });
    await expect(
      file(CHIYODA, {
        kind: 'name-change',
        residentId: p.residentId,
        effectiveDate: '2026-03-31',
        familyName: '田中',
        givenName: '花子',
        familyNameKana: 'タナカ',
        givenNameKana: 'ハナコ',
      }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_EVENT_NOT_ALLOWED',
      extra: { status: 'deceased', allowed: ['correction'] },
    });
  });

  it('bad input gets a typed error and nothing is written', async () => {
    const { db, file } = await setup();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...parent }, '999999', 'REGISTRY_MUNICIPALITY_UNKNOWN'],
      [{ ...parent, birthDate: '2030-01-01' }, CHIYODA, 'REGISTRY_DATE_INVALID'],
      [{ ...parent, birthDate: '2026-02-30' }, CHIYODA, 'REGISTRY_DATE_INVALID'],
      [{ ...parent, givenName: '花\u0007子' }, CHIYODA, 'REGISTRY_FIELD_INVALID'],
      [{ ...parent, address: 'あ'.repeat(201) }, CHIYODA, 'REGISTRY_FIELD_INVALID'],
      [{ ...parent, familyNameKana: 'Saito' }, CHIYODA, 'REGISTRY_FIELD_INVALID'],
      [{ ...parent, sex: '3' }, CHIYODA, 'REGISTRY_FIELD_INVALID'],
      [
        {
          ...parent,
          household: {
            mode: 'join',
            householdId: '00000000-0000-4000-8000-000000000000',
            relationship: '子',
          },
        },
        CHIYODA,
        'REGISTRY_HOUSEHOLD_NOT_FOUND',
      ],
    ];
    for (const [raw, municipality, code] of cases) {
      const attempt = async () => {
        const actor = { ...clerk(municipality) };
        return file(actor.roles[0]!.organisation, raw);
      };
      await expect(attempt()).rejects.toMatchObject({ code });
    }
    expect(await db.select().from(residents)).toHaveLength(0);
    expect(await db.select().from(nationalIndex)).toHaveLength(0);
    expect(await db.select().from(events)).toHaveLength(0);
  });

  it('a clerk cannot file at another municipality', async () => {
    const { registry, clock } = await setup();
    const filing = parseFiling(parent, clock.now().toISOString().slice(0, 10));
    await expect(registry.service.file(clerk(SHINJUKU), CHIYODA, filing)).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('concurrent filings with one idempotency key take effect once', async () => {
    const { db, file } = await setup();
    const results = await Promise.all(Array.from({ length: 5 }, () => file(CHIYODA, parent, 'birth-key-1')));
    expect(new Set(results.map((r) => r.residentId)).size).toBe(1);
    expect(await db.select().from(residents)).toHaveLength(1);
  });

  it('name search finds candidates across kana and kanji forms, never merging two people', async () => {
    const { file, registry } = await setup();
    await file(CHIYODA, parent);
    await file(CHIYODA, { ...parent, familyName: '斎藤', birthDate: '1985-01-01', address: '千代田二丁目' });
    const search = (name: string, birthDate?: string) =>
      registry.service.search(clerk(CHIYODA), {
        municipalityCode: CHIYODA,
        name,
        ...(birthDate ? { birthDate } : {}),
      });
    for (const q of ['さいとう', 'ｻｲﾄｳ', 'サイトウハナコ', 'さいとー', '斎藤', '齋藤花子', '齊藤']) {
      expect((await search(q)).candidates).toHaveLength(2);
    }
    const one = await search('さいとう', '1990-05-01');
    expect(one.candidates).toHaveLength(1);
    expect(one.candidates[0]!.familyName).toBe('齋藤');
    expect((await search('たなか')).candidates).toHaveLength(0);
    expect((await search('%')).candidates).toHaveLength(0);
  });

  it('revealing a number records the identity check and the audit; re-issue retires the old number', async () => {
    const { db, file, registry } = await setup();
    const p = await file(CHIYODA, parent);
    const shown = await registry.service.revealNumber(clerk(CHIYODA), p.residentId, {
      purpose: 'notification',
      numberCheck: ['notification-card'],
      identityCheck: ['passport'],
    });
    expect(IndividualNumber.isValid(shown.individualNumber)).toBe(true);
    expect(await db.select().from(identityChecks)).toHaveLength(1);
    expect((await db.select().from(auditLog)).map((a) => a.action)).toEqual(['registry.reveal-number']);

    await registry.service.reissueNumber(clerk(CHIYODA), p.residentId, 'leaked');
    const [retired] = await db.select().from(retiredNumbers);
    expect(retired!.individualNumber).toBe(shown.individualNumber);
    const again = await registry.service.revealNumber(clerk(CHIYODA), p.residentId, {
      purpose: 'notification',
      numberCheck: ['notification-card'],
      identityCheck: ['passport'],
    });
    expect(again.individualNumber).not.toBe(shown.individualNumber);
    expect(IndividualNumber.isValid(again.individualNumber)).toBe(true);
  });

  it('verify finds what must not happen: a record without its number, a history that does not match', async () => {
    const { db, file } = await setup();
    const p = await file(CHIYODA, parent);
    await file(CHIYODA, { ...parent, familyName: '田中', familyNameKana: 'タナカ' });
    const { verifyRegistry } = await import('./operations.ts');
    const clean = await verifyRegistry(database());
    expect(clean).toEqual({ checked: 2, problems: [] });
    const [row] = await db.select().from(residents).where(eq(residents.id, p.residentId));
    await db.delete(nationalIndex).where(eq(nationalIndex.residentRecordCode, row!.residentRecordCode));
    await db.update(residents).set({ version: 7 }).where(eq(residents.id, p.residentId));
    const broken = await verifyRegistry(database());
    expect(broken.problems.map((x) => x.check)).toEqual([
      'every resident has exactly one index entry',
      'every record has a history whose length is its version',
    ]);
    expect(broken.problems[0]!.examples).toEqual([p.residentId]);
  });
});
