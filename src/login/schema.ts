import { bigserial, index, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Card login (schema `login`): the single-use challenges, the open sessions, the staff
 * role assignments and the record of failed attempts. Session tokens are kept only as
 * hashes, so a copy of this table opens no session.
 */
export const login = pgSchema('login');

export const challenges = login.table('challenges', {
  /** The nonce (base64url of ≥ 128 random bits). */
  nonce: text('nonce').primaryKey(),
  origin: text('origin').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const sessions = login.table(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    residentId: uuid('resident_id').notNull(),
    cardId: uuid('card_id').notNull(),
    /** The certificate the session was opened with. */
    certificateSerial: text('certificate_serial').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_resident').on(t.residentId)],
);

export const roleAssignments = login.table(
  'role_assignments',
  {
    residentId: uuid('resident_id').notNull(),
    role: text('role').notNull(),
    /** Local government code or institution code; `*` for all. */
    organisation: text('organisation').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    grantedBy: text('granted_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.residentId, t.role, t.organisation] })],
);

/** Failed and refused logins, for the holder and for oversight (no PINs, no numbers). */
export const loginAttempts = login.table(
  'login_attempts',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    outcome: text('outcome').notNull(),
    certificateSerial: text('certificate_serial'),
    origin: text('origin'),
  },
  (t) => [index('login_attempts_serial').on(t.certificateSerial)],
);
