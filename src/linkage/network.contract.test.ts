import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { CHIYODA, clerkAt } from '../../test/support/cards.ts';
import { describeOnEngines } from '../../test/support/engines.ts';
import { fixedClock } from '../kernel/clock.ts';
import type { Database } from '../kernel/db.ts';
import { seededRandom } from '../kernel/random.ts';
import type { Contexts } from '../platform/contexts.ts';
import { createContexts } from '../platform/contexts.ts';
import { parseFiling } from '../registry/index.ts';
import { ITEMS, NATIONAL_BODIES, PROCEDURE } from './catalogue.ts';
import type { InstitutionCode } from './codes.ts';
import { generateInstitutionKeys, keyId, publicKeysOf, signSubmission } from './envelope.ts';
import { verifyLog } from './log-verify.ts';
import { importLogKey, missingSequenceNumbers, verifyRecord } from './verify.ts';

const SHINJUKU = '131041';
const JASSO = NATIONAL_BODIES.find((b) => b.kind === 'scholarship')!.code;

const clock = fixedClock('2026-04-01T01:00:00Z');
let contexts: Contexts;
let number = '';
let rrc = '';

async function file(municipality: string, filing: Record<string, unknown>) {
  const today = contexts.clock.now().toISOString().slice(0, 10);
  return contexts.registry.service.file(clerkAt(municipality), municipality, parseFiling(filing, today));
}

async function setup(database: Database): Promise<void> {
  clock.set(new Date('2026-04-01T01:00:00Z'));
  contexts = await createContexts({
    database,
    clock,
    random: seededRandom(3),
    secrets: { numberIssuanceKey: new Uint8Array(32).fill(5) },
  });
  const parent = await file(CHIYODA, {
    kind: 'entry-from-abroad',
    familyName: '佐藤',
    givenName: '美咲',
    familyNameKana: 'サトウ',
    givenNameKana: 'ミサキ',
    birthDate: '1988-02-03',
    sex: '2',
    address: '千代田一丁目1番1号',
    effectiveDate: '2026-04-01',
    household: { mode: 'new' },
  });
  const [row] = await contexts.database.query<{ rrc: string }>(
    'select resident_record_code as rrc from registry.residents where id = $1',
    [parent.residentId],
  );
  rrc = row!.rrc;
  number = (await contexts.registry.index.numberOf(contexts.database.db, rrc))!;
  // At A (Chiyoda): the person is on A's addressee map, with last year's tax and the household.
  const a = await contexts.linkage.joinLocalGovernment(CHIYODA);
  await a.enrol('A0000001', number);
  await a.putCopy('A0000001', ITEMS.localTax, {
    fiscalYear: 2025,
    municipalityCode: CHIYODA,
    totalIncome: 4_200_000,
    taxableIncome: 2_650_000,
    municipalTax: 159_000,
    prefecturalTax: 106_000,
    forestEnvironmentTax: 1000,
    dependents: 1,
    exempt: false,
  });
  await a.putCopy('A0000001', ITEMS.household, {
    municipalityCode: CHIYODA,
    relationship: '世帯主',
    householdSize: 2,
    members: '世帯主・子',
  });
  clock.set(new Date('2026-04-06T01:00:00Z'));
  await file(CHIYODA, {
    kind: 'move-out',
    residentId: parent.residentId,
    movingTo: SHINJUKU,
    effectiveDate: '2026-04-05',
  });
  await file(SHINJUKU, {
    kind: 'move-in',
    residentId: parent.residentId,
    address: '西新宿二丁目8番1号',
    effectiveDate: '2026-04-05',
    household: { mode: 'new' },
  });
}

