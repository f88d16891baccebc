import { bigint, char, integer, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The network core's tables (schema `linkage`). No personal data: institutions, the
 * permission table's versions, exchange records (keyed by the core's internal id, never
 * by a number), signed tree heads, and results the core holds encrypted for requesters
 * to fetch. Each institution node's tables live in a schema of its own (node-store.ts).
 */
export const linkage = pgSchema('linkage');

export const institutions = linkage.table('institutions', {
  code: char('code', { length: 16 }).primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** Local government code, for municipalities and prefectures. */
  localGovernmentCode: char('local_government_code', { length: 6 }),
  status: text('status').notNull(),
  /** Public JWKs: ES256 for signing queries, ECDH P-256 for result encryption. */
  signingKey: jsonb('signing_key').notNull(),
  agreementKey: jsonb('agreement_key').notNull(),
  /** The keys before the last rotation: answers sealed to them can still be opened. */
  previousSigningKey: jsonb('previous_signing_key'),
  previousAgreementKey: jsonb('previous_agreement_key'),
  keysRotatedAt: timestamp('keys_rotated_at', { withTimezone: true }),
  /** Where the core reaches the node over mutual TLS; null for a node in the core's process. */
  endpoint: text('endpoint'),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
});

export const permissionVersions = linkage.table('permission_versions', {
  version: integer('version').primaryKey(),
  rows: jsonb('rows').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: text('published_by').notNull(),
});

export const exchangeRecords = linkage.table(
  'records',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    // Content columns are null once a record is past its retention (7 years) and purged:
    // its place, person, numbering, request time and leaf hash stay, so the log verifies.
    processingNumber: text('processing_number'),
    subject: char('subject', { length: 24 }),
    subjectSeq: integer('subject_seq'),
    requester: char('requester', { length: 16 }),
    provider: char('provider', { length: 16 }),
    procedure: char('procedure', { length: 16 }),
    step: char('step', { length: 16 }),
    item: char('item', { length: 16 }),
    requestedAt: timestamp('requested_at', { withTimezone: true, precision: 3 }).notNull(),
    providedAt: timestamp('provided_at', { withTimezone: true, precision: 3 }),
    outcome: text('outcome'),
    refusal: text('refusal'),
    /** SHA-256(0x00 ‖ leaf), hex: what the tree is rebuilt from. */
    leafHash: char('leaf_hash', { length: 64 }).notNull(),
    /** When the content was purged under the retention rule; null while it is kept. */
    purgedAt: timestamp('purged_at', { withTimezone: true, precision: 3 }),
  },
  // One index besides the key: a person's records in order. (A processing number is found
  // through the results or the nodes' records; another index here would tax every exchange.)
  (t) => [uniqueIndex('records_subject_seq').on(t.subject, t.subjectSeq)],
);

export const treeHeads = linkage.table('tree_heads', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  root: char('root', { length: 64 }).notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  /** Compact JWS (ES256) over {size, root, signedAt} by the core's log key. */
  signature: text('signature').notNull(),
});

export const exchangeResults = linkage.table('results', {
  processingNumber: text('processing_number').primaryKey(),
  requester: char('requester', { length: 16 }).notNull(),
  provider: char('provider', { length: 16 }).notNull(),
  outcome: text('outcome').notNull(),
  refusal: text('refusal'),
  /** The provider's answer, encrypted to the requester (compact JWE); the core cannot read it. */
  payload: text('payload'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** TLS certificates the network CA gave institutions (and the core), for mutual TLS. */
export const tlsCertificates = linkage.table('tls_certificates', {
  serial: text('serial').primaryKey(),
  institution: char('institution', { length: 16 }).notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
