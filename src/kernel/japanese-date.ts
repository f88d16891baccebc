/**
 * 和暦: Japanese era dates. Eras begin on these days (Gregorian); a date shows as the
 * era's name and year (元年 for the first), e.g. 平成2年5月1日 for 1990-05-01. The era
 * codes are JPKI's (1 明治 … 5 令和), as the signature certificate's birth date carries them.
 */
export const ERAS = [
  { code: 5, name: '令和', romaji: 'Reiwa', start: '2019-05-01' },
  { code: 4, name: '平成', romaji: 'Heisei', start: '1989-01-08' },
  { code: 3, name: '昭和', romaji: 'Showa', start: '1926-12-25' },
  { code: 2, name: '大正', romaji: 'Taisho', start: '1912-07-30' },
  { code: 1, name: '明治', romaji: 'Meiji', start: '1868-01-25' },
] as const;

export type Era = (typeof ERAS)[number];

export function eraOf(isoDate: string): Era {
  const era = ERAS.find((e) => isoDate >= e.start);
  if (!era) throw new RangeError('date before 明治');
  return era;
}

/** 1990-05-01 → 平成2年5月1日; the first year of an era is 元年. */
export function toWareki(isoDate: string): string {
  const era = eraOf(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const year = y - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${year === 1 ? '元' : year}年${m}月${d}日`;
}

/** 1990-05-01 → 1990年5月1日 */
export function toSeireki(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** Age in whole years on `on` (both YYYY-MM-DD): a birthday counts from its own day. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A real calendar day written YYYY-MM-DD (2023-02-29 is not one). */
export function isCalendarDay(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(v);
}
