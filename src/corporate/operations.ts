import { DomainError } from '../kernel/errors.ts';
import { toKatakana } from '../kernel/japanese-text.ts';
import { CorporateNumber, LocalGovernmentCode } from '../numbers/index.ts';
import { CorporateErrors } from './errors.ts';
import { CLOSE_CAUSES, type CloseCause, KIND_CODES, type KindCode, type ProcessCode } from './model.ts';
import { type Place, placeOf, postCodeOf } from './places.ts';

/**
 * The NTA operator's operations, parsed at the edge: designation of a number for a new
 * corporation, and each later change as its process code. Parsing turns a request body into
 * these types or throws CORPORATE_FIELD_INVALID naming the field.
 */
export type NumberSource =
  | { readonly kind: 'registered'; readonly registrationNumber: string }
  | { readonly kind: 'local-government'; readonly localGovernmentCode: string }
  | { readonly kind: 'national-body'; readonly serial: string };

export type Address =
  | {
      readonly domestic: Place;
      readonly cityName: string;
      readonly street: string;
      readonly postCode: string;
    }
  | { readonly outside: string; readonly enOutside: string };

export interface Designation {
  readonly number: CorporateNumber;
  readonly name: string;
  readonly furigana: string;
  readonly enName: string;
  readonly kind: KindCode;
  readonly address: Address;
  /** 法人番号指定年月日; today when not given. */
  readonly assignmentDate: string | undefined;
  readonly hidden: boolean;
}

export interface Change {
  readonly process: Exclude<ProcessCode, '01'>;
  readonly changeDate: string;
  readonly correct: boolean;
  readonly changeCause: string;
  readonly name?: { readonly name: string; readonly furigana: string; readonly enName: string };
  readonly address?: Address;
  readonly closeCause?: CloseCause;
  readonly successor?: CorporateNumber;
}

const invalid = (field: string, reason: string): never => {
  throw new DomainError(CorporateErrors.CORPORATE_FIELD_INVALID, `${field}: ${reason}`, { field, reason });
};

type Body = Record<string, unknown>;

function text(body: Body, field: string, max: number, required: boolean): string {
  const v = body[field];
  if (v === undefined || v === null || v === '') return required ? invalid(field, 'is required') : '';
  if (typeof v !== 'string') return invalid(field, 'must be text');
  const s = v.normalize('NFC').trim();
  if (s.length > max) invalid(field, `is longer than ${max} characters`);
  if (/\p{Cc}/u.test(s)) invalid(field, 'has control characters');
  if (required && s.length === 0) invalid(field, 'is required');
  return s;
}

export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function date(body: Body, field: string, required: boolean): string | undefined {
  const s = text(body, field, 10, required);
  if (s === '') return undefined;
  if (!isDate(s)) invalid(field, 'must be a date YYYY-MM-DD');
  return s;
}

function furigana(body: Body): string {
  const s = toKatakana(text(body, 'furigana', 200, false).normalize('NFKC'));
  if (s && !/^[\u30a1-\u30fc\u3000 ・]+$/.test(s)) invalid('furigana', 'must be written in kana');
  return s;
}

function address(body: Body): Address {
  const outside = text(body, 'addressOutside', 300, false);
  if (outside) return { outside, enOutside: text(body, 'enAddressOutside', 300, false) };
  const code = text(body, 'localGovernmentCode', 6, true);
  const place = LocalGovernmentCode.isValid(code) ? placeOf(code) : undefined;
  if (!place || place.cityCode === '')
    invalid('localGovernmentCode', 'must be a municipality’s or ward’s code');
  const street = text(body, 'streetNumber', 300, true);
  const given = text(body, 'postCode', 8, false).replace('-', '');
  if (given && !/^\d{7}$/.test(given)) invalid('postCode', 'must be 7 digits');
  const county = text(body, 'county', 20, false);
  if (county && !county.endsWith('郡')) invalid('county', 'must end in 郡');
  return {
    domestic: place!,
    cityName: `${county}${place!.cityName}`,
    street,
    postCode: given || postCodeOf(place!.localGovernmentCode, street),
  };
}

