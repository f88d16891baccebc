import { and, asc, desc, eq, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import { type Db, rowsOf } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { once } from '../kernel/idempotency.ts';
import { uuidv7 } from '../kernel/ids.ts';
import type { Random } from '../kernel/random.ts';
import type { InstitutionNode, LinkageService } from '../linkage/index.ts';
import { japanDate } from '../registry/index.ts';
import type { ActivityLog, Subject } from './activity.ts';
import { PortalErrors } from './errors.ts';
import { type Audience, isSafeLink, NOTICE_CATEGORIES, type NoticeCategory, parseAudience } from './model.ts';
import { corporateInbox, inbox, notices } from './schema.ts';

type NoticeRow = typeof notices.$inferSelect;
type CorporateAudience = Audience & { kind: 'corporations' };

export interface NoticeInput {
  category: string;
  title: string;
  body: string;
  link?: string;
  attachment?: { name: string; base64: string };
  audience?: unknown;
  open?: boolean;
  sendAt?: string;
  expiresAt?: string;
  remindEveryDays?: number;
}

/** A notice in a person's inbox. */
export interface InboxEntry {
  id: string;
  sender: string;
  senderName: string;
  category: NoticeCategory;
  title: string;
  deliveredAt: string;
  read: boolean;
  acted: boolean;
  reminders: number;
  expiresAt: string | null;
  hasAttachment: boolean;
}

/** The whole notice, as its reader sees it. */
export interface NoticeView extends InboxEntry {
  body: string;
  link: string | null;
  attachmentName: string | null;
}

/** A notice as its sender's console shows it, with delivery and read counts. */
export interface SentNotice {
  id: string;
  title: string;
  category: string;
  status: string;
  open: boolean;
  sendAt: string;
  sentAt: string | null;
  delivered: number;
  read: number;
  acted: number;
  remindEveryDays: number | null;
  expiresAt: string | null;
}

/** Control characters (other than newline and tab in a body) have no place in a notice. */
function hasControl(text: string, allowLines: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 127 || (c < 32 && !(allowLines && (c === 9 || c === 10 || c === 13)))) return true;
  }
  return false;
}
const MAX_ATTACHMENT_BYTES = 512 * 1024;
/** A candidate page when the audience needs the sender's copies (code lookups per person). */
const PAGE = 5000;

/**
 * お知らせ (push-type): an institution picks whom to tell, from what it holds — its own
 * residents by age, sex, household with children of an age, or a copy it keeps (receiving
 * child allowance, say) — previews the count, schedules, and sends; reminders follow until
 * the person acts or the notice expires. Delivery writes one inbox row per person and
 * notice, so it can run again after any failure without anyone seeing a duplicate.
 */
