import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { isUuid } from '../kernel/ids.ts';
import { PortalErrors } from './errors.ts';
import { type InboxEntry, entryOf as personEntryOf } from './notices.ts';
import { corporateInbox, notices } from './schema.ts';

/** A notice in a corporation's inbox, with which member read or acted on it first. */
export interface CorporateInboxEntry extends InboxEntry {
  readBy: string | null;
  actedBy: string | null;
}

export interface CorporateNoticeView extends CorporateInboxEntry {
  body: string;
  link: string | null;
  attachmentName: string | null;
}

type Joined = { notices: typeof notices.$inferSelect; corporate_inbox: typeof corporateInbox.$inferSelect };

/**
 * The notices institutions send to corporations (法人ポータル's お知らせ): one inbox per
 * corporation, shared by its staff. Who may read it is the corporate portal's question
 * (membership and role); this answers for a corporation number it is given.
 */
export class CorporateInbox {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(corporateNumber: string, filter: { unread?: boolean } = {}): Promise<CorporateInboxEntry[]> {
    const rows = await this.db
      .select()
      .from(corporateInbox)
      .innerJoin(notices, eq(notices.id, corporateInbox.noticeId))
      .where(
        and(
          eq(corporateInbox.corporateNumber, corporateNumber),
          filter.unread ? isNull(corporateInbox.readAt) : undefined,
        ),
      )
      .orderBy(desc(sql`coalesce(${corporateInbox.remindedAt}, ${corporateInbox.deliveredAt})`))
      .limit(200);
    return rows.map(entryOf);
  }

  /** Unread counts of several corporations in one statement (a person may serve several). */
  async unread(corporateNumbers: readonly string[]): Promise<Map<string, number>> {
    if (corporateNumbers.length === 0) return new Map();
    const rows = await this.db
      .select({ number: corporateInbox.corporateNumber, n: sql<number>`count(*)::int` })
      .from(corporateInbox)
      .where(
        and(
          sql`${corporateInbox.corporateNumber} = any(${`{${corporateNumbers.join(',')}}`}::text[])`,
          isNull(corporateInbox.readAt),
        ),
      )
      .groupBy(corporateInbox.corporateNumber);
    return new Map(rows.map((r) => [r.number, Number(r.n)]));
  }

  /** Opens a notice (the first opening marks it read, by `by`); `opened` says whether this call did. */
  async read(
    corporateNumber: string,
    id: string,
    by: string,
  ): Promise<{ notice: CorporateNoticeView; opened: boolean }> {
    const row = await this.row(corporateNumber, id);
    let opened = false;
    if (row.corporate_inbox.readAt === null) {
      const now = this.clock.now();
      const done = await this.db
        .update(corporateInbox)
        .set({ readAt: now, readBy: by })
        .where(and(this.key(corporateNumber, id), isNull(corporateInbox.readAt)))
        .returning({ at: corporateInbox.readAt });
      opened = done.length > 0;
      if (opened) Object.assign(row.corporate_inbox, { readAt: now, readBy: by });
    }
    const n = row.notices;
    return {
      notice: { ...entryOf(row), body: n.body, link: n.link, attachmentName: n.attachmentName },
      opened,
    };
  }

  /** The corporation has done what the notice asks: no more reminders. */
  async act(
    corporateNumber: string,
    id: string,
    by: string,
  ): Promise<{ link: string | null; acted: boolean }> {
    const row = await this.row(corporateNumber, id);
    if (row.corporate_inbox.actedAt !== null) return { link: row.notices.link, acted: false };
    const now = this.clock.now();
    const done = await this.db
      .update(corporateInbox)
      .set({
        actedAt: now,
        actedBy: by,
        readAt: sql`coalesce(${corporateInbox.readAt}, ${now.toISOString()}::timestamptz)`,
        readBy: sql`coalesce(${corporateInbox.readBy}, ${by}::uuid)`,
      })
      .where(and(this.key(corporateNumber, id), isNull(corporateInbox.actedAt)))
      .returning({ at: corporateInbox.actedAt });
    return { link: row.notices.link, acted: done.length > 0 };
  }

  async attachment(corporateNumber: string, id: string): Promise<{ name: string; bytes: Buffer }> {
    const { notices: n } = await this.row(corporateNumber, id);
    if (!n.attachment) throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_FOUND, 'no attachment');
    return { name: n.attachmentName ?? 'attachment.pdf', bytes: Buffer.from(n.attachment, 'base64') };
  }

  private key(corporateNumber: string, id: string) {
    return and(eq(corporateInbox.corporateNumber, corporateNumber), eq(corporateInbox.noticeId, id));
  }

  private async row(corporateNumber: string, id: string): Promise<Joined> {
    const [row] = isUuid(id)
      ? await this.db
          .select()
          .from(corporateInbox)
          .innerJoin(notices, eq(notices.id, corporateInbox.noticeId))
          .where(this.key(corporateNumber, id))
      : [];
    if (!row) throw new DomainError(PortalErrors.PORTAL_NOTICE_NOT_FOUND, 'not in this inbox');
    return row;
  }
}

function entryOf({ notices: n, corporate_inbox: e }: Joined): CorporateInboxEntry {
  return { ...personEntryOf(n, e), readBy: e.readBy, actedBy: e.actedBy };
}
