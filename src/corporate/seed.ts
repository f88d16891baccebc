import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../kernel/db.ts';
import { deferSecondaryIndexes } from '../kernel/db.ts';
import { CorporateNumber, LocalGovernmentCode } from '../numbers/index.ts';
import { ROOT_DIR } from '../platform/web-build.ts';
import { allMunicipalities, residentialUnits } from '../registry/municipalities.ts';
import { postalAreasOf } from '../registry/postal-codes.ts';
import { blankVersion, type CorporationVersion, type KindCode, kindOfName } from './model.ts';
import { parseAddress, placeOf } from './places.ts';
import { VERSION_COLUMNS, versionRow } from './store.ts';

/**
 * Seed data for the corporate registry: the real EDINET filers, every prefecture and
 * municipality as a local government corporation (number from its code), the national
 * bodies whose numbers are known, and a synthetic generator for scale. All of it goes in
 * with COPY; an empty registry gets its secondary indexes built once at the end.
 */
export const EDINET_FILE = join(ROOT_DIR, 'seed-data', 'edinet-filers-2018-08-13.csv');
/** The day existing corporations were first given their numbers (法人番号の指定). */
export const FIRST_DESIGNATION = '2015-10-05';

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** 国税庁's record exactly as SPECS.md §7 gives it. */
export function nationalTaxAgency(): CorporationVersion {
  return {
    ...blankVersion(),
    corporateNumber: '7000012050002',
    process: '01',
    correct: '1',
    updateDate: '2018-04-02',
    changeDate: '2015-10-05',
    name: '国税庁',
    kind: '101',
    prefectureName: '東京都',
    cityName: '千代田区',
    streetNumber: '霞が関３丁目１－１',
    prefectureCode: '13',
    cityCode: '101',
    postCode: '1000013',
    assignmentDate: '2015-10-05',
    latest: '1',
    enName: 'National Tax Agency',
    enPrefectureName: 'Tokyo',
    enCityName: 'Chiyoda ku',
    furigana: 'コクゼイチョウ',
    hihyoji: '0',
  };
}

const firstVersion = (
  v: Partial<CorporationVersion> & Pick<CorporationVersion, 'corporateNumber' | 'name' | 'kind'>,
) =>
  ({
    ...blankVersion(),
    process: '01',
    correct: '0',
    updateDate: FIRST_DESIGNATION,
    changeDate: FIRST_DESIGNATION,
    assignmentDate: FIRST_DESIGNATION,
    latest: '1',
    hihyoji: '0',
    ...v,
  }) as CorporationVersion;

/** The EDINET filers as first versions; addresses read into prefecture, city and street. */
export function edinetCorporations(file = EDINET_FILE): CorporationVersion[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = (name: string) => header!.indexOf(name);
  const [num, name, en, kana, addr, type] = [
    'corporate_number',
    'name',
    'name_en',
    'name_kana',
    'address',
    'filer_type',
  ].map(col) as [number, number, number, number, number, number];
  const out: CorporationVersion[] = [];
  for (const r of rows) {
    const number = r[num] ?? '';
    if (!CorporateNumber.isValid(number)) continue;
    const a = parseAddress(r[addr] ?? '');
    out.push(
      firstVersion({
        corporateNumber: number,
        name: r[name]!,
        kind: r[type]?.startsWith('外国') ? '401' : kindOfName(r[name]!),
        enName: r[en] ?? '',
        furigana: r[kana] ?? '',
        ...(a
          ? {
              prefectureName: a.place.prefectureName,
              cityName: a.cityName,
              streetNumber: a.street,
              prefectureCode: a.place.prefectureCode,
              cityCode: a.place.cityCode,
              postCode: a.postCode,
              enPrefectureName: a.place.enPrefectureName,
              enCityName: a.place.enCityName,
            }
          : { streetNumber: r[addr] ?? '' }),
      }),
    );
  }
  return out;
}

/** Every prefecture and municipality (designated-city wards are not corporations). */
export function localGovernments(): CorporationVersion[] {
  return allMunicipalities()
    .filter((m) => m.kind !== 'ward')
    .map((m) => {
      const place = placeOf(m.code)!;
      return firstVersion({
        corporateNumber: CorporateNumber.forLocalGovernment(LocalGovernmentCode.from(m.code)),
        name: m.name,
        kind: '201',
        furigana: m.nameKana,
        prefectureName: place.prefectureName,
        cityName: place.cityName,
        prefectureCode: place.prefectureCode,
        cityCode: place.cityCode,
        enPrefectureName: place.enPrefectureName,
        enCityName: place.enCityName,
      });
    });
}