export class Notices {
  readonly #q: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly linkage: LinkageService,
    private readonly activity: ActivityLog,
  ) {
    this.#q = prepare(db);
  }

  // --- the institution's side ------------------------------------------------------

  /** How many people an audience reaches now (before sending). */
  async preview(actor: Actor, sender: string, audienceInput: unknown): Promise<{ count: number }> {
    const node = this.linkage.nodeFor(actor, sender);
    const audience = parseAudience(audienceInput);
    this.checkScope(node, audience);
    if (audience.kind === 'corporations') return { count: await this.countCorporations(node, audience) };
    if (audience.kind === 'attributes' && audience.holdsItem) {
      let count = 0;
      await this.eachHolder(node, audience, async (ids) => {
        count += ids.length;
      });
      return { count };
    }
    const [row] = await rowsOf<{ n: string | number }>(
      this.db,
      sql`select count(*) as n from registry.residents r where ${this.where(node, audience)}`,
    );
    return { count: Number(row?.n ?? 0) };
  }

  /**
   * Composes and schedules a notice (now, unless `sendAt` is later) and sends it if due.
   * One idempotency key per notice: a retried send returns the first notice, sent once.
   */
  async send(actor: Actor, sender: string, input: NoticeInput, idempotencyKey: string): Promise<SentNotice> {
    const node = this.linkage.nodeFor(actor, sender);
    const clean = this.checkNotice(input);
    const audience = input.audience === undefined && clean.open ? null : parseAudience(input.audience);
    if (audience) await this.checkList(node, audience);
    const now = this.clock.now();
    const { body } = await once(this.db, `portal-notice:${node.code}`, idempotencyKey, input, async (tx) => {
      const id = uuidv7(now.getTime(), this.random.bytes(10));
      await tx.insert(notices).values({
        id,
        sender: node.code,
        senderName: node.institution.name,
        ...clean,
        audience: audience ?? { kind: 'none' },
        status: 'scheduled',
        sendAt: clean.sendAt ?? now,
        createdAt: now,
        createdBy: actor.id,
      });
      return { status: 201, body: { id } };
    });
    if ((clean.sendAt ?? now) <= now) await this.deliver(body.id);
    return this.sentView(body.id);
  }

  /** A notice not yet sent can be called back. */
  async cancel(actor: Actor, sender: string, id: string): Promise<SentNotice> {
    const node = this.linkage.nodeFor(actor, sender);
    const done = await this.db
      .update(notices)
      .set({ status: 'cancelled' })
      .where(and(eq(notices.id, id), eq(notices.sender, node.code), eq(notices.status, 'scheduled')))
      .returning({ id: notices.id });
    if (done.length === 0) {
      await this.sentView(id, node.code); // not the sender's: not found
      throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_CANCELLABLE, id);
    }
    return this.sentView(id);
  }

  /** The sender's notices, newest first, with delivery and read counts. */
  async sentBy(actor: Actor, sender: string): Promise<SentNotice[]> {
    const node = this.linkage.nodeFor(actor, sender);
    return this.sentViews(eq(notices.sender, node.code));
  }

  // --- delivery ----------------------------------------------------------------------

  /**
   * Delivers one notice: marks it sending, writes every addressee's inbox row (a row
   * already there stays as it is), then marks it sent. Run again after a failure, it
   * finishes the work without duplicates.
   */
  async deliver(id: string): Promise<number> {
    const [row] = await this.db
      .update(notices)
      .set({ status: 'sending' })
      .where(and(eq(notices.id, id), sql`${notices.status} in ('scheduled', 'sending')`))
      .returning();
    if (!row) return 0;
    const audience = row.audience as Audience | { kind: 'none' };
    if (audience.kind !== 'none') {
      const node = this.linkage.network.node(row.sender);
      const at = this.clock.now();
      if (audience.kind === 'corporations') {
        await this.db.execute(sql`
          insert into portal.corporate_inbox (corporate_number, notice_id, delivered_at)
          select v.corporate_number, ${id}::uuid, ${at.toISOString()}::timestamptz
          from corporate.versions v where ${this.corporationsWhere(node, audience)}
          on conflict do nothing`);
      } else if (audience.kind === 'attributes' && audience.holdsItem) {
        await this.eachHolder(node, audience, (ids) => this.writeInbox(id, ids, at));
      } else {
        await this.db.execute(sql`
          insert into portal.inbox (resident_id, notice_id, delivered_at)
          select r.id, ${id}::uuid, ${at.toISOString()}::timestamptz
          from registry.residents r where ${this.where(node, audience)}
          on conflict do nothing`);
      }
    }
    const [{ n } = { n: 0 }] = await rowsOf<{ n: string | number }>(
      this.db,
      sql`select (select count(*) from portal.inbox where notice_id = ${id}::uuid)
        + (select count(*) from portal.corporate_inbox where notice_id = ${id}::uuid) as n`,
    );
    const now = this.clock.now();
    await this.db
      .update(notices)
      .set({
        status: 'sent',
        delivered: Number(n),
        sentAt: now,
        nextReminderAt: row.remindEveryDays
          ? new Date(now.getTime() + row.remindEveryDays * 86_400_000)
          : null,
      })
      .where(eq(notices.id, id));
    return Number(n);
  }

  /** Sends what is due (scheduled for now or before, or left sending by a stop). */
  async deliverDue(): Promise<number> {
    const due = await this.db
      .select({ id: notices.id })
      .from(notices)
      .where(and(sql`${notices.status} in ('scheduled', 'sending')`, lte(notices.sendAt, this.clock.now())))
      .orderBy(asc(notices.sendAt))
      .limit(100);
    // One notice that cannot go (its sender gone from the network, say) does not hold up the rest.
    const failed: unknown[] = [];
    for (const d of due) await this.deliver(d.id).catch((e: unknown) => failed.push(e));
    if (failed.length > 0) throw failed[0];
    return due.length;
  }

  /**
   * Reminders: a notice sent with `remindEveryDays` comes back unread, on the same inbox
   * row, for everyone who has not acted, until it expires.
   */
  async remindDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .select()
      .from(notices)
      .where(and(eq(notices.status, 'sent'), lte(notices.nextReminderAt, now)));
    let reminded = 0;
    for (const n of due) {
      const expired = n.expiresAt !== null && n.expiresAt <= now;
      await this.db.transaction(async (tx) => {
        if (!expired) {
          const rows = await tx
            .update(inbox)
            .set({ readAt: null, remindedAt: now, reminders: sql`${inbox.reminders} + 1` })
            .where(and(eq(inbox.noticeId, n.id), isNull(inbox.actedAt)))
            .returning({ r: inbox.residentId });
          const firms = await tx
            .update(corporateInbox)
            .set({
              readAt: null,
              readBy: null,
              remindedAt: now,
              reminders: sql`${corporateInbox.reminders} + 1`,
            })
            .where(and(eq(corporateInbox.noticeId, n.id), isNull(corporateInbox.actedAt)))
            .returning({ r: corporateInbox.corporateNumber });
          reminded += rows.length + firms.length;
        }
        await tx
          .update(notices)
          .set({
            nextReminderAt: expired ? null : new Date(now.getTime() + (n.remindEveryDays ?? 1) * 86_400_000),
          })
          .where(eq(notices.id, n.id));
      });
    }
    return reminded;
  }

  // --- the person's side -------------------------------------------------------------

  async inboxOf(
    residentId: string,
    filter: { category?: string; unread?: boolean } = {},
  ): Promise<InboxEntry[]> {
    const rows = await this.#q.inbox.execute({
      resident: residentId,
      category: filter.category ?? null,
      unread: filter.unread === true,
    });
    return rows.map((r) => entryOf(r.notice, r.entry));
  }

  async unreadCount(residentId: string): Promise<number> {
    const [row] = await this.#q.unread.execute({ resident: residentId });
    return Number(row?.n ?? 0);
  }

  /** Opens a notice from the subject's inbox (marking it read); another person's is not found. */
  async read(subject: Subject, id: string): Promise<NoticeView> {
    const { notice, entry } = await this.inboxRow(subject.residentId, id);
    if (entry.readAt === null) {
      await this.db.transaction(async (tx) => {
        await tx
          .update(inbox)
          .set({ readAt: this.clock.now() })
          .where(and(eq(inbox.residentId, subject.residentId), eq(inbox.noticeId, id)));
        await this.activity.record(subject, 'notice-read', { notice: id }, tx);
      });
      entry.readAt = this.clock.now();
    }
    return {
      ...entryOf(notice, entry),
      body: notice.body,
      link: notice.link,
      attachmentName: notice.attachmentName,
    };
  }

  /** The person followed the notice's link (or says they have done what it asks): no more reminders. */
  async act(subject: Subject, id: string): Promise<{ link: string | null }> {
    const { notice, entry } = await this.inboxRow(subject.residentId, id);
    if (entry.actedAt === null) {
      await this.db.transaction(async (tx) => {
        await tx
          .update(inbox)
          .set({ actedAt: this.clock.now(), readAt: entry.readAt ?? this.clock.now() })
          .where(and(eq(inbox.residentId, subject.residentId), eq(inbox.noticeId, id)));
        await this.activity.record(subject, 'notice-acted', { notice: id }, tx);
      });
    }
    return { link: notice.link };
  }

  async attachment(residentId: string, id: string): Promise<{ name: string; bytes: Buffer }> {
    const { notice } = await this.inboxRow(residentId, id);
    if (!notice.attachment) throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_FOUND, 'no attachment');
    return {
      name: notice.attachmentName ?? 'attachment.pdf',
      bytes: Buffer.from(notice.attachment, 'base64'),
    };
  }

  /** Open notices, for everyone without login: sent, not expired, newest first. */
  async openNotices(): Promise<Omit<NoticeView, 'read' | 'acted' | 'reminders' | 'hasAttachment'>[]> {
    const now = this.clock.now();
    const rows = await this.db
      .select()
      .from(notices)
      .where(and(eq(notices.open, true), eq(notices.status, 'sent')))
      .orderBy(desc(notices.sentAt))
      .limit(50);
    return rows
      .filter((n) => n.expiresAt === null || n.expiresAt > now)
      .map((n) => ({
        id: n.id,
        sender: n.sender,
        senderName: n.senderName,
        category: n.category as NoticeCategory,
        title: n.title,
        body: n.body,
        link: n.link,
        attachmentName: null,
        deliveredAt: (n.sentAt ?? n.createdAt).toISOString(),
        expiresAt: n.expiresAt?.toISOString() ?? null,
      }));
  }

  // --- helpers ------------------------------------------------------------------------

  private async inboxRow(residentId: string, id: string) {
    const [row] = /^[0-9a-f-]{36}$/.test(id)
      ? await this.db
          .select()
          .from(inbox)
          .innerJoin(notices, eq(notices.id, inbox.noticeId))
          .where(and(eq(inbox.residentId, residentId), eq(inbox.noticeId, id)))
      : [];
    if (!row) throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_FOUND, 'not in this inbox');
    return { notice: row.notices, entry: row.inbox };
  }

  private checkNotice(input: NoticeInput) {
    const bad = (why: string): never => {
      throw new DomainError(PortalErrors.PORTAL_NOTICE_INVALID, why, { reason: why });
    };
    if (!(NOTICE_CATEGORIES as readonly string[]).includes(input.category)) bad('category');
    const title = (input.title ?? '').trim();
    const body = (input.body ?? '').trim();
    if (title.length === 0 || title.length > 120 || hasControl(title, false)) bad('title');
    if (body.length === 0 || body.length > 4000 || hasControl(body, true)) bad('body');
    if (input.link !== undefined && (input.link.length > 500 || !isSafeLink(input.link))) bad('link');
    let attachment: string | null = null;
    if (input.attachment) {
      const bytes = Buffer.from(input.attachment.base64, 'base64');
      const name = input.attachment.name;
      if (!/^[^\\/]{1,100}\.pdf$/i.test(name) || hasControl(name, false)) bad('attachment name');
      if (
        bytes.length === 0 ||
        bytes.length > MAX_ATTACHMENT_BYTES ||
        bytes.subarray(0, 5).toString() !== '%PDF-'
      )
        bad('attachment: a PDF up to 512 KB');
      attachment = bytes.toString('base64');
    }
    const when = (v: string | undefined, what: string) => {
      if (v === undefined) return null;
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? bad(what) : d;
    };
    const sendAt = when(input.sendAt, 'sendAt');
    const expiresAt = when(input.expiresAt, 'expiresAt');
    const now = this.clock.now();
    if (expiresAt && expiresAt <= (sendAt ?? now)) bad('expiresAt: after sending');
    const every = input.remindEveryDays;
    if (every !== undefined && !(Number.isInteger(every) && every >= 1 && every <= 90))
      bad('remindEveryDays: 1 to 90');
    if (every !== undefined && !expiresAt) bad('reminders need expiresAt');
    return {
      category: input.category,
      title,
      body,
      link: input.link ?? null,
      attachmentName: input.attachment ? input.attachment.name : null,
      attachment,
      open: input.open ?? false,
      sendAt,
      expiresAt,
      remindEveryDays: every ?? null,
    };
  }

  /** A municipality reaches its residents, a prefecture those in it, a national body everyone. */
  private checkScope(node: InstitutionNode, audience: Audience): void {
    const lg = node.institution.localGovernmentCode;
    const want = audience.kind === 'list' ? undefined : audience.municipality;
    const out =
      (node.institution.kind === 'municipality' && want !== undefined && want !== lg) ||
      (node.institution.kind === 'prefecture' &&
        want !== undefined &&
        want.slice(0, 2) !== lg?.slice(0, 2)) ||
      node.institution.kind === 'portal';
    if (out) throw new DomainError(PortalErrors.PORTAL_AUDIENCE_OUT_OF_SCOPE, 'outside the sender');
  }

  /** Every named resident must be one the sender serves. */
  private async checkList(node: InstitutionNode, audience: Audience): Promise<void> {
    this.checkScope(node, audience);
    if (audience.kind === 'corporations' && audience.numbers) {
      if ((await this.countCorporations(node, audience)) !== audience.numbers.length)
        throw new DomainError(
          PortalErrors.PORTAL_AUDIENCE_OUT_OF_SCOPE,
          'a listed corporation is not the sender’s, or is closed',
        );
      return;
    }
    if (audience.kind !== 'list') return;
    const [row] = await rowsOf<{ n: string | number }>(
      this.db,
      sql`select count(*) as n from registry.residents r where ${this.where(node, audience)}`,
    );
    if (Number(row?.n ?? 0) !== audience.residents.length) {
      throw new DomainError(
        PortalErrors.PORTAL_AUDIENCE_OUT_OF_SCOPE,
        'a listed resident is not the sender’s',
      );
    }
  }

  private async countCorporations(node: InstitutionNode, audience: CorporateAudience): Promise<number> {
    const [row] = await rowsOf<{ n: string | number }>(
      this.db,
      sql`select count(*) as n from corporate.versions v where ${this.corporationsWhere(node, audience)}`,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Corporations as a condition on the published registry: designated, not closed, and
   * those the sender serves — registered in the municipality, in the prefecture, or anywhere
   * for a national body.
   */
  private corporationsWhere(node: InstitutionNode, audience: CorporateAudience) {
    const lg = node.institution.localGovernmentCode;
    const parts = [sql`v.latest`, sql`v.close_date = ''`, sql`v.process <> '99'`];
    const inCity = (code: string) =>
      sql`v.prefecture_code = ${code.slice(0, 2)} and v.city_code = ${code.slice(2, 5)}`;
    if (node.institution.kind === 'municipality') parts.push(inCity(lg!));
    if (node.institution.kind === 'prefecture') parts.push(sql`v.prefecture_code = ${lg!.slice(0, 2)}`);
    if (audience.numbers)
      parts.push(sql`v.corporate_number = any(${`{${audience.numbers.join(',')}}`}::bpchar[])`);
    if (audience.municipality) parts.push(inCity(audience.municipality));
    if (audience.corporateKinds)
      parts.push(sql`v.kind = any(${`{${audience.corporateKinds.join(',')}}`}::text[])`);
    return sql.join(parts, sql` and `);
  }

  /**
   * The audience as a condition on the register (the sender's own residents: a
   * municipality's register is its own data; read in place, so a million-person notice
   * is one statement).
   */
  private where(node: InstitutionNode, audience: Audience) {
    const today = japanDate(this.clock.now());
    const lg = node.institution.localGovernmentCode;
    const parts = [sql`r.status = 'resident'`];
    if (node.institution.kind === 'municipality') parts.push(sql`r.municipality_code = ${lg}`);
    if (node.institution.kind === 'prefecture')
      parts.push(sql`left(r.municipality_code, 2) = ${lg!.slice(0, 2)}`);
    const bornBy = (years: number) => sql`(${today}::date - make_interval(years => ${years}::int))`;
    if (audience.kind === 'corporations') throw new Error('corporations are not residents');
    if (audience.kind === 'list') {
      parts.push(sql`r.id = any(${`{${audience.residents.join(',')}}`}::uuid[])`);
    } else {
      if (audience.municipality) parts.push(sql`r.municipality_code = ${audience.municipality}`);
      if (audience.ageFrom !== undefined) parts.push(sql`r.birth_date <= ${bornBy(audience.ageFrom)}`);
      if (audience.ageTo !== undefined) parts.push(sql`r.birth_date > ${bornBy(audience.ageTo + 1)}`);
      if (audience.sex) parts.push(sql`r.sex = ${audience.sex}`);
      if (audience.childAgeFrom !== undefined || audience.childAgeTo !== undefined) {
        // The household's adults (18 and over), where a child of the age lives.
        const from = audience.childAgeFrom ?? 0;
        const to = audience.childAgeTo ?? 17;
        parts.push(sql`r.birth_date <= ${bornBy(18)} and exists (
          select 1 from registry.residents c
          where c.household_id = r.household_id and c.status = 'resident' and c.id <> r.id
            and c.birth_date <= ${bornBy(from)} and c.birth_date > ${bornBy(to + 1)})`);
      }
    }
    return sql.join(parts, sql` and `);
  }

  /** For audiences that name a copy: people in pages, their codes at the sender, their copies. */
  private async eachHolder(
    node: InstitutionNode,
    audience: Audience & { kind: 'attributes' },
    handle: (ids: string[]) => Promise<unknown>,
  ): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const people = await rowsOf<{ id: string; rrc: string }>(
        this.db,
        sql`select r.id::text as id, r.resident_record_code as rrc from registry.residents r
            where ${this.where(node, audience)} and r.id > ${after}::uuid order by r.id limit ${PAGE}`,
      );
      if (people.length === 0) return;
      after = people.at(-1)!.id;
      const core = this.linkage.network.core;
      const today = japanDate(this.clock.now());
      const copies = await node.store.copies(
        people.map((p) => ({
          code: core.issueCode(node.code, p.rrc),
          item: audience.holdsItem!,
          period: null,
          day: today,
        })),
      );
      const ids = people.filter((_, i) => copies[i] !== null).map((p) => p.id);
      if (ids.length > 0) await handle(ids);
      if (people.length < PAGE) return;
    }
  }

  private async writeInbox(noticeId: string, ids: string[], at: Date): Promise<void> {
    await this.db
      .insert(inbox)
      .values(ids.map((residentId) => ({ residentId, noticeId, deliveredAt: at })))
      .onConflictDoNothing();
  }

  private async sentView(id: string, sender?: string): Promise<SentNotice> {
    const [n] = await this.sentViews(eq(notices.id, id));
    if (!n || (sender !== undefined && n.sender !== sender))
      throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_FOUND, id);
    const { sender: _from, ...view } = n;
    return view;
  }

  /** Notices with their read and acted counts, newest first, in one statement. */
  private async sentViews(where: SQL): Promise<(SentNotice & { sender: string })[]> {
    // People's and corporations' inboxes both count (a notice goes to one kind or the other).
    const counted = (column: 'read_at' | 'acted_at') =>
      sql<number>`((select count(${sql.raw(column)}) from portal.inbox i where i.notice_id = ${notices.id})
        + (select count(${sql.raw(column)}) from portal.corporate_inbox c where c.notice_id = ${notices.id}))::int`;
    const rows = await this.db
      .select({ n: notices, read: counted('read_at'), acted: counted('acted_at') })
      .from(notices)
      .where(where)
      .orderBy(desc(notices.createdAt))
      .limit(100);
    return rows.map(({ n, read, acted }) => ({
      id: n.id,
      sender: n.sender,
      title: n.title,
      category: n.category,
      status: n.status,
      open: n.open,
      sendAt: n.sendAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
      delivered: n.delivered,
      read: Number(read),
      acted: Number(acted),
      remindEveryDays: n.remindEveryDays,
      expiresAt: n.expiresAt?.toISOString() ?? null,
    }));
  }
}

