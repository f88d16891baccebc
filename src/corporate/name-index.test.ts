import { describe, expect, it } from 'vitest';
import { compareKeys, type IndexedName, type NameIndex, NameIndexBuilder } from './name-index.ts';

function byRank(a: IndexedName, b: IndexedName): number {
  return compareKeys(a.key, b.key) || a.number - b.number;
}

function indexOf(names: IndexedName[]): NameIndex {
  const builder = new NameIndexBuilder();
  for (const n of [...names].sort(byRank)) builder.add(n);
  return builder.finish();
}

let nextId = 1;
function name(key: string, number: number, closed = false): IndexedName {
  return { id: nextId++, number, key, closed };
}

/** What a search must answer, worked out the slow way. */
function expected(
  held: IndexedName[],
  matches: (n: IndexedName) => boolean,
  includeClosed: boolean,
  offset: number,
  limit: number,
) {
  const all = held.filter((n) => (includeClosed || !n.closed) && matches(n)).sort(byRank);
  return { count: all.length, ids: all.slice(offset, offset + limit).map((n) => n.id) };
}

describe('name index', () => {
  const names = [
    name('トヨタ自動車', 1180301018771),
    name('トヨタ紡織', 3180001031569),
    name('日本商事', 1000000000001),
    name('東日本商事', 1000000000002, true),
    name('商事日本', 1000000000003),
    name('ホールディングス', 1000000000004),
    name('日本ホールディングス', 1000000000005),
    name('𠮷野家', 1000000000006),
    name('ｘ', 1000000000007),
  ];
  const index = indexOf(names);

  it('finds names by their beginning, in key then number order, with or without closed ones', () => {
    const hit = index.prefix('トヨタ', true, 0, 10);
    expect(hit.count).toBe(2);
    // 紡 (U+7D21) comes before 自 (U+81EA).
    expect(hit.ids).toEqual([names[1]!.id, names[0]!.id]);
    expect(index.prefix('東日本', true, 0, 10).count).toBe(1);
    expect(index.prefix('東日本', false, 0, 10).count).toBe(0);
    expect(index.prefix('存在しない', true, 0, 10)).toEqual({ count: 0, ids: [] });
  });

  it('finds names holding a fragment: a pair alone, longer pieces checked, several pieces together', () => {
    expect(index.partial(['商事'], true, 0, 10).count).toBe(3);
    expect(index.partial(['商事'], false, 0, 10).count).toBe(2);
    expect(index.partial(['日本商'], true, 0, 10).ids).toEqual([names[2]!.id, names[3]!.id]);
    expect(index.partial(['ールディ'], true, 0, 10).count).toBe(2);
    expect(index.partial(['日本', 'ホール'], true, 0, 10).ids).toEqual([names[6]!.id]);
    // One character has no pair: every name is checked.
    expect(index.partial(['本'], true, 0, 10).count).toBe(4);
    expect(index.partial(['ｘ'], true, 0, 10).ids).toEqual([names[8]!.id]);
  });

  it('orders astral characters after the rest of the BMP, as the database does (byte order)', () => {
    expect(compareKeys('𠮷', '\uff41')).toBeGreaterThan(0);
    expect(compareKeys('あ', 'い')).toBeLessThan(0);
    const all = index.prefix('', true, 0, 100).ids;
    expect(all.at(-1)).toBe(names[7]!.id);
    expect(index.partial(['𠮷野'], true, 0, 10).ids).toEqual([names[7]!.id]);
  });

  it('pages through base names and names added since, merged in order', () => {
    const more = indexOf(names);
    const added = name('日本商事別館', 1000000000010);
    const first = name('日本商事', 1000000000000);
    more.add(added);
    more.add(first);
    more.add(first); // a change read twice is taken in once
    more.remove(names[2]!);
    const hit = more.partial(['商事'], true, 0, 10);
    expect(hit.count).toBe(4);
    expect(hit.ids).toEqual([names[4]!.id, first.id, added.id, names[3]!.id]);
    expect(more.partial(['商事'], true, 1, 2).ids).toEqual([first.id, added.id]);
    expect(more.changes).toBe(3);
    more.remove(added);
    expect(more.prefix('日本商事', true, 0, 10).ids).toEqual([first.id]);
  });

  it('answers as a plain filter does, through random names, additions and removals', () => {
    // A small alphabet so that pairs repeat and fragments are held by many names.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // U+FFFF: a unit the index uses as a mark beside its postings must still be found.
    const alphabet = ['ア', 'イ', 'ウ', '日', '本', '𠮷', 'a', '\uffff'];
    const word = (min: number, max: number) =>
      Array.from(
        { length: min + Math.floor(random() * (max - min + 1)) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    const held = Array.from({ length: 400 }, (_, i) => name(word(1, 9), 2000000000000 + i, random() < 0.2));
    const tested = indexOf(held);
    for (let round = 0; round < 400; round++) {
      const roll = random();
      if (roll < 0.2) {
        const n = name(word(1, 6), 3000000000000 + Math.floor(random() * 1000), random() < 0.2);
        tested.add(n);
        held.push(n);
      } else if (roll < 0.35 && held.length > 0) {
        const [gone] = held.splice(Math.floor(random() * held.length), 1);
        tested.remove(gone!);
      }
      const includeClosed = random() < 0.5;
      const offset = Math.floor(random() * 20);
      const limit = 1 + Math.floor(random() * 30);
      const key = word(1, 3);
      expect(tested.prefix(key, includeClosed, offset, limit)).toEqual(
        expected(held, (n) => n.key.startsWith(key), includeClosed, offset, limit),
      );
      const pieces = random() < 0.3 ? [word(1, 2), word(1, 2)] : [word(1, 5)];
      expect(tested.partial(pieces, includeClosed, offset, limit)).toEqual(
        expected(held, (n) => pieces.every((p) => n.key.includes(p)), includeClosed, offset, limit),
      );
    }
  });
});
