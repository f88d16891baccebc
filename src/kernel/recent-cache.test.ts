import { describe, expect, it } from 'vitest';
import { RecentCache } from './recent-cache.ts';

describe('RecentCache', () => {
  it('keeps values for their time, forgets the least recently used when full', () => {
    let now = 0;
    const cache = new RecentCache<string, number | undefined>(2, 100, () => now);
    cache.set('a', 1);
    cache.set('b', undefined);
    expect(cache.get('a')).toEqual({ value: 1 });
    // A remembered absence is a hit too (an unknown number is not asked again at once).
    expect(cache.get('b')).toEqual({ value: undefined });
    expect(cache.get('a')).toEqual({ value: 1 });
    cache.set('c', 3); // b is now the least recently used
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ value: 1 });
    now = 101;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.delete('c');
    expect(cache.size).toBe(0);
  });
});

describe('RecentCache by weight', () => {
  it('keeps what fits by weight, drops the oldest first, and never keeps one heavier than all', () => {
    const cache = new RecentCache<string, string>(
      10,
      1000,
      () => 0,
      (v) => v.length,
    );
    cache.set('a', 'xxxx');
    cache.set('b', 'xxxx');
    cache.set('c', 'xxxx'); // 12 > 10: a goes
    expect([cache.get('a'), cache.size]).toEqual([undefined, 2]);
    cache.set('huge', 'x'.repeat(11));
    expect([cache.get('huge'), cache.size]).toEqual([undefined, 2]);
    cache.set('b', 'x'); // replaced: its old weight is given back
    cache.set('d', 'xxxxx');
    expect([cache.get('b')?.value, cache.get('c')?.value, cache.get('d')?.value]).toEqual([
      'x',
      'xxxx',
      'xxxxx',
    ]);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
