import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { Clock } from '../kernel/clock.ts';
import { type Db, rowsOf } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { isCalendarDay } from '../kernel/japanese-date.ts';
import type { KeyStore } from '../pki/keystore.ts';
import { japanDate } from '../registry/index.ts';
import {
  ALL_PROCEDURES,
  INSTITUTION_KINDS,
  type InstitutionKind,
  initialPermissionRows,
  LAYOUTS,
  NATIONAL_BODIES,
  permissionRowsOf,
  SELF_INFORMATION,
} from './catalogue.ts';
import { type InstitutionCode, type ItemCode, isCode, type ProcedureCode, type StepCode } from './codes.ts';
import { importSigningKey, keyId, submissionHeader, verifySubmission } from './envelope.ts';
import { LinkageErrors } from './errors.ts';
import { TransparencyLog } from './log.ts';
import { type PermissionRow, PermissionTable, parsePermissionRows } from './permissions.ts';
import type { Outcome } from './record.ts';
import { exchangeResults, institutions, permissionVersions } from './schema.ts';
import { CodeBook, type SubjectCode } from './subject-codes.ts';
import type { ProviderAnswer, Transport } from './transport.ts';

export interface Institution {
  readonly code: InstitutionCode;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly localGovernmentCode: string | null;
  readonly status: 'active' | 'suspended';
  readonly signingKey: JWK;
  readonly agreementKey: JWK;
  /** https://… of a node in another process; null in this one. */
  readonly endpoint: string | null;
  /** The keys before the last rotation, and when it was (ISO); null before any. */
  readonly previousSigningKey?: JWK | null;
  readonly previousAgreementKey?: JWK | null;
  readonly keysRotatedAt?: string | null;
}

/** The keys the core checks an institution's submissions with, by key id. */
interface VerifyKeys {
  readonly current: CryptoKey;
  readonly currentId: string;
  readonly previous: CryptoKey | null;
  readonly previousId: string | null;
  readonly rotatedAt: number;
  /** The id of the agreement key in force, which every relayed query names. */
  readonly agreementId: string;
}

/** One query inside a signed submission, as the requester wrote it. */
export interface Query {
  /** The requester's own reference, echoed back. */
  readonly ref: string;
  readonly code: string;
  readonly procedure: string;
  /** The procedure's step (事務手続); the permission table decides which steps may ask. */
  readonly step: string;
  readonly provider: string;
  readonly item: string;
  /** Conditions: a fiscal year (items kept by year), and/or a period of days (YYYY-MM-DD). */
  readonly fiscalYear?: number;
  readonly from?: string;
  readonly to?: string;
}

export interface Submission {
  readonly requester: string;
  /** Unique per submission; a replay within the window is refused. */
  readonly nonce: string;
  readonly issuedAt: string;
  readonly queries: readonly Query[];
}

export interface QueryOutcome {
  readonly ref: string;
  readonly processingNumber: string;
  readonly outcome: Outcome;
  readonly refusal: string | null;
}

/** An outcome with the sealed answer, once it is recorded. */
export interface QueryResult extends QueryOutcome {
  readonly payload: string | null;
}

export const MAX_QUERIES = 500;
const RESULTS_KEPT_MS = 7 * 86_400_000;
/** 番号法 and its ordinance: information provision records are kept 7 years. */
export const RECORDS_KEPT_YEARS = 7;

/** The instant before which a record is past its retention. */
export function retentionCutoff(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RECORDS_KEPT_YEARS);
  return cutoff;
}
const FRESHNESS_MS = 5 * 60_000;

/** The state one query carries through the pipeline. */
interface Exchange {
  readonly query: Query;
  readonly requester: Institution;
  readonly processingNumber: string;
  readonly requestedAt: Date;
  provider?: Institution;
  subject?: string;
  providerCode?: SubjectCode;
  answer?: ProviderAnswer;
}

type Step = (x: Exchange, core: NetworkCore) => Promise<void> | void;

const refuse = (spec: (typeof LinkageErrors)[keyof typeof LinkageErrors], why: string): never => {
  throw new DomainError(spec, why);
};

/**
 * The exchange pipeline, one rule per step, in order. A step that refuses throws a typed
 * error; the query is then recorded as refused with that error's code.
 */
