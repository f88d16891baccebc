import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englishKey, fuzzyKey, fuzzyPieces, grams, looseKey, queryGrams } from './search-keys.ts';

describe('trade name keys', () => {
  it('fuzzy keys meet across legal-form placement, width, kana script and size, old forms, spaces', () => {
    const forms = [
      'トヨタ自動車株式会社',
      '株式会社トヨタ自動車',
      '（株）トヨタ自動車',
      '㈱トヨタ自動車',
      'とよた自動車',
      'ﾄﾖﾀ自動車',
      'トヨタ　自動車',
      'トヨタ 自動車 (株)',
    ];
    for (const f of forms) expect(fuzzyKey(f), f).toBe('トヨタ自動車');
    expect(fuzzyKey('髙島屋')).toBe(fuzzyKey('高島屋'));
    expect(fuzzyKey('キャノン')).toBe(fuzzyKey('キヤノン'));
    expect(fuzzyKey('ＮＥＣ')).toBe('nec');
    // Different names stay different.
    expect(fuzzyKey('トヨタ自動車')).not.toBe(fuzzyKey('トヨタ自動織機'));
  });

  it('the loose key keeps the legal form, so exact and partial searches can see it', () => {
    expect(looseKey('株式会社　サカタのタネ')).toBe('株式会社サカタノタネ');
    expect(fuzzyPieces('サカタ株式会社タネ')).toEqual(['サカタ', 'タネ']);
    expect(fuzzyPieces('株式会社')).toEqual([]);
  });

  it('English keys ignore case, spaces and punctuation', () => {
    expect(englishKey('TOYOTA MOTOR CORPORATION')).toBe('toyotamotorcorporation');
    expect(englishKey('Kaneko Seeds Co., Ltd.')).toBe('kanekoseedscoltd');
  });

  it('every substring of a key has all its query grams among the key’s grams (partial search never misses)', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'株式会社トヨタ自動車商事サカタのタネabcＡＢ１2 ・ー髙高𠮷'.split('')),
          minLength: 1,
          maxLength: 20,
        }),
        fc.nat(),
        fc.nat(),
        (name, a, b) => {
          const key = looseKey(name);
          const chars = Array.from(key);
          if (chars.length === 0) return;
          const from = a % chars.length;
          const to = from + 1 + (b % (chars.length - from));
          const piece = chars.slice(from, to).join('');
          const have = new Set(grams(key));
          for (const g of queryGrams(piece)) expect(have.has(g)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('grams are 32-bit integers, distinct, with single characters apart from pairs', () => {
    const g = grams('アア');
    expect(g).toHaveLength(2);
    for (const x of grams('トヨタ自動車𠮷'))
      expect(Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31).toBe(true);
    expect(queryGrams('ト')).toEqual([grams('ト')[0]]);
  });
});
