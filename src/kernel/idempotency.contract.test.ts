import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { DomainError } from './errors.ts';
import { once } from './idempotency.ts';
import { auditLog } from './schema.ts';

describeOnEngines('idempotency keys', (database) => {
  const record = (label: string) => async (tx: Parameters<Parameters<typeof once>[4]>[0]) => {
    const [row] = await tx
      .insert(auditLog)
      .values({ at: new Date(), actor: 'test', action: label })
      .returning({ id: auditLog.id });
    return { status: 201, body: { id: row!.id } };
  };

  it('a replay returns the first result and changes nothing', async () => {
    const { db } = database();
    const first = await once(db, 'test', 'k1', { a: 1 }, record('a'));
    const second = await once(db, 'test', 'k1', { a: 1 }, record('a'));
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await db.select().from(auditLog)).toHaveLength(1);
  });

  it('reusing a key for another request is a conflict', async () => {
    const { db } = database();
    await once(db, 'test', 'k2', { a: 1 }, record('a'));
    await expect(once(db, 'test', 'k2', { a: 2 }, record('b'))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it('a failed change keeps nothing, and the key can be used again', async () => {
    const { db } = database();
    await expect(
      once(db, 'test', 'k3', {}, async (tx) => {
        await record('half')(tx);
        throw new DomainError({ code: 'TEST_FAIL', status: 400, message: 'no' });
      }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await db.select().from(auditLog)).toHaveLength(0);
    const ok = await once(db, 'test', 'k3', {}, record('again'));
    expect(ok.replayed).toBe(false);
  });

  it('concurrent calls with one key take effect once', async () => {
    const { db } = database();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => once(db, 'test', 'k4', { x: 1 }, record('c'))),
    );
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db.select().from(auditLog)).toHaveLength(1);
  });
});
