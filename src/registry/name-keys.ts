import { KANJI_FOLD, SMALL_TO_LARGE, toKatakana } from '../kernel/japanese-text.ts';

/**
 * Search keys for names as people type them. The live system linked benefit accounts
 * to the wrong person through loose kana/kanji matching; here the keys only widen the
 * search to candidates, and a clerk always chooses among them — nothing is merged.
 *
 * Kana key: NFKC (half-width → full-width), hiragana → katakana, small kana → large,
 * long-vowel marks, middle dots and spaces dropped: 「さいとう」「ｻｲﾄｰ」「サイトウ」 meet.
 * Kanji key: NFKC, old and variant forms folded to the common form where the mapping is
 * well known (齋/齊/斉→斎, 髙→高, 﨑/嵜→崎, 邊/邉→辺, 澤→沢 …), spaces dropped.
 */
export function kanaKey(s: string): string {
  const k = toKatakana(s.normalize('NFKC'));
  let out = '';
  for (const ch of k) {
    if (ch === 'ー' || ch === '・' || /\s/.test(ch)) continue;
    out += SMALL_TO_LARGE[ch] ?? ch;
  }
  return out;
}

export function kanjiKey(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC')) {
    if (/\s/.test(ch)) continue;
    out += KANJI_FOLD[ch] ?? ch;
  }
  return out;
}

/** Whether a query is a reading (kana only) rather than a written name. */
export function isKanaQuery(s: string): boolean {
  return (
    /^[\u3041-\u3096\u30a1-\u30fc\uff66-\uff9f\s\u3000・ー]+$/.test(s.normalize('NFKC')) ||
    /^[ｦ-ﾟ\s]+$/.test(s)
  );
}
