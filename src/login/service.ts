import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { CardService, HolderSessions } from '../card/service.ts';
import type { Actor, Role, RoleAssignment } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import { Coalescer } from '../kernel/coalesce.ts';
import { anyOf, type Db, rowsOf } from '../kernel/db.ts';
import { DomainError, type ErrorSpec } from '../kernel/errors.ts';
import { GroupCommit } from '../kernel/group-commit.ts';
import type { Random } from '../kernel/random.ts';
import type { PkiService } from '../pki/service.ts';
import type { Verdict } from '../pki/verification.ts';
import { LoginErrors } from './errors.ts';
import {
  ABSOLUTE_TIMEOUT_MS,
  CHALLENGE_LIFETIME_MS,
  GRANTABLE_ROLES,
  loginMessage,
  NONCE_BYTES,
  sessionEnd,
  TOKEN_BYTES,
  TOUCH_INTERVAL_MS,
} from './model.ts';
import { challenges, loginAttempts, roleAssignments, sessions } from './schema.ts';

export interface Challenge {
  nonce: string;
  origin: string;
  expiresAt: string;
}

export interface LoginAttempt {
  nonce: string;
  /** The origin the login request came from (its Origin header). */
  origin: string;
  /** The authentication certificate read from the chip, DER. */
  certificate: Uint8Array;
  /** The chip's signature over `loginMessage(origin, nonce)`. */
  signature: Uint8Array;
}

export interface SessionInfo {
  residentId: string;
  cardId: string;
  roles: RoleAssignment[];
  createdAt: string;
  expiresAt: string;
}

export interface OpenedSession {
  token: string;
  csrfToken: string;
  session: SessionInfo;
}

/** Why a certificate check failed, as a login error. */
const VERDICT_ERRORS: Readonly<Record<Exclude<Verdict, 'valid'>, ErrorSpec>> = {
  malformed: LoginErrors.LOGIN_CERTIFICATE_INVALID,
  untrusted: LoginErrors.LOGIN_CERTIFICATE_INVALID,
  'wrong-policy': LoginErrors.LOGIN_CERTIFICATE_INVALID,
  unknown: LoginErrors.LOGIN_CERTIFICATE_INVALID,
  'not-yet-valid': LoginErrors.LOGIN_CERTIFICATE_INVALID,
  expired: LoginErrors.LOGIN_CERTIFICATE_EXPIRED,
  revoked: LoginErrors.LOGIN_CERTIFICATE_REVOKED,
  held: LoginErrors.LOGIN_CARD_SUSPENDED,
  'bad-signature': LoginErrors.LOGIN_SIGNATURE_INVALID,
};

/** Logins arriving at once share their statements; at most this many of each kind at a time. */
const STATEMENTS_IN_FLIGHT = 2;
const MAX_BATCH = 1000;
/** Challenges or sessions waiting to be written, at most; past it a login is told to come back. */
const MAX_PENDING = 20_000;

interface NewSession {
  tokenHash: string;
  residentId: string;
  cardId: string;
  certificateSerial: string;
  csrfToken: string;
  at: Date;
  expiresAt: Date;
}

/** A role row, or a key with no roles (`role` null, from a left join). */
interface RoleRow {
  key: string;
  role: string | null;
  organisation: string;
}

/** Role rows as each key's list: a key seen only with a null role has an empty list. */
function rolesBy(rows: readonly RoleRow[]): Map<string, RoleAssignment[]> {
  const byKey = new Map<string, RoleAssignment[]>();
  for (const r of rows) {
    const list = byKey.get(r.key) ?? [];
    if (r.role !== null) list.push({ role: r.role as Role, organisation: r.organisation });
    byKey.set(r.key, list);
  }
  return byKey;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const base64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** The queries every login runs, built once (drizzle's builder costs as much as a query). */
function prepare(db: Db) {
  return {
    session: db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sql.placeholder('hash')))
      .prepare('login_session'),
    // Every authenticated request asks this: the session and its holder's roles in one statement.
    sessionWithRoles: db
      .select({
        residentId: sessions.residentId,
        csrfToken: sessions.csrfToken,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        roles: sql<string>`coalesce((select json_agg(json_build_object('role', r.role, 'organisation', r.organisation))::text
          from login.role_assignments r where r.resident_id = ${sessions.residentId}), '[]')`,
      })
      .from(sessions)
      .where(eq(sessions.tokenHash, sql.placeholder('hash')))
      .prepare('login_session_roles'),
  };
}

