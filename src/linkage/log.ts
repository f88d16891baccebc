import { asc, desc, sql } from 'drizzle-orm';
import { CompactSign, exportJWK, type JWK } from 'jose';
import type { Clock } from '../kernel/clock.ts';
import { anyOf, type Db, rowsOf } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { GroupCommit } from '../kernel/group-commit.ts';
import type { KeyStore } from '../pki/keystore.ts';
import { LinkageErrors } from './errors.ts';
import { toHex } from './merkle.ts';
import { type ExchangeRecord, leafBytes } from './record.ts';
import { exchangeRecords, treeHeads } from './schema.ts';
import { leafHash, MerkleTree } from './tree.ts';
import { HEAD_TYPE, type SignedHead } from './verify.ts';

/** A record before the log gives it its place. */
export type PendingRecord = Omit<ExchangeRecord, 'seq' | 'subjectSeq'>;

/** What the core stores with a record in the same transaction (the encrypted result). */
export interface Entry {
  record: PendingRecord;
  result: { payload: string | null } | null;
}

export type { SignedHead };

/** A new head is signed at most this often while records arrive, and on demand. */
const HEAD_INTERVAL_MS = 1000;

/**
 * The core's records as an append-only transparency log. Records arrive through group
 * commit: each flush gives them their log positions and per-person sequence numbers,
 * writes them (with their results) in one transaction, then grows the in-memory tree.
 * This process is the log's only writer, which is what makes positions gap-free.
 */
