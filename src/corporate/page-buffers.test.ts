import { describe, expect, it } from 'vitest';
import { PageBuffers } from './page-buffers.ts';

/** A pool whose "later turns" run when the test says. */
function pool(idleLimit?: number) {
  const waiting: (() => void)[] = [];
  const buffers = new PageBuffers((run) => waiting.push(run), idleLimit);
  const turn = () => {
    for (const run of waiting.splice(0)) run();
  };
  return { buffers, turn };
}

const MB = 1024 * 1024;

describe('page buffers', () => {
  it('gives a buffer nobody held back at a later turn, to the next page of its size', () => {
    const { buffers, turn } = pool();
    const a = buffers.take(1.8 * MB);
    expect(a.buffer.length).toBe(2 * MB);
    expect(a.spent).toBe(false);
    turn();
    expect(a.spent).toBe(true);
    expect(a.hold()).toBeUndefined();
    expect(buffers.take(1.5 * MB).buffer).toBe(a.buffer);
    // Another size class gets a buffer of its own.
    expect(buffers.take(0.9 * MB).buffer.length).toBe(MB);
    expect(buffers.made).toBe(2);
  });

  it('keeps a held buffer until every hold is let go of, each once', () => {
    const { buffers, turn } = pool();
    const a = buffers.take(MB);
    const first = a.hold()!;
    const second = a.hold()!;
    turn();
    first();
    first(); // a second call lets go of nothing more
    turn();
    expect(a.spent).toBe(false);
    expect(buffers.take(MB).buffer === a.buffer).toBe(false);
    second();
    // Let go of and held again within the turn: still this page's.
    const third = a.hold()!;
    turn();
    expect(a.spent).toBe(false);
    third();
    turn();
    expect(a.spent).toBe(true);
    expect(buffers.take(MB).buffer).toBe(a.buffer);
  });

  it('leaves small and huge pages, and idle bytes past its limit, to the collector', () => {
    const { buffers, turn } = pool(3 * MB);
    const small = buffers.take(10_000);
    const huge = buffers.take(9 * MB);
    turn();
    expect([small.spent, huge.spent]).toEqual([false, false]);
    expect(buffers.made).toBe(0);
    const pages = [buffers.take(2 * MB), buffers.take(2 * MB)];
    turn();
    expect(buffers.idleBytes).toBe(2 * MB);
    expect(pages.every((p) => p.spent)).toBe(true);
    expect(buffers.take(2 * MB).buffer).toBe(pages[0]!.buffer);
  });
});
