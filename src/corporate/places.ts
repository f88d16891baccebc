import { romanize } from '../kernel/japanese-text.ts';
import { allMunicipalities, type Municipality } from '../registry/municipalities.ts';
import { postalAreasOf } from '../registry/postal-codes.ts';

/**
 * Addresses as the NTA publishes them: prefecture code (2) and name, city code (3, JIS X
 * 0402 without the check digit) and name — a designated city's ward written with its city
 * (横浜市都筑区), a town with its county when the source gives it (西多摩郡瑞穂町) — and the rest.
 */
export interface Place {
  readonly localGovernmentCode: string;
  readonly prefectureCode: string;
  readonly cityCode: string;
  readonly prefectureName: string;
  readonly cityName: string;
  readonly enPrefectureName: string;
  /** The city in English as the NTA writes it: `Chiyoda ku`, `Sapporo shi Chuo ku`, `Tobetsu cho`. */
  readonly enCityName: string;
}

/** How 市, 区, 町 and 村 are read at the end of a name (町 and 村 two ways). */
const SUFFIX_READINGS: Record<string, readonly string[]> = {
  市: ['シ'],
  区: ['ク'],
  町: ['チョウ', 'マチ'],
  村: ['ソン', 'ムラ'],
};

/** One municipality's name in English: its stem capitalised, its kind of place after it. */
export function englishName(name: string, kana: string): string {
  const reading = SUFFIX_READINGS[name.slice(-1)]?.find((r) => kana.endsWith(r) && kana.length > r.length);
  const stem = romanize(reading ? kana.slice(0, -reading.length) : kana);
  const capital = stem.charAt(0).toUpperCase() + stem.slice(1);
  return reading ? `${capital} ${romanize(reading)}` : capital;
}

/** Prefectures in English, as the NTA's English address fields write them (JIS X 0401 order). */
const EN_PREFECTURES = [
  'Hokkaido',
  'Aomori',
  'Iwate',
  'Miyagi',
  'Akita',
  'Yamagata',
  'Fukushima',
  'Ibaraki',
  'Tochigi',
  'Gunma',
  'Saitama',
  'Chiba',
  'Tokyo',
  'Kanagawa',
  'Niigata',
  'Toyama',
  'Ishikawa',
  'Fukui',
  'Yamanashi',
  'Nagano',
  'Gifu',
  'Shizuoka',
  'Aichi',
  'Mie',
  'Shiga',
  'Kyoto',
  'Osaka',
  'Hyogo',
  'Nara',
  'Wakayama',
  'Tottori',
  'Shimane',
  'Okayama',
  'Hiroshima',
  'Yamaguchi',
  'Tokushima',
  'Kagawa',
  'Ehime',
  'Kochi',
  'Fukuoka',
  'Saga',
  'Nagasaki',
  'Kumamoto',
  'Oita',
  'Miyazaki',
  'Kagoshima',
  'Okinawa',
] as const;

interface Places {
  byCode: Map<string, Place>;
  prefectures: { name: string; code: string }[];
  /** City names (wards with their city) → candidate places, longest names first. */
  cities: { name: string; places: Place[] }[];
}

let cache: Places | undefined;

function places(): Places {
  if (cache) return cache;
  const all = allMunicipalities();
  const byMunicipalCode = new Map(all.map((m) => [m.code, m]));
  const prefName = new Map(all.filter((m) => m.kind === 'prefecture').map((m) => [m.prefectureCode, m.name]));
  const byCode = new Map<string, Place>();
  const cityNames = new Map<string, Place[]>();
  const cityName = (m: Municipality) =>
    m.kind === 'ward' && m.parentCode ? `${byMunicipalCode.get(m.parentCode)?.name ?? ''}${m.name}` : m.name;
  const enCityName = (m: Municipality) => {
    const parent = m.kind === 'ward' && m.parentCode ? byMunicipalCode.get(m.parentCode) : undefined;
    const own = englishName(m.name, m.nameKana);
    return parent ? `${englishName(parent.name, parent.nameKana)} ${own}` : own;
  };
  for (const m of all) {
    const place: Place = {
      localGovernmentCode: m.code,
      prefectureCode: m.prefectureCode,
      cityCode: m.kind === 'prefecture' ? '' : m.code.slice(2, 5),
      prefectureName: prefName.get(m.prefectureCode) ?? '',
      cityName: m.kind === 'prefecture' ? '' : cityName(m),
      enPrefectureName: EN_PREFECTURES[Number(m.prefectureCode) - 1] ?? '',
      enCityName: m.kind === 'prefecture' ? '' : enCityName(m),
    };
    byCode.set(m.code, place);
    if (m.kind !== 'prefecture')
      cityNames.set(place.cityName, [...(cityNames.get(place.cityName) ?? []), place]);
  }
  cache = {
    byCode,
    prefectures: [...prefName].map(([code, name]) => ({ code, name })),
    cities: [...cityNames]
      .map(([name, ps]) => ({ name, places: ps }))
      .sort((a, b) => b.name.length - a.name.length),
  };
  return cache;
}

/** A prefecture code as a pattern (01–47), for the address filters and bulk files. */
export const PREFECTURE_CODE = '(0[1-9]|[1-3][0-9]|4[0-7])';

export function placeOf(localGovernmentCode: string): Place | undefined {
  return places().byCode.get(localGovernmentCode);
}

/** A prefecture's cities and wards (a designated city and then its wards), in code order. */
export function citiesOf(prefectureCode: string): { cityCode: string; cityName: string }[] {
  return allMunicipalities()
    .filter((m) => m.prefectureCode === prefectureCode && m.kind !== 'prefecture')
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((m) => {
      const p = places().byCode.get(m.code)!;
      return { cityCode: p.cityCode, cityName: p.cityName };
    });
}

export interface ParsedAddress {
  readonly place: Place;
  /** The city as written (with its county when given). */
  readonly cityName: string;
  readonly street: string;
  readonly postCode: string;
}

/**
 * Reads a Japanese address (with or without its prefecture): the longest city name it
 * starts with (after an optional county). A city name shared by two prefectures (伊達市,
 * 府中市 …) without a prefecture in the text goes to the first in code order.
 */
export function parseAddress(address: string): ParsedAddress | undefined {
  const { prefectures, cities } = places();
  let rest = address.trim();
  const pref = prefectures.find((p) => rest.startsWith(p.name));
  if (pref) rest = rest.slice(pref.name.length);
  const county = /^(.{1,5}?郡)/.exec(rest)?.[1];
  for (const withCounty of county ? [true, false] : [false]) {
    const text = withCounty && county ? rest.slice(county.length) : rest;
    for (const c of cities) {
      if (!text.startsWith(c.name)) continue;
      const place = c.places.find((p) => !pref || p.prefectureCode === pref.code);
      if (!place) continue;
      const street = text.slice(c.name.length).trim();
      return {
        place,
        cityName: withCounty && county ? `${county}${c.name}` : c.name,
        street,
        postCode: postCodeOf(place.localGovernmentCode, street),
      };
    }
  }
  return undefined;
}

/** The postal code whose area name the street begins with (longest such name), or ''. */
export function postCodeOf(localGovernmentCode: string, street: string): string {
  const s = street.normalize('NFKC').replace(/^大字/, '');
  let best = { code: '', length: -1 };
  for (const a of postalAreasOf(localGovernmentCode)) {
    const area = a.area.normalize('NFKC');
    if (area.length > best.length && (area === '' || s.startsWith(area)))
      best = { code: a.postalCode, length: area.length };
  }
  return best.code;
}