/** The real corporations: national bodies, local governments, EDINET filers. */
export function realCorporations(): CorporationVersion[] {
  const seen = new Set<string>();
  return [nationalTaxAgency(), ...localGovernments(), ...edinetCorporations()].filter((v) => {
    if (seen.has(v.corporateNumber)) return false;
    seen.add(v.corporateNumber);
    return true;
  });
}

// Words for synthetic trade names, with readings, so furigana are real readings.
const STEMS: readonly (readonly [string, string])[] = [
  ['山田', 'ヤマダ'],
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['清水', 'シミズ'],
  ['森', 'モリ'],
  ['東洋', 'トウヨウ'],
  ['大和', 'ヤマト'],
  ['富士', 'フジ'],
  ['日本', 'ニホン'],
  ['昭和', 'ショウワ'],
  ['平成', 'ヘイセイ'],
  ['中央', 'チュウオウ'],
  ['北斗', 'ホクト'],
  ['旭', 'アサヒ'],
  ['光', 'ヒカリ'],
  ['若葉', 'ワカバ'],
  ['青空', 'アオゾラ'],
  ['桜', 'サクラ'],
  ['みどり', 'ミドリ'],
  ['ひまわり', 'ヒマワリ'],
  ['アルファ', 'アルファ'],
  ['テクノ', 'テクノ'],
  ['サン', 'サン'],
  ['グリーン', 'グリーン'],
  ['ネクスト', 'ネクスト'],
  ['ユニバーサル', 'ユニバーサル'],
  ['エース', 'エース'],
  ['スター', 'スター'],
  ['ライフ', 'ライフ'],
  ['クリエイト', 'クリエイト'],
];
const TRADES: readonly (readonly [string, string])[] = [
  ['商事', 'ショウジ'],
  ['工業', 'コウギョウ'],
  ['建設', 'ケンセツ'],
  ['運輸', 'ウンユ'],
  ['不動産', 'フドウサン'],
  ['電機', 'デンキ'],
  ['食品', 'ショクヒン'],
  ['興産', 'コウサン'],
  ['産業', 'サンギョウ'],
  ['企画', 'キカク'],
  ['開発', 'カイハツ'],
  ['物産', 'ブッサン'],
  ['設備', 'セツビ'],
  ['製作所', 'セイサクショ'],
  ['工務店', 'コウムテン'],
  ['サービス', 'サービス'],
  ['システム', 'システム'],
  ['ホールディングス', 'ホールディングス'],
  ['コンサルティング', 'コンサルティング'],
  ['エンジニアリング', 'エンジニアリング'],
  ['トレーディング', 'トレーディング'],
  ['プランニング', 'プランニング'],
  ['', ''],
];
/** Kanji common in trade names, each with one of its readings. */
const NAME_KANJI: readonly (readonly [string, string])[] = (
  '大ダイ 小ショウ 中ナカ 山ヤマ 川カワ 田タ 本モト 東トウ 西セイ 南ナン 北ホク 新シン 光コウ 明メイ 和ワ 平ヘイ ' +
  '安アン 栄エイ 昭ショウ 成セイ 富トミ 丸マル 高タカ 長ナガ 松マツ 竹タケ 梅ウメ 桜サクラ 菊キク 藤フジ 金キン 銀ギン ' +
  '石イシ 岩イワ 森モリ 林リン 泉イズミ 海カイ 洋ヨウ 星ホシ 月ツキ 日ニチ 陽ヨウ 雲ウン 風フウ 雪セツ 花ハナ 緑ミドリ ' +
  '青セイ 白シロ 赤アカ 黒クロ 千セン 万マン 百ヒャク 一イチ 三サン 五ゴ 八ハチ 十ジュウ 天テン 地チ 人ジン 心シン ' +
  '信シン 誠セイ 正セイ 義ギ 勝ショウ 達タツ 進シン 興コウ 昌ショウ 隆リュウ 盛セイ 豊ホウ 福フク 寿ジュ 幸コウ 吉キチ ' +
  '宝ホウ 玉タマ 国コク 京キョウ 都ト 港ミナト 橋ハシ 島シマ 野ノ 原ハラ 宮ミヤ 村ムラ 城シロ 関セキ 岡オカ 坂サカ 谷タニ 沢サワ'
)
  .split(' ')
  .map((w) => [w[0]!, w.slice(1)] as const);

/** Katakana syllables for coined names (サクテ, ノルミ …). */
const SYLLABLES = Array.from(
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ',
);

