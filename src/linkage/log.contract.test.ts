import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { fixedClock } from '../kernel/clock.ts';
import type { Database } from '../kernel/db.ts';
import { MemoryKeyStore } from '../pki/keystore.ts';
import { retentionCutoff } from './core.ts';
import { TransparencyLog } from './log.ts';
import { verifyLog } from './log-verify.ts';
import { fromHex, verifyConsistency } from './merkle.ts';
import { importLogKey, missingSequenceNumbers, verifyRecord } from './verify.ts';

const SUBJECTS = ['a'.repeat(24), 'b'.repeat(24), 'c'.repeat(24)];

async function filledLog(
  database: Database,
  keys = new MemoryKeyStore(),
  n = 30,
  first = 0,
  clock = fixedClock('2026-05-01T00:00:00Z'),
) {
  const log = await TransparencyLog.open(database.db, clock, keys);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      log.append({
        record: {
          processingNumber: `pn-${String(first + i).padStart(4, '0')}`,
          subject: SUBJECTS[i % 3]!,
          requester: '1013104100000000',
          provider: '1013101600000000',
          procedure: 'JM00000000000010',
          // Records from before steps were recorded (version 1 leaves) and after, in one log.
          step: i % 5 ? 'JT00000000001001' : null,
          item: i % 2 ? 'TM00000000000001' : 'TM00000000000002',
          requestedAt: clock.now().toISOString(),
          providedAt: clock.now().toISOString(),
          outcome: 'provided',
          refusal: null,
        },
        result: { payload: 'sealed' },
      }),
    ),
  );
  clock.advance(5000);
  await log.signHead();
  return { log, keys, clock };
}

