import { DomainError } from '../kernel/errors.ts';
import { isUuid } from '../kernel/ids.ts';
import { CorporateNumber } from '../numbers/index.ts';
import { PortalErrors } from './errors.ts';

/**
 * The Myna Portal's rules, pure: what a proxy may be given, the mandate's lifecycle, the
 * kinds of notice and whom a notice may reach, the actions a person's activity shows.
 */

/** What a mandate can cover: each is a feature of the portal a proxy may use for the principal. */
export const FEATURES = ['information', 'history', 'notices', 'activity'] as const;
export type Feature = (typeof FEATURES)[number];

/** A mandate lasts at most this long (then it is asked again). */
export const MAX_MANDATE_DAYS = 3 * 366;
/** A code handed to the other side is good this long. */
export const MANDATE_CODE_LIFETIME_MS = 7 * 86_400_000;
/** A child's legal representative: under this age, a parent in the household may act. */
export const MINOR_UNDER = 18;
/** Relationships (続柄) of a parent to the household head's children. */
export const PARENT_RELATIONSHIPS = ['世帯主', '妻', '夫'];

export const MANDATE_STATUSES = ['requested', 'active', 'declined', 'revoked', 'ended', 'expired'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];
export type MandateAction = 'accept' | 'decline' | 'revoke' | 'end' | 'lapse';

/** The mandate's lifecycle: from each status, the actions allowed and where they lead. */
export const MANDATE_TRANSITIONS: Readonly<
  Record<MandateStatus, Partial<Readonly<Record<MandateAction, MandateStatus>>>>
> = {
  requested: { accept: 'active', decline: 'declined', revoke: 'revoked', lapse: 'expired' },
  active: { revoke: 'revoked', end: 'ended', lapse: 'expired' },
  declined: {},
  revoked: {},
  ended: {},
  expired: {},
};

export function nextMandateStatus(from: MandateStatus, action: MandateAction): MandateStatus {
  const to = MANDATE_TRANSITIONS[from][action];
  if (!to) {
    throw new DomainError(PortalErrors.PORTAL_MANDATE_TRANSITION, `${action} from ${from}`, {
      status: from,
      allowed: Object.keys(MANDATE_TRANSITIONS[from]),
    });
  }
  return to;
}

/** Why a mandate ended without either side revoking it. */
export type EndReason = 'principal-card-stopped' | 'death' | 'emigration';

export const NOTICE_CATEGORIES = [
  'tax',
  'health',
  'child',
  'welfare',
  'pension',
  'disaster',
  'general',
] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/**
 * Whom a notice reaches. `list`: named residents of the sender; `attributes`: everyone the
 * sender serves who matches all the given attributes (age band on the day of sending, sex,
 * a child in the household of an age band, a copy of an item the sender holds about them —
 * receiving child allowance, say).
 */
export type Audience =
  | { readonly kind: 'list'; readonly residents: readonly string[] }
  | {
      readonly kind: 'attributes';
      readonly municipality?: string;
      readonly ageFrom?: number;
      readonly ageTo?: number;
      readonly sex?: '1' | '2' | '9';
      readonly childAgeFrom?: number;
      readonly childAgeTo?: number;
      /** Item code (TM…) of which the sender's node holds a copy for the person. */
      readonly holdsItem?: string;
    }
  | {
      /**
       * Corporations (their 法人ポータル inbox), by number or by place and kind: those the
       * sender serves (a municipality's, a prefecture's, everyone's for a national body),
       * designated and not closed.
       */
      readonly kind: 'corporations';
      readonly numbers?: readonly string[];
      readonly municipality?: string;
      /** Kinds of corporation (101 national body … 499 other). */
      readonly corporateKinds?: readonly string[];
    };

const age = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 150;
export const MAX_LIST = 10_000;