/** Municipality names without 市/町/村/区, with their readings: 横浜/ヨコハマ, 千代田/チヨダ. */
function placeStems(): (readonly [string, string])[] {
  const suffixes: [string, string[]][] = [
    ['市', ['シ']],
    ['町', ['マチ', 'チョウ']],
    ['村', ['ムラ', 'ソン']],
    ['区', ['ク']],
  ];
  const out = new Map<string, string>();
  for (const m of allMunicipalities()) {
    if (m.kind === 'prefecture') continue;
    for (const [kanji, readings] of suffixes) {
      const reading = readings.find((r) => m.nameKana.endsWith(r));
      if (m.name.endsWith(kanji) && reading && m.name.length > 1) {
        out.set(m.name.slice(0, -1), m.nameKana.slice(0, -reading.length));
      }
    }
  }
  return [...out];
}

/** Kinds by share of the real register, with the legal form written in the name. */
const FORMS: readonly { kind: KindCode; form: string; reading: string; weight: number; org: string }[] = [
  { kind: '301', form: '株式会社', reading: 'カブシキガイシャ', weight: 55, org: '01' },
  { kind: '302', form: '有限会社', reading: 'ユウゲンガイシャ', weight: 28, org: '02' },
  { kind: '305', form: '合同会社', reading: 'ゴウドウガイシャ', weight: 7, org: '03' },
  { kind: '304', form: '合資会社', reading: 'ゴウシガイシャ', weight: 2, org: '04' },
  { kind: '303', form: '合名会社', reading: 'ゴウメイガイシャ', weight: 1, org: '04' },
  { kind: '399', form: '一般社団法人', reading: 'イッパンシャダンホウジン', weight: 7, org: '05' },
];

/** The form whose share of the total weight `w` falls in. */
function weighted(w: number): (typeof FORMS)[number] {
  let rest = w;
  for (const f of FORMS) {
    if (rest < f.weight) return f;
    rest -= f.weight;
  }
  return FORMS[0]!;
}

export interface SyntheticOptions {
  readonly count: number;
  readonly seed: number;
  /** Numbers already taken (real corporations), never generated again. */
  readonly taken: ReadonlySet<string>;
  /** The last day a synthetic corporation may be designated or changed. */
  readonly today: string;
}

/**
 * Synthetic corporations in batches of versions: realistic names, kinds and addresses (real
 * municipalities and postal areas); some renamed, moved or closed since, so history, former
 * names and closures are there to search. Deterministic for a seed.
 */
