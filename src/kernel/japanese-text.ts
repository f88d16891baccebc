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

/** Katakana syllables in Hepburn (small ャュョァィゥェォ combine with the one before). */
const HEPBURN: Record<string, string> = {};
{
  const words = (
    'ア a イ i ウ u エ e オ o カ ka キ ki ク ku ケ ke コ ko サ sa シ shi ス su セ se ソ so ' +
    'タ ta チ chi ツ tsu テ te ト to ナ na ニ ni ヌ nu ネ ne ノ no ハ ha ヒ hi フ fu ヘ he ホ ho ' +
    'マ ma ミ mi ム mu メ me モ mo ヤ ya ユ yu ヨ yo ラ ra リ ri ル ru レ re ロ ro ワ wa ヰ i ヱ e ヲ o ン n ' +
    'ガ ga ギ gi グ gu ゲ ge ゴ go ザ za ジ ji ズ zu ゼ ze ゾ zo ダ da ヂ ji ヅ zu デ de ド do ' +
    'バ ba ビ bi ブ bu ベ be ボ bo パ pa ピ pi プ pu ペ pe ポ po ヴ vu ' +
    'ァ a ィ i ゥ u ェ e ォ o ャ ya ュ yu ョ yo'
  ).split(' ');
  for (let i = 0; i < words.length; i += 2) HEPBURN[words[i]!] = words[i + 1]!;
}

/**
 * Katakana (or hiragana) in Hepburn as place names are written in English: long vowels
 * unmarked (トウキョウ → tokyo, オオイタ → oita, チュウオウ → chuo), ッ doubles the next
 * consonant, キャ → kya, シャ → sha, チャ → cha, ジャ → ja.
 */
export function romanize(kana: string): string {
  const chars = Array.from(toKatakana(kana));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === 'ー') continue;
    if (c === 'ッ') {
      const next = HEPBURN[chars[i + 1] ?? ''] ?? '';
      out += next.startsWith('ch') ? 't' : (next[0] ?? '');
      continue;
    }
    let syllable = HEPBURN[c] ?? c;
    const small = chars[i + 1];
    if (small && 'ャュョ'.includes(small) && syllable.endsWith('i')) {
      const glide = HEPBURN[small]!; // ya yu yo
      syllable = /^(shi|chi|ji)$/.test(syllable)
        ? syllable.slice(0, -1) + glide.slice(1)
        : syllable.slice(0, -1) + glide;
      i++;
    } else if (small && 'ァィゥェォ'.includes(small)) {
      syllable = syllable.slice(0, -1) + HEPBURN[small]!;
      i++;
    }
    out += syllable;
  }
  // Long vowels: ou, oo and uu are written as one vowel.
  return out.replace(/o[ou]/g, 'o').replace(/uu/g, 'u');
}
