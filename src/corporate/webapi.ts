import { DomainError } from '../kernel/errors.ts';
import { CorporateNumber } from '../numbers/index.ts';
import { CorporateErrors } from './errors.ts';
import { RESPONSE_TYPES, type ResponsePage, type ResponseType } from './formats.ts';
import { KIND_FILTERS } from './model.ts';
import { isDate } from './operations.ts';
import { PREFECTURE_CODE } from './places.ts';
import { englishKey, fuzzyKey, fuzzyPieces, looseKey, queryGrams } from './search-keys.ts';
import type { CorporateService, HeldPage } from './service.ts';
import type { NameQuery, Page, PageShape, PlaceQuery } from './store.ts';

/**
 * The Web-API v4 (SPECS.md §7): parameters parsed as the NTA's service reads them, each bad
 * one a typed error that `/4/*` answers as `NNN,message`. The three requests run against the
 * store and come back as one page of at most 2,000 records.
 */
export const PAGE_SIZE = 2000;
/** Longest period `/4/diff` answers for, in days (the NTA limits the period as well). */
export const MAX_DIFF_DAYS = 50;
export const MAX_NAME_LENGTH = 150;

export type Query = Record<string, unknown>;

const fail = (spec: (typeof CorporateErrors)[keyof typeof CorporateErrors], detail?: string): never => {
  throw new DomainError(spec, detail);
};

/**
 * The query string read strictly: `+` is a space, every percent-escape must decode as
 * UTF-8 (the lenient default parser keeps a bad escape as text, which would be searched),
 * a parameter given twice becomes a list (refused later).
 */
export function strictQuery(url: string): Query {
  const at = url.indexOf('?');
  const out: Record<string, string | string[]> = {};
  if (at < 0) return out;
  for (const pair of url.slice(at + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(k.replace(/\+/g, ' '));
      value = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return fail(CorporateErrors.CORPORATE_ENCODING_INVALID);
    }
    const seen = out[key];
    out[key] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return out;
}

/** One value of a parameter; repeated parameters and non-text values are refused. */
function param(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return fail(CorporateErrors.CORPORATE_PARAMETER_INVALID, `${name} repeated`);
  if (v.includes('\ufffd')) return fail(CorporateErrors.CORPORATE_ENCODING_INVALID, name);
  return v;
}

function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], fallback: T): T {
  const v = param(q, name);
  if (v === undefined || v === '') return fallback;
  if (!(allowed as readonly string[]).includes(v))
    return fail(CorporateErrors.CORPORATE_PARAMETER_INVALID, name);
  return v as T;
}

export function responseType(q: Query): ResponseType {
  const v = param(q, 'type');
  if (!v || !(RESPONSE_TYPES as readonly string[]).includes(v))
    return fail(CorporateErrors.CORPORATE_TYPE_INVALID);
  return v as ResponseType;
}

function divide(q: Query): number {
  const v = param(q, 'divide');
  if (v === undefined || v === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(v)) return fail(CorporateErrors.CORPORATE_DIVIDE_INVALID);
  return Number(v);
}

function dateParam(q: Query, name: string, required: boolean): string | undefined {
  const v = param(q, name);
  if (v === undefined || v === '')
    return required ? fail(CorporateErrors.CORPORATE_DATE_INVALID, name) : undefined;
  if (!isDate(v)) return fail(CorporateErrors.CORPORATE_DATE_INVALID, name);
  return v;
}

function period(q: Query, required: boolean): { from: string | undefined; to: string | undefined } {
  const from = dateParam(q, 'from', required);
  const to = dateParam(q, 'to', required);
  if (from && to && from > to) fail(CorporateErrors.CORPORATE_DATE_RANGE, 'from after to');
  return { from, to };
}

const PREFECTURE_WITH_CITY = new RegExp(`^${PREFECTURE_CODE}(\\d{3})?$`);

function place(q: Query): { prefectureCode?: string; cityCode?: string } {
  const v = param(q, 'address');
  if (v === undefined || v === '') return {};
  const m = PREFECTURE_WITH_CITY.exec(v);
  if (!m) return fail(CorporateErrors.CORPORATE_ADDRESS_INVALID);
  return m[2] ? { prefectureCode: m[1]!, cityCode: m[2] } : { prefectureCode: m[1]! };
}

function kinds(q: Query): readonly string[] | undefined {
  const v = param(q, 'kind');
  if (v === undefined || v === '') return undefined;
  return KIND_FILTERS[v] ?? fail(CorporateErrors.CORPORATE_PARAMETER_INVALID, 'kind');
}

/**
 * A response's page and, for a page written from memory, the hold on its bytes to let go of
 * once the response is sent (service.ts HeldPage).
 */
export interface AnsweredPage extends ResponsePage {
  readonly release?: () => void;
}

async function paged(
  run: (offset: number, limit: number) => Promise<Page | HeldPage>,
  page: number,
  service: CorporateService,
): Promise<AnsweredPage> {
  const offset = (page - 1) * PAGE_SIZE;
  const [result, lastUpdateDate] = await Promise.all([run(offset, PAGE_SIZE), service.lastUpdateDate()]);
  const release = 'release' in result ? result.release : undefined;
  const divideSize = Math.max(1, Math.ceil(result.count / PAGE_SIZE));
  if (page > divideSize) {
    release?.();
    fail(CorporateErrors.CORPORATE_DIVIDE_INVALID, `page ${page} of ${divideSize}`);
  }
  return {
    release,
    lastUpdateDate,
    count: result.count,
    divideNumber: page,
    divideSize,
    records: result.records,
    firstSequence: offset + 1,
  };
}