/**
 * Card login for everyone (residents and staff): a single-use challenge bound to the
 * origin, signed by the chip's user-authentication key after its PIN; the certificate is
 * checked (chain, validity, policy, status as OCSP would answer) and mapped to its card
 * and holder; a session opens. Staff are residents with role assignments.
 */
export class LoginService implements HolderSessions {
  #issuedSinceCleanup = 0;
  readonly #onLogin = new Set<(residentId: string) => Promise<void> | void>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly pki: PkiService,
    private readonly cards: CardService,
  ) {
    this.#q = prepare(db);
  }

  readonly #q: ReturnType<typeof prepare>;

  // Every step of a login that reads or writes is shared with the logins arriving at the
  // same time: under load one statement serves hundreds of them (each statement cost more
  // than its rows), alone a login waits one turn of the event loop. A write is answered
  // only once committed.
  readonly #newChallenges = new GroupCommit<Challenge>(
    (rows) =>
      this.db
        .execute(sql`insert into login.challenges (nonce, origin, expires_at)
          select x.nonce, x.origin, x."expiresAt" from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as x(nonce text, origin text, "expiresAt" timestamptz)`)
        .then(() => undefined),
    this.#writeOptions(),
  );
  readonly #consumed = new Coalescer<string, { origin: string; expiresAt: Date } | null>(
    async (nonces) => {
      const rows = await rowsOf<{ nonce: string; origin: string; expires_at: Date | string }>(
        this.db,
        sql`delete from login.challenges
            where ${anyOf(sql`nonce`, nonces)}
            returning nonce, origin, expires_at`,
      );
      const found = new Map(rows.map((r) => [r.nonce, r]));
      return nonces.map((n) => {
        const row = found.get(n);
        // A nonce sent twice in one batch (a replay racing the login) is used by the first only.
        found.delete(n);
        return row ? { origin: row.origin, expiresAt: new Date(row.expires_at) } : null;
      });
    },
    MAX_BATCH,
    STATEMENTS_IN_FLIGHT,
  );
  // A session is written, on the strength of its certificate still being good, and its
  // holder's roles read, in one statement. The certificate's row is locked while the
  // session is written: a suspension racing the login either waits for the session (and
  // then ends it) or is seen here, and no session is written.
  readonly #newSessions = new GroupCommit<NewSession, RoleAssignment[] | null>(async (rows) => {
    const found = await rowsOf<RoleRow>(
      this.db,
      sql`with x as (
            select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("tokenHash" text, "residentId" uuid,
              "cardId" uuid, "certificateSerial" text, "csrfToken" text, at timestamptz, "expiresAt" timestamptz)),
          good as (${this.pki.goodLocked('authentication', sql`array(select "certificateSerial" from x)`)}),
          added as (
            insert into login.sessions
              (token_hash, resident_id, card_id, certificate_serial, csrf_token, created_at, last_seen_at, expires_at)
            select x."tokenHash", x."residentId", x."cardId", x."certificateSerial", x."csrfToken", x.at, x.at, x."expiresAt"
            from x join good on good.serial_number = x."certificateSerial"
            returning token_hash, resident_id)
          select added.token_hash as key, r.role, r.organisation
          from added left join login.role_assignments r on r.resident_id = added.resident_id
          order by r.role, r.organisation`,
    );
    const byToken = rolesBy(found);
    return rows.map((r) => byToken.get(r.tokenHash) ?? null);
  }, this.#writeOptions());
  readonly #roleReads = new Coalescer<string, RoleAssignment[]>(
    async (residentIds) => {
      const byResident = rolesBy(
        await rowsOf<RoleRow>(
          this.db,
          sql`select resident_id::text as key, role, organisation from login.role_assignments
              where ${anyOf(sql`resident_id`, residentIds, 'uuid')}
              order by role, organisation`,
        ),
      );
      return residentIds.map((id) => byResident.get(id) ?? []);
    },
    MAX_BATCH,
    STATEMENTS_IN_FLIGHT,
  );

  #writeOptions() {
    return {
      maxBatch: MAX_BATCH,
      maxPending: MAX_PENDING,
      concurrency: STATEMENTS_IN_FLIGHT,
      onFull: () => new DomainError(LoginErrors.LOGIN_SERVICE_BUSY),
    };
  }

  async challenge(origin: string): Promise<Challenge> {
    const nonce = base64url(this.random.bytes(NONCE_BYTES));
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_LIFETIME_MS);
    await this.#newChallenges.add({ nonce, origin, expiresAt: expiresAt.toISOString() });
    if (++this.#issuedSinceCleanup >= 1000) {
      this.#issuedSinceCleanup = 0;
      await this.db.delete(challenges).where(lt(challenges.expiresAt, this.clock.now()));
    }
    return { nonce, origin, expiresAt: expiresAt.toISOString() };
  }

  /** Checks the attempt step by step; any failure is recorded and refused with its own code. */
  async login(attempt: LoginAttempt): Promise<OpenedSession> {
    let serial: string | null = null;
    try {
      // The challenge, the certificate (with the signature over this challenge) and the card
      // it belongs to are looked up at once; what fails is reported in that order.
      const presented = this.pki.read('authentication', attempt.certificate);
      serial = presented?.certificate.parts.serialNumber ?? null;
      const [challenge, checked, card] = await Promise.all([
        this.#consumed.load(attempt.nonce),
        this.pki.check(
          {
            certificate: attempt.certificate,
            kind: 'authentication',
            // The origin the challenge was issued for must be this one (checked below).
            signed: { data: loginMessage(attempt.origin, attempt.nonce), signature: attempt.signature },
          },
          presented,
        ),
        serial === null ? null : this.cards.loginCard(serial),
      ]);
      // 1. The challenge: used once (deleted as it is read), in time, from the same origin.
      if (!challenge) throw new DomainError(LoginErrors.LOGIN_CHALLENGE_UNKNOWN);
      if (challenge.expiresAt < this.clock.now()) throw new DomainError(LoginErrors.LOGIN_CHALLENGE_EXPIRED);
      if (challenge.origin !== attempt.origin) throw new DomainError(LoginErrors.LOGIN_ORIGIN_MISMATCH);
      // 2. The certificate: chain, validity, policy, status, and the chip's signature.
      if (checked.verdict !== 'valid')
        throw new DomainError(VERDICT_ERRORS[checked.verdict], checked.verdict);
      // 3. The card it belongs to, and its holder.
      if (!card) throw new DomainError(LoginErrors.LOGIN_CARD_NOT_ACTIVE);
      // 4. The session, written only while the certificate is still good (a suspension that
      //    landed while we checked wins).
      const opened = await this.open(card.residentId, card.cardId, checked.certificate.serialNumber);
      if (!opened) throw new DomainError(LoginErrors.LOGIN_CARD_SUSPENDED, 'suspended during login');
      for (const listener of this.#onLogin) await listener(card.residentId);
      return opened;
    } catch (e) {
      if (e instanceof DomainError) {
        await this.db.insert(loginAttempts).values({
          at: this.clock.now(),
          outcome: e.code,
          certificateSerial: serial,
          origin: attempt.origin.slice(0, 200),
        });
      }
      throw e;
    }
  }

  /** Tells `listener` of every login that succeeds (the portal writes it to the person's activity). */
  onLogin(listener: (residentId: string) => Promise<void> | void): () => void {
    this.#onLogin.add(listener);
    return () => this.#onLogin.delete(listener);
  }

  /** Opens a session, or answers null when the certificate is no longer good. */
  private async open(
    residentId: string,
    cardId: string,
    certificateSerial: string,
  ): Promise<OpenedSession | null> {
    const token = base64url(this.random.bytes(TOKEN_BYTES));
    const csrfToken = base64url(this.random.bytes(TOKEN_BYTES));
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
    const roles = await this.#newSessions.add({
      tokenHash: hashOf(token),
      residentId,
      cardId,
      certificateSerial,
      csrfToken,
      at: now,
      expiresAt,
    });
    if (!roles) return null;
    return {
      token,
      csrfToken,
      session: {
        residentId,
        cardId,
        roles,
        createdAt: now.toISOString(),
        expiresAt: sessionEnd(now, now).toISOString(),
      },
    };
  }

  /**
   * The actor behind a session token, or null when there is no such session or it has
   * ended (idle 15 minutes or open 12 hours). Using it keeps it alive.
   */
  async authenticate(token: string): Promise<(Actor & { csrfToken: string }) | null> {
    const tokenHash = hashOf(token);
    const [row] = await this.#q.sessionWithRoles.execute({ hash: tokenHash });
    if (!row) return null;
    const now = this.clock.now();
    if (now >= sessionEnd(row.createdAt, row.lastSeenAt)) {
      await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
      return null;
    }
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
    }
    const roles = JSON.parse(row.roles) as RoleAssignment[];
    return {
      id: row.residentId,
      kind: roles.length > 0 ? 'staff' : 'person',
      residentId: row.residentId,
      sessionId: tokenHash,
      displayName: 'card holder',
      roles,
      csrfToken: row.csrfToken,
    };
  }

  /** The open session behind a token, with its CSRF token (for the holder's own page). */
  async session(token: string): Promise<{ session: SessionInfo; csrfToken: string } | null> {
    const [row] = await this.#q.session.execute({ hash: hashOf(token) });
    if (!row || this.clock.now() >= sessionEnd(row.createdAt, row.lastSeenAt)) return null;
    return {
      csrfToken: row.csrfToken,
      session: {
        residentId: row.residentId,
        cardId: row.cardId,
        roles: await this.rolesOf(row.residentId),
        createdAt: row.createdAt.toISOString(),
        expiresAt: sessionEnd(row.createdAt, row.lastSeenAt).toISOString(),
      },
    };
  }

  async logout(token: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hashOf(token)));
  }

  /** Ends every session of a person at once (suspension, invalidation). */
  async endAll(residentId: string): Promise<number> {
    const ended = await this.db
      .delete(sessions)
      .where(eq(sessions.residentId, residentId))
      .returning({ t: sessions.tokenHash });
    return ended.length;
  }

  // --- staff roles ---------------------------------------------------------------------

  rolesOf(residentId: string): Promise<RoleAssignment[]> {
    return this.#roleReads.load(residentId);
  }

  async grant(by: Actor, residentId: string, role: string, organisation: string): Promise<void> {
    if (!(GRANTABLE_ROLES as readonly string[]).includes(role))
      throw new DomainError(LoginErrors.LOGIN_ROLE_UNKNOWN, role);
    await this.db
      .insert(roleAssignments)
      .values({ residentId, role, organisation, grantedAt: this.clock.now(), grantedBy: by.id })
      .onConflictDoNothing();
  }

  async revokeRole(residentId: string, role: string, organisation: string): Promise<void> {
    await this.db
      .delete(roleAssignments)
      .where(
        and(
          eq(roleAssignments.residentId, residentId),
          eq(roleAssignments.role, role),
          eq(roleAssignments.organisation, organisation),
        ),
      );
  }

  /** Whether anyone holds the system-administrator role yet (`bango setup` makes the first). */
  async hasAdministrator(): Promise<boolean> {
    const [row] = await this.db
      .select({ r: roleAssignments.residentId })
      .from(roleAssignments)
      .where(eq(roleAssignments.role, 'system-administrator'))
      .limit(1);
    return row !== undefined;
  }
}
