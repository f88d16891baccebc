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

describe('RecentCache eviction order', () => {
  it('always drops the least recently used, through many hits, evictions and a clear (as a list would)', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cache = new RecentCache<number, number>(50, Number.POSITIVE_INFINITY, () => 0);
    let order: number[] = []; // least recently used first
    for (let step = 0; step < 20_000; step++) {
      const key = Math.floor(random() * 120);
      if (step === 10_000) {
        cache.clear();
        order = [];
      } else if (random() < 0.5) {
        const hit = cache.get(key);
        expect(hit?.value).toBe(order.includes(key) ? key : undefined);
        if (hit) order = [...order.filter((k) => k !== key), key];
      } else {
        cache.set(key, key);
        order = [...order.filter((k) => k !== key), key].slice(-50);
      }
      expect(cache.size).toBe(order.length);
    }
  });
});

describe('RecentCache letting go', () => {
  it('tells of every value it lets go of, and of none it keeps', () => {
    let now = 0;
    const dropped: string[] = [];
    const cache = new RecentCache<string, string>(
      4,
      100,
      () => now,
      (v) => v.length,
      (v) => dropped.push(v),
    );
    cache.set('a', 'a1');
    cache.set('b', 'b1');
    expect(cache.get('a')?.value).toBe('a1'); // a hit moves it, does not drop it
    cache.set('a', 'a2'); // replaced
    cache.set('c', 'c1'); // pushes out the least recently used: b
    cache.set('d', 'd-is-too-heavy'); // refused
    now = 101;
    expect(cache.get('a')).toBeUndefined(); // expired
    cache.clear();
    expect(dropped).toEqual(['a1', 'b1', 'd-is-too-heavy', 'a2', 'c1']);
  });
});
