import { DomainError } from '../kernel/errors.ts';
import { RegistryErrors } from './errors.ts';

/**
 * 住民基本台帳: the basic resident register. Pure types and rules; no I/O.
 */

/** JIS X 0303 sex codes: 1 male, 2 female, 9 not applicable. */
export const SEXES = ['1', '2', '9'] as const;
export type Sex = (typeof SEXES)[number];

export const RESIDENT_STATUSES = ['resident', 'moved-out', 'emigrated', 'deceased'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

/**
 * Life events (届出・職権記載). `entry-from-abroad` (国外からの転入) is a first
 * registration like a birth, or the return of someone who had emigrated.
 */
export const LIFE_EVENTS = [
  'birth', // 出生
  'entry-from-abroad', // 国外からの転入
  'move-out', // 転出
  'move-in', // 転入
  'move-within', // 転居
  'name-change', // 氏名の変更
  'death', // 死亡
  'emigration', // 国外転出
  'correction', // 職権修正
] as const;
export type LifeEventKind = (typeof LIFE_EVENTS)[number];

/** Where a person with no record yet stands. */
export type Standing = ResidentStatus | 'unregistered';

/**
 * The lifecycle as a table: for each standing, the events that may be filed and the
 * status they lead to (`same` keeps it). Anything not listed is a conflict.
 */
export const TRANSITIONS: Readonly<
  Record<Standing, Partial<Record<LifeEventKind, ResidentStatus | 'same'>>>
> = {
  unregistered: { birth: 'resident', 'entry-from-abroad': 'resident' },
  resident: {
    'move-out': 'moved-out',
    'move-within': 'resident',
    'name-change': 'resident',
    death: 'deceased',
    emigration: 'emigrated',
    correction: 'same',
  },
  'moved-out': { 'move-in': 'resident', death: 'deceased', correction: 'same' },
  emigrated: { 'entry-from-abroad': 'resident', correction: 'same' },
  deceased: { correction: 'same' },
};

export function allowedEvents(from: Standing): LifeEventKind[] {
  return Object.keys(TRANSITIONS[from]) as LifeEventKind[];
}

/** The status after `event`, or a typed conflict listing what is allowed. */
export function nextStatus(from: Standing, event: LifeEventKind): ResidentStatus {
  const to = TRANSITIONS[from][event];
  if (to === undefined) {
    throw new DomainError(RegistryErrors.REGISTRY_EVENT_NOT_ALLOWED, `${event} from ${from}`, {
      status: from,
      event,
      allowed: allowedEvents(from),
    });
  }
  if (to === 'same') {
    if (from === 'unregistered') throw new Error('unreachable: correction of nobody');
    return from;
  }
  return to;
}

/** 転入: filed within 14 days of moving, or accepted with a late-filing flag. */
export const MOVE_IN_DEADLINE_DAYS = 14;

/** The four basic facts (基本4情報) as the register and the signature certificate carry them. */
export interface BasicFacts {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
  municipalityCode: string;
  address: string;
}

export type Fact = 'name' | 'birthDate' | 'sex' | 'address';

/** Which of the four facts differ: any change revokes the signature certificate. */
export function changedFacts(before: BasicFacts, after: BasicFacts): Fact[] {
  const out: Fact[] = [];
  if (
    before.familyName !== after.familyName ||
    before.givenName !== after.givenName ||
    before.familyNameKana !== after.familyNameKana ||
    before.givenNameKana !== after.givenNameKana
  ) {
    out.push('name');
  }
  if (before.birthDate !== after.birthDate) out.push('birthDate');
  if (before.sex !== after.sex) out.push('sex');
  if (before.municipalityCode !== after.municipalityCode || before.address !== after.address)
    out.push('address');
  return out;
}

/** Whole days from `a` to `b` (dates as YYYY-MM-DD, in the calendar, no time zone). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date of an instant in Japan (JST, UTC+9, no daylight saving). */
export function japanDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
