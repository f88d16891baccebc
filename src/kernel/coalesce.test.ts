import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce.ts';

/** A loadMany whose calls the test ends by hand, to see who went with whom. */
function gated() {
  const calls: { keys: number[]; end: (fail?: boolean) => void }[] = [];
  const load = (keys: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        keys,
        end: (fail) => (fail ? reject(new Error('down')) : resolve(keys.map((k) => k * 10))),
      });
    });
  return { calls, load };
}

describe('coalescing lookups', () => {
  it('keys asked in the same turn go in one call and are answered in order', async () => {
    const { calls, load } = gated();
    const c = new Coalescer(load);
    const answers = Promise.all([c.load(1), c.load(2), c.load(3)]);
    await nextTurn();
    expect(calls.map((x) => x.keys)).toEqual([[1, 2, 3]]);
    calls[0]!.end();
    expect(await answers).toEqual([10, 20, 30]);
  });

  it('with a bound, keys arriving while calls run wait and leave together', async () => {
    const { calls, load } = gated();
    const c = new Coalescer(load, 1000, 1);
    const first = c.load(1);
    await nextTurn();
    const later = [c.load(2), c.load(3)];
    await nextTurn();
    const last = c.load(4);
    await nextTurn();
    // Only the first call runs; 2, 3 and 4, asked in three turns, wait for it.
    expect(calls.map((x) => x.keys)).toEqual([[1]]);
    calls[0]!.end();
    expect(await first).toBe(10);
    await nextTurn();
    await nextTurn();
    expect(calls.map((x) => x.keys)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.end(true);
    for (const p of [...later, last]) await expect(p).rejects.toThrow('down');
  });

  it('without a bound, every turn has its own call at once', async () => {
    const { calls, load } = gated();
    const c = new Coalescer(load);
    const a = c.load(1);
    await nextTurn();
    const b = c.load(2);
    await nextTurn();
    expect(calls.map((x) => x.keys)).toEqual([[1], [2]]);
    for (const call of calls) call.end();
    expect(await Promise.all([a, b])).toEqual([10, 20]);
  });
});
