import { createHmac, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { Clock } from '../kernel/clock.ts';
import { Coalescer } from '../kernel/coalesce.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { GroupCommit } from '../kernel/group-commit.ts';
import { isCalendarDay } from '../kernel/japanese-date.ts';
import { RecentCache } from '../kernel/recent-cache.ts';
import type { KeyStore } from '../pki/keystore.ts';
import { japanDate } from '../registry/index.ts';
import { type InstitutionKind, procedureOf } from './catalogue.ts';
import type { InstitutionCode } from './codes.ts';
import {
  checkConditions,
  type Institution,
  MAX_QUERIES,
  type Query,
  type QueryOutcome,
  type QueryResult,
  type Submission,
} from './core.ts';
import {
  answerKey,
  answerKeyIds,
  exportPrivate,
  exportRotated,
  generateInstitutionKeys,
  type InstitutionKeyPairs,
  importAgreementKey,
  importPrivate,
  keyId,
  openAnswer,
  pairKey,
  publicKeysOf,
  sealAnswer,
  signSubmission,
} from './envelope.ts';
import { LinkageErrors } from './errors.ts';
import { checkCopy, fiscalYearOf, layoutOf, validFromOf } from './layouts.ts';
import { type CopyRow, type NodeRecord, NodeStore } from './node-store.ts';
import type { Outcome } from './record.ts';
import type { SubjectCode } from './subject-codes.ts';
import type { ProviderAnswer, ProviderQuery } from './transport.ts';

/** Addressees and number digests whose codes a node remembers (~100 bytes each). */
const KNOWN_CODES = 200_000;

/** Submissions a node has on the way to the core at once (see the outbox). */
export const SUBMISSIONS_IN_FLIGHT = 2;

/** What a node needs of the core; in one process the core itself, across processes HTTPS. */
export interface CoreClient {
  register(i: Omit<Institution, 'status' | 'endpoint'> & { endpoint?: string | null }): Promise<Institution>;
  /** An institution's entry; `fresh` asks past any cache (after a peer's keys rotated). */
  institution(code: string, options?: { fresh?: boolean }): Institution | Promise<Institution>;
  provides(institution: Institution, item: string): boolean | Promise<boolean>;
  issueCode(institution: string, residentRecordCode: string): SubjectCode | Promise<SubjectCode>;
  submit(
    jws: string,
    options: { keepResults: boolean },
  ): Promise<{ accepted: QueryOutcome[]; done: Promise<QueryResult[]> }>;
  result(
    requester: string,
    pn: string,
  ): Promise<{ outcome: Outcome; refusal: string | null; payload: string | null; provider: string }>;
}

/** J-LIS's answer to "whose is this number?": the resident record code, or null. */
export type NumberResolver = (individualNumber: string) => Promise<string | null>;

function sameEntry(a: Omit<Institution, 'status'>, b: Omit<Institution, 'status'>): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.localGovernmentCode === b.localGovernmentCode &&
    a.endpoint === b.endpoint &&
    a.signingKey.x === b.signingKey.x &&
    a.signingKey.y === b.signingKey.y &&
    a.agreementKey.x === b.agreementKey.x &&
    a.agreementKey.y === b.agreementKey.y
  );
}

/** One version of a copy, as a query for a period of days is answered. */
export interface AnswerVersion {
  readonly period: string | null;
  readonly validFrom: string;
  /** The last day it held; null while it still does. */
  readonly validTo: string | null;
  readonly layoutVersion: number;
  readonly notDisclosed: boolean;
  readonly data: Record<string, unknown> | null;
}

/** What a provider seals for the requester. */
export interface AnswerBody {
  readonly item: string;
  readonly layoutVersion: number;
  readonly found: boolean;
  readonly notDisclosed: boolean;
  readonly period: string | null;
  /** The copy in force (for a period: the latest version in it). */
  readonly data: Record<string, unknown> | null;
  /** Every version that held during the period asked; null when no period was asked. */
  readonly versions: readonly AnswerVersion[] | null;
}

