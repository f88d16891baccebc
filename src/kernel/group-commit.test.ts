import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

const busy = () => new Error('full');

describe('group commit', () => {
  it('answers each caller after its own flush, in batches that grow under load', async () => {
    const flushed: number[][] = [];
    const journal = new GroupCommit<number>(
      async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        flushed.push(items);
      },
      { maxBatch: 100, maxPending: 10_000, onFull: busy },
    );
    const acked: number[] = [];
    await Promise.all(Array.from({ length: 250 }, (_, i) => journal.add(i).then(() => acked.push(i))));
    expect(flushed.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(flushed.length).toBeLessThan(10);
    expect(flushed.every((b) => b.length <= 100)).toBe(true);
    expect(acked).toHaveLength(250);
  });

  it('a failed flush fails its callers only; order is kept with concurrency 1', async () => {
    let calls = 0;
    const order: number[] = [];
    const journal = new GroupCommit<number>(
      async (items) => {
        calls++;
        if (items.includes(3)) throw new Error('disk');
        order.push(...items);
      },
      { maxBatch: 2, maxPending: 100, onFull: busy },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => journal.add(i)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(order).toEqual([1, 2, 5, 6]);
    expect(calls).toBe(3);
    await journal.drain();
  });

  it('refuses beyond its bound instead of growing without end', async () => {
    const journal = new GroupCommit<number>(() => new Promise(() => {}), {
      maxBatch: 1,
      maxPending: 2,
      onFull: busy,
    });
    void journal.add(1);
    void journal.add(2);
    await expect(journal.add(3)).rejects.toThrow('full');
  });

  it('answers each caller with its own item of what the flush returned', async () => {
    const journal = new GroupCommit<number, string>(async (items) => items.map((i) => `#${i}`), {
      maxBatch: 4,
      maxPending: 100,
      onFull: busy,
    });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => journal.add(i)));
    expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => `#${i}`));
  });
});
