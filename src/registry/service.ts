import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, holds, type Role } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import type { EventBus } from '../kernel/events.ts';
import { once } from '../kernel/idempotency.ts';
import { uuidv7 } from '../kernel/ids.ts';
import { auditLog } from '../kernel/schema.ts';
import { IndividualNumber, ResidentRecordCode } from '../numbers/index.ts';
import { RegistryErrors } from './errors.ts';
import { substituteFlags } from './fields.ts';
import { eventKindOf, type Filing, type HouseholdChoice } from './filings.ts';
import { notificationLetter } from './letter.ts';
import {
  type BasicFacts,
  changedFacts,
  daysBetween,
  type Fact,
  japanDate,
  type LifeEventKind,
  MOVE_IN_DEADLINE_DAYS,
  nextStatus,
  type ResidentStatus,
  type Sex,
  type Standing,
} from './model.ts';
import { isKanaQuery, kanaKey, kanjiKey } from './name-keys.ts';
import type { NationalIndex } from './national-index.ts';
import { postalCodeServes } from './postal-codes.ts';
import { events, households, identityChecks, municipalities, nationalIndex, residents } from './schema.ts';

/** What other contexts hear after a filing commits. */
export interface RegistryEvent {
  seq: number;
  kind: LifeEventKind;
  residentId: string;
  municipalityCode: string;
  effectiveDate: string;
  status: ResidentStatus;
  changedFacts: Fact[];
}

type ResidentRow = typeof residents.$inferSelect;

/** What the card context reads to make and keep a card (see `cardHolder`). */
export interface CardHolder {
  id: string;
  status: ResidentStatus;
  municipalityCode: string;
  /** Family and given name with a full-width space, as the certificate carries it. */
  name: string;
  nameFlags: string;
  birthDate: string;
  sex: Sex;
  address: string;
  addressFlags: string;
  movingOn: string | null;
  individualNumber: IndividualNumber | null;
}

/** A resident as staff see it: the number masked, the resident record code masked. */
/** A person as the portal shows them (no number, no record code). */
export interface PersonFacts {
  id: string;
  name: string;
  status: ResidentStatus;
  birthDate: string;
  householdId: string | null;
  relationship: string | null;
  municipalityCode: string;
}

export interface ResidentView {
  id: string;
  residentRecordCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  nameFlags: string;
  birthDate: string;
  sex: Sex;
  municipalityCode: string;
  address: string;
  postalCode: string | null;
  householdId: string | null;
  relationship: string | null;
  status: ResidentStatus;
  movingTo: string | null;
  movingOn: string | null;
  individualNumber: string | null;
  version: number;
}

export interface FilingResult {
  residentId: string;
  householdId: string | null;
  seq: number;
  status: ResidentStatus;
  lateFiling: boolean;
  /** Masked: the full number is shown only through a recorded reveal. */
  individualNumber: string | null;
  changedFacts: Fact[];
}

export interface IdentityCheckInput {
  purpose: string;
  /** 番号確認: e.g. my-number-card, notification-card, resident-certificate-with-number. */
  numberCheck: string[];
  /** 身元確認: e.g. my-number-card, driving-licence, passport, residence-card. */
  identityCheck: string[];
}

/** Roles that may work on a municipality's register. */
export const REGISTRY_ROLES: readonly Role[] = ['municipal-clerk', 'system-administrator'];

