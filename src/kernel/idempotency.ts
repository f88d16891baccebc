import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { DomainError, KernelErrors } from './errors.ts';
import { idempotencyKeys } from './schema.ts';

export interface Outcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier call with the same key. */
  replayed: boolean;
}

/** Stable hash of a JSON request (keys sorted), to tell a replay from a reuse. */
export function requestHash(request: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('hex');
}

/**
 * Runs a state change once per (scope, key). The key row is claimed in the same
 * transaction as the change: a concurrent call with the same key waits for the first
 * to commit and then returns its stored result; if the change fails, nothing is kept
 * and the key may be used again.
 */
export async function once<T>(
  db: Db,
  scope: string,
  key: string,
  request: unknown,
  run: (tx: Db) => Promise<{ status: number; body: T }>,
): Promise<Outcome<T>> {
  const hash = requestHash(request);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash: hash, status: 0, response: sql`'null'::jsonb` })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      if (!stored || stored.requestHash !== hash) {
        throw new DomainError(KernelErrors.IDEMPOTENCY_CONFLICT, `scope ${scope}`);
      }
      return { status: stored.status, body: stored.response as T, replayed: true };
    }
    const result = await run(tx as unknown as Db);
    await tx
      .update(idempotencyKeys)
      .set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return { ...result, replayed: false };
  }) as Promise<Outcome<T>>;
}