type ListedNotice = Pick<
  NoticeRow,
  'id' | 'sender' | 'senderName' | 'category' | 'title' | 'expiresAt' | 'attachmentName'
>;
type ListedEntry = Pick<
  typeof inbox.$inferSelect,
  'deliveredAt' | 'readAt' | 'actedAt' | 'reminders' | 'remindedAt'
>;

/** The inbox's two questions on every visit, built once (drizzle's builder costs as much as a query). */
function prepare(db: Db) {
  const resident = sql.placeholder('resident');
  return {
    inbox: db
      .select({
        notice: {
          id: notices.id,
          sender: notices.sender,
          senderName: notices.senderName,
          category: notices.category,
          title: notices.title,
          expiresAt: notices.expiresAt,
          attachmentName: notices.attachmentName,
        },
        entry: {
          deliveredAt: inbox.deliveredAt,
          readAt: inbox.readAt,
          actedAt: inbox.actedAt,
          reminders: inbox.reminders,
          remindedAt: inbox.remindedAt,
        },
      })
      .from(inbox)
      .innerJoin(notices, eq(notices.id, inbox.noticeId))
      .where(
        and(
          eq(inbox.residentId, resident),
          sql`(${sql.placeholder('category')}::text is null or ${notices.category} = ${sql.placeholder('category')}::text)`,
          sql`(not ${sql.placeholder('unread')}::boolean or ${inbox.readAt} is null)`,
        ),
      )
      .orderBy(desc(sql`coalesce(${inbox.remindedAt}, ${inbox.deliveredAt})`))
      .limit(200)
      .prepare('portal_inbox'),
    unread: db
      .select({ n: sql<number>`count(*)::int` })
      .from(inbox)
      .where(and(eq(inbox.residentId, resident), isNull(inbox.readAt)))
      .prepare('portal_unread'),
  };
}

/** A notice as an inbox lists it (a person's, or a corporation's with who read it). */
export function entryOf(n: ListedNotice, e: ListedEntry): InboxEntry {
  return {
    id: n.id,
    sender: n.sender,
    senderName: n.senderName,
    category: n.category as NoticeCategory,
    title: n.title,
    deliveredAt: (e.remindedAt ?? e.deliveredAt).toISOString(),
    read: e.readAt !== null,
    acted: e.actedAt !== null,
    reminders: e.reminders,
    expiresAt: n.expiresAt?.toISOString() ?? null,
    hasAttachment: n.attachmentName !== null,
  };
}