const STORY: ReadonlyArray<readonly [string, () => Promise<void>]> = [
  [
    'B gets A’s tax and household information through the core, and everyone records it',
    async () => {
      const a = contexts.linkage.municipality(CHIYODA);
      const b = await contexts.linkage.joinLocalGovernment(SHINJUKU);
      // Asked before the person is enrolled: unknown here — and not remembered as unknown.
      const early = { addressee: 'B0000001', procedure: PROCEDURE.childAllowance, provider: a.code };
      await expect(b.query([{ ...early, ref: 'early', item: ITEMS.household }])).rejects.toMatchObject({
        code: 'LINKAGE_ADDRESSEE_UNKNOWN',
      });
      await b.enrol('B0000001', number);
      const results = await b.query([
        {
          ref: 'tax',
          addressee: 'B0000001',
          procedure: PROCEDURE.childAllowance,
          provider: a.code,
          item: ITEMS.localTax,
          fiscalYear: 2025,
        },
        {
          ref: 'household',
          addressee: 'B0000001',
          procedure: PROCEDURE.childAllowance,
          provider: a.code,
          item: ITEMS.household,
        },
      ]);
      expect(results.map((r) => [r.ref, r.outcome])).toEqual([
        ['tax', 'provided'],
        ['household', 'provided'],
      ]);
      expect(results[0]!.answer).toMatchObject({
        found: true,
        period: '2025',
        data: { taxableIncome: 2_650_000 },
      });
      expect(results[1]!.answer?.data).toMatchObject({ relationship: '世帯主', householdSize: 2 });

      await Promise.all([a.drain(), b.drain()]);
      const provided = await a.records({ addressee: 'A0000001' });
      expect(provided.map((r) => [r.role, r.counterpart, r.item])).toEqual(
        expect.arrayContaining([
          ['provision', b.code, ITEMS.localTax],
          ['provision', b.code, ITEMS.household],
        ]),
      );
      const asked = await b.records({ addressee: 'B0000001' });
      expect(asked.filter((r) => r.role === 'request' && r.outcome === 'provided')).toHaveLength(2);
      // Each node knows the person by its own code only.
      expect(asked[0]!.code).not.toBe(provided[0]!.code);
    },
  ],

  [
    'refuses what the table does not allow, and records the refusal',
    async () => {
      const jasso = contexts.linkage.node(JASSO);
      await jasso.enrol('S0000001', number);
      const [refused] = await jasso.query([
        {
          addressee: 'S0000001',
          procedure: PROCEDURE.scholarship,
          provider: contexts.linkage.municipality(CHIYODA).code,
          item: ITEMS.longTermCare,
        },
      ]);
      expect(refused).toMatchObject({ outcome: 'refused', refusal: 'LINKAGE_NOT_PERMITTED', answer: null });
      await jasso.drain();
      expect((await jasso.records({ addressee: 'S0000001' }))[0]).toMatchObject({
        role: 'request',
        outcome: 'refused',
        refusal: 'LINKAGE_NOT_PERMITTED',
      });
    },
  ],

  [
    'the person sees exactly these exchanges, numbered without gaps, each proved in the signed log',
    async () => {
      const [row] = await contexts.database.query<{ id: string }>(
        'select id from registry.residents where resident_record_code = $1',
        [rrc],
      );
      const mine = await contexts.linkageService.recordsOfResident(row!.id);
      expect(
        mine.records.map((r) => [r.subjectSeq, r.item, r.outcome, r.requesterName, r.providerName]),
      ).toEqual([
        [1, ITEMS.localTax, 'provided', '新宿区', '千代田区'],
        [2, ITEMS.household, 'provided', '新宿区', '千代田区'],
        [3, ITEMS.longTermCare, 'refused', '独立行政法人日本学生支援機構', '千代田区'],
      ]);
      expect(missingSequenceNumbers(mine.records)).toEqual([]);
      const key = await importLogKey(mine.logKey!);
      for (const r of mine.records) {
        expect(await verifyRecord(r, mine.head, key)).toBe('verified');
        expect(await verifyRecord({ ...r, outcome: 'not-disclosed' }, mine.head, key)).toBe('not-in-log');
        expect(await verifyRecord(r, { ...mine.head, size: mine.head.size + 1 }, key)).toBe(
          'head-signature-invalid',
        );
      }
      expect(missingSequenceNumbers(mine.records.filter((r) => r.subjectSeq !== 2))).toEqual([2]);
    },
  ],

  [
    'a query names its procedure’s step; a step of another procedure is refused; both are recorded with it',
    async () => {
      const a = contexts.linkage.municipality(CHIYODA);
      const b = contexts.linkage.municipality(SHINJUKU);
      const ask = { addressee: 'B0000001', procedure: PROCEDURE.childAllowance, provider: a.code };
      const [revision, foreign] = await b.query([
        { ...ask, ref: 'revision', step: 'JT00000000001002', item: ITEMS.household },
        { ...ask, ref: 'foreign', step: 'JT00000000003001', item: ITEMS.household },
      ]);
      expect(revision).toMatchObject({ outcome: 'provided' });
      expect(foreign).toMatchObject({ outcome: 'refused', refusal: 'LINKAGE_NOT_PERMITTED' });
      await Promise.all([a.drain(), b.drain()]);
      const [latest, before] = await b.records({ addressee: 'B0000001', limit: 2 });
      expect([before!.step, latest!.step].sort()).toEqual(['JT00000000001002', 'JT00000000003001']);
      expect((await a.records({ addressee: 'A0000001', limit: 1 }))[0]!.step).toBe('JT00000000001002');
      const [row] = await contexts.database.query<{ id: string }>(
        'select id from registry.residents where resident_record_code = $1',
        [rrc],
      );
      const mine = await contexts.linkageService.recordsOfResident(row!.id);
      expect(
        mine.records
          .slice(-2)
          .map((r) => [r.step, r.stepName, r.outcome])
          .sort(),
      ).toEqual([
        ['JT00000000001002', '額改定の請求', 'provided'],
        ['JT00000000003001', '', 'refused'],
      ]);
      const key = await importLogKey(mine.logKey!);
      for (const r of mine.records) expect(await verifyRecord(r, mine.head, key)).toBe('verified');
      const shown = mine.records.find((r) => r.step === 'JT00000000001002')!;
      expect(await verifyRecord({ ...shown, step: 'JT00000000001001' }, mine.head, key)).toBe('not-in-log');
    },
  ],

  [
    'a period of days is answered with every version of the copy that held in it',
    async () => {
      const a = contexts.linkage.municipality(CHIYODA);
      const b = contexts.linkage.municipality(SHINJUKU);
      const household = (size: number) => ({
        municipalityCode: CHIYODA,
        relationship: '世帯主',
        householdSize: size,
        members: `${size}人`,
      });
      // The copy put at setup holds from 2026-04-01 (size 2); an earlier version is
      // registered late, and a later one ahead of its day (today is 2026-04-06).
      await a.putCopy('A0000001', ITEMS.household, household(1), { validFrom: '2025-10-01' });
      await a.putCopy('A0000001', ITEMS.household, household(4), { validFrom: '2026-07-01' });
      await a.putCopy('A0000001', ITEMS.localTax, {
        fiscalYear: 2024,
        municipalityCode: CHIYODA,
        totalIncome: 4_000_000,
        taxableIncome: 2_500_000,
        municipalTax: 150_000,
        prefecturalTax: 100_000,
        forestEnvironmentTax: 1000,
        dependents: 1,
        exempt: false,
      });
      const ask = { addressee: 'B0000001', procedure: PROCEDURE.childAllowance, provider: a.code };
      const [now, winter, autumn, years, none] = await b.query([
        { ...ask, item: ITEMS.household },
        { ...ask, item: ITEMS.household, from: '2025-11-01', to: '2026-04-30' },
        { ...ask, item: ITEMS.household, from: '2026-08-01' },
        { ...ask, item: ITEMS.localTax, from: '2024-06-01', to: '2025-05-01' },
        { ...ask, item: ITEMS.household, to: '2025-09-30' },
      ]);
      expect([now, winter, autumn, years, none].map((r) => `${r!.outcome} ${r!.refusal}`)).toEqual(
        Array(5).fill('provided null'),
      );
      expect(now!.answer).toMatchObject({ data: { householdSize: 2 }, versions: null });
      expect(winter!.answer!.versions!.map((v) => [v.validFrom, v.validTo, v.data?.householdSize])).toEqual([
        ['2025-10-01', '2026-03-31', 1],
        ['2026-04-01', '2026-06-30', 2],
      ]);
      expect(winter!.answer).toMatchObject({ found: true, data: { householdSize: 2 } });
      expect(autumn!.answer!.versions!.map((v) => [v.validFrom, v.validTo])).toEqual([['2026-07-01', null]]);
      expect(years!.answer!.versions!.map((v) => [v.period, v.layoutVersion])).toEqual([
        ['2024', 2],
        ['2025', 2],
      ]);
      expect(none).toMatchObject({ outcome: 'provided', answer: { found: false, versions: [] } });
    },
  ],

  [
    'keys are rotated on both sides while exchanges go on; an old signature counts only just after',
    async () => {
      const a = contexts.linkage.municipality(CHIYODA);
      const b = contexts.linkage.municipality(SHINJUKU);
      const core = contexts.linkage.core;
      const ask = {
        addressee: 'B0000001',
        procedure: PROCEDURE.childAllowance,
        provider: a.code,
        item: ITEMS.household,
      };
      // A still holds the answer key it derived from B's first agreement key.
      const before = b.institution;
      const rotated = await b.rotateKeys();
      expect(rotated.agreementKeyId).not.toBe(keyId(before.agreementKey));
      expect(core.institution(b.code)).toMatchObject({
        previousSigningKey: before.signingKey,
        previousAgreementKey: before.agreementKey,
        keysRotatedAt: clock.now().toISOString(),
      });
      const [afterB] = await b.query([ask]);
      expect(afterB).toMatchObject({ outcome: 'provided', answer: { found: true } });
      await a.rotateKeys();
      const [afterA] = await b.query([ask]);
      expect(afterA).toMatchObject({ outcome: 'provided', answer: { found: true } });

      // A submission signed with the key just replaced still counts for the freshness window.
      const X = '3000000000000099' as InstitutionCode;
      const first = await generateInstitutionKeys();
      const firstId = keyId((await publicKeysOf(first)).signingKey);
      const entry = {
        code: X,
        name: '検証用保険者',
        kind: 'health-insurer' as const,
        localGovernmentCode: null,
      };
      await core.register({ ...entry, ...(await publicKeysOf(first)) });
      const signedWithFirst = () =>
        signSubmission(
          first.signing.privateKey,
          X,
          {
            requester: X,
            nonce: randomUUID(),
            issuedAt: clock.now().toISOString(),
            queries: [
              {
                ref: '0',
                code: 'unknown',
                procedure: 'JM00000000000120',
                step: 'JT00000000012001',
                provider: a.code,
                item: ITEMS.household,
              },
            ],
          },
          firstId,
        );
      await core.register({ ...entry, ...(await publicKeysOf(await generateInstitutionKeys())) });
      const { done } = await core.submit(await signedWithFirst(), { keepResults: false });
      expect((await done)[0]).toMatchObject({ outcome: 'refused', refusal: 'LINKAGE_SUBJECT_UNKNOWN' });
      clock.advance(6 * 60_000);
      await expect(core.submit(await signedWithFirst(), { keepResults: false })).rejects.toMatchObject({
        code: 'LINKAGE_SIGNATURE_INVALID',
      });
    },
  ],

  [
    'no number and no answer content in the core’s tables',
    async () => {
      const rows = await contexts.database.query('select * from linkage.records');
      const results = await contexts.database.query<{ payload: string | null }>(
        'select * from linkage.results',
      );
      const text = JSON.stringify([rows, results]);
      expect(text).not.toContain(number);
      expect(text).not.toContain('2650000');
    },
  ],

  [
    'seven years on, the records’ content is purged everywhere; the log still verifies',
    async () => {
      const a = contexts.linkage.municipality(CHIYODA);
      const b = contexts.linkage.municipality(SHINJUKU);
      await Promise.all([a.drain(), b.drain(), contexts.linkage.core.log.drain()]);
      const [{ n: total } = { n: 0 }] = await contexts.database.query<{ n: number }>(
        'select count(*)::int as n from linkage.records',
      );
      expect(await contexts.linkage.applyRetention()).toEqual({ core: 0, nodes: 0 });
      clock.advance(7 * 366 * 86_400_000);
      const done = await contexts.linkage.applyRetention();
      expect(done.core).toBe(total);
      expect(done.nodes).toBeGreaterThan(10);
      expect(await b.records({ addressee: 'B0000001' })).toEqual([]);
      const report = await verifyLog(contexts.database.db, contexts.linkage.core.log.publicKey);
      expect(report).toMatchObject({ ok: true, records: total, purged: total });
      const [row] = await contexts.database.query<{ id: string }>(
        'select id from registry.residents where resident_record_code = $1',
        [rrc],
      );
      const mine = await contexts.linkageService.recordsOfResident(row!.id);
      expect(mine.records).toEqual([]);
      expect(mine.purged).toBeGreaterThan(5);
    },
  ],
];

describeOnEngines('a family moves from A to B and applies for child allowance at B', (db) => {
  it('the whole story, step by step', async () => {
    await setup(db());
    try {
      for (const [step, run] of STORY) {
        await run().catch((e: unknown) => {
          throw new Error(`${step}: ${e instanceof Error ? e.message : String(e)}`);
        });
      }
    } finally {
      contexts.follower.stop();
      await contexts.linkage.close();
    }
  }, 120_000);
});