export interface NodeQuery {
  readonly ref?: string;
  /** Who: by this institution's addressee number, or by the Individual Number it holds. */
  readonly addressee?: string;
  readonly individualNumber?: string;
  readonly procedure: string;
  /** The procedure's step; by default its main step (the catalogue's first). */
  readonly step?: string;
  readonly provider: string;
  readonly item: string;
  readonly fiscalYear?: number;
  /** A period of days (YYYY-MM-DD, both ends included): every version of the copy that held in it. */
  readonly from?: string;
  readonly to?: string;
}

export interface NodeResult extends QueryOutcome {
  readonly provider: string;
  readonly item: string;
  readonly answer: AnswerBody | null;
}

/**
 * An institution's node (中間サーバー). As provider it answers the core from its copies,
 * sealed to the requester; as requester it signs its queries, and opens the answers. It
 * maps its integrated addressee numbers (団体内統合宛名番号) to its code; the number stays
 * here (as a keyed digest), and the core only ever sees codes.
 */
export class InstitutionNode {
  readonly store: NodeStore;
  readonly #pairKeys = new Map<string, Promise<{ key: KeyObject; peerKeyId: string }>>();
  #institution: Institution;
  #keys: InstitutionKeyPairs;
  #keyIds: KeyIds;
  /** What submissions are signed with: the old key while a rotation is being registered. */
  #signing: { key: CryptoKey; id: string };
  readonly #journal: GroupCommit<NodeRecord>;
  readonly #digestKey: Buffer;
  // Concurrent lookups become one query each (many queries arrive at once).
  readonly #byAddressee = new Coalescer<string, SubjectCode | null>((keys) =>
    this.store.codesOf('addressee', keys),
  );
  readonly #byDigest = new Coalescer<string, SubjectCode | null>((keys) =>
    this.store.codesOf('digest', keys),
  );
  // An enrolment is never changed or removed (the store only inserts), so a code found is
  // the code for good: remembered, most recent first, a query no longer reads it each time.
  // Not-found is not remembered (the person may be enrolled a moment later).
  readonly #knownCodes = new RecentCache<string, SubjectCode>(KNOWN_CODES, Number.POSITIVE_INFINITY, () => 0);
  // At most two submissions on the way to the core: queries that arrive meanwhile leave
  // together when one comes back. Without the bound, a steady stream of single queries
  // (one a turn, as a business system's calls arrive) paid a signature, a TLS request and
  // a relay each; at 1,000/s that saturated the machine (p99 0.4 s; with it 60–90 ms).
  readonly #outbox = new Coalescer<Omit<Query, 'ref'>, QueryResult>(
    (queries) => this.#submit(queries),
    MAX_QUERIES,
    SUBMISSIONS_IN_FLIGHT,
  );
  readonly #copies = new Coalescer<
    { code: string; item: string; period: string | null; day: string },
    CopyRow | null
  >((keys) => this.store.copies(keys));

  private constructor(
    db: Db,
    private readonly clock: Clock,
    institution: Institution,
    keys: InstitutionKeyPairs,
    keyIds: KeyIds,
    private readonly core: CoreClient,
    private readonly resolveNumber: NumberResolver,
    nodeKey: Uint8Array,
    private readonly keyStore: KeyStore,
  ) {
    this.#institution = institution;
    this.#keys = keys;
    this.#keyIds = keyIds;
    this.#signing = { key: keys.signing.privateKey, id: keyIds.signing };
    this.store = new NodeStore(db, institution.code);
    this.#digestKey = Buffer.from(
      hkdfSync('sha256', nodeKey, new Uint8Array(0), `node digest ${institution.code}`, 32),
    );
    // A node's records have no order to keep: several flushes may run at once.
    this.#journal = new GroupCommit((records) => this.store.appendRecords(records), {
      maxBatch: 2000,
      maxPending: 50_000,
      concurrency: 4,
      onFull: () => new DomainError(LinkageErrors.LINKAGE_SERVICE_BUSY, 'node journal full'),
    });
  }

  /** Joins the network: its own store, its keys (made once, kept in the key store), its entry at the core. */
  static async join(deps: {
    db: Db;
    clock: Clock;
    keys: KeyStore;
    core: CoreClient;
    resolveNumber: NumberResolver;
    nodeKey: Uint8Array;
    code: InstitutionCode;
    name: string;
    kind: InstitutionKind;
    localGovernmentCode: string | null;
    /** https://… where the core reaches this node, when it runs in a process of its own. */
    endpoint?: string;
  }): Promise<InstitutionNode> {
    const keyName = keyNameOf(deps.code);
    const stored = await deps.keys.get(keyName);
    let keys: InstitutionKeyPairs;
    if (stored) keys = await importPrivate(stored.privateKey);
    else {
      keys = await generateInstitutionKeys();
      await deps.keys.put(keyName, { privateKey: await exportPrivate(keys), certificatePem: '' });
      keys = await importPrivate(await exportPrivate(keys));
    }
    const entry = {
      code: deps.code,
      name: deps.name,
      kind: deps.kind,
      localGovernmentCode: deps.localGovernmentCode,
      endpoint: deps.endpoint ?? null,
      ...(await publicKeysOf(keys)),
    };
    // At each start the core already has most nodes as they are: register only a change.
    const known = await Promise.resolve()
      .then(() => deps.core.institution(deps.code))
      .catch(() => null);
    const institution = known && sameEntry(known, entry) ? known : await deps.core.register(entry);
    const node = new InstitutionNode(
      deps.db,
      deps.clock,
      institution,
      keys,
      await keyIdsOf(keys),
      deps.core,
      deps.resolveNumber,
      deps.nodeKey,
      deps.keys,
    );
    await node.store.ensure();
    return node;
  }

  get institution(): Institution {
    return this.#institution;
  }

  get code(): InstitutionCode {
    return this.#institution.code;
  }

  /**
   * New signing and agreement keys (an operator's call, e.g. yearly or after a suspected
   * leak). The old pair is kept as the previous one so answers already sealed to it still
   * open; submissions are signed with the old key until the core has the new one, and the
   * core accepts the old one for the freshness window after. Peers learn the new agreement
   * key from the key ids every relayed query and answer carry.
   */
  async rotateKeys(): Promise<{ signingKeyId: string; agreementKeyId: string; rotatedAt: string }> {
    const stored = await this.keyStore.get(keyNameOf(this.code));
    if (!stored)
      throw new DomainError(LinkageErrors.LINKAGE_INSTITUTION_UNKNOWN, 'no keys stored for this node');
    const exported = await exportRotated(await generateInstitutionKeys(), stored.privateKey);
    await this.keyStore.put(keyNameOf(this.code), { privateKey: exported, certificatePem: '' });
    const next = await importPrivate(exported);
    const {
      previousSigningKey: _s,
      previousAgreementKey: _a,
      keysRotatedAt: _r,
      status: _t,
      ...entry
    } = this.#institution;
    this.#keys = next;
    this.#keyIds = await keyIdsOf(next);
    this.#institution = await this.core.register({ ...entry, ...(await publicKeysOf(next)) });
    this.#signing = { key: next.signing.privateKey, id: this.#keyIds.signing };
    return {
      signingKeyId: this.#keyIds.signing,
      agreementKeyId: this.#keyIds.agreement,
      rotatedAt: this.#institution.keysRotatedAt ?? this.clock.now().toISOString(),
    };
  }

  digestOf(individualNumber: string): string {
    return createHmac('sha256', this.#digestKey).update(individualNumber).digest('hex');
  }

  /** Adds a person to the addressee map: the number goes to J-LIS, the code comes from the core. */
  async enrol(addressee: string, individualNumber: string): Promise<{ addressee: string }> {
    if (!/^[0-9A-Za-z-]{1,20}$/.test(addressee)) {
      throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'addressee number', { field: 'addressee' });
    }
    const rrc = await this.resolveNumber(individualNumber);
    if (rrc === null) throw new DomainError(LinkageErrors.LINKAGE_PERSON_UNKNOWN, 'number not on the index');
    const code = await this.core.issueCode(this.code, rrc);
    const digest = this.digestOf(individualNumber);
    if ((await this.#codeBy('addressee', addressee)) === code) return { addressee };
    if (!(await this.store.enrol(addressee, code, digest, this.clock.now()))) {
      throw new DomainError(LinkageErrors.LINKAGE_ADDRESSEE_TAKEN, 'addressee or person enrolled');
    }
    return { addressee };
  }

  /**
   * Enrols many people whose record codes J-LIS has already given (seeding, migrations
   * from a business system): codes from the core, digests here. Returns how many were new.
   */
  async enrolKnown(
    people: { addressee: string; individualNumber: string; residentRecordCode: string }[],
  ): Promise<number> {
    const rows = [];
    for (const p of people) {
      rows.push({
        addressee: p.addressee,
        code: await this.core.issueCode(this.code, p.residentRecordCode),
        digest: this.digestOf(p.individualNumber),
      });
    }
    await this.store.enrolMany(rows, this.clock.now());
    return people.length;
  }

  async codeOf(who: { addressee?: string; individualNumber?: string }): Promise<SubjectCode> {
    const found =
      who.addressee !== undefined
        ? await this.#codeBy('addressee', who.addressee)
        : who.individualNumber !== undefined
          ? await this.#codeBy('digest', this.digestOf(who.individualNumber))
          : null;
    if (!found) throw new DomainError(LinkageErrors.LINKAGE_ADDRESSEE_UNKNOWN, 'not enrolled here');
    return found;
  }

  async #codeBy(by: 'addressee' | 'digest', key: string): Promise<SubjectCode | null> {
    const known = this.#knownCodes.get(`${by}:${key}`);
    if (known) return known.value;
    const code = await (by === 'addressee' ? this.#byAddressee : this.#byDigest).load(key);
    if (code !== null) this.#knownCodes.set(`${by}:${key}`, code);
    return code;
  }

  /**
   * The business system registers or updates a copy (副本), checked against the item's
   * layout in force on the day the copy holds from (`validFrom`, else the layout's own
   * date field, else today; a fiscal year's copy holds from 1 April). A copy for the same
   * day replaces that version; one for another day adds a version, and the older ones
   * stay for queries about a period.
   */
  async putCopy(
    addressee: string,
    item: string,
    data: unknown,
    options: { notDisclosed?: boolean; validFrom?: string } = {},
  ): Promise<{ item: string; period: string; validFrom: string; layoutVersion: number }> {
    const newest = layoutOf(item);
    if (!(await this.core.provides(this.institution, newest.code))) {
      throw new DomainError(LinkageErrors.LINKAGE_ITEM_NOT_PROVIDED, 'not a provider of this item');
    }
    const raw = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    if (options.validFrom !== undefined && !isCalendarDay(options.validFrom)) {
      throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'validFrom', { field: 'validFrom' });
    }
    // A day the business system names wins, except for a fiscal year's copy (its year decides).
    const day =
      options.validFrom !== undefined && !newest.byFiscalYear
        ? options.validFrom
        : validFromOf(newest, raw, japanDate(this.clock.now()));
    const layout = layoutOf(item, day);
    const clean = checkCopy(layout, data, day);
    const code = await this.codeOf({ addressee });
    const period = layout.byFiscalYear ? String(clean.fiscalYear) : '';
    await this.store.putCopies([
      {
        code,
        item: layout.code,
        period,
        validFrom: day,
        layoutVersion: layout.version,
        data: clean,
        notDisclosed: options.notDisclosed ?? false,
        updatedAt: this.clock.now(),
      },
    ]);
    return { item: layout.code, period, validFrom: day, layoutVersion: layout.version };
  }

  /** As provider: answers from the copies, sealed to the requester, after recording the provision. */
  async answer(q: ProviderQuery): Promise<ProviderAnswer> {
    // A core of an earlier release sends no period at all.
    const period = (q.from ?? null) !== null || (q.to ?? null) !== null;
    const body = period ? await this.#during(q) : await this.#current(q);
    const { key, peerKeyId } = await this.#pairKey(q.requester, 'provider', q.requesterKey ?? null, null);
    const payload = sealAnswer(key, q.processingNumber, body, { pk: this.#keyIds.agreement, rk: peerKeyId });
    const answeredAt = this.clock.now();
    const outcome = body.notDisclosed ? 'not-disclosed' : 'provided';
    await this.#journal.add({
      processingNumber: q.processingNumber,
      role: 'provision',
      code: q.code,
      counterpart: q.requester,
      procedure: q.procedure,
      step: q.step,
      item: q.item,
      requestedAt: new Date(q.requestedAt),
      answeredAt,
      outcome,
      refusal: null,
    });
    return { outcome, payload, answeredAt: answeredAt.toISOString() };
  }

  /** The copy in force today (for items kept by year: the year asked, or the latest). */
  async #current(q: ProviderQuery): Promise<AnswerBody> {
    const layout = layoutOf(q.item);
    const copy = await this.#copies.load({
      code: q.code,
      item: q.item,
      period: layout.byFiscalYear ? (q.fiscalYear ? String(q.fiscalYear) : null) : '',
      day: japanDate(this.clock.now()),
    });
    const notDisclosed = copy?.notDisclosed ?? false;
    return {
      item: q.item,
      layoutVersion: copy?.layoutVersion ?? layout.version,
      found: copy !== null,
      notDisclosed,
      period: copy?.period || null,
      data: copy && !notDisclosed ? copy.data : null,
      versions: null,
    };
  }

  /** Every version that held during the period asked; the latest decides the outcome. */
  async #during(q: ProviderQuery): Promise<AnswerBody> {
    const layout = layoutOf(q.item);
    const from = q.from ?? '0001-01-01';
    const to = q.to ?? '9999-12-31';
    const rows = await this.store.copiesDuring({
      code: q.code,
      item: q.item,
      from,
      to,
      fiscalYears: layout.byFiscalYear ? [String(fiscalYearOf(from)), String(fiscalYearOf(to))] : null,
    });
    const versions = rows.map(
      (r): AnswerVersion => ({
        period: r.period || null,
        validFrom: r.validFrom,
        validTo: r.validTo,
        layoutVersion: r.layoutVersion,
        notDisclosed: r.notDisclosed,
        data: r.notDisclosed ? null : r.data,
      }),
    );
    const last = versions.at(-1);
    return {
      item: q.item,
      layoutVersion: last?.layoutVersion ?? layout.version,
      found: last !== undefined,
      notDisclosed: last?.notDisclosed ?? false,
      period: last?.period ?? null,
      data: last?.data ?? null,
      versions,
    };
  }

  /** As requester: signs the queries, waits for them to be recorded, opens the answers, records its side. */
  async query(queries: readonly NodeQuery[]): Promise<NodeResult[]> {
    for (const q of queries) checkConditions(q);
    const resolved = await Promise.all(
      queries.map(async (q) => ({
        code: await this.codeOf(q),
        procedure: q.procedure,
        step: q.step ?? mainStep(q.procedure),
        provider: q.provider,
        item: q.item,
        ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
      })),
    );
    const issuedAt = this.clock.now();
    const outcomes = await Promise.all(resolved.map((q) => this.#outbox.load(q)));
    return Promise.all(
      outcomes.map(async (o, i) => {
        const q = resolved[i]!;
        let answer: AnswerBody | null = null;
        let answeredAt: Date | null = null;
        if (o.outcome !== 'refused' && o.payload) {
          const ids = answerKeyIds(o.payload);
          const { key } = await this.#pairKey(
            q.provider as InstitutionCode,
            'requester',
            ids?.pk ?? null,
            ids?.rk ?? null,
          );
          answer = openAnswer(key, o.processingNumber, o.payload) as AnswerBody;
          answeredAt = this.clock.now();
        }
        await this.#journal.add({
          processingNumber: o.processingNumber,
          role: 'request',
          code: q.code,
          counterpart: q.provider as InstitutionCode,
          procedure: q.procedure,
          step: q.step,
          item: q.item,
          requestedAt: issuedAt,
          answeredAt,
          outcome: o.outcome,
          refusal: o.refusal,
        });
        const { payload: _sealed, ...outcome } = o;
        return { ...outcome, ref: queries[i]!.ref ?? String(i), provider: q.provider, item: q.item, answer };
      }),
    );
  }

  /**
   * Queries from every caller in the same turn leave in one signed submission (up to the
   * core's 500): under load a node signs once for many, as a batch query (一括照会) does.
   */
  async #submit(queries: Omit<Query, 'ref'>[]): Promise<QueryResult[]> {
    const submission: Submission = {
      requester: this.code,
      nonce: randomBytes(16).toString('hex'),
      issuedAt: this.clock.now().toISOString(),
      queries: queries.map((q, i) => ({ ...q, ref: String(i) })),
    };
    const jws = await signSubmission(this.#signing.key, this.code, submission, this.#signing.id);
    const { done } = await this.core.submit(jws, { keepResults: false });
    return done;
  }

  /** This node's own records, newest first (for its operators). */
  records(filter: { addressee?: string; limit?: number } = {}): Promise<NodeRecord[]> {
    const limit = Math.min(filter.limit ?? 100, 1000);
    if (filter.addressee === undefined) return this.store.records({ limit });
    return this.codeOf({ addressee: filter.addressee }).then((code) => this.store.records({ code, limit }));
  }

  drain(): Promise<void> {
    return this.#journal.drain();
  }

  /**
   * The answer key with a peer for the keys named: ours by id (current or previous; null:
   * current), the peer's by id (null: its current), asking the core again when the entry
   * we know does not have it. Cached per role, peer and both ids, so a rotation on either
   * side simply starts new entries.
   */
  #pairKey(
    peer: InstitutionCode,
    as: 'provider' | 'requester',
    peerKeyId: string | null,
    ownKeyId: string | null,
  ): Promise<{ key: KeyObject; peerKeyId: string }> {
    const own = ownKeyId ?? this.#keyIds.agreement;
    const cacheKey = `${as}:${peer}:${peerKeyId ?? ''}:${own}`;
    let found = this.#pairKeys.get(cacheKey);
    if (!found) {
      found = (async () => {
        const ownPrivate =
          own === this.#keyIds.agreement
            ? this.#keys.agreement.privateKey
            : own === this.#keyIds.previousAgreement
              ? this.#keys.previous!.agreement.privateKey
              : refuse('an answer sealed to a key this node no longer has');
        const peerJwk = await this.#peerAgreementKey(peer, peerKeyId);
        const peerKey = await importAgreementKey(peerJwk);
        const [provider, requester] = as === 'provider' ? [this.code, peer] : [peer, this.code];
        const raw = await pairKey(ownPrivate, peerKey, provider, requester);
        return { key: answerKey(raw), peerKeyId: keyId(peerJwk) };
      })();
      found.catch(() => this.#pairKeys.delete(cacheKey));
      this.#pairKeys.set(cacheKey, found);
    }
    return found;
  }

  /** A peer's agreement key by id (null: its current one), from the core's entry, fresh if need be. */
  async #peerAgreementKey(peer: InstitutionCode, id: string | null): Promise<JWK> {
    const pick = (i: Institution): JWK | null =>
      id === null || keyId(i.agreementKey) === id
        ? i.agreementKey
        : i.previousAgreementKey && keyId(i.previousAgreementKey) === id
          ? i.previousAgreementKey
          : null;
    return (
      pick(await this.core.institution(peer)) ??
      pick(await this.core.institution(peer, { fresh: true })) ??
      refuse('the peer has no such key')
    );
  }
}

interface KeyIds {
  readonly signing: string;
  readonly agreement: string;
  readonly previousAgreement: string | null;
}

async function keyIdsOf(keys: InstitutionKeyPairs): Promise<KeyIds> {
  const current = await publicKeysOf(keys);
  const previous = keys.previous ? await publicKeysOf(keys.previous) : null;
  return {
    signing: keyId(current.signingKey),
    agreement: keyId(current.agreementKey),
    previousAgreement: previous ? keyId(previous.agreementKey) : null,
  };
}

const keyNameOf = (code: string) => `linkage-node-${code}`;

/** An answer that cannot be opened: recorded by the requester as not provided. */
function refuse(why: string): never {
  throw new DomainError(LinkageErrors.LINKAGE_PROVIDER_UNAVAILABLE, why);
}

/** A query that names no step is for the procedure's main one; a procedure the catalogue lacks must name it. */
function mainStep(procedure: string): string {
  const step = procedureOf(procedure)?.steps[0]?.code;
  if (!step) throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'step', { field: 'step' });
  return step;
}
