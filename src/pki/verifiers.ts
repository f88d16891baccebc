import { createHash, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import type { Authenticator } from '../kernel/http.ts';
import type { Random } from '../kernel/random.ts';
import { verifiers } from './schema.ts';

/** API keys look like `bvk_<id>.<secret>`: the id finds the row, the secret's hash is compared. */
const KEY = /^bvk_([a-z0-9]{16})\.([A-Za-z0-9_-]{43})$/;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * 署名検証者: the businesses the minister approved to verify signature certificates (a
 * bank opening an account online, a mobile carrier). Each has an API key, shown once
 * when it is registered; only registered verifiers may call the verification service.
 */
export class VerifierRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async register(name: string): Promise<{ id: string; name: string; apiKey: string }> {
    const id = Buffer.from(this.random.bytes(10)).toString('hex').slice(0, 16);
    const secret = Buffer.from(this.random.bytes(32)).toString('base64url');
    await this.db.insert(verifiers).values({
      id,
      name,
      keyHash: hashOf(secret).toString('hex'),
      createdAt: this.clock.now(),
    });
    return { id, name, apiKey: `bvk_${id}.${secret}` };
  }

  async withdraw(id: string): Promise<boolean> {
    const done = await this.db
      .update(verifiers)
      .set({ revokedAt: this.clock.now() })
      .where(eq(verifiers.id, id))
      .returning({ id: verifiers.id });
    return done.length > 0;
  }

  async list() {
    const rows = await this.db.select().from(verifiers);
    return rows.map((v) => ({
      id: v.id,
      name: v.name,
      createdAt: v.createdAt.toISOString(),
      active: !v.revokedAt,
    }));
  }

  /** `Authorization: Bearer bvk_…` of a registered, not withdrawn verifier. */
  authenticator(): Authenticator {
    return async (req) => {
      const header = req.headers.authorization ?? '';
      const m = KEY.exec(header.startsWith('Bearer ') ? header.slice(7) : '');
      if (!m) return null;
      const [row] = await this.db.select().from(verifiers).where(eq(verifiers.id, m[1]!));
      if (!row || row.revokedAt) return null;
      const expected = Buffer.from(row.keyHash, 'hex');
      if (!timingSafeEqual(hashOf(m[2]!), expected)) return null;
      const actor: Actor = {
        id: `verifier:${row.id}`,
        kind: 'verifier',
        displayName: row.name,
        roles: [{ role: 'registered-verifier', organisation: row.id }],
      };
      return actor;
    };
  }
}
