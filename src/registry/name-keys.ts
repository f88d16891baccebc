import { toKatakana } from './fields.ts';

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
const SMALL_TO_LARGE: Record<string, string> = {
  ァ: 'ア',
  ィ: 'イ',
  ゥ: 'ウ',
  ェ: 'エ',
  ォ: 'オ',
  ッ: 'ツ',
  ャ: 'ヤ',
  ュ: 'ユ',
  ョ: 'ヨ',
  ヮ: 'ワ',
  ヵ: 'カ',
  ヶ: 'ケ',
};

const KANJI_FOLD: Record<string, string> = {
  齋: '斎',
  齊: '斎',
  斉: '斎',
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  碕: '崎',
  邊: '辺',
  邉: '辺',
  澤: '沢',
  濱: '浜',
  國: '国',
  櫻: '桜',
  廣: '広',
  嶋: '島',
  嶌: '島',
  峯: '峰',
  冨: '富',
  德: '徳',
  惠: '恵',
  榮: '栄',
  眞: '真',
  藏: '蔵',
  龍: '竜',
  瀧: '滝',
  淺: '浅',
  會: '会',
  增: '増',
  實: '実',
  壽: '寿',
  藝: '芸',
  圓: '円',
  關: '関',
  祐: '祐',
  𠮷: '吉',
  栁: '柳',
  籠: '篭',
  槇: '槙',
  桒: '桑',
  曻: '昇',
  﨔: '欅',
};

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