/** `/4/num`: up to 10 numbers, latest versions or (history=1) every version. */
export async function byNumber(service: CorporateService, q: Query): Promise<ResponsePage> {
  const raw = param(q, 'number');
  if (raw === undefined || raw === '') return fail(CorporateErrors.CORPORATE_NUMBER_MISSING);
  const parts = raw.split(',');
  if (parts.length > 10) fail(CorporateErrors.CORPORATE_NUMBER_TOO_MANY);
  const numbers: string[] = [];
  for (const p of parts) {
    // Exactly 13 ASCII digits: the Web-API takes no spaces, hyphens or full-width digits.
    if (!/^\d{13}$/.test(p) || !CorporateNumber.isValid(p)) fail(CorporateErrors.CORPORATE_NUMBER_INVALID);
    if (!numbers.includes(p)) numbers.push(p);
  }
  const history = oneOf(q, 'history', ['0', '1'], '0') === '1';
  const [records, lastUpdateDate] = await Promise.all([
    service.byNumbers(numbers, history),
    service.lastUpdateDate(),
  ]);
  return { lastUpdateDate, count: records.length, divideNumber: 1, divideSize: 1, records, firstSequence: 1 };
}

/** `/4/diff`: versions recorded in a period (at most MAX_DIFF_DAYS days), by place and kind. */
export async function byPeriod(
  service: CorporateService,
  q: Query,
  shape: PageShape = 'records',
): Promise<ResponsePage> {
  const { from, to } = period(q, true);
  const days = (Date.parse(to!) - Date.parse(from!)) / 86_400_000;
  if (days > MAX_DIFF_DAYS) fail(CorporateErrors.CORPORATE_DATE_RANGE, `${days} days`);
  const filter = { from: from!, to: to!, ...place(q), kinds: kinds(q) };
  const page = divide(q);
  return paged((offset, limit) => service.store.diff(filter, offset, limit, shape), page, service);
}

/** Parses `/4/name`'s search into the store's query. */
export function nameQuery(q: Query): NameQuery {
  const name = param(q, 'name');
  if (name === undefined) return fail(CorporateErrors.CORPORATE_NAME_INVALID, 'missing');
  const trimmed = name.normalize('NFC').trim();
  if (trimmed.length === 0 || Array.from(trimmed).length > MAX_NAME_LENGTH || /\p{Cc}/u.test(trimmed)) {
    fail(CorporateErrors.CORPORATE_NAME_INVALID, 'empty, too long or control characters');
  }
  const mode = oneOf(q, 'mode', ['1', '2'], '1') === '1' ? 'prefix' : 'partial';
  const targetCode = oneOf(q, 'target', ['1', '2', '3'], '1');
  const target = targetCode === '1' ? 'fuzzy' : targetCode === '2' ? 'exact' : 'english';
  const key = target === 'fuzzy' ? fuzzyKey(trimmed) : target === 'exact' ? trimmed : englishKey(trimmed);
  const pieces = target === 'fuzzy' ? fuzzyPieces(trimmed) : [target === 'english' ? key : looseKey(trimmed)];
  // A name that is only a legal form or punctuation leaves nothing to search by.
  if (key === '' || pieces.length === 0 || pieces.some((p) => p === '')) {
    fail(CorporateErrors.CORPORATE_NAME_INVALID, 'nothing to search by');
  }
  const { from, to } = period(q, false);
  return {
    target,
    mode,
    key,
    pieces,
    grams: [...new Set(pieces.flatMap(queryGrams))],
    formerNames: oneOf(q, 'change', ['0', '1'], '0') === '1',
    includeClosed: oneOf(q, 'close', ['0', '1'], '1') === '1',
    ...place(q),
    kinds: kinds(q),
    assignedFrom: from,
    assignedTo: to,
  };
}

/** `/4/name`: prefix or partial search by fuzzy, exact or English name. */
/** Half-width letters, digits and hyphens as the registry publishes them (full-width). */
function asPublished(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(/[-‐−–ー]/g, (c, i, all) => (/[０-９]/.test(all[i - 1] ?? '') ? '－' : c));
}

/** The site's search by address: `address` (a prefecture, or prefecture and city), `street`, `kind`, `close`. */
export function placeQuery(q: Query): PlaceQuery {
  const where = place(q);
  if (!where.prefectureCode) return fail(CorporateErrors.CORPORATE_ADDRESS_INVALID, 'address is required');
  const street = param(q, 'street')?.trim() ?? '';
  if (street.length > 100 || /\p{Cc}/u.test(street))
    return fail(CorporateErrors.CORPORATE_PARAMETER_INVALID, 'street');
  return {
    prefectureCode: where.prefectureCode,
    cityCode: where.cityCode,
    street: street ? asPublished(street) : undefined,
    kinds: kinds(q),
    includeClosed: oneOf(q, 'close', ['0', '1'], '1') === '1',
  };
}

export async function byName(
  service: CorporateService,
  q: Query,
  shape: PageShape = 'records',
): Promise<AnsweredPage> {
  const query = nameQuery(q);
  const page = divide(q);
  return paged((offset, limit) => service.searchName(query, offset, limit, shape), page, service);
}
