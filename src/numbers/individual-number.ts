import type { Brand } from '../kernel/brand.ts';
import { DomainError, type ErrorSpec, type Result } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import { isAsciiDigits } from './normalize.ts';
import { type DigitRule, digitAt, parseDigits } from './parse.ts';

/**
 * 個人番号: Individual Number ("My Number"), 12 digits: an 11-digit body and a check digit
 * (総務省令第85号 第5条). Weights 6 5 4 3 2 7 6 5 4 3 2 over the body, left to right;
 * r = Σ mod 11; check = r ≤ 1 ? 0 : 11 − r. Because r = 0 and r = 1 both give 0, some
 * single-digit typos are not caught: that blind spot is in the law, not in this code.
 */
export type IndividualNumber = Brand<string, 'IndividualNumber'>;

const WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

function checkDigit(body: string): number {
  if (body.length !== 11 || !isAsciiDigits(body)) {
    throw new DomainError(NumbersErrors.NUMBERS_LENGTH, 'individual body must be 11 ASCII digits');
  }
  return checkDigitUnchecked(body);
}

function checkDigitUnchecked(body: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += WEIGHTS[i]! * digitAt(body, i);
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

const rule: DigitRule = {
  length: 12,
  checks: (s) => checkDigitUnchecked(s) === digitAt(s, 11),
};

/**
 * The hot path for bulk checks of canonical input (12 ASCII digits, as stored and
 * exchanged): no normalisation, no allocation. Anything else goes the slow way.
 */
function isValid(input: string): boolean {
  if (input.length === 12) {
    let sum = 0;
    for (let i = 0; i < 11; i++) {
      const d = input.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return parseDigits(input, rule).ok;
      sum += WEIGHTS[i]! * d;
    }
    const last = input.charCodeAt(11) - 48;
    if (last < 0 || last > 9) return false;
    const r = sum % 11;
    return (r <= 1 ? 0 : 11 - r) === last;
  }
  return parseDigits(input, rule).ok;
}

export const IndividualNumber = {
  kind: 'individual' as const,
  length: 12,
  parse: (input: string) => parseDigits(input, rule) as Result<IndividualNumber, ErrorSpec>,
  /** Parse or throw the typed error; for trusted callers. */
  from(input: string): IndividualNumber {
    const r = parseDigits(input, rule);
    if (!r.ok) throw new DomainError(r.error);
    return r.value as IndividualNumber;
  },
  isValid,
  checkDigit,
  /** Body (11 digits) → full number with its check digit. */
  fromBody: (body: string): IndividualNumber => `${body}${checkDigit(body)}` as IndividualNumber,
  /** `6214 9832 0257` */
  format: (n: IndividualNumber): string => `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`,
  /** `**** **** 0257`: the form shown wherever the whole number is not needed. */
  mask: (n: IndividualNumber): string => `**** **** ${n.slice(8)}`,
};
