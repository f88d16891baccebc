import type { ErrorSpec } from '../kernel/errors.ts';
import { CorporateNumber } from './corporate-number.ts';
import { NumbersErrors } from './errors.ts';
import { IndividualNumber } from './individual-number.ts';
import { LocalGovernmentCode } from './local-government-code.ts';
import { isAsciiDigits, normalizeDigits } from './normalize.ts';

export const NUMBER_KINDS = ['individual', 'corporate', 'local-government'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

interface Family {
  readonly length: number;
  parse(input: string): { ok: true; value: string } | { ok: false; error: ErrorSpec };
  format(value: never): string;
}

const FAMILIES: Record<NumberKind, Family> = {
  individual: IndividualNumber,
  corporate: CorporateNumber,
  'local-government': LocalGovernmentCode,
};

export interface Validation {
  /** The kind checked against: given, or told from the length. */
  kind: NumberKind | null;
  valid: boolean;
  /** Digits after normalisation (full-width folded, separators dropped). */
  normalized: string;
  /** Display form when valid; the Individual Number is shown masked. */
  formatted: string | null;
  error: { code: string; message: string } | null;
}

/** Tells the kind from the normalised length: 12, 13 or 6 digits. */
export function inferKind(normalized: string): NumberKind | null {
  for (const kind of NUMBER_KINDS) if (FAMILIES[kind].length === normalized.length) return kind;
  return null;
}

/**
 * Validates any number a person typed. When no kind is given, the length decides; a
 * value that is digits but of no known length gets NUMBERS_KIND_UNKNOWN.
 */
export function validateNumber(input: string, kind?: NumberKind): Validation {
  const normalized = normalizeDigits(input);
  const chosen: NumberKind | null = kind ?? inferKind(normalized);
  if (chosen === null) {
    const e =
      normalized.length === 0
        ? NumbersErrors.NUMBERS_EMPTY
        : isAsciiDigits(normalized)
          ? NumbersErrors.NUMBERS_KIND_UNKNOWN
          : NumbersErrors.NUMBERS_NOT_DIGITS;
    return {
      kind: null,
      valid: false,
      normalized,
      formatted: null,
      error: { code: e.code, message: e.message },
    };
  }
  const family = FAMILIES[chosen];
  const r = family.parse(input);
  if (!r.ok) {
    return {
      kind: chosen,
      valid: false,
      normalized,
      formatted: null,
      error: { code: r.error.code, message: r.error.message },
    };
  }
  // The full Individual Number is never echoed in display form: mask it.
  const formatted =
    chosen === 'individual'
      ? IndividualNumber.mask(r.value as IndividualNumber)
      : family.format(r.value as never);
  return { kind: chosen, valid: true, normalized: r.value, formatted, error: null };
}
