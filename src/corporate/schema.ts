import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The National Tax Agency's corporate registry (schema `corporate`). Every version of
 * every corporation is a row; `latest` marks the current one. Published fields are kept as
 * the NTA publishes them (text, '' when empty, dates as YYYY-MM-DD) so a response is the
 * row as stored. `id` orders all changes (the difference files and `/4/diff` follow it).
 */
export const corporate = pgSchema('corporate');

export const versions = corporate.table(
  'versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    corporateNumber: char('corporate_number', { length: 13 }).notNull(),
    version: integer('version').notNull(),
    process: char('process', { length: 2 }).notNull(),
    correct: char('correct', { length: 1 }).notNull(),
    updateDate: char('update_date', { length: 10 }).notNull(),
    changeDate: text('change_date').notNull(),
    name: text('name').notNull(),
    nameImageId: text('name_image_id').notNull(),
    kind: text('kind').notNull(),
    prefectureName: text('prefecture_name').notNull(),
    cityName: text('city_name').notNull(),
    streetNumber: text('street_number').notNull(),
    addressImageId: text('address_image_id').notNull(),
    prefectureCode: text('prefecture_code').notNull(),
    cityCode: text('city_code').notNull(),
    postCode: text('post_code').notNull(),
    addressOutside: text('address_outside').notNull(),
    addressOutsideImageId: text('address_outside_image_id').notNull(),
    closeDate: text('close_date').notNull(),
    closeCause: text('close_cause').notNull(),
    successorCorporateNumber: text('successor_corporate_number').notNull(),
    changeCause: text('change_cause').notNull(),
    assignmentDate: text('assignment_date').notNull(),
    latest: boolean('latest').notNull(),
    enName: text('en_name').notNull(),
    enPrefectureName: text('en_prefecture_name').notNull(),
    enCityName: text('en_city_name').notNull(),
    enAddressOutside: text('en_address_outside').notNull(),
    furigana: text('furigana').notNull(),
    hihyoji: char('hihyoji', { length: 1 }).notNull(),
    /** Search keys (search-keys.ts): fuzzy key for prefix search, English key, grams. */
    nameKey: text('name_key').notNull(),
    enKey: text('en_key').notNull(),
    grams: integer('grams').array().notNull(),
  },
  (t) => [
    uniqueIndex('versions_number_version').on(t.corporateNumber, t.version),
    uniqueIndex('versions_latest').on(t.corporateNumber).where(sql`${t.latest}`),
    index('versions_update').on(t.updateDate, t.id),
    index('versions_name_key').using('btree', t.nameKey.op('text_pattern_ops'), t.corporateNumber),
    // Name searches (not excluded, not deleted, closed or not: the NTA's default includes
    // closed corporations, `close=0` filters on the last column): counted and ordered from
    // the index alone, so a beginning 20,000 names share reads 2,000 rows, not 20,000.
    index('versions_searchable_name_key')
      .using('btree', t.nameKey.op('text_pattern_ops'), t.corporateNumber, t.id, t.closeDate)
      .where(sql`latest and hihyoji = '0' and process <> '99'`),
    // The site's search by address: a city's corporations by name, from the index.
    index('versions_searchable_place')
      .using('btree', t.prefectureCode, t.cityCode, t.nameKey, t.corporateNumber, t.id, t.closeDate)
      .where(sql`latest and hihyoji = '0' and process <> '99'`),
    index('versions_name').using('btree', t.name.op('text_pattern_ops')),
    index('versions_en_key').using('btree', t.enKey.op('text_pattern_ops')),
    index('versions_grams').using('gin', t.grams),
  ],
);

/** Application ids of the Web-API (アプリケーションID), kept as digests; shown once when issued. */
export const applications = corporate.table('applications', {
  digest: char('digest', { length: 64 }).primaryKey(),
  /** The first characters, so an operator can tell ids apart without holding them. */
  hint: text('hint').notNull(),
  name: text('name').notNull(),
  contact: text('contact').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * 法人ポータル: who may act for a corporation. A representative is registered on
 * application, after an NTA operator checks it against the commercial register; a
 * representative (or an administrator, for staff) invites employees with a one-time code
 * they accept with their own card. One row per membership, its lifecycle in `status`.
 */
export const members = corporate.table(
  'members',
  {
    id: uuid('id').primaryKey(),
    corporateNumber: char('corporate_number', { length: 13 }).notNull(),
    /** Null until an invitation is accepted. */
    residentId: uuid('resident_id'),
    role: text('role').notNull(),
    status: text('status').notNull(),
    /** The position a representative states (代表取締役, 理事長 …). */
    title: text('title').notNull(),
    /** SHA-256 of the invitation's one-time code; cleared once decided. */
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    /** Who asked: the applicant, or the member who invited. */
    requestedBy: uuid('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The operator who decided an application, or the invitee. */
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('members_code').on(t.codeHash),
    index('members_corporation').on(t.corporateNumber, t.status),
    index('members_resident').on(t.residentId),
    // A person holds at most one live membership (applied or active) of a corporation.
    uniqueIndex('members_live')
      .on(t.corporateNumber, t.residentId)
      .where(sql`status in ('applied', 'active')`),
  ],
);

/** What was done in a corporation's portal account, and by whom (no numbers of persons). */
export const memberActivity = corporate.table(
  'member_activity',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    corporateNumber: char('corporate_number', { length: 13 }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('member_activity_corporation').on(t.corporateNumber, t.seq)],
);
