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
  },
  (t) => [index('certificates_revoked').on(t.kind, t.status), index('certificates_holder').on(t.holder)],
);

export const crlNumbers = pki.table('crl_numbers', {
  kind: text('kind').primaryKey(),
  number: integer('number').notNull(),
});