const STEPS: ReadonlyArray<readonly [string, Step]> = [
  [
    'query is well formed',
    ({ query: q }) => {
      if (
        !isCode('procedure', q.procedure) ||
        !isCode('step', q.step) ||
        !isCode('item', q.item) ||
        !isCode('institution', q.provider)
      )
        refuse(LinkageErrors.LINKAGE_CODE_FORMAT, 'query codes');
    },
  ],
  [
    'provider is on the network and active',
    (x, core) => {
      const provider = core.institution(x.query.provider);
      if (provider.status !== 'active')
        refuse(LinkageErrors.LINKAGE_INSTITUTION_SUSPENDED, 'provider suspended');
      x.provider = provider;
    },
  ],
  [
    'the code is one the network gave the requester',
    (x, core) => {
      const subject = core.codes.subjectFromCode(x.query.code, x.requester.code);
      if (subject === null) refuse(LinkageErrors.LINKAGE_SUBJECT_UNKNOWN, 'code not the requester’s');
      x.subject = subject as string;
    },
  ],
  [
    'the permission table allows it',
    (x, core) => {
      const allowed = core.permissions.permits({
        requester: x.requester,
        procedure: x.query.procedure as ProcedureCode,
        step: x.query.step as StepCode,
        provider: x.provider!,
        item: x.query.item as ItemCode,
        on: japanDate(x.requestedAt),
      });
      if (!allowed) refuse(LinkageErrors.LINKAGE_NOT_PERMITTED, 'no permission row');
    },
  ],
  [
    'turn the requester’s code into the provider’s',
    (x, core) => {
      x.providerCode = core.codes.codeFor(x.subject as never, x.provider!.code);
    },
  ],
  [
    'relay to the provider and take its sealed answer',
    async (x, core) => {
      x.answer = await core.transport.deliver(x.provider!.code, {
        processingNumber: x.processingNumber,
        requester: x.requester.code,
        procedure: x.query.procedure,
        step: x.query.step,
        item: x.query.item,
        code: x.providerCode!,
        requesterKey: core.agreementKeyId(x.requester.code),
        fiscalYear: x.query.fiscalYear ?? null,
        from: x.query.from ?? null,
        to: x.query.to ?? null,
        requestedAt: x.requestedAt.toISOString(),
      });
    },
  ],
];

export const EXCHANGE_STEPS = STEPS.map(([name]) => name);

/**
 * 情報提供ネットワークシステム: the core. It holds no personal data: institutions,
 * permissions, the code key, records. It authenticates each signed submission, runs every
 * query through the steps, relays to the provider's node, and records every outcome in
 * the transparency log before the requester can see a result.
 */