function numberSource(body: Body): NumberSource {
  const registration = text(body, 'registrationNumber', 14, false).replace(/-/g, '');
  if (registration) {
    if (!/^\d{12}$/.test(registration))
      invalid('registrationNumber', 'must be the 12-digit company registration number');
    return { kind: 'registered', registrationNumber: registration };
  }
  const lg = text(body, 'localGovernmentCode', 6, false);
  if (body.source === 'local-government') {
    if (!LocalGovernmentCode.isValid(lg)) invalid('localGovernmentCode', 'must be a local government code');
    return { kind: 'local-government', localGovernmentCode: lg };
  }
  const serial = text(body, 'nationalBodySerial', 7, false);
  if (serial) {
    if (!/^\d{7}$/.test(serial)) invalid('nationalBodySerial', 'must be 7 digits');
    return { kind: 'national-body', serial };
  }
  return invalid(
    'registrationNumber',
    'a registration number, a local government or a national body serial is required',
  );
}

export function numberFor(source: NumberSource): CorporateNumber {
  switch (source.kind) {
    case 'registered':
      return CorporateNumber.forRegisteredCompany(source.registrationNumber);
    case 'local-government':
      return CorporateNumber.forLocalGovernment(source.localGovernmentCode as never);
    case 'national-body':
      return CorporateNumber.forNationalBody(source.serial);
  }
}

export function parseDesignation(body: Body): Designation {
  const source = numberSource(body);
  const kind = text(body, 'kind', 3, false) || undefined;
  if (kind && !(KIND_CODES as string[]).includes(kind)) invalid('kind', 'must be a kind code (101 … 499)');
  const defaultKind: KindCode =
    source.kind === 'local-government' ? '201' : source.kind === 'national-body' ? '101' : '399';
  const place =
    source.kind === 'local-government' && body.streetNumber === undefined && body.addressOutside === undefined
      ? placeOf(source.localGovernmentCode)
      : undefined;
  return {
    number: numberFor(source),
    name: text(body, 'name', 150, true),
    furigana: furigana(body),
    enName: text(body, 'enName', 200, false),
    kind: (kind as KindCode | undefined) ?? defaultKind,
    // A local government without an address given is published at its own place.
    address: place ? { domestic: place, cityName: place.cityName, street: '', postCode: '' } : address(body),
    assignmentDate: date(body, 'assignmentDate', false),
    hidden: body.hidden === true,
  };
}

const CHANGE_PROCESSES = ['11', '12', '13', '21', '22', '71', '72', '81', '99'] as const;

export function parseChange(body: Body): Change {
  const process = text(body, 'process', 2, true);
  if (!(CHANGE_PROCESSES as readonly string[]).includes(process)) {
    invalid('process', `must be one of ${CHANGE_PROCESSES.join(', ')}`);
  }
  const p = process as Change['process'];
  const base = {
    process: p,
    changeDate: date(body, 'changeDate', true)!,
    correct: body.correct === true,
    changeCause: text(body, 'changeCause', 500, false),
  };
  switch (p) {
    case '11':
      return {
        ...base,
        name: {
          name: text(body, 'name', 150, true),
          furigana: furigana(body),
          enName: text(body, 'enName', 200, false),
        },
      };
    case '12':
      if (body.addressOutside !== undefined)
        invalid('addressOutside', 'a domestic address change (12) takes a domestic address');
      return { ...base, address: address(body) };
    case '13':
      if (!body.addressOutside) invalid('addressOutside', 'is required for a foreign address change (13)');
      return { ...base, address: address(body) };
    case '21':
    case '81': {
      const cause = text(body, 'closeCause', 2, false) || (p === '21' ? '01' : '31');
      if (!(cause in CLOSE_CAUSES) || cause === '11')
        invalid('closeCause', 'must be 01, 21 or 31 (11 is recorded by a merger)');
      return { ...base, closeCause: cause as CloseCause };
    }
    case '71': {
      const parsed = CorporateNumber.parse(text(body, 'successorCorporateNumber', 20, true));
      if (!parsed.ok) return invalid('successorCorporateNumber', 'must be a corporate number');
      return { ...base, closeCause: '11', successor: parsed.value };
    }
    default:
      return base;
  }
}