/** Reads an audience from a request, or refuses with what is wrong. */
export function parseAudience(input: unknown): Audience {
  const bad = (why: string): never => {
    throw new DomainError(PortalErrors.PORTAL_AUDIENCE_INVALID, why, { reason: why });
  };
  const o = (input ?? {}) as Record<string, unknown>;
  if (o.kind === 'list') {
    const list = o.residents;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_LIST) bad('residents: 1 to 10,000');
    if (!(list as unknown[]).every((r) => typeof r === 'string' && isUuid(r))) bad('residents: ids');
    return { kind: 'list', residents: [...new Set(list as string[])] };
  }
  if (o.kind === 'corporations') return parseCorporations(o, bad);
  if (o.kind !== 'attributes') return bad('kind: list, attributes or corporations');
  const known = [
    'kind',
    'municipality',
    'ageFrom',
    'ageTo',
    'sex',
    'childAgeFrom',
    'childAgeTo',
    'holdsItem',
  ];
  for (const k of Object.keys(o)) if (!known.includes(k)) bad(`unknown attribute ${k}`);
  for (const k of ['ageFrom', 'ageTo', 'childAgeFrom', 'childAgeTo'])
    if (o[k] !== undefined && !age(o[k])) bad(`${k}: 0 to 150`);
  if (o.ageFrom !== undefined && o.ageTo !== undefined && (o.ageFrom as number) > (o.ageTo as number))
    bad('ageFrom after ageTo');
  if (
    o.childAgeFrom !== undefined &&
    o.childAgeTo !== undefined &&
    (o.childAgeFrom as number) > (o.childAgeTo as number)
  )
    bad('childAgeFrom after childAgeTo');
  if (
    o.municipality !== undefined &&
    !(typeof o.municipality === 'string' && /^[0-9]{6}$/.test(o.municipality))
  )
    bad('municipality: 6 digits');
  if (o.sex !== undefined && !['1', '2', '9'].includes(o.sex as string)) bad('sex: 1, 2 or 9');
  if (o.holdsItem !== undefined && !(typeof o.holdsItem === 'string' && /^TM[0-9]{14}$/.test(o.holdsItem)))
    bad('holdsItem: an item code');
  return o as Audience;
}

function parseCorporations(o: Record<string, unknown>, bad: (why: string) => never): Audience {
  for (const k of Object.keys(o))
    if (!['kind', 'numbers', 'municipality', 'corporateKinds'].includes(k)) bad(`unknown attribute ${k}`);
  if (o.numbers !== undefined) {
    const list = o.numbers;
    if (o.municipality !== undefined || o.corporateKinds !== undefined)
      bad('numbers: alone, without place or kind');
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_LIST) bad('numbers: 1 to 10,000');
    const numbers = (list as unknown[]).map((n) => {
      const parsed = typeof n === 'string' ? CorporateNumber.parse(n) : null;
      return parsed?.ok ? String(parsed.value) : bad('numbers: 13-digit corporate numbers');
    });
    return { kind: 'corporations', numbers: [...new Set(numbers)] };
  }
  if (
    o.municipality !== undefined &&
    !(typeof o.municipality === 'string' && /^[0-9]{6}$/.test(o.municipality))
  )
    bad('municipality: 6 digits');
  const kinds = o.corporateKinds;
  if (
    kinds !== undefined &&
    !(
      Array.isArray(kinds) &&
      kinds.length > 0 &&
      kinds.length <= 20 &&
      kinds.every((k) => typeof k === 'string' && /^[1-4][0-9]{2}$/.test(k))
    )
  )
    bad('corporateKinds: kind codes 101 to 499');
  return {
    kind: 'corporations',
    ...(o.municipality !== undefined ? { municipality: o.municipality as string } : {}),
    ...(kinds !== undefined ? { corporateKinds: [...new Set(kinds as string[])] } : {}),
  };
}

/** A link to act on a notice: our own pages, or an https site. Never script. */
export function isSafeLink(link: string): boolean {
  if (link.startsWith('/') && !link.startsWith('//')) return !/[\\\s]/.test(link);
  try {
    const u = new URL(link);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** What a person's activity (操作履歴) records. */
export const ACTIVITY_ACTIONS = [
  'login',
  'number-revealed',
  'information-viewed',
  'information-exported',
  'history-viewed',
  'notice-read',
  'notice-acted',
  'mandate-requested',
  'mandate-accepted',
  'mandate-declined',
  'mandate-revoked',
  'mandate-ended',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];
