import { describe, expect, it } from 'vitest';
import { romanize } from '../kernel/japanese-text.ts';
import { englishName, parseAddress, placeOf } from './places.ts';

describe('places in English', () => {
  it('writes kana in Hepburn as place names are written: long vowels unmarked, ッ doubled, glides joined', () => {
    expect(
      [
        'トウキョウ',
        'オオイタ',
        'チュウオウ',
        'サッポロ',
        'ハッチョウボリ',
        'キタキュウシュウ',
        'じょうえつ',
      ].map(romanize),
    ).toEqual(['tokyo', 'oita', 'chuo', 'sapporo', 'hatchobori', 'kitakyushu', 'joetsu']);
  });

  it('names cities as the NTA does, a designated city’s ward after its city', () => {
    expect(englishName('当別町', 'トウベツチョウ')).toBe('Tobetsu cho');
    expect(englishName('嬬恋村', 'ツマゴイムラ')).toBe('Tsumagoi mura');
    expect(placeOf('131016')?.enCityName).toBe('Chiyoda ku'); // as SPECS.md's 国税庁 record has it
    expect(placeOf('011011')?.enCityName).toBe('Sapporo shi Chuo ku');
    expect(placeOf('401013')?.enCityName).toBe('Kitakyushu shi Moji ku');
    expect(parseAddress('大阪府大阪市北区梅田１丁目')?.place.enCityName).toBe('Osaka shi Kita ku');
    expect(placeOf('130001')?.enCityName).toBe(''); // a prefecture has no city
  });
});