export class TransparencyLog {
  readonly tree = new MerkleTree();
  readonly #lastSubjectSeq = new Map<string, number>();
  readonly #journal: GroupCommit<Entry>;
  #lastHead: SignedHead | null = null;
  #purged: number | null = null;
  #headSigning: Promise<void> | null = null;

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly key: CryptoKeyPair,
    readonly publicKey: JWK,
  ) {
    this.#journal = new GroupCommit((entries) => this.#flush(entries), {
      maxBatch: 2000,
      maxPending: 50_000,
      onFull: () => new DomainError(LinkageErrors.LINKAGE_SERVICE_BUSY, 'log journal full'),
    });
  }

  static async open(db: Db, clock: Clock, keys: KeyStore): Promise<TransparencyLog> {
    const pair = await loadLogKey(keys);
    const log = new TransparencyLog(db, clock, pair, await publicJwk(pair.publicKey));
    await log.#rebuild();
    return log;
  }

  /** Rebuilds the tree from the stored leaf hashes, in log order, in pages. */
  async #rebuild(): Promise<void> {
    let from = 0;
    for (;;) {
      const rows = await rowsOf<{ seq: string | number; leaf_hash: string }>(
        this.db,
        sql`select seq, leaf_hash from linkage.records where seq >= ${from} order by seq limit 50000`,
      );
      for (const r of rows) {
        if (Number(r.seq) !== this.tree.size) throw new Error(`the log has a gap at ${this.tree.size}`);
        this.tree.append(Buffer.from(r.leaf_hash, 'hex'));
      }
      if (rows.length < 50_000) break;
      from = this.tree.size;
    }
    const [head] = await this.db.select().from(treeHeads).orderBy(desc(treeHeads.size)).limit(1);
    this.#lastHead = head ? headOf(head) : null;
  }

  /** Resolves once the record is durable (and in the tree). */
  append(entry: Entry): Promise<void> {
    return this.#journal.add(entry);
  }

  async drain(): Promise<void> {
    await this.#journal.drain();
    await this.#headSigning;
  }

  async #flush(entries: Entry[]): Promise<void> {
    const unknown = [
      ...new Set(
        entries
          .map((e) => e.record.subject)
          .filter((s): s is string => s !== null && !this.#lastSubjectSeq.has(s)),
      ),
    ];
    const seen = new Map<string, number>();
    if (unknown.length > 0) {
      const rows = await rowsOf<{ subject: string; last: number }>(
        this.db,
        sql`select subject, max(subject_seq) as last from linkage.records
            where ${anyOf(sql`subject`, unknown)}
            group by subject`,
      );
      for (const r of rows) seen.set(r.subject, Number(r.last));
    }
    const lastOf = (s: string) => this.#lastSubjectSeq.get(s) ?? seen.get(s) ?? 0;
    const next = new Map<string, number>();
    const placed: { record: ExchangeRecord; hash: Buffer; payload: string | null; hasResult: boolean }[] = [];
    let seq = this.tree.size;
    for (const e of entries) {
      let subjectSeq: number | null = null;
      if (e.record.subject !== null) {
        subjectSeq = (next.get(e.record.subject) ?? lastOf(e.record.subject)) + 1;
        next.set(e.record.subject, subjectSeq);
      }
      const record: ExchangeRecord = { ...e.record, seq: seq++, subjectSeq };
      placed.push({
        record,
        hash: leafHash(leafBytes(record)),
        payload: e.result?.payload ?? null,
        hasResult: e.result !== null,
      });
    }
    const records = JSON.stringify(
      placed.map(({ record: r, hash }) => ({
        seq: r.seq,
        pn: r.processingNumber,
        s: r.subject,
        ss: r.subjectSeq,
        rq: r.requester,
        pv: r.provider,
        pc: r.procedure,
        st: r.step,
        it: r.item,
        ra: r.requestedAt,
        pa: r.providedAt,
        o: r.outcome,
        rf: r.refusal,
        h: hash.toString('hex'),
      })),
    );
    const results = JSON.stringify(
      placed
        .filter((p) => p.hasResult)
        .map(({ record: r, payload }) => ({
          pn: r.processingNumber,
          rq: r.requester,
          pv: r.provider,
          o: r.outcome,
          rf: r.refusal,
          p: payload,
          at: r.providedAt ?? r.requestedAt,
        })),
    );
    // One statement (the results ride in a data-modifying CTE): atomic without a
    // transaction, and one round trip instead of three.
    const withResults = placed.some((p) => p.hasResult)
      ? sql`with kept as (
          insert into linkage.results (processing_number, requester, provider, outcome, refusal, payload, created_at)
          select x.pn, x.rq, x.pv, x.o, x.rf, x.p, x.at
          from jsonb_to_recordset(${results}::jsonb)
            as x(pn text, rq text, pv text, o text, rf text, p text, at timestamptz))`
      : sql``;
    await this.db.execute(sql`${withResults}
        insert into linkage.records (seq, processing_number, subject, subject_seq, requester, provider,
          procedure, step, item, requested_at, provided_at, outcome, refusal, leaf_hash)
        select x.seq, x.pn, x.s, x.ss, x.rq, x.pv, x.pc, x.st, x.it, x.ra, x.pa, x.o, x.rf, x.h
        from jsonb_to_recordset(${records}::jsonb) as x(seq bigint, pn text, s text, ss integer, rq text,
          pv text, pc text, st text, it text, ra timestamptz, pa timestamptz, o text, rf text, h text)`);
    for (const p of placed) this.tree.append(p.hash);
    for (const [s, n] of next) this.#lastSubjectSeq.set(s, n);
    // Signed beside the flush, not in it: no caller waits for a head.
    const now = this.clock.now().getTime();
    if (
      !this.#headSigning &&
      (!this.#lastHead || now - Date.parse(this.#lastHead.signedAt) >= HEAD_INTERVAL_MS)
    ) {
      this.#headSigning = this.signHead()
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.#headSigning = null;
        });
    }
  }

  /** Removes results kept for fetching that were written before `before`; records stay. */
  async sweepResults(before: Date): Promise<number> {
    const rows = await rowsOf<{ n: string | number }>(
      this.db,
      sql`with gone as (delete from linkage.results where created_at < ${before.toISOString()}::timestamptz returning 1)
          select count(*) as n from gone`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Signs and publishes a head for the tree as it is now (unless one exists for this size). */
  async signHead(): Promise<SignedHead> {
    const size = this.tree.size;
    if (this.#lastHead && this.#lastHead.size === size) return this.#lastHead;
    const root = toHex(this.tree.root(size));
    const signedAt = this.clock.now().toISOString();
    const signature = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ size, root, signedAt })),
    )
      .setProtectedHeader({ alg: 'ES256', typ: HEAD_TYPE })
      .sign(this.key.privateKey);
    await this.db
      .insert(treeHeads)
      .values({ size, root, signedAt: new Date(signedAt), signature })
      .onConflictDoNothing();
    this.#lastHead = { size, root, signedAt, signature };
    return this.#lastHead;
  }

  /** The newest head covering every record written so far. */
  async head(): Promise<SignedHead> {
    return this.signHead();
  }

  async heads(): Promise<SignedHead[]> {
    return (await this.db.select().from(treeHeads).orderBy(asc(treeHeads.size))).map(headOf);
  }

  inclusionProof(seq: number, size: number): string[] {
    return this.tree.inclusionProof(seq, size).map((h) => h.toString('hex'));
  }

  consistencyProof(first: number, second: number): string[] {
    return this.tree.consistencyProof(first, second).map((h) => h.toString('hex'));
  }

  /**
   * A person's records still kept, oldest first, and how many of their first records were
   * purged under the retention rule (their numbers 1…purged), so those do not show as gaps.
   */
  async personRecords(subject: string): Promise<{ records: ExchangeRecord[]; purged: number }> {
    const rows = await this.db
      .select()
      .from(exchangeRecords)
      .where(sql`${exchangeRecords.subject} = ${subject}`)
      .orderBy(asc(exchangeRecords.subjectSeq));
    const kept = rows.filter((r) => r.purgedAt === null);
    const purged = rows.reduce((n, r) => (r.purgedAt !== null ? Math.max(n, r.subjectSeq ?? 0) : n), 0);
    return { records: kept.map(recordOf), purged };
  }

  /**
   * Purges the content of records requested before `before` (番号法: records are kept 7
   * years), oldest first and only as a prefix of the log: the walk stops at the first
   * record still inside its retention, so what is purged is always records 0…n-1 and, for
   * each person, their first ones. A purged record keeps its place, person, numbering,
   * request time and leaf hash: the tree, the heads and every later proof still verify.
   */
  async purgeBefore(before: Date, options: { page?: number; maxPages?: number } = {}): Promise<number> {
    const page = options.page ?? 10_000;
    let purged = 0;
    let low = await this.#purgedBelow();
    for (let i = 0; i < (options.maxPages ?? 10_000); i++) {
      const rows = await rowsOf<{ n: string | number; stopped: boolean }>(
        this.db,
        sql`with next as (
              select seq, requested_at < ${before.toISOString()}::timestamptz as old
              from linkage.records where seq >= ${low} and purged_at is null order by seq limit ${page}),
            edge as (select coalesce(min(seq) filter (where not old), 9223372036854775807) as seq from next),
            gone as (
              update linkage.records r set processing_number = null, requester = null, provider = null,
                procedure = null, step = null, item = null, provided_at = null, outcome = null, refusal = null,
                purged_at = ${this.clock.now().toISOString()}::timestamptz
              from next, edge where r.seq = next.seq and next.old and next.seq < edge.seq
              returning 1)
            select (select count(*) from gone) as n,
                   (select count(*) < ${page} or bool_or(not old) from next) as stopped`,
      );
      const n = Number(rows[0]?.n ?? 0);
      purged += n;
      low += n;
      this.#purged = low;
      if (rows[0]?.stopped !== false) break;
    }
    return purged;
  }

  /**
   * How many records (a prefix of the log) are purged: found once by halving, since purged
   * records are always 0…n-1, then kept as purges advance it.
   */
  async #purgedBelow(): Promise<number> {
    if (this.#purged !== null) return this.#purged;
    let lo = 0;
    let hi = this.tree.size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const [row] = await rowsOf<{ purged: boolean }>(
        this.db,
        sql`select purged_at is not null as purged from linkage.records where seq = ${mid}`,
      );
      if (row?.purged) lo = mid + 1;
      else hi = mid;
    }
    this.#purged = lo;
    return lo;
  }
}

