import { sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { type Db, rowsOf } from '../kernel/db.ts';
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
    | 'head-signature';
  readonly seq?: number;
  readonly size?: number;
}

export interface LogReport {
  readonly ok: boolean;
  readonly records: number;
  readonly heads: number;
  readonly problems: readonly LogProblem[];
}

const PAGE = 20_000;
const MAX_PROBLEMS = 100;

/**
 * `bango log verify`: rebuilds the tree from the stored records (not from their stored
 * hashes) and checks every signed head against it. A record changed, deleted, inserted
 * or moved shows as a gap, a leaf that no longer matches, a broken per-person sequence,
 * or a head whose root the records no longer give.
 */
export async function verifyLog(db: Db, logKey: JWK): Promise<LogReport> {
  const problems: LogProblem[] = [];
  const note = (p: LogProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const tree = new MerkleTree();
  const lastOfSubject = new Map<string, number>();
  let expected = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(exchangeRecords)
      .where(sql`${exchangeRecords.seq} >= ${expected}`)
      .orderBy(exchangeRecords.seq)
      .limit(PAGE);
    for (const row of rows) {
      const r = recordOf(row);
      if (r.seq !== expected) note({ kind: 'gap', seq: expected });
      expected = r.seq + 1;
      const hash = leafHash(leafBytes(r));
      if (hash.toString('hex') !== r.leafHash) note({ kind: 'leaf-mismatch', seq: r.seq });
      if (r.subject !== null) {
        const last = lastOfSubject.get(r.subject) ?? 0;
        if (r.subjectSeq !== last + 1) note({ kind: 'subject-sequence', seq: r.seq });
        lastOfSubject.set(r.subject, r.subjectSeq ?? last);
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
  return { ok: problems.length === 0, records: Number(count?.n ?? 0), heads: heads.length, problems };
}