export class RegistryService {
  readonly #summary;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly index: NationalIndex,
    private readonly bus: EventBus<RegistryEvent>,
  ) {
    this.#summary = db
      .select({
        familyName: residents.familyName,
        givenName: residents.givenName,
        number: nationalIndex.individualNumber,
      })
      .from(residents)
      .leftJoin(nationalIndex, eq(nationalIndex.residentRecordCode, residents.residentRecordCode))
      .where(eq(residents.id, sql.placeholder('id')))
      .prepare('registry_summary');
  }

  // --- filings ------------------------------------------------------------------

  /** Files a life event at `municipalityCode`. With an idempotency key, a replay returns the first result. */
  async file(
    actor: Actor,
    municipalityCode: string,
    filing: Filing,
    idempotencyKey?: string,
  ): Promise<FilingResult> {
    this.authorize(actor, municipalityCode);
    await this.requireMunicipality(municipalityCode);
    const published: RegistryEvent[] = [];
    const run = async (tx: Db) => {
      const result = await this.apply(tx, actor, municipalityCode, filing, published);
      return { status: 201, body: result };
    };
    const outcome = idempotencyKey
      ? await once(this.db, `registry:${municipalityCode}`, idempotencyKey, filing, run)
      : { ...(await this.db.transaction((tx) => run(tx as unknown as Db))), replayed: false };
    for (const e of published) await this.bus.publish(e);
    return outcome.body;
  }

  private async apply(
    tx: Db,
    actor: Actor,
    municipalityCode: string,
    filing: Filing,
    published: RegistryEvent[],
  ): Promise<FilingResult> {
    const now = this.clock.now();
    const today = japanDate(now);
    const kind = eventKindOf(filing);
    if (
      'postalCode' in filing &&
      filing.postalCode &&
      !postalCodeServes(filing.postalCode, municipalityCode)
    ) {
      throw new DomainError(RegistryErrors.REGISTRY_POSTAL_CODE_MISMATCH, 'postal code elsewhere', {
        field: 'postalCode',
      });
    }

    if (filing.kind === 'birth' || filing.kind === 'entry-from-abroad') {
      nextStatus('unregistered', kind);
      const code = await this.index.newResidentRecordCode(tx);
      const id = uuidv7(now.getTime());
      const effectiveDate = filing.kind === 'birth' ? filing.birthDate : filing.effectiveDate;
      const home = await this.placeInHousehold(tx, filing.household, municipalityCode, id, now);
      const row: ResidentRow = {
        id,
        residentRecordCode: code,
        familyName: filing.familyName,
        givenName: filing.givenName,
        familyNameKana: filing.familyNameKana,
        givenNameKana: filing.givenNameKana,
        nameFlags: substituteFlags(`${filing.familyName}\u3000${filing.givenName}`),
        birthDate: filing.birthDate,
        sex: filing.sex,
        municipalityCode,
        address: filing.address,
        addressFlags: substituteFlags(filing.address),
        postalCode: filing.postalCode ?? null,
        householdId: home.householdId,
        relationship: home.relationship,
        status: 'resident',
        movingTo: null,
        movingOn: null,
        kanaKey: kanaKey(filing.familyNameKana + filing.givenNameKana),
        kanjiKey: kanjiKey(filing.familyName + filing.givenName),
        version: 1,
        updatedAt: now,
      };
      await tx.insert(residents).values(row);
      const number = await this.index.register(tx, code, municipalityCode);
      const seq = await this.record(tx, row, kind, effectiveDate, now, actor, false, [], published);
      return this.result(row, seq, false, number, []);
    }

    const before = await this.lockResident(tx, filing.residentId);
    // A move-in is filed at the new municipality, after the move-out at the old one;
    // everything else is filed where the person is registered.
    // A return from abroad, too, is filed wherever the person comes back to.
    if (filing.kind === 'move-in' && before.status !== 'moved-out') {
      throw new DomainError(RegistryErrors.REGISTRY_MOVE_OUT_MISSING, 'no move-out on record');
    }
    const filedAtNewHome = filing.kind === 'move-in' || filing.kind === 'return-from-abroad';
    if (!filedAtNewHome && before.municipalityCode !== municipalityCode) {
      throw new DomainError(RegistryErrors.REGISTRY_RESIDENT_NOT_FOUND, 'resident of another municipality');
    }
    const status = nextStatus(before.status as Standing, kind);
    const after: ResidentRow = { ...before, status, version: before.version + 1, updatedAt: now };
    let lateFiling = false;

    switch (filing.kind) {
      case 'move-out':
        if (filing.movingTo === before.municipalityCode) {
          throw new DomainError(
            RegistryErrors.REGISTRY_SAME_MUNICIPALITY,
            'move-out to the same municipality',
          );
        }
        await this.requireMunicipality(filing.movingTo, tx);
        after.movingTo = filing.movingTo;
        after.movingOn = filing.effectiveDate;
        await this.leaveHousehold(tx, before);
        after.householdId = null;
        after.relationship = null;
        break;
      case 'move-in': {
        if (before.municipalityCode === municipalityCode) {
          throw new DomainError(
            RegistryErrors.REGISTRY_SAME_MUNICIPALITY,
            'move-in from the same municipality',
          );
        }
        lateFiling = daysBetween(filing.effectiveDate, today) > MOVE_IN_DEADLINE_DAYS;
        await this.settle(tx, after, municipalityCode, filing, now);
        break;
      }
      case 'return-from-abroad':
        await this.settle(tx, after, municipalityCode, filing, now);
        break;
      case 'move-within':
        after.address = filing.address;
        after.addressFlags = substituteFlags(filing.address);
        after.postalCode = filing.postalCode ?? null;
        if (filing.household) {
          await this.leaveHousehold(tx, before);
          const placed = await this.placeInHousehold(tx, filing.household, municipalityCode, before.id, now);
          after.householdId = placed.householdId;
          after.relationship = placed.relationship;
        }
        break;
      case 'name-change':
        Object.assign(after, this.nameFields(filing));
        break;
      case 'death':
      case 'emigration':
        await this.leaveHousehold(tx, before);
        after.householdId = null;
        after.relationship = null;
        break;
      case 'correction': {
        const c = filing.changes;
        Object.assign(after, {
          ...(c.birthDate ? { birthDate: c.birthDate } : {}),
          ...(c.sex ? { sex: c.sex } : {}),
          ...(c.address ? { address: c.address, addressFlags: substituteFlags(c.address) } : {}),
          ...(c.relationship ? { relationship: c.relationship } : {}),
        });
        Object.assign(
          after,
          this.nameFields({
            familyName: c.familyName ?? before.familyName,
            givenName: c.givenName ?? before.givenName,
            familyNameKana: c.familyNameKana ?? before.familyNameKana,
            givenNameKana: c.givenNameKana ?? before.givenNameKana,
          }),
        );
        break;
      }
    }

    const changed = changedFacts(facts(before), facts(after));
    const updated = await tx
      .update(residents)
      .set(after)
      .where(and(eq(residents.id, before.id), eq(residents.version, before.version)))
      .returning({ id: residents.id });
    if (updated.length !== 1) throw new DomainError(RegistryErrors.REGISTRY_STALE_VERSION, before.id);
    const seq = await this.record(
      tx,
      after,
      kind,
      filing.effectiveDate,
      now,
      actor,
      lateFiling,
      changed,
      published,
    );
    const number = await this.index.numberOf(tx, before.residentRecordCode);
    return this.result(after, seq, lateFiling, number, changed);
  }

  /** A person arrives at a new home in `municipalityCode` (転入, or back from abroad). */
  private async settle(
    tx: Db,
    after: ResidentRow,
    municipalityCode: string,
    to: { address: string; postalCode?: string; household: HouseholdChoice },
    now: Date,
  ): Promise<void> {
    const placed = await this.placeInHousehold(tx, to.household, municipalityCode, after.id, now);
    Object.assign(after, {
      municipalityCode,
      address: to.address,
      addressFlags: substituteFlags(to.address),
      postalCode: to.postalCode ?? null,
      householdId: placed.householdId,
      relationship: placed.relationship,
      movingTo: null,
      movingOn: null,
    });
    await this.index.moveTo(tx, after.residentRecordCode, municipalityCode);
  }

  private nameFields(n: {
    familyName: string;
    givenName: string;
    familyNameKana: string;
    givenNameKana: string;
  }) {
    return {
      familyName: n.familyName,
      givenName: n.givenName,
      familyNameKana: n.familyNameKana,
      givenNameKana: n.givenNameKana,
      nameFlags: substituteFlags(`${n.familyName}\u3000${n.givenName}`),
      kanaKey: kanaKey(n.familyNameKana + n.givenNameKana),
      kanjiKey: kanjiKey(n.familyName + n.givenName),
    };
  }

  private result(
    row: ResidentRow,
    seq: number,
    lateFiling: boolean,
    number: IndividualNumber | null,
    changed: Fact[],
  ): FilingResult {
    return {
      residentId: row.id,
      householdId: row.householdId,
      seq,
      status: row.status as ResidentStatus,
      lateFiling,
      individualNumber: number ? IndividualNumber.mask(number) : null,
      changedFacts: changed,
    };
  }

  private async record(
    tx: Db,
    row: ResidentRow,
    kind: LifeEventKind,
    effectiveDate: string,
    now: Date,
    actor: Actor,
    lateFiling: boolean,
    changed: Fact[],
    published: RegistryEvent[],
  ): Promise<number> {
    const { residentRecordCode: _code, kanaKey: _k, kanjiKey: _j, ...after } = row;
    const [e] = await tx
      .insert(events)
      .values({
        residentId: row.id,
        kind,
        municipalityCode: row.municipalityCode,
        effectiveDate,
        filedAt: now,
        recordedBy: actor.id,
        lateFiling,
        after,
        changedFacts: changed,
      })
      .returning({ seq: events.seq });
    published.push({
      seq: e!.seq,
      kind,
      residentId: row.id,
      municipalityCode: row.municipalityCode,
      effectiveDate,
      status: row.status as ResidentStatus,
      changedFacts: changed,
    });
    return e!.seq;
  }

  private async placeInHousehold(
    tx: Db,
    choice: HouseholdChoice,
    municipalityCode: string,
    residentId: string,
    now: Date,
  ): Promise<{ householdId: string; relationship: string }> {
    if (choice.mode === 'new') {
      const householdId = uuidv7(now.getTime());
      await tx
        .insert(households)
        .values({ id: householdId, municipalityCode, headResidentId: residentId, createdAt: now });
      return { householdId, relationship: '世帯主' };
    }
    const [h] = await tx
      .select()
      .from(households)
      .where(and(eq(households.id, choice.householdId), eq(households.municipalityCode, municipalityCode)));
    if (!h) throw new DomainError(RegistryErrors.REGISTRY_HOUSEHOLD_NOT_FOUND, choice.householdId);
    if (h.headResidentId === null) {
      // A household whose head left takes the next member who joins as head.
      await tx.update(households).set({ headResidentId: residentId }).where(eq(households.id, h.id));
      return { householdId: h.id, relationship: '世帯主' };
    }
    return { householdId: h.id, relationship: choice.relationship };
  }

  private async leaveHousehold(tx: Db, row: ResidentRow): Promise<void> {
    if (!row.householdId) return;
    await tx
      .update(households)
      .set({ headResidentId: null })
      .where(and(eq(households.id, row.householdId), eq(households.headResidentId, row.id)));
  }

  private async lockResident(tx: Db, id: string): Promise<ResidentRow> {
    const [row] = await tx.select().from(residents).where(eq(residents.id, id)).for('update');
    if (!row) throw new DomainError(RegistryErrors.REGISTRY_RESIDENT_NOT_FOUND, id);
    return row;
  }

  // --- reading --------------------------------------------------------------------

  async get(actor: Actor, id: string): Promise<ResidentView> {
    const row = await this.readable(actor, id);
    return this.view(row, await this.index.numberOf(this.db, row.residentRecordCode));
  }

  /**
   * Shows the whole Individual Number. Giving a number out needs the number check and
   * the identity check on record, and every reveal is written to the audit log.
   */
  async revealNumber(
    actor: Actor,
    id: string,
    check: IdentityCheckInput,
  ): Promise<{ individualNumber: string }> {
    const row = await this.readable(actor, id);
    const number = await this.index.numberOf(this.db, row.residentRecordCode);
    if (!number) throw new DomainError(RegistryErrors.REGISTRY_NUMBER_NOT_ISSUED, id);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.insert(identityChecks).values({
        residentId: id,
        purpose: check.purpose,
        numberCheck: check.numberCheck,
        identityCheck: check.identityCheck,
        checkedBy: actor.id,
        at: now,
      });
      await tx.insert(auditLog).values({
        at: now,
        actor: actor.id,
        action: 'registry.reveal-number',
        detail: { residentId: id, purpose: check.purpose },
      });
    });
    return { individualNumber: number };
  }

  /**
   * 番号の収集: a number handed in at the counter (on an application) is checked against
   * the index, with the number check and the identity check recorded, whatever the
   * answer. The number itself is never written to the audit; only whether it matched.
   */
  async collectNumber(
    actor: Actor,
    id: string,
    presented: string,
    check: IdentityCheckInput,
  ): Promise<{ matches: boolean }> {
    const row = await this.readable(actor, id);
    const parsed = IndividualNumber.parse(presented);
    if (!parsed.ok) {
      throw new DomainError(parsed.error, 'presented number', { field: 'individualNumber' });
    }
    const number = await this.index.numberOf(this.db, row.residentRecordCode);
    const matches = number !== null && number === parsed.value;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.insert(identityChecks).values({
        residentId: id,
        purpose: `collection: ${check.purpose}`,
        numberCheck: check.numberCheck,
        identityCheck: check.identityCheck,
        checkedBy: actor.id,
        at: now,
      });
      await tx.insert(auditLog).values({
        at: now,
        actor: actor.id,
        action: 'registry.collect-number',
        detail: { residentId: id, purpose: check.purpose, matches },
      });
    });
    return { matches };
  }

  /** After a leak (and fear of fraud): a new number; the old one is retired for ever. */
  async reissueNumber(actor: Actor, id: string, reason: string): Promise<{ individualNumber: string }> {
    const row = await this.readable(actor, id);
    const now = this.clock.now();
    const next = await this.db.transaction(async (tx) => {
      const n = await this.index.reissue(
        tx as unknown as Db,
        row.residentRecordCode as ResidentRecordCode,
        reason,
      );
      await tx.insert(auditLog).values({
        at: now,
        actor: actor.id,
        action: 'registry.reissue-number',
        detail: { residentId: id, reason },
      });
      return n;
    });
    return { individualNumber: IndividualNumber.mask(next) };
  }

  /**
   * 個人番号通知書 as a PDF. It carries the whole number, so producing one is audited
   * like any reveal.
   */
  async notificationLetter(actor: Actor, id: string): Promise<Uint8Array> {
    const row = await this.readable(actor, id);
    const number = await this.index.numberOf(this.db, row.residentRecordCode);
    if (!number) throw new DomainError(RegistryErrors.REGISTRY_NUMBER_NOT_ISSUED, id);
    const now = this.clock.now();
    const pdf = await notificationLetter({ ...row, individualNumber: number, issuedOn: japanDate(now) });
    await this.db.insert(auditLog).values({
      at: now,
      actor: actor.id,
      action: 'registry.notification-letter',
      detail: { residentId: id },
    });
    return pdf;
  }

  async history(actor: Actor, id: string) {
    await this.readable(actor, id);
    const rows = await this.db
      .select()
      .from(events)
      .where(eq(events.residentId, id))
      .orderBy(asc(events.seq));
    return rows.map((e) => ({
      seq: e.seq,
      kind: e.kind as LifeEventKind,
      municipalityCode: e.municipalityCode,
      effectiveDate: e.effectiveDate,
      filedAt: e.filedAt.toISOString(),
      recordedBy: e.recordedBy,
      lateFiling: e.lateFiling,
      changedFacts: e.changedFacts as Fact[],
      after: e.after as Record<string, unknown>,
    }));
  }

  async household(actor: Actor, municipalityCode: string, householdId: string) {
    this.authorize(actor, municipalityCode);
    const [h] = await this.db
      .select()
      .from(households)
      .where(and(eq(households.id, householdId), eq(households.municipalityCode, municipalityCode)));
    if (!h) throw new DomainError(RegistryErrors.REGISTRY_HOUSEHOLD_NOT_FOUND, householdId);
    const members = await this.db
      .select({ r: residents, n: nationalIndex.individualNumber })
      .from(residents)
      .leftJoin(nationalIndex, eq(nationalIndex.residentRecordCode, residents.residentRecordCode))
      .where(eq(residents.householdId, householdId))
      .orderBy(asc(residents.birthDate));
    const views = members.map(({ r, n }) => this.view(r, n ? IndividualNumber.from(n) : null));
    return {
      id: h.id,
      municipalityCode: h.municipalityCode,
      headResidentId: h.headResidentId,
      members: views,
    };
  }

  /**
   * Name search for staff: by reading (kana) or written name (kanji), prefix match on
   * family name + given name, optionally with the birth date. Returns candidates —
   * the clerk decides who is who.
   */
  async search(
    actor: Actor,
    q: {
      municipalityCode: string;
      name: string;
      birthDate?: string;
      includeFormer?: boolean;
      limit?: number;
    },
  ) {
    this.authorize(actor, q.municipalityCode);
    const kana = isKanaQuery(q.name);
    const key = kana ? kanaKey(q.name) : kanjiKey(q.name);
    if (key.length === 0) return { matchedOn: kana ? 'kana' : 'kanji', candidates: [] };
    // A prefix as a range in byte order (the text_pattern_ops operators), so the
    // per-municipality index serves it even in a prepared statement; LIKE with a bound
    // pattern would not.
    const column = kana ? residents.kanaKey : residents.kanjiKey;
    const last = key.codePointAt(key.length - 1)!;
    const upper = `${key.slice(0, key.length - String.fromCodePoint(last).length)}${String.fromCodePoint(last + 1)}`;
    const conditions = [
      eq(residents.municipalityCode, q.municipalityCode),
      sql`${column} ~>=~ ${key}`,
      sql`${column} ~<~ ${upper}`,
    ];
    if (q.birthDate) conditions.push(eq(residents.birthDate, q.birthDate));
    if (!q.includeFormer) conditions.push(eq(residents.status, 'resident'));
    // One query: the index's number comes along by join (masked in the view).
    const rows = await this.db
      .select({ r: residents, n: nationalIndex.individualNumber })
      .from(residents)
      .leftJoin(nationalIndex, eq(nationalIndex.residentRecordCode, residents.residentRecordCode))
      .where(and(...conditions))
      .orderBy(asc(residents.kanaKey), asc(residents.birthDate), asc(residents.id))
      .limit(Math.min(q.limit ?? 20, 100));
    const candidates = rows.map(({ r, n }) => this.view(r, n ? IndividualNumber.from(n) : null));
    return { matchedOn: kana ? 'kana' : 'kanji', candidates };
  }

  /**
   * A resident as the card context needs them to make a card: the four facts with their
   * substitute-character flags, the status, and the Individual Number for the chip's
   * card-face-assist application. For in-process use by the card context only; the
   * caller has already checked the actor's right to act on this resident.
   */
  async cardHolder(id: string): Promise<CardHolder | null> {
    const [row] = await this.db.select().from(residents).where(eq(residents.id, id));
    if (!row) return null;
    const number = await this.index.numberOf(this.db, row.residentRecordCode);
    return {
      id: row.id,
      status: row.status as ResidentStatus,
      municipalityCode: row.municipalityCode,
      name: `${row.familyName}\u3000${row.givenName}`,
      nameFlags: row.nameFlags,
      birthDate: row.birthDate,
      sex: row.sex as Sex,
      address: row.address,
      addressFlags: row.addressFlags,
      movingOn: row.movingOn,
      individualNumber: number,
    };
  }

  /**
   * What the Myna Portal needs to know of people it shows to themselves and their proxies:
   * name, status, birth date, household and place. For in-process use by the portal,
   * which checks first that the person asking is the person, or acts for them.
   */
  async people(ids: readonly string[]): Promise<Map<string, PersonFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({
        id: residents.id,
        familyName: residents.familyName,
        givenName: residents.givenName,
        status: residents.status,
        birthDate: residents.birthDate,
        householdId: residents.householdId,
        relationship: residents.relationship,
        municipalityCode: residents.municipalityCode,
      })
      .from(residents)
      .where(inArray(residents.id, [...ids]));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: `${r.familyName}\u3000${r.givenName}`,
          status: r.status as ResidentStatus,
          birthDate: r.birthDate,
          householdId: r.householdId,
          relationship: r.relationship,
          municipalityCode: r.municipalityCode,
        },
      ]),
    );
  }

  /**
   * A person's name and their number masked, in one statement: what the portal's home
   * shows on every visit (the whole number only through a recorded reveal).
   */
  async summaryOf(id: string): Promise<{ name: string; maskedNumber: string | null } | null> {
    const [row] = await this.#summary.execute({ id });
    if (!row) return null;
    return {
      name: `${row.familyName}\u3000${row.givenName}`,
      maskedNumber: row.number ? IndividualNumber.mask(row.number as IndividualNumber) : null,
    };
  }

  /** The members of a household on the register (for the portal's legal representatives). */
  async householdMembers(householdId: string): Promise<PersonFacts[]> {
    const rows = await this.db
      .select({ id: residents.id })
      .from(residents)
      .where(eq(residents.householdId, householdId));
    return [...(await this.people(rows.map((r) => r.id))).values()];
  }

  /**
   * The resident holding an Individual Number, for operators who name a person by it
   * (`bango card issue --resident`). Goes through the national index; null when unknown.
   */
  /** The resident record code behind a resident id (for the network core's internal id). */
  async residentRecordCodeOf(residentId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ c: residents.residentRecordCode })
      .from(residents)
      .where(eq(residents.id, residentId));
    return row?.c ?? null;
  }

  async residentIdByNumber(individualNumber: string): Promise<string | null> {
    const [row] = await this.db
      .select({ id: residents.id })
      .from(nationalIndex)
      .innerJoin(residents, eq(residents.residentRecordCode, nationalIndex.residentRecordCode))
      .where(eq(nationalIndex.individualNumber, individualNumber));
    return row?.id ?? null;
  }

  /** Residents still moved out whose planned move date is before `date` (the card sweep's question). */
  async movedOutBefore(date: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: residents.id })
      .from(residents)
      .where(and(eq(residents.status, 'moved-out'), sql`${residents.movingOn} < ${date}`));
    return rows.map((r) => r.id);
  }

  /** The sequence number of the latest event (0 when there is none). */
  async lastEventSeq(): Promise<number> {
    const [row] = await this.db.select({ seq: sql<string | number | null>`max(${events.seq})` }).from(events);
    return Number(row?.seq ?? 0);
  }

  /** Events after `since`, in order: the durable feed other contexts catch up from. */
  async eventsSince(since: number, limit = 1000): Promise<RegistryEvent[]> {
    const rows = await this.db
      .select()
      .from(events)
      .where(sql`${events.seq} > ${since}`)
      .orderBy(asc(events.seq))
      .limit(limit);
    return rows.map((e) => ({
      seq: e.seq,
      kind: e.kind as LifeEventKind,
      residentId: e.residentId,
      municipalityCode: e.municipalityCode,
      effectiveDate: e.effectiveDate,
      status: (e.after as { status: ResidentStatus }).status,
      changedFacts: e.changedFacts as Fact[],
    }));
  }

  // --- helpers ------------------------------------------------------------------------

  private async readable(actor: Actor, id: string): Promise<ResidentRow> {
    const [row] = await this.db.select().from(residents).where(eq(residents.id, id));
    // Another municipality's resident is "not found": existence is not disclosed.
    if (!row || !holds(actor, REGISTRY_ROLES, row.municipalityCode)) {
      throw new DomainError(RegistryErrors.REGISTRY_RESIDENT_NOT_FOUND, id);
    }
    return row;
  }

  private authorize(actor: Actor, municipalityCode: string): void {
    if (!holds(actor, REGISTRY_ROLES, municipalityCode)) {
      throw new DomainError(KernelErrors.AUTH_FORBIDDEN, `${actor.id} at ${municipalityCode}`);
    }
  }

  private async requireMunicipality(code: string, tx: Db = this.db): Promise<void> {
    const [m] = await tx
      .select({ c: municipalities.code })
      .from(municipalities)
      .where(eq(municipalities.code, code));
    if (!m) throw new DomainError(RegistryErrors.REGISTRY_MUNICIPALITY_UNKNOWN, code);
  }

  private view(row: ResidentRow, number: IndividualNumber | null): ResidentView {
    return {
      id: row.id,
      residentRecordCode: ResidentRecordCode.mask(row.residentRecordCode as ResidentRecordCode),
      familyName: row.familyName,
      givenName: row.givenName,
      familyNameKana: row.familyNameKana,
      givenNameKana: row.givenNameKana,
      nameFlags: row.nameFlags,
      birthDate: row.birthDate,
      sex: row.sex as Sex,
      municipalityCode: row.municipalityCode,
      address: row.address,
      postalCode: row.postalCode,
      householdId: row.householdId,
      relationship: row.relationship,
      status: row.status as ResidentStatus,
      movingTo: row.movingTo,
      movingOn: row.movingOn,
      individualNumber: number ? IndividualNumber.mask(number) : null,
      version: row.version,
    };
  }
}

function facts(r: ResidentRow): BasicFacts {
  return {
    familyName: r.familyName,
    givenName: r.givenName,
    familyNameKana: r.familyNameKana,
    givenNameKana: r.givenNameKana,
    birthDate: r.birthDate,
    sex: r.sex as Sex,
    municipalityCode: r.municipalityCode,
    address: r.address,
  };
}
