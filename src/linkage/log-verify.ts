import { sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { type Db, rowsOf } from '../kernel/db.ts';
import { retentionCutoff } from './core.ts';
import { recordOf } from './log.ts';
import { leafBytes } from './record.ts';
import { exchangeRecords, treeHeads } from './schema.ts';
import { leafHash, MerkleTree } from './tree.ts';
import { importLogKey, verifyHeadSignature } from './verify.ts';

export interface LogProblem {
  readonly kind:
    | 'gap'
    | 'leaf-mismatch'
    | 'subject-sequence'
    | 'head-beyond-log'
    | 'head-root-mismatch'
    | 'head-signature'
    | 'purged-early'
    | 'purge-not-prefix';
  readonly seq?: number;
  readonly size?: number;
}

export interface LogReport {
  readonly ok: boolean;
  readonly records: number;
  /** Records past their retention whose content is purged (their leaf hashes stay). */
  readonly purged: number;
  readonly heads: number;
  readonly problems: readonly LogProblem[];
}

const PAGE = 20_000;
const MAX_PROBLEMS = 100;

/**
 * `bango log verify`: rebuilds the tree from the stored records (not from their stored
 * hashes) and checks every signed head against it. A record changed, deleted, inserted
 * or moved shows as a gap, a leaf that no longer matches, a broken per-person sequence,
 * or a head whose root the records no longer give. A record purged under the retention
 * rule has only its leaf hash to give; it must be past its 7 years when it was purged
 * and lie in the log's purged prefix, so purging cannot be used to hide a recent record.
 */
export async function verifyLog(db: Db, logKey: JWK): Promise<LogReport> {
  const problems: LogProblem[] = [];
  const note = (p: LogProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const tree = new MerkleTree();
  const lastOfSubject = new Map<string, number>();
  let expected = 0;
  let purged = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(exchangeRecords)
      .where(sql`${exchangeRecords.seq} >= ${expected}`)
      .orderBy(exchangeRecords.seq)
      .limit(PAGE);
    for (const row of rows) {
      if (row.seq !== expected) note({ kind: 'gap', seq: expected });
      expected = row.seq + 1;
      let hash: Buffer;
      if (row.purgedAt !== null) {
        if (purged !== row.seq) note({ kind: 'purge-not-prefix', seq: row.seq });
        if (row.requestedAt >= retentionCutoff(row.purgedAt)) note({ kind: 'purged-early', seq: row.seq });
        purged++;
        hash = Buffer.from(row.leafHash, 'hex');
      } else {
        hash = leafHash(leafBytes(recordOf(row)));
        if (hash.toString('hex') !== row.leafHash) note({ kind: 'leaf-mismatch', seq: row.seq });
      }
      if (row.subject !== null) {
        const last = lastOfSubject.get(row.subject) ?? 0;
        if (row.subjectSeq !== last + 1) note({ kind: 'subject-sequence', seq: row.seq });
        lastOfSubject.set(row.subject, row.subjectSeq ?? last);
      }
      tree.append(hash);
    }
    if (rows.length < PAGE) break;
  }
  const key = await importLogKey(logKey);
  const heads = await db.select().from(treeHeads).orderBy(treeHeads.size);
  for (const h of heads) {
    const head = { size: h.size, root: h.root, signedAt: h.signedAt.toISOString(), signature: h.signature };
    if (!(await verifyHeadSignature(head, key))) note({ kind: 'head-signature', size: h.size });
    if (h.size > tree.size) note({ kind: 'head-beyond-log', size: h.size });
    else if (tree.root(h.size).toString('hex') !== h.root) note({ kind: 'head-root-mismatch', size: h.size });
  }
  const [count] = await rowsOf<{ n: string | number }>(db, sql`select count(*) as n from linkage.records`);
  return {
    ok: problems.length === 0,
    records: Number(count?.n ?? 0),
    purged,
    heads: heads.length,
    problems,
  };
}
