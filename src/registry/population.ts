import type { Municipality } from './municipalities.ts';
import {
  AGE_SEX_2018,
  CATEGORY_2018,
  FAMILY_NAMES,
  GIVEN_NAMES,
  HOUSEHOLD_SIZES,
  PREFECTURE_POPULATION_2018,
  TOWN_NAMES,
} from './population-data.ts';
import { type PostalArea, postalAreasOf } from './postal-codes.ts';

/**
 * Synthetic residents for demos, tests and benchmarks: the age and sex pyramid of
 * 2018, municipalities weighted by population, households of realistic sizes with a
 * head and relationships, common names with their readings. Deterministic for a seed.
 * Nobody here is real; the numbers they get are issued by the register like anyone's.
 */
export interface SyntheticPerson {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: '1' | '2';
  relationship: string;
}

export interface SyntheticHousehold {
  municipalityCode: string;
  address: string;
  /** A real postal code of the municipality, with its area name at the start of `address`. */
  postalCode: string | null;
  members: SyntheticPerson[];
}

/** sfc32: a fast, seedable generator; plenty for synthetic data (never for secrets). */
export function fastRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed >>> 3);
  let c = 0xb7e15162;
  let d = 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Picks indexes in proportion to weights (cumulative table + binary search). */
function weighted(weights: readonly number[]): (r: number) => number {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cum.push(total);
  }
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

type Category = keyof typeof CATEGORY_2018;

function categoryOf(m: Municipality): Category {
  if (m.kind === 'ward') return 'designatedCity';
  if (m.prefectureCode === '13' && m.name.endsWith('区')) return 'specialWard';
  return m.name.endsWith('市') ? 'city' : 'townOrVillage';
}

/** Weight of each unit: its prefecture's population shared by kind-of-municipality weights. */
export function municipalityWeights(units: readonly Municipality[]): number[] {
  const counts = new Map<Category, number>();
  for (const u of units) counts.set(categoryOf(u), (counts.get(categoryOf(u)) ?? 0) + 1);
  const perUnit = (c: Category) => CATEGORY_2018[c] / (counts.get(c) ?? 1);
  const prefTotals = new Map<string, number>();
  for (const u of units)
    prefTotals.set(u.prefectureCode, (prefTotals.get(u.prefectureCode) ?? 0) + perUnit(categoryOf(u)));
  return units.map(
    (u) =>
      ((PREFECTURE_POPULATION_2018[u.prefectureCode] ?? 1000) * perUnit(categoryOf(u))) /
      prefTotals.get(u.prefectureCode)!,
  );
}

export interface PopulationOptions {
  units: readonly Municipality[];
  seed: number;
  /** The day ages are counted to (YYYY-MM-DD). */
  today: string;
}

/** The postal areas of a municipality that have a name (the bare code covers "everything else"). */
const areaCache = new Map<string, readonly PostalArea[]>();
function namedAreas(municipalityCode: string): readonly PostalArea[] {
  let areas = areaCache.get(municipalityCode);
  if (!areas) {
    areas = postalAreasOf(municipalityCode).filter((a) => a.area !== '' && !a.area.includes('（'));
    areaCache.set(municipalityCode, areas);
  }
  return areas;
}

/** An endless stream of households; take as many people as you need. */
export function* households(opts: PopulationOptions): Generator<SyntheticHousehold> {
  const rnd = fastRandom(opts.seed);
  const pickUnit = weighted(municipalityWeights(opts.units));
  const bands = AGE_SEX_2018.flatMap(([from, to, m, f]) => [
    { from, to, sex: '1' as const, w: m },
    { from, to, sex: '2' as const, w: f },
  ]);
  // Heads are adults only, so the other members lean young to keep the whole pyramid:
  // about 45% of people head a household, and 12% of all are children.
  const pickBand = weighted(bands.map((b) => (b.from < 20 ? b.w * 1.9 : b.w)));
  const adultBands = bands.map((b) => (b.from >= 20 ? b.w : 0));
  const pickAdult = weighted(adultBands);
  const pickSize = weighted(HOUSEHOLD_SIZES.map(([, w]) => w));
  const familyWeights = FAMILY_NAMES.map((_, i) => 1 / (i + 3)); // Zipf-like: common names are common
  const pickFamily = weighted(familyWeights);
  const [ty, tm, td] = opts.today.split('-').map(Number) as [number, number, number];
  const todayUtc = Date.UTC(ty, tm - 1, td);

  const birthDate = (band: (typeof bands)[number]) => {
    const age = band.from + Math.floor(rnd() * (band.to - band.from + 1));
    const daysIntoYear = Math.floor(rnd() * 365);
    const t = Date.UTC(ty - age - 1, tm - 1, td) + (daysIntoYear + 1) * 86_400_000;
    return new Date(Math.min(t, todayUtc)).toISOString().slice(0, 10);
  };
  const person = (
    band: (typeof bands)[number],
    family: readonly [string, string],
    relationship: string,
  ): SyntheticPerson => {
    const names = GIVEN_NAMES[band.sex];
    const [given, givenKana] = names[Math.floor(rnd() * names.length)]!;
    return {
      familyName: family[0],
      givenName: given,
      familyNameKana: family[1],
      givenNameKana: givenKana,
      birthDate: birthDate(band),
      sex: band.sex,
      relationship,
    };
  };

  for (;;) {
    const unit = opts.units[pickUnit(rnd())]!;
    const size = HOUSEHOLD_SIZES[pickSize(rnd())]![0];
    const family = FAMILY_NAMES[pickFamily(rnd())]!;
    const headBand = bands[pickAdult(rnd())]!;
    const head = person(headBand, family, '世帯主');
    const members = [head];
    let spouse = false;
    for (let i = 1; i < size; i++) {
      const band = bands[pickBand(rnd())]!;
      const diff = headBand.from - band.from;
      let relationship: string;
      if (!spouse && Math.abs(diff) <= 10 && band.sex !== headBand.sex && band.from >= 20) {
        relationship = band.sex === '2' ? '妻' : '夫';
        spouse = true;
      } else if (diff >= 16) relationship = '子';
      else if (diff <= -16) relationship = band.sex === '2' ? '母' : '父';
      else relationship = '同居人';
      const fam = relationship === '同居人' ? FAMILY_NAMES[pickFamily(rnd())]! : family;
      members.push(person(band, fam, relationship));
    }
    // A real area of the municipality with its postal code (Japan Post's list); made-up
    // town names only where the list has none.
    const areas = namedAreas(unit.code);
    const area = areas.length > 0 ? areas[Math.floor(rnd() * areas.length)]! : null;
    const town = area?.area ?? TOWN_NAMES[Math.floor(rnd() * TOWN_NAMES.length)]!;
    const address = `${town}${1 + Math.floor(rnd() * 5)}丁目${1 + Math.floor(rnd() * 30)}番${1 + Math.floor(rnd() * 20)}号`;
    yield { municipalityCode: unit.code, address, postalCode: area?.postalCode ?? null, members };
  }
}