export function* syntheticCorporations(
  opts: SyntheticOptions,
  batch = 20_000,
): Generator<CorporationVersion[]> {
  const next = generator(opts.seed);
  const uniform = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]) => list[uniform(list.length)]!;
  const units = residentialUnits();
  const places = placeStems();
  // How real trade names begin, roughly: coined kanji pairs (大栄, 富士見 …), katakana coinages,
  // place names, family names and common words. Tens of thousands of beginnings, so a
  // three-character prefix finds dozens of corporations, not thousands.
  const leadWord = (): readonly [string, string] => {
    const roll = uniform(100);
    if (roll < 45) {
      const [a, ar] = pick(NAME_KANJI);
      const [b, br] = pick(NAME_KANJI);
      return [`${a}${b}`, `${ar}${br}`];
    }
    if (roll < 65) {
      const w = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
      return [w, w];
    }
    return roll < 85 ? pick(places) : pick(STEMS);
  };
  const totalWeight = FORMS.reduce((s, f) => s + f.weight, 0);
  const serials = new Map<string, number>();
  const start = Date.parse(FIRST_DESIGNATION);
  const span = Math.max(1, (Date.parse(opts.today) - start) / 86_400_000);
  const dayAfter = (from: string) => {
    const base = Date.parse(from);
    const rest = Math.max(1, (Date.parse(opts.today) - base) / 86_400_000);
    return new Date(base + (1 + uniform(rest)) * 86_400_000).toISOString().slice(0, 10);
  };
  let out: CorporationVersion[] = [];
  let made = 0;
  while (made < opts.count) {
    const form = weighted(uniform(totalWeight));
    const unit = pick(units);
    const place = placeOf(unit.code)!;
    // Registry office by prefecture, organisation kind, then a serial: a real-shaped base.
    const office = `${place.prefectureCode}${String(10 + uniform(90))}`;
    const key = `${office}${form.org}`;
    const serial = (serials.get(key) ?? 500_000) + 1;
    serials.set(key, serial);
    if (serial > 999_999) continue;
    const number = CorporateNumber.forRegisteredCompany(`${key}${String(serial).padStart(6, '0')}`);
    if (opts.taken.has(number)) continue;
    // One stem, or two (a place and a word: 横浜テクノ): millions of distinct names, as real ones are.
    const [lead, leadReading] = leadWord();
    const [second, secondReading] = uniform(10) < 3 ? pick(STEMS) : ['', ''];
    const [stem, stemReading] = [`${lead}${second}`, `${leadReading}${secondReading}`];
    const [trade, tradeReading] = pick(TRADES);
    const before = form.kind === '399' || uniform(10) < 4;
    const name = before ? `${form.form}${stem}${trade}` : `${stem}${trade}${form.form}`;
    const furigana = before
      ? `${form.reading}${stemReading}${tradeReading}`
      : `${stemReading}${tradeReading}${form.reading}`;
    const areas = postalAreasOf(unit.code);
    const area = areas.length > 0 ? pick(areas) : { postalCode: '', area: '' };
    const street = `${area.area}${1 + uniform(5)}丁目${1 + uniform(30)}番${1 + uniform(20)}号`;
    const assignment = new Date(start + uniform(span) * 86_400_000).toISOString().slice(0, 10);
    const first = firstVersion({
      corporateNumber: number,
      name,
      kind: form.kind,
      furigana,
      prefectureName: place.prefectureName,
      cityName: place.cityName,
      streetNumber: street,
      prefectureCode: place.prefectureCode,
      cityCode: place.cityCode,
      postCode: area.postalCode,
      enPrefectureName: place.enPrefectureName,
      enCityName: place.enCityName,
      updateDate: assignment,
      changeDate: assignment,
      assignmentDate: assignment,
    });
    const versions = [first];
    // One in twenty renamed, one in twenty moved, one in thirty closed since.
    const roll = uniform(60);
    if (roll < 8) {
      const day = dayAfter(assignment);
      const next: CorporationVersion = { ...first, updateDate: day, changeDate: day };
      if (roll < 3) {
        const [newStem, newReading] = leadWord();
        Object.assign(next, {
          process: '11',
          name: next.name.replace(stem, newStem),
          furigana: next.furigana.replace(stemReading, newReading),
        });
      } else if (roll < 6) {
        const a = pick(areas.length > 0 ? areas : [area]);
        Object.assign(next, {
          process: '12',
          streetNumber: `${a.area}${1 + uniform(9)}番地`,
          postCode: a.postalCode,
        });
      } else {
        Object.assign(next, { process: '21', closeDate: day, closeCause: '01' });
      }
      versions.push(next);
    }
    for (const [i, v] of versions.entries()) {
      v.latest = i === versions.length - 1 ? '1' : '0';
      out.push(v);
    }
    made++;
    if (out.length >= batch) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/**
 * A fast seeded generator (mulberry32) for synthetic data only: millions of names need
 * tens of millions of draws, and the kernel's 64-bit generator works in BigInt.
 */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadResult {
  readonly corporations: number;
  readonly versions: number;
  readonly seconds: number;
}

/**
 * Loads versions with COPY, a batch per transaction, `inFlight` batches at once. Each
 * corporation's versions must arrive together and in order (version numbers are their
 * positions). Into an empty registry the secondary indexes are dropped first and built
 * once at the end (`large`).
 */
/** A registry this small holds only seed data: a large load may take its indexes down for a while. */
const SEED_SIZED = 100_000;

export async function loadVersions(
  database: Database,
  batches: Iterable<CorporationVersion[]>,
  opts: { inFlight?: number; onProgress?: (corporations: number) => void; large?: boolean } = {},
): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const [{ n }] = (await database.query<{ n: string }>('select count(*) as n from corporate.versions')) as [
    { n: string },
  ];
  let corporations = 0;
  let versions = 0;
  const load = async () => {
    const running = new Set<Promise<void>>();
    let failure: unknown = null;
    for (const batch of batches) {
      if (failure) break;
      const rows: unknown[][] = [];
      let previous = '';
      let no = 0;
      for (const v of batch) {
        no = v.corporateNumber === previous ? no + 1 : 1;
        previous = v.corporateNumber;
        if (no === 1) corporations++;
        rows.push(versionRow(v, no));
      }
      versions += rows.length;
      const p = database
        .copyRows([{ table: 'corporate.versions', columns: VERSION_COLUMNS, rows }])
        .catch((e: unknown) => {
          failure = e;
        })
        .finally(() => running.delete(p));
      running.add(p);
      if (running.size >= (opts.inFlight ?? 2)) await Promise.race(running);
      opts.onProgress?.(corporations);
    }
    await Promise.all(running);
    if (failure) throw failure;
  };
  // Into a registry holding no more than the seed data (the real corporations), a large load
  // builds the secondary indexes once at the end rather than row by row.
  const defer = opts.large === true && Number(n) < SEED_SIZED;
  await (defer ? deferSecondaryIndexes(database, 'corporate', ['versions'], load) : load());
  // After a large load, VACUUM as well: it sets the rows' hint bits and the visibility map
  // once, so the first searches neither write every page they read nor skip index-only scans.
  await database.query(opts.large ? 'vacuum analyze corporate.versions' : 'analyze corporate.versions');
  return { corporations, versions, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