/** A stored record as it was logged. Only for a record still kept (`purgedAt` null). */
export function recordOf(r: typeof exchangeRecords.$inferSelect): ExchangeRecord & { leafHash: string } {
  return {
    seq: r.seq,
    processingNumber: r.processingNumber!,
    subject: r.subject,
    subjectSeq: r.subjectSeq,
    requester: r.requester!,
    provider: r.provider!,
    procedure: r.procedure!,
    step: r.step,
    item: r.item!,
    requestedAt: r.requestedAt.toISOString(),
    providedAt: r.providedAt?.toISOString() ?? null,
    outcome: r.outcome as ExchangeRecord['outcome'],
    refusal: r.refusal,
    leafHash: r.leafHash,
  };
}

function headOf(h: typeof treeHeads.$inferSelect): SignedHead {
  return { size: h.size, root: h.root, signedAt: h.signedAt.toISOString(), signature: h.signature };
}

async function loadLogKey(keys: KeyStore): Promise<CryptoKeyPair> {
  const subtle = globalThis.crypto.subtle;
  const params = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const stored = await keys.get('linkage-log');
  if (stored) {
    const jwk = JSON.parse(new TextDecoder().decode(stored.privateKey)) as JsonWebKey;
    return {
      privateKey: await subtle.importKey('jwk', jwk, params, false, ['sign']),
      publicKey: await subtle.importKey(
        'jwk',
        { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
        params,
        true,
        ['verify'],
      ),
    };
  }
  const pair = (await subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await subtle.exportKey('jwk', pair.privateKey);
  await keys.put('linkage-log', {
    privateKey: new TextEncoder().encode(JSON.stringify(jwk)),
    certificatePem: '',
  });
  return pair;
}

async function publicJwk(key: CryptoKey): Promise<JWK> {
  const { kty, crv, x, y } = await exportJWK(key);
  return { kty, crv, x, y };
}
