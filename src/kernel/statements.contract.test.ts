import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { rowsOf } from './db.ts';

describeOnEngines('prepared statements', (database, engine) => {
  it('a statement asked again is prepared on its connection, in a transaction too', async () => {
    const { db } = database();
    const probe = (tx: typeof db, n: number) =>
      rowsOf<{ n: number }>(tx, sql`select ${n}::int + 1 as n /* statements probe */`);
    const prepared = await db.transaction(async (tx) => {
      for (let n = 0; n < 3; n++) expect((await probe(tx as never, n))[0]?.n).toBe(n + 1);
      return rowsOf<{ c: string | number }>(
        tx,
        sql`select count(*) as c from pg_prepared_statements where statement like '%statements probe%'`,
      );
    });
    // PGlite answers in its own thread with no network round trip to save: nothing prepared there.
    expect(Number(prepared[0]?.c)).toBe(engine === 'postgres' ? 1 : 0);
  });
});
