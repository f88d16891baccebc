import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Random } from '../kernel/random.ts';
import { CorporateErrors } from './errors.ts';
import { applications } from './schema.ts';

/** Letters and digits without the easily confused 0/O, 1/l/I. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const ID = /^[A-Za-z0-9]{13}$/;
const digestOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** How long a checked id is trusted before the table is read again (revocation delay). */
const CHECK_TTL_MS = 60_000;

/**
 * Application ids of the Web-API (アプリケーションID): 13 letters and digits like the NTA's,
 * issued to a registered user and shown once; only their digests are kept. Checked ids are
 * remembered for a minute, so the hot path does not read the table on every request.
 */
export class ApplicationIds {
  readonly #checked = new Map<string, { ok: boolean; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async issue(name: string, contact: string): Promise<{ id: string; hint: string }> {
    const cleanName = name.trim();
    if (cleanName.length === 0 || cleanName.length > 200 || contact.length > 200) {
      throw new DomainError(CorporateErrors.CORPORATE_FIELD_INVALID, 'application name or contact', {
        field: 'name',
      });
    }
    const bytes = this.random.bytes(13);
    let id = '';
    for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
    const hint = id.slice(0, 3);
    await this.db.insert(applications).values({
      digest: digestOf(id),
      hint,
      name: cleanName,
      contact: contact.trim(),
      createdAt: this.clock.now(),
    });
    return { id, hint };
  }

  async revoke(id: string): Promise<boolean> {
    const done = await this.db
      .update(applications)
      .set({ revokedAt: this.clock.now() })
      .where(eq(applications.digest, digestOf(id)))
      .returning({ hint: applications.hint });
    this.#checked.delete(id);
    return done.length > 0;
  }

  async list(): Promise<{ hint: string; name: string; createdAt: string; active: boolean }[]> {
    const rows = await this.db.select().from(applications).orderBy(applications.createdAt);
    return rows.map((r) => ({
      hint: r.hint,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      active: !r.revokedAt,
    }));
  }

  /** Throws the Web-API's error unless `id` is an issued, unrevoked application id. */
  async check(id: string | undefined): Promise<void> {
    if (id === undefined || id === '')
      throw new DomainError(CorporateErrors.CORPORATE_APPLICATION_ID_MISSING);
    if (!ID.test(id)) throw new DomainError(CorporateErrors.CORPORATE_APPLICATION_ID_UNKNOWN);
    const now = this.clock.now().getTime();
    // Keyed by the id itself: a hit costs no hashing (the id is in memory for the request anyway).
    let known = this.#checked.get(id);
    if (!known || known.until < now) {
      const rows = await this.db
        .select({ digest: applications.digest })
        .from(applications)
        .where(and(eq(applications.digest, digestOf(id)), isNull(applications.revokedAt)));
      known = { ok: rows.length > 0, until: now + CHECK_TTL_MS };
      if (this.#checked.size > 10_000) this.#checked.clear();
      this.#checked.set(id, known);
    }
    if (!known.ok) throw new DomainError(CorporateErrors.CORPORATE_APPLICATION_ID_UNKNOWN);
  }
}
