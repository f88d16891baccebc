import { KANJI_FOLD, SMALL_TO_LARGE, toKatakana } from '../kernel/japanese-text.ts';

/**
 * Search keys for trade names, made the same way from stored names and from queries.
 *
 * - `looseKey`: NFKC (full/half width), hiragana → katakana, small kana → large, old and
 *   variant kanji → common form, Latin lower-cased, spaces, middle dots and hyphen-like marks
 *   dropped. Character by character, so a substring of a name keeps being a substring of its
 *   key — partial search rests on that.
 * - `fuzzyKey`: the loose key with the legal form (株式会社, (株), ㈱, 有限会社, 一般社団法人 …) taken out
 *   wherever it stands, so 「トヨタ自動車株式会社」「（株）トヨタ自動車」「とよた自動車」 share one
 *   key and prefix search ignores where 株式会社 was placed.
 * - `grams`: the key's distinct single characters and pairs of neighbours as 32-bit integers,
 *   for a GIN index on an int[] (PostgreSQL's own array operators, no extension): a partial
 *   search asks for rows holding every gram of the query, then checks the real substring.
 */
const DROPPED = /[\s・･\-‐‑–—―−－ｰ]/u;

export function looseKey(s: string): string {
  let out = '';
  for (const ch of toKatakana(s.normalize('NFKC'))) {
    if (DROPPED.test(ch)) continue;
    out += SMALL_TO_LARGE[ch] ?? KANJI_FOLD[ch] ?? ch.toLowerCase();
  }
  return out;
}

/** Legal forms as loose keys, long forms first so 株式会社 is not read as (株) + rest. */
const LEGAL_FORMS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合名会社',
  '合資会社',
  '一般社団法人',
  '一般財団法人',
  '公益社団法人',
  '公益財団法人',
  '特定非営利活動法人',
  '社会福祉法人',
  '医療法人社団',
  '医療法人財団',
  '医療法人',
  '学校法人',
  '宗教法人',
  '(株)',
  '(有)',
  '(同)',
  '(名)',
  '(資)',
  '(一社)',
  '(一財)',
  '(公社)',
  '(公財)',
  '(医)',
  '(学)',
  '(福)',
].map(looseKey);
const LEGAL_FORM_PATTERN = new RegExp(LEGAL_FORMS.map((f) => f.replace(/[()]/g, '\\$&')).join('|'), 'gu');

export function fuzzyKey(s: string): string {
  return looseKey(s).replace(LEGAL_FORM_PATTERN, '');
}

/** The query's pieces between legal forms; each must be in a name for a fuzzy partial match. */
export function fuzzyPieces(s: string): string[] {
  return looseKey(s)
    .split(LEGAL_FORM_PATTERN)
    .filter((p) => p.length > 0);
}

/** English names: NFKC, lower case, only letters and digits kept. */
export function englishKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * A character's code point, or a pair's packed as (first << 16) | second; code points above
 * the BMP are folded into it (a rare collision only widens the candidates, never loses one).
 * Single characters sit at (c << 16) with no second half, which no real pair produces.
 */
function codeOf(ch: string): number {
  return (ch.codePointAt(0) ?? 0) & 0xffff;
}

export function grams(key: string): number[] {
  const chars = Array.from(key);
  const out = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    const a = codeOf(chars[i]!);
    out.add((a << 16) | 0);
    if (i + 1 < chars.length) out.add((a << 16) | codeOf(chars[i + 1]!) | 0);
  }
  return [...out];
}

/** The grams a query must find: its pairs, or the single character of a one-character query. */
export function queryGrams(key: string): number[] {
  const chars = Array.from(key);
  if (chars.length === 1) return [(codeOf(chars[0]!) << 16) | 0];
  const out = new Set<number>();
  for (let i = 0; i + 1 < chars.length; i++) out.add((codeOf(chars[i]!) << 16) | codeOf(chars[i + 1]!) | 0);
  return [...out];
}
