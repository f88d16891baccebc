import { DomainError } from '../kernel/errors.ts';
import { isCalendarDay } from '../kernel/japanese-date.ts';
import { type ItemLayout, LAYOUTS } from './catalogue.ts';
import { LinkageErrors } from './errors.ts';

/** Each item's versions, newest first. */
const BY_CODE = new Map<string, ItemLayout[]>();
for (const l of LAYOUTS) BY_CODE.set(l.code, [...(BY_CODE.get(l.code) ?? []), l]);
for (const versions of BY_CODE.values()) versions.sort((a, b) => b.version - a.version);

/**
 * The item's layout version in force on a day (YYYY-MM-DD); without a day, the newest.
 * Before the first version came into force, the first.
 */
export function layoutOf(item: string, on?: string): ItemLayout {
  const versions = BY_CODE.get(item);
  if (!versions) throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'unknown item', { field: 'item' });
  if (on === undefined) return versions[0]!;
  return versions.find((v) => v.from <= on) ?? versions.at(-1)!;
}

/** One version of an item's layout; null when the item has no such version. */
export function layoutVersion(item: string, version: number): ItemLayout | null {
  return BY_CODE.get(item)?.find((v) => v.version === version) ?? null;
}

/** The Japanese fiscal year (年度, April to March) a day falls in. */
export function fiscalYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 4 ? year : year - 1;
}

/** The day a copy holds from: a fiscal year's first day, the layout's own date field, or the day given. */
export function validFromOf(layout: ItemLayout, copy: Record<string, unknown>, fallback: string): string {
  if (layout.byFiscalYear)
    return Number.isSafeInteger(copy.fiscalYear) ? `${copy.fiscalYear}-04-01` : fallback;
  const since = layout.since === undefined ? undefined : copy[layout.since];
  return isCalendarDay(since) ? since : fallback;
}

/**
 * Checks a copy against its item's data standard layout as in force on the day the copy
 * holds from: every required field in force present, every field of its type, nothing
 * the layout does not name or that is not in force that day. Returns a clean copy.
 */
export function checkCopy(layout: ItemLayout, data: unknown, on: string): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'copy is not an object');
  }
  const input = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const inForce = layout.fields.filter((f) => (f.from ?? on) <= on && on <= (f.to ?? on));
  const names = new Set(inForce.map((f) => f.name));
  for (const key of Object.keys(input)) {
    if (!names.has(key)) {
      const known = layout.fields.some((f) => f.name === key);
      throw new DomainError(
        LinkageErrors.LINKAGE_LAYOUT_INVALID,
        known ? 'field not in force on that day' : 'unknown field',
        { field: key },
      );
    }
  }
  for (const f of inForce) {
    const v = input[f.name];
    if (v === undefined || v === null) {
      if (f.required)
        throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'missing field', { field: f.name });
      continue;
    }
    const ok =
      (f.type === 'string' && typeof v === 'string' && v.length <= 400) ||
      (f.type === 'integer' && Number.isSafeInteger(v)) ||
      (f.type === 'boolean' && typeof v === 'boolean') ||
      (f.type === 'date' && isCalendarDay(v));
    if (!ok) throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'wrong type', { field: f.name });
    out[f.name] = v;
  }
  return out;
}
