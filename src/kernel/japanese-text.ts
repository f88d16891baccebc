/**
 * Folding of Japanese text for search keys, shared by the resident register (people's
 * names) and the corporate registry (trade names): what a person types and what is stored
 * may differ in width, kana script, kana size and old/variant kanji forms, and the keys
 * made from both with these folds meet.
 */

/** Hiragana → katakana (the same letter 0x60 code points later). */
export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Small kana → the full-size letter (ァ→ア, ッ→ツ, ヶ→ケ …). */
export const SMALL_TO_LARGE: Record<string, string> = {
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

/** Old and variant kanji → the common form, where the mapping is well known. */
export const KANJI_FOLD: Record<string, string> = {
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
