import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { CardStatus } from '../card/model.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { uuidv7 } from '../kernel/ids.ts';
import { ageOn } from '../kernel/japanese-date.ts';
import { digestOfCode, digestOfTypedCode, newOneTimeCode } from '../kernel/one-time-code.ts';
import type { Random } from '../kernel/random.ts';
import { japanDate, type PersonFacts } from '../registry/index.ts';
import type { ActivityLog, Subject } from './activity.ts';
import { PortalErrors } from './errors.ts';
import {
  type EndReason,
  FEATURES,
  type Feature,
  MANDATE_CODE_LIFETIME_MS,
  MAX_MANDATE_DAYS,
  type MandateAction,
  type MandateStatus,
  MINOR_UNDER,
  nextMandateStatus,
  PARENT_RELATIONSHIPS,
} from './model.ts';
import { mandates } from './schema.ts';

type Row = typeof mandates.$inferSelect;

export interface MandateView {
  id: string;
  status: MandateStatus;
  principal: { id: string; name: string } | null;
  proxy: { id: string; name: string } | null;
  requestedAs: 'principal' | 'representative' | 'proxy';
  scope: Feature[];
  validUntil: string;
  createdAt: string;
  endedAt: string | null;
  endReason: string | null;
  allowedActions: MandateAction[];
}

/** What the portal needs from the register and the card context. */
export interface MandatePorts {
  people(ids: readonly string[]): Promise<Map<string, PersonFacts>>;
  cardStatus(residentId: string): Promise<CardStatus | null>;
  household(householdId: string): Promise<PersonFacts[]>;
}

const END_STATES: readonly MandateStatus[] = ['declined', 'revoked', 'ended', 'expired'];

/**
 * 代理人: mandates from a principal to a proxy. Either side asks, with a scope and an end
 * date, and gets a one-time code to hand to the other; the other logs in with their own
 * card and accepts or declines. A parent may ask for their child (legal representative).
 * A mandate is checked on every use, so revocation, expiry, the principal's death or a
 * suspended card stop the proxy at once.
 */
