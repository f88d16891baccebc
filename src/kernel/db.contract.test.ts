import { type SQL, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';
import { anyOf, rowsOf } from './db.ts';

describeOnEngines('bulk COPY', (database) => {
  it('round-trips awkward text, nulls, arrays and JSON, all or nothing', async () => {
    const db = database();
    await db.query(
      'create table if not exists copy_probe (a text unique, b text[], c jsonb, d boolean, e timestamptz)',
    );
    const awkward = 'tab\there\nnew line \\ back "quote" 　全角 \\N';
    await db.copyRows([
      {
        table: 'copy_probe',
        columns: ['a', 'b', 'c', 'd', 'e'],
        rows: [
          [awkward, ['x', 'y "z"', 'back\\slash'], { k: awkward }, true, new Date('2026-01-02T03:04:05Z')],
          [null, [], null, false, null],
        ],
      },
    ]);
    const rows = await db.query<{ a: string | null; b: string[]; c: unknown; d: boolean }>(
      'select a, b, c, d from copy_probe order by a nulls last',
    );
    expect(rows[0]).toEqual({ a: awkward, b: ['x', 'y "z"', 'back\\slash'], c: { k: awkward }, d: true });
    expect(rows[1]).toEqual({ a: null, b: [], c: null, d: false });

    // A failing batch (here a duplicate) leaves nothing of itself behind.
    await expect(
      db.copyRows([
        { table: 'copy_probe', columns: ['a'], rows: [['kept?']] },
        { table: 'copy_probe', columns: ['a'], rows: [[awkward]] },
      ]),
    ).rejects.toThrow();
    expect(await db.query('select a from copy_probe where a = $1', ['kept?'])).toHaveLength(0);
    await expect(db.copyRows([{ table: 'x; drop table y', columns: ['a'], rows: [[1]] }])).rejects.toThrow(
      /unsafe/,
    );
  });

  it('anyOf finds the rows of a list of any length with one statement text, text and uuid', async () => {
    const db = database();
    await db.query('create table if not exists any_probe (k text primary key, u uuid not null)');
    const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
    await db.query(
      "insert into any_probe values ('a', $1), ('b', $2), ('it''s', $1) on conflict do nothing",
      ids,
    );
    const keys = async (condition: SQL) =>
      (await rowsOf<{ k: string }>(db.db, sql`select k from any_probe where ${condition} order by k`)).map(
        (r) => r.k,
      );
    expect(await keys(anyOf(sql`k`, ['b', "it's", 'none']))).toEqual(['b', "it's"]);
    expect(await keys(anyOf(sql`k`, []))).toEqual([]);
    expect(await keys(anyOf(sql`u`, [ids[0]!], 'uuid'))).toEqual(['a', "it's"]);
    expect(anyOf(sql`k`, ['a']).queryChunks.length).toBe(anyOf(sql`k`, ['a', 'b', 'c']).queryChunks.length);
  });
});
