import { DomainError } from '../kernel/errors.ts';
import { LocalGovernmentCode } from '../numbers/index.ts';
import { RegistryErrors } from './errors.ts';
import * as f from './fields.ts';
import type { LifeEventKind, Sex } from './model.ts';
import { normalisePostalCode } from './postal-codes.ts';

/**
 * A filing (届出) as the clerk submits it, parsed field by field before anything is
 * written. One type per life event; `parseFiling` is the edge.
 */
export type HouseholdChoice = { mode: 'new' } | { mode: 'join'; householdId: string; relationship: string };

export interface NameInput {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
}

export type Filing =
  | ({
      kind: 'birth';
      birthDate: string;
      sex: Sex;
      address: string;
      postalCode?: string;
      household: HouseholdChoice;
    } & NameInput)
  | ({
      kind: 'entry-from-abroad';
      residentId?: undefined;
      birthDate: string;
      sex: Sex;
      address: string;
      postalCode?: string;
      effectiveDate: string;
      household: HouseholdChoice;
    } & NameInput)
  | {
      kind: 'return-from-abroad';
      residentId: string;
      address: string;
      postalCode?: string;
      effectiveDate: string;
      household: HouseholdChoice;
    }
  | { kind: 'move-out'; residentId: string; movingTo: string; effectiveDate: string }
  | {
      kind: 'move-in';
      residentId: string;
      address: string;
      postalCode?: string;
      effectiveDate: string;
      household: HouseholdChoice;
    }
  | {
      kind: 'move-within';
      residentId: string;
      address: string;
      postalCode?: string;
      effectiveDate: string;
      household?: HouseholdChoice;
    }
  | ({ kind: 'name-change'; residentId: string; effectiveDate: string } & NameInput)
  | { kind: 'death'; residentId: string; effectiveDate: string }
  | { kind: 'emigration'; residentId: string; effectiveDate: string }
  | {
      kind: 'correction';
      residentId: string;
      effectiveDate: string;
      reason: string;
      changes: Partial<NameInput & { birthDate: string; sex: Sex; address: string; relationship: string }>;
    };

/** The life event a filing records (a return from abroad is an entry from abroad). */
export function eventKindOf(filing: Filing): LifeEventKind {
  return filing.kind === 'return-from-abroad' ? 'entry-from-abroad' : filing.kind;
}

type Raw = Record<string, unknown>;

function household(raw: unknown): HouseholdChoice {
  const h = (raw ?? {}) as Raw;
  if (h.mode === 'new') return { mode: 'new' };
  if (h.mode === 'join') {
    const householdId = f.text('household.householdId', h.householdId, 64);
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) invalid('household.householdId', 'not an id');
    return { mode: 'join', householdId, relationship: f.text('household.relationship', h.relationship, 20) };
  }
  return invalid('household.mode', 'must be new or join');
}

function invalid(field: string, reason: string): never {
  throw new DomainError(RegistryErrors.REGISTRY_FIELD_INVALID, `${field}: ${reason}`, { field, reason });
}

function names(raw: Raw): NameInput {
  return {
    familyName: f.namePart('familyName', raw.familyName),
    givenName: f.namePart('givenName', raw.givenName),
    familyNameKana: f.kana('familyNameKana', raw.familyNameKana),
    givenNameKana: f.kana('givenNameKana', raw.givenNameKana),
  };
}

const id = (raw: Raw): string => {
  const v = f.text('residentId', raw.residentId, 64);
  if (!/^[0-9a-f-]{36}$/i.test(v)) invalid('residentId', 'not an id');
  return v.toLowerCase();
};

const address = (raw: Raw) => f.text('address', raw.address, 200);
/** 郵便番号, optional: 7 digits (a hyphen, full-width digits and 〒 are fine). */
const postal = (raw: Raw): { postalCode?: string } => {
  if (raw.postalCode === undefined || raw.postalCode === '') return {};
  const code = typeof raw.postalCode === 'string' ? normalisePostalCode(raw.postalCode) : null;
  return code ? { postalCode: code } : invalid('postalCode', 'a postal code has 7 digits');
};

/** Parses a filing; `today` (Japan) bounds dates that cannot be in the future. */
export function parseFiling(raw: Raw, today: string): Filing {
  switch (raw.kind) {
    case 'birth':
      return {
        kind: 'birth',
        ...names(raw),
        birthDate: f.pastDate('birthDate', raw.birthDate, today),
        sex: f.sex(raw.sex),
        address: address(raw),
        ...postal(raw),
        household: household(raw.household),
      };
    case 'entry-from-abroad':
      if (raw.residentId !== undefined) {
        return {
          kind: 'return-from-abroad',
          residentId: id(raw),
          address: address(raw),
          ...postal(raw),
          effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
          household: household(raw.household),
        };
      }
      return {
        kind: 'entry-from-abroad',
        ...names(raw),
        birthDate: f.pastDate('birthDate', raw.birthDate, today),
        sex: f.sex(raw.sex),
        address: address(raw),
        ...postal(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
        household: household(raw.household),
      };
    case 'move-out': {
      const to = f.text('movingTo', raw.movingTo, 6);
      if (!LocalGovernmentCode.isValid(to)) invalid('movingTo', 'not a local government code');
      // The planned date may be ahead: people file before they move.
      return {
        kind: 'move-out',
        residentId: id(raw),
        movingTo: to,
        effectiveDate: f.date('effectiveDate', raw.effectiveDate),
      };
    }
    case 'move-in':
      return {
        kind: 'move-in',
        residentId: id(raw),
        address: address(raw),
        ...postal(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
        household: household(raw.household),
      };
    case 'move-within':
      return {
        kind: 'move-within',
        residentId: id(raw),
        address: address(raw),
        ...postal(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
        ...(raw.household === undefined ? {} : { household: household(raw.household) }),
      };
    case 'name-change':
      return {
        kind: 'name-change',
        residentId: id(raw),
        ...names(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
      };
    case 'death':
    case 'emigration':
      return {
        kind: raw.kind,
        residentId: id(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
      };
    case 'correction': {
      const c = (raw.changes ?? {}) as Raw;
      const changes: Extract<Filing, { kind: 'correction' }>['changes'] = {};
      if (c.familyName !== undefined) changes.familyName = f.namePart('familyName', c.familyName);
      if (c.givenName !== undefined) changes.givenName = f.namePart('givenName', c.givenName);
      if (c.familyNameKana !== undefined) changes.familyNameKana = f.kana('familyNameKana', c.familyNameKana);
      if (c.givenNameKana !== undefined) changes.givenNameKana = f.kana('givenNameKana', c.givenNameKana);
      if (c.birthDate !== undefined) changes.birthDate = f.pastDate('birthDate', c.birthDate, today);
      if (c.sex !== undefined) changes.sex = f.sex(c.sex);
      if (c.address !== undefined) changes.address = address(c);
      if (c.relationship !== undefined) changes.relationship = f.text('relationship', c.relationship, 20);
      if (Object.keys(changes).length === 0) invalid('changes', 'nothing to correct');
      return {
        kind: 'correction',
        residentId: id(raw),
        effectiveDate: f.pastDate('effectiveDate', raw.effectiveDate, today),
        reason: f.text('reason', raw.reason, 200),
        changes,
      };
    }
    default:
      return invalid('kind', 'unknown life event');
  }
}
