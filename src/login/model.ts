import { ROLES } from '../kernel/actor.ts';

/**
 * Card login's fixed rules (TESTPLAN: sessions). Pure.
 */

/** Roles a person may be given; a registered verifier is an organisation with an API key, never a person. */
export const GRANTABLE_ROLES = ROLES.filter((r) => r !== 'registered-verifier');

/** A challenge is good for one minute and one use. */
export const CHALLENGE_LIFETIME_MS = 60_000;
/** 256 random bits per nonce (the floor is 128). */
export const NONCE_BYTES = 32;
/** Session tokens and CSRF tokens: 256 random bits. */
export const TOKEN_BYTES = 32;
export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3_600_000;
/** Last-seen is written at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = 30_000;
export const SESSION_COOKIE = 'bango_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * What the chip signs to log in: the origin the login was started on and the nonce, so
 * a signature made for one site or one attempt serves no other.
 */
export function loginMessage(origin: string, nonce: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`bango-login:v1\n${origin}\n${nonce}`);
}

/** When a session stops: 15 minutes after it was last used, 12 hours after it opened, whichever is first. */
export function sessionEnd(createdAt: Date, lastSeenAt: Date): Date {
  return new Date(
    Math.min(lastSeenAt.getTime() + IDLE_TIMEOUT_MS, createdAt.getTime() + ABSOLUTE_TIMEOUT_MS),
  );
}
