import { and, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { isUuid, uuidv7 } from '../kernel/ids.ts';
import { digestOfCode, digestOfTypedCode, newOneTimeCode } from '../kernel/one-time-code.ts';
import type { Random } from '../kernel/random.ts';
import { CorporateNumber } from '../numbers/index.ts';
import type { CorporateInbox, CorporateInboxEntry, CorporateNoticeView } from '../portal/index.ts';
import { CorporateErrors } from './errors.ts';
import { type CorporationVersion, stateOf } from './model.ts';
import {
  END_ACTION,
  INVITATION_LIFETIME_MS,
  INVITE_ACTION,
  type MemberAction,
  type MemberActivityAction,
  type MemberRole,
  type MemberStatus,
  type MembershipStep,
  mayDo,
  nextMemberStatus,
  parseTitle,
  ROLE_ACTIONS,
} from './portal-model.ts';
import { memberActivity, members } from './schema.ts';
import type { CorporateService } from './service.ts';

type Row = typeof members.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface MemberView {
  id: string;
  corporateNumber: string;
  corporationName: string;
  person: { id: string; name: string } | null;
  role: MemberRole;
  status: MemberStatus;
  title: string;
  createdAt: string;
  decidedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

/** A corporation a person belongs to, with what their role lets them do there. */
export interface Affiliation extends MemberView {
  allowed: readonly MemberAction[];
  unread: number;
}

/** What the corporate portal needs from the register (names of the people who act). */
export interface CorporatePortalPorts {
  names(residentIds: readonly string[]): Promise<Map<string, string>>;
}

const LIVE: MemberStatus[] = ['applied', 'active'];
const RECENTLY_ENDED_MS = 30 * 86_400_000;

/**
 * 法人ポータル: a corporation's own staff, each logged in with their own card, see what
 * government publishes about it (its record and history) and the notices addressed to it.
 * Who may do what is a membership with a role, checked on every call: a member ended,
 * or a person who died or emigrated, is refused the very next call.
 */
export class CorporatePortal {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly registry: CorporateService,
    private readonly inbox: CorporateInbox,
    private readonly ports: CorporatePortalPorts,
  ) {}

  // --- a person's side -------------------------------------------------------------------

  /**
   * The corporations the person belongs to or has applied to represent, with unread counts;
   * and what ended in the last 30 days (a declined application, an ended membership), so
   * the person sees why a corporation is gone from the list.
   */
  async mine(actor: Actor): Promise<Affiliation[]> {
    const me = personOf(actor);
    const recently = new Date(this.clock.now().getTime() - RECENTLY_ENDED_MS);
    const rows = await this.db
      .select()
      .from(members)
      .where(
        and(eq(members.residentId, me), or(inArray(members.status, LIVE), gt(members.endedAt, recently))),
      )
      .orderBy(members.corporateNumber, desc(members.createdAt));
    const views = await this.views(rows);
    const unread = await this.inbox.unread(
      rows.filter((r) => r.status === 'active').map((r) => r.corporateNumber),
    );
    return views.map((v) => ({
      ...v,
      allowed: v.status === 'active' ? ROLE_ACTIONS[v.role] : [],
      unread: unread.get(v.corporateNumber) ?? 0,
    }));
  }

  /** A person applies to be registered as a representative (代表者) of a corporation. */
  async apply(actor: Actor, input: { corporateNumber: unknown; title: unknown }): Promise<MemberView> {
    const me = personOf(actor);
    const number = parseNumber(input.corporateNumber);
    const title = parseTitle(input.title);
    await this.requireOpen(number);
    const now = this.clock.now();
    const id = uuidv7(now.getTime(), this.random.bytes(10));
    await this.inTransaction(async (tx) => {
      await this.requireNotMember(tx, number, me);
      await tx.insert(members).values({
        id,
        corporateNumber: number,
        residentId: me,
        role: 'representative',
        status: 'applied',
        title,
        requestedBy: me,
        createdAt: now,
      });
      await this.record(tx, number, me, 'applied', { member: id });
    });
    return this.view(await this.row(id));
  }

  /** A representative or administrator invites an employee; the code is shown once. */
  async invite(
    actor: Actor,
    corporateNumber: string,
    input: { role: unknown },
  ): Promise<{ invitation: MemberView; code: string }> {
    const role = input.role;
    if (role !== 'administrator' && role !== 'staff')
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_INVALID, 'role', { field: 'role' });
    const member = await this.membership(actor, corporateNumber, INVITE_ACTION[role]);
    await this.requireOpen(member.corporateNumber);
    const now = this.clock.now();
    const code = newOneTimeCode(this.random);
    const id = uuidv7(now.getTime(), this.random.bytes(10));
    await this.inTransaction(async (tx) => {
      await tx.insert(members).values({
        id,
        corporateNumber: member.corporateNumber,
        residentId: null,
        role,
        status: 'invited',
        title: '',
        codeHash: digestOfCode(code),
        codeExpiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
        requestedBy: member.residentId!,
        createdAt: now,
      });
      await this.record(tx, member.corporateNumber, member.residentId!, 'invited', { member: id, role });
    });
    return { invitation: await this.view(await this.row(id)), code };
  }

  /** What an invitation code is for, shown to the invitee before they decide. */
  async lookup(actor: Actor, code: string): Promise<MemberView> {
    personOf(actor);
    return this.view(await this.invitation(code));
  }

  /** The invitee accepts (joining with the invitation's role) or declines; the code is spent. */
  async answer(actor: Actor, code: string, accept: boolean): Promise<MemberView> {
    const me = personOf(actor);
    const row = await this.invitation(code);
    if (accept) await this.requireOpen(row.corporateNumber);
    await this.inTransaction(async (tx) => {
      if (accept) await this.requireNotMember(tx, row.corporateNumber, me);
      await this.move(tx, row, accept ? 'accept' : 'decline', { residentId: me, decidedBy: me });
      if (accept)
        await this.record(tx, row.corporateNumber, me, 'joined', { member: row.id, role: row.role });
    });
    return this.view(await this.row(row.id));
  }

  /** The corporation's members: active, invited (not yet answered), applied. */
  async members(actor: Actor, corporateNumber: string): Promise<MemberView[]> {
    const member = await this.membership(actor, corporateNumber, 'view-members');
    const rows = await this.db
      .select()
      .from(members)
      .where(
        and(
          eq(members.corporateNumber, member.corporateNumber),
          inArray(members.status, ['applied', 'invited', 'active']),
        ),
      )
      .orderBy(members.createdAt);
    return this.views(rows);
  }

  /** A manager ends another member's membership (or calls back an invitation). */
  async end(actor: Actor, corporateNumber: string, memberId: string): Promise<MemberView> {
    const target = await this.row(memberId);
    const needed = END_ACTION[target.role as MemberRole];
    if (needed === null || target.residentId === actor.residentId)
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_FORBIDDEN, 'cannot end this member');
    const member = await this.membership(actor, corporateNumber, needed);
    if (target.corporateNumber !== member.corporateNumber)
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_NOT_FOUND, memberId);
    await this.inTransaction(async (tx) => {
      await this.move(tx, target, 'end', { endReason: 'ended-by-manager' });
      await this.record(tx, target.corporateNumber, member.residentId!, 'ended', { member: target.id });
    });
    return this.view(await this.row(memberId));
  }

  /** A person leaves a corporation (or withdraws their application). */
  async leave(actor: Actor, corporateNumber: string): Promise<MemberView> {
    const me = personOf(actor);
    const row = await this.own(actor, corporateNumber, LIVE);
    if (!row) throw new DomainError(CorporateErrors.CORPORATE_MEMBER_NOT_FOUND, 'not a member');
    await this.inTransaction(async (tx) => {
      await this.move(tx, row, 'leave', { endReason: 'left' });
      await this.record(tx, row.corporateNumber, me, 'left', { member: row.id });
    });
    return this.view(await this.row(row.id));
  }

  /** What government publishes about the corporation: its record and every version. */
  async corporation(
    actor: Actor,
    corporateNumber: string,
  ): Promise<{ corporation: CorporationVersion; history: CorporationVersion[] }> {
    const member = await this.membership(actor, corporateNumber, 'view-record');
    const history = await this.registry.byNumbers([member.corporateNumber], true);
    const latest = history.find((v) => v.latest === '1');
    if (!latest) throw new DomainError(CorporateErrors.CORPORATE_NOT_FOUND);
    return { corporation: latest, history };
  }

  async notices(
    actor: Actor,
    corporateNumber: string,
    filter: { unread?: boolean },
  ): Promise<(CorporateInboxEntry & { readByName: string | null })[]> {
    const member = await this.membership(actor, corporateNumber, 'read-notices');
    const list = await this.inbox.list(member.corporateNumber, filter);
    const names = await this.ports.names([
      ...new Set(list.flatMap((n) => [n.readBy, n.actedBy]).filter((x): x is string => x !== null)),
    ]);
    return list.map((n) => ({ ...n, readByName: n.readBy ? (names.get(n.readBy) ?? null) : null }));
  }

  async notice(actor: Actor, corporateNumber: string, id: string): Promise<CorporateNoticeView> {
    const member = await this.membership(actor, corporateNumber, 'read-notices');
    const { notice, opened } = await this.inbox.read(member.corporateNumber, id, member.residentId!);
    if (opened)
      await this.record(this.db, member.corporateNumber, member.residentId!, 'notice-read', { notice: id });
    return notice;
  }

  async act(actor: Actor, corporateNumber: string, id: string): Promise<{ link: string | null }> {
    const member = await this.membership(actor, corporateNumber, 'act-on-notices');
    const { link, acted } = await this.inbox.act(member.corporateNumber, id, member.residentId!);
    if (acted)
      await this.record(this.db, member.corporateNumber, member.residentId!, 'notice-acted', { notice: id });
    return { link };
  }

  async attachment(actor: Actor, corporateNumber: string, id: string) {
    const member = await this.membership(actor, corporateNumber, 'read-notices');
    return this.inbox.attachment(member.corporateNumber, id);
  }

  /** The corporation's 操作履歴: who applied, joined, invited, ended, read; fifty a page. */
  async activity(actor: Actor, corporateNumber: string, before?: number) {
    const member = await this.membership(actor, corporateNumber, 'view-activity');
    const rows = await this.db
      .select()
      .from(memberActivity)
      .where(
        and(
          eq(memberActivity.corporateNumber, member.corporateNumber),
          before !== undefined ? lt(memberActivity.seq, before) : undefined,
        ),
      )
      .orderBy(desc(memberActivity.seq))
      .limit(50);
    const names = await this.ports.names([...new Set(rows.map((r) => r.actor).filter(isUuid))]);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      action: r.action as MemberActivityAction,
      actor: names.get(r.actor) ?? (isUuid(r.actor) ? '' : r.actor),
      detail: r.detail,
    }));
  }

  // --- the NTA operator's side ------------------------------------------------------------

  /** Applications waiting for a decision, oldest first. */
  async applications(): Promise<MemberView[]> {
    const rows = await this.db
      .select()
      .from(members)
      .where(eq(members.status, 'applied'))
      .orderBy(members.createdAt)
      .limit(200);
    return this.views(rows);
  }

  /** After checking the commercial register, an operator approves or declines. */
  async decide(operator: Actor, id: string, approve: boolean): Promise<MemberView> {
    const row = await this.row(id);
    if (approve) await this.requireOpen(row.corporateNumber);
    await this.inTransaction(async (tx) => {
      await this.move(tx, row, approve ? 'approve' : 'decline', { decidedBy: operator.id });
      await this.record(tx, row.corporateNumber, operator.id, approve ? 'approved' : 'declined', {
        member: row.id,
      });
    });
    return this.view(await this.row(id));
  }

  /** Death or emigration ends every membership the person holds, and their open invitations. */
  async endFor(residentId: string, reason: 'death' | 'emigration'): Promise<number> {
    const now = this.clock.now();
    const rows = await this.db
      .update(members)
      .set({ status: 'ended', endedAt: now, endReason: reason, codeHash: null, codeExpiresAt: null })
      .where(
        or(
          and(eq(members.residentId, residentId), inArray(members.status, LIVE)),
          and(eq(members.requestedBy, residentId), eq(members.status, 'invited')),
        ),
      )
      .returning({ id: members.id });
    return rows.length;
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The caller's active membership of the corporation, if its role allows `action`. */
  private async membership(actor: Actor, corporateNumber: string, action: MemberAction): Promise<Row> {
    const row = await this.own(actor, corporateNumber, ['active']);
    if (!row || !mayDo(row.role as MemberRole, action))
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_FORBIDDEN, action, { action });
    return row;
  }

  /** The caller's own membership of the corporation in one of `statuses` (at most one is live). */
  private async own(
    actor: Actor,
    corporateNumber: string,
    statuses: readonly MemberStatus[],
  ): Promise<Row | undefined> {
    const me = personOf(actor);
    const number = parseNumber(corporateNumber);
    const [row] = await this.db
      .select()
      .from(members)
      .where(
        and(
          eq(members.corporateNumber, number),
          eq(members.residentId, me),
          inArray(members.status, [...statuses]),
        ),
      );
    return row;
  }

  /** Nobody newly registers or joins a corporation that is closed or deleted (or unknown). */
  private async requireOpen(number: string): Promise<void> {
    const [latest] = await this.registry.store.latest([number]);
    if (!latest) throw new DomainError(CorporateErrors.CORPORATE_NOT_FOUND);
    if (stateOf(latest) !== 'active') throw new DomainError(CorporateErrors.CORPORATE_CLOSED);
  }

  private async requireNotMember(tx: Tx, number: string, residentId: string): Promise<void> {
    // The unique index is the last word; this lock makes the check and the insert one step.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`corporate-member:${number}:${residentId}`}))`,
    );
    const [live] = await tx
      .select({ id: members.id })
      .from(members)
      .where(
        and(
          eq(members.corporateNumber, number),
          eq(members.residentId, residentId),
          inArray(members.status, LIVE),
        ),
      );
    if (live) throw new DomainError(CorporateErrors.CORPORATE_MEMBER_EXISTS, 'already a member');
  }

  private async invitation(code: string): Promise<Row> {
    const digest = typeof code === 'string' ? digestOfTypedCode(code) : null;
    const [row] = digest ? await this.db.select().from(members).where(eq(members.codeHash, digest)) : [];
    if (row?.status !== 'invited')
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_CODE_UNKNOWN, 'code');
    if (row.codeExpiresAt !== null && row.codeExpiresAt < this.clock.now()) {
      await this.inTransaction((tx) => this.move(tx, row, 'lapse', { endReason: 'code-expired' }));
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_CODE_UNKNOWN, 'code expired');
    }
    return row;
  }

  /** One step of the lifecycle, only from the state read (a concurrent step wins once). */
  private async move(
    tx: Tx,
    row: Row,
    step: MembershipStep,
    set: Partial<Pick<Row, 'residentId' | 'decidedBy' | 'endReason'>>,
  ): Promise<void> {
    const to = nextMemberStatus(row.status as MemberStatus, step);
    const now = this.clock.now();
    const ends = to !== 'active';
    const done = await tx
      .update(members)
      .set({
        status: to,
        codeHash: null,
        codeExpiresAt: null,
        ...set,
        ...(step === 'approve' || step === 'accept' || step === 'decline' ? { decidedAt: now } : {}),
        ...(ends ? { endedAt: now, endReason: set.endReason ?? step } : {}),
      })
      .where(and(eq(members.id, row.id), eq(members.status, row.status)))
      .returning({ id: members.id });
    if (done.length === 0) {
      // Moved by someone else first: refuse with the state it is in now.
      const current = await this.row(row.id);
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_TRANSITION, `${step} from ${current.status}`, {
        status: current.status,
      });
    }
  }

  private async record(
    db: Db | Tx,
    corporateNumber: string,
    actor: string,
    action: MemberActivityAction,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await db.insert(memberActivity).values({ corporateNumber, actor, action, at: this.clock.now(), detail });
  }

  private async inTransaction(work: (tx: Tx) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction(work);
    } catch (e) {
      // Two joins racing past the check: the unique index refuses the second.
      if (isUniqueViolation(e))
        throw new DomainError(CorporateErrors.CORPORATE_MEMBER_EXISTS, 'already a member');
      throw e;
    }
  }

  private async row(id: string): Promise<Row> {
    const [row] = isUuid(id) ? await this.db.select().from(members).where(eq(members.id, id)) : [];
    if (!row) throw new DomainError(CorporateErrors.CORPORATE_MEMBER_NOT_FOUND, id);
    return row;
  }

  private async view(row: Row): Promise<MemberView> {
    const [view] = await this.views([row]);
    return view!;
  }

  /** Memberships as shown, with the people's and corporations' names in one lookup each. */
  private async views(rows: readonly Row[]): Promise<MemberView[]> {
    const people = await this.ports.names([
      ...new Set(rows.map((r) => r.residentId).filter((x): x is string => x !== null)),
    ]);
    const corporations = await this.registry.store.latest([...new Set(rows.map((r) => r.corporateNumber))]);
    const nameOf = new Map(corporations.map((c) => [c.corporateNumber, c.name]));
    return rows.map((r) => ({
      id: r.id,
      corporateNumber: r.corporateNumber,
      corporationName: nameOf.get(r.corporateNumber) ?? '',
      person: r.residentId ? { id: r.residentId, name: people.get(r.residentId) ?? '' } : null,
      role: r.role as MemberRole,
      status: r.status as MemberStatus,
      title: r.title,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      endedAt: r.endedAt?.toISOString() ?? null,
      endReason: r.endReason,
    }));
  }
}

function personOf(actor: Actor): string {
  if (!actor.residentId) throw new DomainError(KernelErrors.AUTH_REQUIRED, 'no card session');
  return actor.residentId;
}

function parseNumber(input: unknown): string {
  const parsed = typeof input === 'string' ? CorporateNumber.parse(input) : null;
  if (!parsed?.ok) throw new DomainError(CorporateErrors.CORPORATE_NUMBER_INVALID);
  return String(parsed.value);
}

function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause)
    if ((x as { code?: unknown }).code === '23505') return true;
  return false;
}