describeOnEngines('transparency log', (db) => {
  it('numbers records without gaps, per person too, and verifies whole', async () => {
    const { log } = await filledLog(db());
    const mine = (await log.personRecords(SUBJECTS[1]!)).records;
    expect(mine.map((r) => r.subjectSeq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const report = await verifyLog(db().db, log.publicKey);
    expect(report).toMatchObject({ ok: true, records: 30, problems: [] });
    expect(report.heads).toBeGreaterThanOrEqual(1);
  });

  it('after a restart the tree is rebuilt and grows consistently with the old head', async () => {
    const keys = new MemoryKeyStore();
    const { log } = await filledLog(db(), keys, 12);
    const before = await log.head();
    const { log: again } = await filledLog(db(), keys, 9, 100);
    const after = await again.head();
    expect(after.size).toBe(21);
    const proof = again.consistencyProof(before.size, after.size).map(fromHex);
    expect(
      await verifyConsistency(before.size, after.size, fromHex(before.root), fromHex(after.root), proof),
    ).toBe(true);
    expect((await again.personRecords(SUBJECTS[0]!)).records.map((r) => r.subjectSeq)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('answers kept for fetching go after a week; the records stay and verify', async () => {
    const { log, clock } = await filledLog(db());
    expect(await log.sweepResults(new Date(clock.now().getTime() - 7 * 86_400_000))).toBe(0);
    clock.advance(8 * 86_400_000);
    expect(await log.sweepResults(new Date(clock.now().getTime() - 7 * 86_400_000))).toBe(30);
    expect(await verifyLog(db().db, log.publicKey)).toMatchObject({ ok: true, records: 30 });
  });

  /** 12 records from April 2019, then 6 from May 2026: the first 12 are past their 7 years. */
  async function agedLog() {
    const keys = new MemoryKeyStore();
    const clock = fixedClock('2019-04-01T00:00:00Z');
    await filledLog(db(), keys, 12, 0, clock);
    clock.advance(Date.parse('2026-05-01T00:00:00Z') - clock.now().getTime());
    return filledLog(db(), keys, 6, 100, clock);
  }

  it('purges records past 7 years, keeping their leaves: the log, the heads and later proofs verify', async () => {
    const { log, clock, keys } = await agedLog();
    const before = await log.head();
    expect(await log.purgeBefore(retentionCutoff(clock.now()), { page: 5 })).toBe(12);
    expect(await log.purgeBefore(retentionCutoff(clock.now()))).toBe(0);
    // After a restart the purged prefix is found again (by halving) and not walked twice.
    const restarted = await TransparencyLog.open(db().db, clock, keys);
    clock.advance(40 * 86_400_000);
    expect(await restarted.purgeBefore(retentionCutoff(clock.now()))).toBe(0);
    const [kept] = await db().query<{ n: number }>(
      `select count(*)::int as n from linkage.records where processing_number like 'pn-00%'`,
    );
    expect(kept!.n).toBe(0);
    expect(await verifyLog(db().db, log.publicKey)).toMatchObject({ ok: true, records: 18, purged: 12 });
    // Each person's first four were purged: they are not shown, and they are not gaps.
    const mine = await log.personRecords(SUBJECTS[0]!);
    expect(mine.purged).toBe(4);
    expect(mine.records.map((r) => r.subjectSeq)).toEqual([5, 6]);
    expect(missingSequenceNumbers(mine.records, mine.purged)).toEqual([]);
    expect(missingSequenceNumbers(mine.records)).toEqual([1, 2, 3, 4]);
    const head = await log.head();
    // The same tree: purging changed no leaf (a head signed in the background may differ in time only).
    expect([head.size, head.root]).toEqual([before.size, before.root]);
    const key = await importLogKey(log.publicKey);
    for (const r of mine.records) {
      const proof = log.inclusionProof(r.seq, head.size);
      expect(await verifyRecord({ ...r, proof }, head, key)).toBe('verified');
    }
  });

  const PURGE_TAMPERING: [string, string, string[]][] = [
    [
      'a recent record purged',
      `update linkage.records set processing_number = null, outcome = null, purged_at = requested_at
         where seq = 15`,
      ['purge-not-prefix', 'purged-early'],
    ],
    [
      'a purge that skips records (dated to look old enough)',
      `update linkage.records set processing_number = null, outcome = null,
         purged_at = requested_at + interval '8 years' where seq = 14`,
      ['purge-not-prefix'],
    ],
  ];
  for (const [what, statement, kinds] of PURGE_TAMPERING) {
    it(`detects ${what}`, async () => {
      const { log, clock } = await agedLog();
      await log.purgeBefore(retentionCutoff(clock.now()));
      await db().query(statement);
      const report = await verifyLog(db().db, log.publicKey);
      expect(report.ok).toBe(false);
      expect(new Set(report.problems.map((p) => p.kind))).toEqual(new Set(kinds));
    });
  }

  const TAMPERING: [string, string, string[]][] = [
    [
      'a changed field',
      `update linkage.records set outcome = 'refused' where seq = 7`,
      ['leaf-mismatch', 'head-root-mismatch'],
    ],
    [
      'a changed field with its hash recomputed to match',
      `update linkage.records set item = 'TM00000000000509',
         leaf_hash = encode(sha256(convert_to('forged', 'UTF8')), 'hex') where seq = 4`,
      ['leaf-mismatch', 'head-root-mismatch'],
    ],
    [
      'a deleted record',
      'delete from linkage.records where seq = 12',
      ['gap', 'subject-sequence', 'head-beyond-log'],
    ],
    ['the newest record deleted', 'delete from linkage.records where seq = 29', ['head-beyond-log']],
    [
      'two records swapped',
      `update linkage.records set seq = -1 where seq = 3;
       update linkage.records set seq = 3 where seq = 5;
       update linkage.records set seq = 5 where seq = -1`,
      ['leaf-mismatch', 'head-root-mismatch'],
    ],
    [
      'a forged head',
      `update linkage.tree_heads set root = repeat('0', 64)`,
      ['head-signature', 'head-root-mismatch'],
    ],
  ];
  for (const [what, statement, kinds] of TAMPERING) {
    it(`detects ${what}`, async () => {
      const { log } = await filledLog(db());
      for (const one of statement.split(';')) await db().query(one);
      const report = await verifyLog(db().db, log.publicKey);
      expect(report.ok).toBe(false);
      expect(new Set(report.problems.map((p) => p.kind))).toEqual(new Set(kinds));
    });
  }
});
