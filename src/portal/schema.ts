import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The Myna Portal's own tables (schema `portal`). It keeps no copy of what institutions
 * hold about a person (that is fetched through the network each time): only the person's
 * activity, the notices institutions send and each person's inbox, and mandates to proxies.
 */
export const portal = pgSchema('portal');

/** 操作履歴: what was done in a person's account, by them or by a proxy (no numbers). */
export const activity = portal.table(
  'activity',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** Whose account it belongs to (the principal when a proxy acted). */
    residentId: uuid('resident_id').notNull(),
    /** Who did it. */
    actorResidentId: uuid('actor_resident_id').notNull(),
    mandateId: uuid('mandate_id'),
    action: text('action').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('activity_resident').on(t.residentId, t.seq)],
);

/** お知らせ: a notice an institution sends, to a list or to everyone matching attributes it holds. */
export const notices = portal.table(
  'notices',
  {
    id: uuid('id').primaryKey(),
    sender: text('sender').notNull(),
    senderName: text('sender_name').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    attachmentName: text('attachment_name'),
    /** The attachment (PDF) as base64; small by the body limit. */
    attachment: text('attachment'),
    audience: jsonb('audience').notNull(),
    /** Open to anyone without login (government, municipal and disaster notices). */
    open: boolean('open').notNull(),
    status: text('status').notNull(),
    sendAt: timestamp('send_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    remindEveryDays: integer('remind_every_days'),
    nextReminderAt: timestamp('next_reminder_at', { withTimezone: true }),
    delivered: integer('delivered').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notices_due').on(t.sendAt).where(sql`status in ('scheduled', 'sending')`),
    index('notices_sender').on(t.sender, t.createdAt),
  ],
);

/**
 * Each person's copy of a notice: one row per (person, notice), so delivering twice (a
 * retry, a restart mid-delivery) writes nothing new and nobody sees a duplicate.
 */
export const inbox = portal.table(
  'inbox',
  {
    residentId: uuid('resident_id').notNull(),
    noticeId: uuid('notice_id').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    actedAt: timestamp('acted_at', { withTimezone: true }),
    reminders: integer('reminders').notNull().default(0),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.residentId, t.noticeId] }), index('inbox_notice').on(t.noticeId)],
);

/**
 * A corporation's copy of a notice (its 法人ポータル inbox): one row per (corporation,
 * notice), shared by the corporation's staff; who read or acted on it is kept.
 */
export const corporateInbox = portal.table(
  'corporate_inbox',
  {
    corporateNumber: char('corporate_number', { length: 13 }).notNull(),
    noticeId: uuid('notice_id').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** The resident (a member of the corporation's staff) who first opened it. */
    readBy: uuid('read_by'),
    actedAt: timestamp('acted_at', { withTimezone: true }),
    actedBy: uuid('acted_by'),
    reminders: integer('reminders').notNull().default(0),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.corporateNumber, t.noticeId] }),
    index('corporate_inbox_notice').on(t.noticeId),
  ],
);

/** 代理人: a mandate from a principal (or their legal representative) to a proxy. */
export const mandates = portal.table(
  'mandates',
  {
    id: uuid('id').primaryKey(),
    /** Null until the principal accepts a proxy's request. */
    principalId: uuid('principal_id'),
    /** Null until the proxy accepts a principal's invitation. */
    proxyId: uuid('proxy_id'),
    /** Who asked: the principal, their legal representative, or the proxy. */
    requestedBy: uuid('requested_by').notNull(),
    requestedAs: text('requested_as').notNull(),
    scope: jsonb('scope').notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    /** SHA-256 of the one-time code handed to the other side; cleared once decided. */
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('mandates_code').on(t.codeHash),
    index('mandates_principal').on(t.principalId),
    index('mandates_proxy').on(t.proxyId),
  ],
);
