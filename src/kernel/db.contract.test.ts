import { expect, it } from 'vitest';
import { describeOnEngines } from '../../test/support/engines.ts';

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
});
