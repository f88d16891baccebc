import { index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The CAs' records (schema `pki`): every certificate issued and its status; CRL numbers. */
export const pki = pgSchema('pki');

export const certificates = pki.table(
  'certificates',
  {
    serialNumber: text('serial_number').primaryKey(),
    kind: text('kind').notNull(), // signature | authentication
    /** Who holds it (a card, later); never the Individual Number. */
    holder: text('holder'),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    /** good | revoked | held */
    status: text('status').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    reason: text('reason'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /**
     * SHA-256 (base64) of the DER the CA issued: a certificate presented with these exact
     * bytes is the one the CA signed, so its signature need not be checked again.
     * Null for certificates recorded before the column existed.
     */
    issuedDigest: text('issued_digest'),
  },
  (t) => [index('certificates_revoked').on(t.kind, t.status), index('certificates_holder').on(t.holder)],
);

export const crlNumbers = pki.table('crl_numbers', {
  kind: text('kind').primaryKey(),
  number: integer('number').notNull(),
  /**
   * Counts status changes of this CA's certificates, bumped in the same transaction as
   * the change: a CRL made at a lower count is stale, in any process.
   */
  changes: integer('changes').notNull().default(0),
});

/** 署名検証者: businesses registered to verify signature certificates (e.g. banks doing eKYC). */
export const verifiers = pki.table('verifiers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 of the API key's secret part; the key itself is shown once. */
  keyHash: text('key_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
