import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  char,
  date,
  index,
  integer,
  json,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The municipalities' and J-LIS's card records (schema `card`): each card, its status,
 * its two certificates by serial number, and every action taken on it. The chip's
 * secrets are never here: keys stay on the chip, PINs and their counters too.
 */
export const card = pgSchema('card');

export const cards = card.table(
  'cards',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id').notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    status: text('status').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    authenticationSerial: text('authentication_serial'),
    signatureSerial: text('signature_serial'),
    version: integer('version').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // One live card per person: a second application waits until the first has ended.
    uniqueIndex('cards_one_live_per_resident')
      .on(t.residentId)
      .where(sql`status in ('applied', 'identity-verified', 'issued', 'delivered', 'suspended')`),
    uniqueIndex('cards_authentication_serial').on(t.authenticationSerial),
    uniqueIndex('cards_signature_serial').on(t.signatureSerial),
  ],
);

export const cardEvents = card.table(
  'card_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    cardId: uuid('card_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: text('actor_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Why (reason codes, the register event that caused it); never personal data. */
    detail: json('detail'),
  },
  (t) => [index('card_events_card').on(t.cardId)],
);

/** How far the card context has read other contexts' durable feeds (the register's events). */
export const feedCursors = card.table('feed_cursors', {
  feed: text('feed').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});
