import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  date,
  index,
  integer,
  json,
  pgSchema,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The municipalities' register (schema `registry`) and J-LIS's national index (schema
 * `jlis`). Only the index holds the resident record code next to the Individual Number.
 */
export const registry = pgSchema('registry');
export const jlis = pgSchema('jlis');

/** Prefectures and municipalities (and wards of designated cities), by local government code. */
export const municipalities = registry.table('municipalities', {
  code: char('code', { length: 6 }).primaryKey(),
  prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
  kind: text('kind').notNull(), // prefecture | municipality | ward
  name: text('name').notNull(),
  nameKana: text('name_kana').notNull(),
  parentCode: char('parent_code', { length: 6 }),
});

export const households = registry.table('households', {
  id: uuid('id').primaryKey(),
  municipalityCode: char('municipality_code', { length: 6 }).notNull(),
  headResidentId: uuid('head_resident_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const residents = registry.table(
  'residents',
  {
    id: uuid('id').primaryKey(),
    residentRecordCode: char('resident_record_code', { length: 11 }).notNull().unique(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    familyNameKana: text('family_name_kana').notNull(),
    givenNameKana: text('given_name_kana').notNull(),
    /** One 0/1 per character of "family　given": outside the standard character set. */
    nameFlags: text('name_flags').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: char('sex', { length: 1 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    address: text('address').notNull(),
    addressFlags: text('address_flags').notNull(),
    /** 郵便番号 (7 digits) when known; checked to serve the municipality. */
    postalCode: char('postal_code', { length: 7 }),
    householdId: uuid('household_id'),
    relationship: text('relationship'),
    status: text('status').notNull(),
    /** While moved out: where to, and the planned date. */
    movingTo: char('moving_to', { length: 6 }),
    movingOn: date('moving_on', { mode: 'string' }),
    kanaKey: text('kana_key').notNull(),
    kanjiKey: text('kanji_key').notNull(),
    version: integer('version').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // A clerk searches within a municipality: prefix ranges of the name keys inside it.
    index('residents_municipality_kana').using('btree', t.municipalityCode, t.kanaKey.op('text_pattern_ops')),
    index('residents_municipality_kanji').using(
      'btree',
      t.municipalityCode,
      t.kanjiKey.op('text_pattern_ops'),
    ),
    index('residents_municipality').on(t.municipalityCode, t.status),
    index('residents_household').on(t.householdId),
  ],
);

/** Every change, in order: the history a record can be replayed from. */
export const events = registry.table(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    residentId: uuid('resident_id').notNull(),
    kind: text('kind').notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    lateFiling: boolean('late_filing').notNull().default(false),
    /**
     * The record after the event (no number, no resident record code). `json`, not
     * `jsonb`: it is written once and read whole, never queried inside, and loads faster.
     */
    after: json('after').notNull(),
    changedFacts: text('changed_facts').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [index('events_resident').on(t.residentId, t.seq)],
);

/** 番号確認・身元確認: which documents were checked when a number was given out or collected. */
export const identityChecks = registry.table('identity_checks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  residentId: uuid('resident_id').notNull(),
  purpose: text('purpose').notNull(),
  numberCheck: text('number_check').array().notNull(),
  identityCheck: text('identity_check').array().notNull(),
  checkedBy: text('checked_by').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/** J-LIS's national index: resident record code ↔ Individual Number ↔ current municipality. */
export const nationalIndex = jlis.table('national_index', {
  residentRecordCode: char('resident_record_code', { length: 11 }).primaryKey(),
  individualNumber: char('individual_number', { length: 12 }).notNull().unique(),
  generation: integer('generation').notNull(),
  municipalityCode: char('municipality_code', { length: 6 }).notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
});

/** Numbers taken back after a leak: never given to anyone again. */
export const retiredNumbers = jlis.table('retired_numbers', {
  individualNumber: char('individual_number', { length: 12 }).primaryKey(),
  residentRecordCode: char('resident_record_code', { length: 11 }).notNull(),
  generation: integer('generation').notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
});