export class Mandates {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly ports: MandatePorts,
    private readonly activity: ActivityLog,
  ) {}

  /**
   * A principal (or a child's parent, with `principal`) invites a proxy; with `proxyIsSelf`
   * a parent takes the mandate for their own child at once.
   */
  async invite(
    by: string,
    input: { principal?: string; scope: unknown; validUntil: unknown; proxyIsSelf?: boolean },
  ): Promise<{ mandate: MandateView; code: string | null }> {
    const principal = input.principal ?? by;
    const representative = principal !== by;
    if (representative) await this.requireRepresentative(by, principal);
    else if (input.proxyIsSelf) throw new DomainError(PortalErrors.PORTAL_MANDATE_SELF, 'self as own proxy');
    const terms = this.terms(input.scope, input.validUntil);
    const now = this.clock.now();
    const direct = representative && input.proxyIsSelf === true;
    const code = direct ? null : newOneTimeCode(this.random);
    const id = uuidv7(now.getTime(), this.random.bytes(10));
    await this.db.transaction(async (tx) => {
      await tx.insert(mandates).values({
        id,
        principalId: principal,
        proxyId: direct ? by : null,
        requestedBy: by,
        requestedAs: representative ? 'representative' : 'principal',
        scope: terms.scope,
        validUntil: terms.validUntil,
        status: direct ? 'active' : 'requested',
        codeHash: code ? digestOfCode(code) : null,
        codeExpiresAt: code ? new Date(now.getTime() + MANDATE_CODE_LIFETIME_MS) : null,
        createdAt: now,
        decidedAt: direct ? now : null,
      });
      await this.activity.record(
        { residentId: principal, actorResidentId: by, mandateId: id },
        direct ? 'mandate-accepted' : 'mandate-requested',
        { scope: terms.scope, validUntil: terms.validUntil },
        tx,
      );
    });
    return { mandate: await this.view(await this.row(id)), code };
  }

  /** A would-be proxy asks a principal; the principal accepts with the code. */
  async request(by: string, input: { scope: unknown; validUntil: unknown }) {
    const terms = this.terms(input.scope, input.validUntil);
    const now = this.clock.now();
    const code = newOneTimeCode(this.random);
    const id = uuidv7(now.getTime(), this.random.bytes(10));
    await this.db.insert(mandates).values({
      id,
      principalId: null,
      proxyId: by,
      requestedBy: by,
      requestedAs: 'proxy',
      scope: terms.scope,
      validUntil: terms.validUntil,
      status: 'requested',
      codeHash: digestOfCode(code),
      codeExpiresAt: new Date(now.getTime() + MANDATE_CODE_LIFETIME_MS),
      createdAt: now,
    });
    return { mandate: await this.view(await this.row(id)), code };
  }

  /** What a code asks for, shown to the other side before they decide. */
  async lookup(by: string, code: string): Promise<MandateView> {
    return this.view(await this.pending(by, code));
  }

  /** The other side accepts or declines; the code is spent either way. */
  async decide(by: string, code: string, decision: 'accept' | 'decline'): Promise<MandateView> {
    const row = await this.pending(by, code);
    const to = nextMandateStatus(row.status as MandateStatus, decision);
    const side = row.requestedAs === 'proxy' ? { principalId: by } : { proxyId: by };
    const principal = row.principalId ?? by;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const done = await tx
        .update(mandates)
        .set({ ...side, status: to, codeHash: null, codeExpiresAt: null, decidedAt: now })
        .where(and(eq(mandates.id, row.id), eq(mandates.status, 'requested')))
        .returning({ id: mandates.id });
      if (done.length === 0) throw new DomainError(PortalErrors.PORTAL_MANDATE_CODE_UNKNOWN, 'raced');
      await this.activity.record(
        { residentId: principal, actorResidentId: by, mandateId: row.id },
        decision === 'accept' ? 'mandate-accepted' : 'mandate-declined',
        null,
        tx,
      );
    });
    return this.view(await this.row(row.id));
  }

  /** Either side (or the parent who asked) ends a mandate, or withdraws a request. */
  async revoke(by: string, id: string): Promise<MandateView> {
    const row = await this.row(id).catch(() => null);
    if (!row || ![row.principalId, row.proxyId, row.requestedBy].includes(by)) {
      throw new DomainError(PortalErrors.PORTAL_MANDATE_NOT_FOUND, id);
    }
    await this.transition(row, 'revoke', by);
    return this.view(await this.row(id));
  }

  /** Ends every mandate a person gave (card suspended or ended, death, emigration). */
  async endFor(principalId: string, reason: EndReason): Promise<number> {
    const rows = await this.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.principalId, principalId), inArray(mandates.status, ['requested', 'active'])));
    for (const row of rows) {
      await this.transition(row, row.status === 'active' ? 'end' : 'revoke', principalId, reason).catch(
        (e) => {
          if (!(e instanceof DomainError)) throw e;
        },
      );
    }
    return rows.length;
  }

  /** A person's mandates: given (as principal, or for their children) and held (as proxy). */
  async of(residentId: string): Promise<{ given: MandateView[]; held: MandateView[] }> {
    const rows = await this.db
      .select()
      .from(mandates)
      .where(
        or(
          eq(mandates.principalId, residentId),
          eq(mandates.proxyId, residentId),
          eq(mandates.requestedBy, residentId),
        ),
      )
      .orderBy(sql`${mandates.createdAt} desc`);
    const views = await this.views(await Promise.all(rows.map((r) => this.lapsed(r))));
    return {
      given: views.filter((v) => v.proxy?.id !== residentId),
      held: views.filter((v) => v.proxy?.id === residentId),
    };
  }

  /**
   * The principal a proxy may act for with this mandate and feature, checked now: in
   * force, the caller is its proxy, within its scope, the principal alive and on the
   * register, and their card (if they have one) not suspended. A null feature asks only
   * whether the mandate is in force (the home page).
   */
  async usable(mandateId: string, proxyId: string, feature: Feature | null): Promise<Subject> {
    const found = await this.row(mandateId).catch(() => null);
    if (!found || found.proxyId !== proxyId)
      throw new DomainError(PortalErrors.PORTAL_MANDATE_NOT_FOUND, mandateId);
    const row = await this.lapsed(found);
    if (row.status !== 'active' || row.principalId === null)
      throw new DomainError(PortalErrors.PORTAL_PROXY_NOT_ACTIVE, row.status);
    const principal = row.principalId;
    const [facts, card] = await Promise.all([
      this.ports.people([principal]),
      this.ports.cardStatus(principal),
    ]);
    const status = facts.get(principal)?.status;
    if (status === 'deceased' || status === 'emigrated') {
      await this.endFor(principal, status === 'deceased' ? 'death' : 'emigration');
      throw new DomainError(PortalErrors.PORTAL_PROXY_NOT_ACTIVE, status);
    }
    if (card === 'suspended' || card === 'invalidated') {
      await this.endFor(principal, 'principal-card-stopped');
      throw new DomainError(PortalErrors.PORTAL_PROXY_NOT_ACTIVE, `card ${card}`);
    }
    if (feature !== null && !(row.scope as string[]).includes(feature))
      throw new DomainError(PortalErrors.PORTAL_PROXY_SCOPE, feature, { feature });
    return { residentId: principal, actorResidentId: proxyId, mandateId };
  }

  /** The children a person may act for as legal representative (minors of their household). */
  async childrenOf(parentId: string): Promise<{ id: string; name: string; birthDate: string }[]> {
    const parent = (await this.ports.people([parentId])).get(parentId);
    if (!parent?.householdId || !PARENT_RELATIONSHIPS.includes(parent.relationship ?? '')) return [];
    const today = japanDate(this.clock.now());
    const members = await this.ports.household(parent.householdId);
    return members
      .filter(
        (m) => m.relationship === '子' && m.status === 'resident' && ageOn(m.birthDate, today) < MINOR_UNDER,
      )
      .map((m) => ({ id: m.id, name: m.name, birthDate: m.birthDate }));
  }

  // --- helpers ---------------------------------------------------------------------

  private terms(scope: unknown, validUntil: unknown): { scope: Feature[]; validUntil: string } {
    const bad = (why: string): never => {
      throw new DomainError(PortalErrors.PORTAL_MANDATE_INVALID, why, { reason: why });
    };
    if (!Array.isArray(scope) || scope.length === 0) bad('scope: at least one feature');
    const features = [...new Set(scope as unknown[])];
    if (!features.every((f) => (FEATURES as readonly unknown[]).includes(f))) bad('scope: unknown feature');
    const today = japanDate(this.clock.now());
    if (typeof validUntil !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) bad('validUntil: a date');
    const until = validUntil as string;
    if (Number.isNaN(Date.parse(`${until}T00:00:00Z`))) bad('validUntil: a date');
    const days = (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
    if (days < 0) bad('validUntil: in the past');
    if (days > MAX_MANDATE_DAYS) bad('validUntil: at most three years ahead');
    return { scope: FEATURES.filter((f) => features.includes(f)), validUntil: until };
  }

  /** A parent in the same household of a child under 18 may act as their legal representative. */
  private async requireRepresentative(parentId: string, childId: string): Promise<void> {
    const people = await this.ports.people([parentId, childId]);
    const parent = people.get(parentId);
    const child = people.get(childId);
    const ok =
      parent &&
      child &&
      child.status === 'resident' &&
      child.householdId !== null &&
      child.householdId === parent.householdId &&
      child.relationship === '子' &&
      PARENT_RELATIONSHIPS.includes(parent.relationship ?? '') &&
      ageOn(child.birthDate, japanDate(this.clock.now())) < MINOR_UNDER;
    if (!ok)
      throw new DomainError(
        PortalErrors.PORTAL_NOT_REPRESENTATIVE,
        'not a parent of a minor in the household',
      );
  }

  private async pending(by: string, code: string): Promise<Row> {
    const digest = digestOfTypedCode(code);
    const [row] = digest ? await this.db.select().from(mandates).where(eq(mandates.codeHash, digest)) : [];
    if (row?.status !== 'requested' || (row.codeExpiresAt !== null && row.codeExpiresAt < this.clock.now())) {
      throw new DomainError(PortalErrors.PORTAL_MANDATE_CODE_UNKNOWN, 'code');
    }
    if (row.requestedBy === by || row.principalId === by)
      throw new DomainError(PortalErrors.PORTAL_MANDATE_SELF, 'own request');
    return row;
  }

  private async row(id: string): Promise<Row> {
    const [row] = /^[0-9a-f-]{36}$/.test(id)
      ? await this.db.select().from(mandates).where(eq(mandates.id, id))
      : [];
    if (!row) throw new DomainError(PortalErrors.PORTAL_MANDATE_NOT_FOUND, id);
    return row;
  }

  /** A mandate past its end date, or a request past its code's life, lapses when next read. */
  private async lapsed(row: Row): Promise<Row> {
    const now = this.clock.now();
    const over =
      (row.status === 'active' && row.validUntil < japanDate(now)) ||
      (row.status === 'requested' && row.codeExpiresAt !== null && row.codeExpiresAt < now);
    if (!over) return row;
    await this.transition(row, 'lapse', row.principalId ?? row.requestedBy);
    return this.row(row.id);
  }

  private async transition(row: Row, action: MandateAction, by: string, reason?: EndReason): Promise<void> {
    const to = nextMandateStatus(row.status as MandateStatus, action);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const done = await tx
        .update(mandates)
        .set({
          status: to,
          codeHash: null,
          codeExpiresAt: null,
          ...(END_STATES.includes(to) ? { endedAt: now, endReason: reason ?? action } : {}),
        })
        .where(and(eq(mandates.id, row.id), eq(mandates.status, row.status)))
        .returning({ id: mandates.id });
      if (done.length === 0) return; // someone else moved it first
      if (row.principalId) {
        await this.activity.record(
          { residentId: row.principalId, actorResidentId: by, mandateId: row.id },
          action === 'revoke' ? 'mandate-revoked' : 'mandate-ended',
          { reason: reason ?? action },
          tx,
        );
      }
    });
  }

  private async view(row: Row): Promise<MandateView> {
    const [view] = await this.views([row]);
    return view!;
  }

  /** Mandates as their parties see them, with every name in one lookup. */
  private async views(rows: readonly Row[]): Promise<MandateView[]> {
    const ids = rows.flatMap((r) => [r.principalId, r.proxyId]).filter((x): x is string => x !== null);
    const people = await this.ports.people([...new Set(ids)]);
    const who = (id: string | null) => (id ? { id, name: people.get(id)?.name ?? '' } : null);
    return rows.map((row) => ({
      id: row.id,
      status: row.status as MandateStatus,
      principal: who(row.principalId),
      proxy: who(row.proxyId),
      requestedAs: row.requestedAs as MandateView['requestedAs'],
      scope: row.scope as Feature[],
      validUntil: row.validUntil,
      createdAt: row.createdAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      endReason: row.endReason,
      allowedActions: row.status === 'requested' || row.status === 'active' ? ['revoke'] : [],
    }));
  }
}