export class NetworkCore {
  readonly #directory = new Map<string, Institution>();
  readonly #verifyKeys = new Map<string, VerifyKeys>();
  readonly #recentNonces = new Map<string, number>();
  #permissions: PermissionTable = new PermissionTable(0, []);

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly codes: CodeBook,
    readonly log: TransparencyLog,
    readonly transport: Transport,
  ) {}

  static async start(deps: {
    db: Db;
    clock: Clock;
    codeKey: Uint8Array;
    keys: KeyStore;
    transport: Transport;
  }): Promise<NetworkCore> {
    const log = await TransparencyLog.open(deps.db, deps.clock, deps.keys);
    const core = new NetworkCore(deps.db, deps.clock, new CodeBook(deps.codeKey), log, deps.transport);
    await core.#loadDirectory();
    await core.#loadPermissions();
    return core;
  }

  get permissions(): PermissionTable {
    return this.#permissions;
  }

  async #loadDirectory(): Promise<void> {
    for (const row of await this.db.select().from(institutions)) {
      const institution: Institution = {
        code: row.code as InstitutionCode,
        name: row.name,
        kind: row.kind as InstitutionKind,
        localGovernmentCode: row.localGovernmentCode,
        status: row.status as Institution['status'],
        signingKey: row.signingKey as JWK,
        agreementKey: row.agreementKey as JWK,
        endpoint: row.endpoint,
        previousSigningKey: (row.previousSigningKey as JWK | null) ?? null,
        previousAgreementKey: (row.previousAgreementKey as JWK | null) ?? null,
        keysRotatedAt: row.keysRotatedAt?.toISOString() ?? null,
      };
      this.#directory.set(institution.code, institution);
      this.#verifyKeys.set(institution.code, await verifyKeysOf(institution));
    }
  }

  async #loadPermissions(): Promise<void> {
    const [latest] = await this.db
      .select()
      .from(permissionVersions)
      .orderBy(desc(permissionVersions.version))
      .limit(1);
    if (latest) {
      this.#permissions = new PermissionTable(latest.version, parsePermissionRows(latest.rows));
      // A network whose tables all predate self-information provision gets its rows, once:
      // a later version that leaves them out on purpose is not overridden.
      const [seen] = await rowsOf(
        this.db,
        sql`select 1 from ${permissionVersions} where ${permissionVersions.rows}::text like ${`%${SELF_INFORMATION.code}%`} limit 1`,
      );
      if (!seen) {
        await this.publishPermissions(
          [...this.#permissions.rows, ...permissionRowsOf(SELF_INFORMATION, '2017-11-13')],
          `catalogue: ${SELF_INFORMATION.name}`,
        );
      }
      return;
    }
    await this.publishPermissions(initialPermissionRows('2017-11-13'), 'initial table (seed 001)');
  }

  /** A new version of the table, in force at once; earlier versions stay for the record. */
  async publishPermissions(input: unknown, by: string): Promise<{ version: number; rows: number }> {
    const rows: PermissionRow[] = parsePermissionRows(input);
    const version = this.#permissions.version + 1;
    await this.db
      .insert(permissionVersions)
      .values({ version, rows, publishedAt: this.clock.now(), publishedBy: by });
    this.#permissions = new PermissionTable(version, rows);
    return { version, rows: rows.length };
  }

  /** Does any row of the table in force name this institution as a provider of the item? */
  provides(institution: Institution, item: string): boolean {
    return this.#permissions.rows.some(
      (r) =>
        r.item === item &&
        ('kind' in r.provider
          ? r.provider.kind === institution.kind
          : r.provider.institution === institution.code),
    );
  }

  /**
   * Registers or updates an institution and its public keys. New keys are a rotation: the
   * ones they replace stay as the previous keys, so answers sealed to them can still be
   * opened and submissions signed just before still verify (for the freshness window).
   */
  async register(
    i: Omit<
      Institution,
      'status' | 'endpoint' | 'previousSigningKey' | 'previousAgreementKey' | 'keysRotatedAt'
    > & {
      status?: Institution['status'];
      endpoint?: string | null;
    },
  ): Promise<Institution> {
    if (!isCode('institution', i.code)) refuse(LinkageErrors.LINKAGE_CODE_FORMAT, 'institution code');
    if (!INSTITUTION_KINDS.includes(i.kind) || !kindFitsCode(i.code, i.kind)) {
      refuse(LinkageErrors.LINKAGE_CODE_FORMAT, 'institution kind does not fit its code');
    }
    // Joining again (new keys, a new endpoint) never lifts a suspension.
    const existing = this.#directory.get(i.code);
    const rotated =
      existing !== undefined &&
      (keyId(existing.signingKey) !== keyId(i.signingKey) ||
        keyId(existing.agreementKey) !== keyId(i.agreementKey));
    const institution: Institution = {
      code: i.code,
      name: i.name,
      kind: i.kind,
      localGovernmentCode: i.localGovernmentCode,
      signingKey: i.signingKey,
      agreementKey: i.agreementKey,
      status: existing?.status === 'suspended' ? 'suspended' : (i.status ?? 'active'),
      endpoint: i.endpoint ?? null,
      previousSigningKey: rotated ? existing.signingKey : (existing?.previousSigningKey ?? null),
      previousAgreementKey: rotated ? existing.agreementKey : (existing?.previousAgreementKey ?? null),
      keysRotatedAt: rotated ? this.clock.now().toISOString() : (existing?.keysRotatedAt ?? null),
    };
    const values = {
      ...institution,
      keysRotatedAt: institution.keysRotatedAt ? new Date(institution.keysRotatedAt) : null,
      registeredAt: this.clock.now(),
    };
    await this.db
      .insert(institutions)
      .values(values)
      .onConflictDoUpdate({
        target: institutions.code,
        set: {
          name: values.name,
          kind: values.kind,
          status: values.status,
          signingKey: values.signingKey,
          agreementKey: values.agreementKey,
          endpoint: values.endpoint,
          previousSigningKey: values.previousSigningKey,
          previousAgreementKey: values.previousAgreementKey,
          keysRotatedAt: values.keysRotatedAt,
        },
      });
    this.#directory.set(institution.code, institution);
    this.#verifyKeys.set(institution.code, await verifyKeysOf(institution));
    return institution;
  }

  async setStatus(code: string, status: Institution['status']): Promise<Institution> {
    const current = this.institution(code);
    await this.db.update(institutions).set({ status }).where(eq(institutions.code, code));
    const next = { ...current, status };
    this.#directory.set(code, next);
    return next;
  }

  institution(code: string): Institution {
    const found = this.#directory.get(code);
    if (!found) throw new DomainError(LinkageErrors.LINKAGE_INSTITUTION_UNKNOWN, 'no such institution');
    return found;
  }

  /** An institution's name for people to read; '' for a code not on the network (a refused query's). */
  nameOf(code: string): string {
    return this.#directory.get(code)?.name ?? '';
  }

  institutions(): Institution[] {
    return [...this.#directory.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * The code of the person with this resident record code at an institution. In the real
   * system the resident record code comes from J-LIS (住基ネット) when the institution
   * asks with the number; the number itself never reaches the core.
   */
  issueCode(institution: string, residentRecordCode: string): SubjectCode {
    const i = this.institution(institution);
    return this.codes.codeFor(this.codes.subjectOf(residentRecordCode), i.code);
  }

  /**
   * Takes a signed submission: authenticates it, gives each query a processing number and
   * runs the queries. `done` settles when every query's record is durable.
   */
  async submit(
    jws: string,
    options: { keepResults: boolean },
  ): Promise<{ accepted: QueryOutcome[]; done: Promise<QueryResult[]> }> {
    const header = submissionHeader(jws);
    if (header === null || !this.#directory.has(header.signer)) {
      throw new DomainError(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'unknown signer');
    }
    const signer = header.signer;
    const submission = parseSubmission(await verifySubmission(jws, this.#signingKey(signer, header.keyId)));
    if (submission.requester !== signer)
      refuse(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'signer is not requester');
    this.#checkFresh(submission);
    const requester = this.institution(signer);
    if (requester.status !== 'active')
      refuse(LinkageErrors.LINKAGE_INSTITUTION_SUSPENDED, 'requester suspended');
    const requestedAt = this.clock.now();
    const exchanges: Exchange[] = submission.queries.map((query) => ({
      query,
      requester,
      requestedAt,
      processingNumber: processingNumber(requestedAt),
    }));
    const accepted = exchanges.map((x) => ({
      ref: x.query.ref,
      processingNumber: x.processingNumber,
      outcome: 'provided' as Outcome,
      refusal: null,
    }));
    return { accepted, done: Promise.all(exchanges.map((x) => this.#run(x, options.keepResults))) };
  }

  async #run(x: Exchange, keepResult: boolean): Promise<QueryResult> {
    let refusal: string | null = null;
    try {
      for (const [, step] of STEPS) await step(x, this);
    } catch (e) {
      // A provider that fails (down, its store broken) is recorded like any refusal:
      // the person sees that the query was made and that nothing was provided.
      refusal = e instanceof DomainError ? e.code : LinkageErrors.LINKAGE_PROVIDER_UNAVAILABLE.code;
    }
    const outcome: Outcome = refusal !== null ? 'refused' : x.answer!.outcome;
    await this.log.append({
      record: {
        processingNumber: x.processingNumber,
        subject: x.subject ?? null,
        requester: x.requester.code,
        provider: isCode('institution', x.query.provider) ? x.query.provider : '0000000000000000',
        procedure: isCode('procedure', x.query.procedure) ? x.query.procedure : 'JM00000000000000',
        step: isCode('step', x.query.step) ? x.query.step : 'JT00000000000000',
        item: isCode('item', x.query.item) ? x.query.item : 'TM00000000000000',
        requestedAt: x.requestedAt.toISOString(),
        providedAt: refusal === null ? x.answer!.answeredAt : null,
        outcome,
        refusal,
      },
      // Kept for a requester that fetches later; one waiting on `done` is handed the answer.
      result: keepResult ? { payload: refusal === null ? x.answer!.payload : null } : null,
    });
    const payload = refusal === null ? x.answer!.payload : null;
    return { ref: x.query.ref, processingNumber: x.processingNumber, outcome, refusal, payload };
  }

  /** The id of an institution's agreement key in force (kept with its keys, not hashed per query). */
  agreementKeyId(code: string): string {
    return this.#verifyKeys.get(code)!.agreementId;
  }

  /**
   * The key a submission says it was signed with: the current one, or the previous one
   * within the freshness window after a rotation (a submission signed just before it).
   */
  #signingKey(signer: string, id: string | null): CryptoKey {
    const keys = this.#verifyKeys.get(signer)!;
    if (id === null || id === keys.currentId) return keys.current;
    if (id === keys.previousId && this.clock.now().getTime() - keys.rotatedAt <= FRESHNESS_MS) {
      return keys.previous!;
    }
    return refuse(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'not a key of the signer in force');
  }

  #checkFresh(s: Submission): void {
    const now = this.clock.now().getTime();
    const issued = Date.parse(s.issuedAt);
    if (Number.isNaN(issued) || Math.abs(now - issued) > FRESHNESS_MS) {
      refuse(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'submission not fresh');
    }
    const key = `${s.requester}:${s.nonce}`;
    if (this.#recentNonces.has(key)) refuse(LinkageErrors.LINKAGE_SIGNATURE_INVALID, 'replayed submission');
    if (this.#recentNonces.size > 200_000) {
      for (const [k, at] of this.#recentNonces) if (now - at > FRESHNESS_MS) this.#recentNonces.delete(k);
    }
    this.#recentNonces.set(key, issued);
  }

  /**
   * Answers kept for requesters that fetch later are kept a week (the records themselves
   * stay for good: they are the log). Returns how many were removed.
   */
  sweepResults(): Promise<number> {
    return this.log.sweepResults(new Date(this.clock.now().getTime() - RESULTS_KEPT_MS));
  }

  /** Purges the content of the core's records past their retention (see TransparencyLog.purgeBefore). */
  purgeRecords(): Promise<number> {
    return this.log.purgeBefore(retentionCutoff(this.clock.now()));
  }

  /** A result, for the requester only; the payload is sealed to it. */
  async result(
    requester: string,
    pn: string,
  ): Promise<{ outcome: Outcome; refusal: string | null; payload: string | null; provider: string }> {
    const [row] = await rowsOf<{
      outcome: string;
      refusal: string | null;
      payload: string | null;
      provider: string;
    }>(
      this.db,
      sql`select r.outcome, r.refusal, r.payload, c.provider from ${exchangeResults} r
          join linkage.records c on c.processing_number = r.processing_number
          where r.processing_number = ${pn} and r.requester = ${requester}`,
    );
    if (!row) throw new DomainError(LinkageErrors.LINKAGE_RESULT_NOT_FOUND, 'no result');
    return { ...row, outcome: row.outcome as Outcome };
  }

  /** Counts by item and by procedure, like seed 001's tables (provided and refused apart). */
  async stats(): Promise<{
    total: number;
    byOutcome: Record<string, number>;
    byItem: { item: string; name: string; count: number }[];
    byProcedure: { procedure: string; name: string; count: number }[];
  }> {
    const count = (col: string) =>
      rowsOf<{ key: string; count: string | number }>(
        this.db,
        sql.raw(
          `select ${col} as key, count(*) as count from linkage.records group by ${col} order by count(*) desc`,
        ),
      );
    const [byOutcome, byItem, byProcedure] = await Promise.all([
      count('outcome'),
      count('item'),
      count('procedure'),
    ]);
    return {
      total: byOutcome.reduce((n, r) => n + Number(r.count), 0),
      byOutcome: Object.fromEntries(byOutcome.map((r) => [r.key, Number(r.count)])),
      byItem: byItem.map((r) => ({
        item: r.key,
        name: LAYOUTS.find((l) => l.code === r.key)?.name ?? '',
        count: Number(r.count),
      })),
      byProcedure: byProcedure.map((r) => ({
        procedure: r.key,
        name: ALL_PROCEDURES.find((p) => p.code === r.key)?.name ?? '',
        count: Number(r.count),
      })),
    };
  }

  async close(): Promise<void> {
    await this.log.drain();
  }
}

async function verifyKeysOf(i: Institution): Promise<VerifyKeys> {
  return {
    current: await importSigningKey(i.signingKey),
    currentId: keyId(i.signingKey),
    previous: i.previousSigningKey ? await importSigningKey(i.previousSigningKey) : null,
    previousId: i.previousSigningKey ? keyId(i.previousSigningKey) : null,
    rotatedAt: i.keysRotatedAt ? Date.parse(i.keysRotatedAt) : 0,
    agreementId: keyId(i.agreementKey),
  };
}

/**
 * The kind an institution claims must fit its code (codes.ts): 10… municipalities, 20…
 * prefectures, 30… national bodies, which keep the kind the catalogue gives them. A node
 * joining from another process cannot make itself, say, the pension service.
 */
function kindFitsCode(code: string, kind: InstitutionKind): boolean {
  if (code.startsWith('10')) return kind === 'municipality';
  if (code.startsWith('20')) return kind === 'prefecture';
  const known = NATIONAL_BODIES.find((b) => b.code === code);
  return known ? known.kind === kind : kind !== 'municipality' && kind !== 'prefecture';
}

/** 処理番号: time-ordered, unguessable; 32 hex characters. */
function processingNumber(at: Date): string {
  if (pnAt + 10 > pnPool.length) {
    pnPool = randomBytes(10 * 4096);
    pnAt = 0;
  }
  pnAt += 10;
  return `${at.getTime().toString(16).padStart(12, '0')}${pnPool.toString('hex', pnAt - 10, pnAt)}`;
}
// Random parts from a pool refilled 4,096 at a time: one CSPRNG call instead of one per query.
let pnPool: Buffer = Buffer.alloc(0);
let pnAt = 0;

function parseSubmission(input: unknown): Submission {
  const o = (input ?? {}) as Record<string, unknown>;
  const bad = (why: string): never => refuse(LinkageErrors.LINKAGE_CODE_FORMAT, `submission ${why}`);
  if (typeof o.requester !== 'string' || typeof o.nonce !== 'string' || typeof o.issuedAt !== 'string')
    bad('header');
  if (!Array.isArray(o.queries) || o.queries.length === 0) bad('queries');
  if ((o.queries as unknown[]).length > MAX_QUERIES) {
    throw new DomainError(LinkageErrors.LINKAGE_BATCH_TOO_LARGE, 'too many queries');
  }
  const queries = (o.queries as unknown[]).map((raw) => {
    const q = (raw ?? {}) as Record<string, unknown>;
    for (const k of ['ref', 'code', 'procedure', 'step', 'provider', 'item'])
      if (typeof q[k] !== 'string' || (q[k] as string).length > 64) bad(k);
    checkConditions(q);
    return q as unknown as Query;
  });
  return {
    requester: o.requester as string,
    nonce: o.nonce as string,
    issuedAt: o.issuedAt as string,
    queries,
  };
}

/** A query's conditions, checked where a query is made (the node) and where it arrives (the core). */
export function checkConditions(q: { fiscalYear?: unknown; from?: unknown; to?: unknown }): void {
  const bad = (field: string): never => {
    throw new DomainError(LinkageErrors.LINKAGE_CONDITION_INVALID, `bad ${field}`, { field });
  };
  if (q.fiscalYear !== undefined && !(Number.isInteger(q.fiscalYear) && (q.fiscalYear as number) > 1900))
    bad('fiscalYear');
  if (q.from !== undefined && !isCalendarDay(q.from)) bad('from');
  if (q.to !== undefined && !isCalendarDay(q.to)) bad('to');
  if (typeof q.from === 'string' && typeof q.to === 'string' && q.from > q.to) bad('to');
}
