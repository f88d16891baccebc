import { type ErrorSpec, err, ok, type Result } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import { isAsciiDigits, normalizeDigits } from './normalize.ts';

/** One rule set for a family of numbers: its length and whether a digit string passes. */
export interface DigitRule {
  readonly length: number;
  /** Called only with `length` ASCII digits. */
  readonly checks: (digits: string) => boolean;
}

/**
 * Shared edge parsing: normalise, then report the first rule broken — non-digits, then
 * length, then the check digit — so a person learns what is actually wrong.
 */
export function parseDigits(input: string, rule: DigitRule): Result<string, ErrorSpec> {
  const s = normalizeDigits(input);
  if (s.length === 0) return err(NumbersErrors.NUMBERS_EMPTY);
  if (!isAsciiDigits(s)) return err(NumbersErrors.NUMBERS_NOT_DIGITS);
  if (s.length !== rule.length) return err(NumbersErrors.NUMBERS_LENGTH);
  if (!rule.checks(s)) return err(NumbersErrors.NUMBERS_CHECK_DIGIT);
  return ok(s);
}

/** Digit value at position i of an ASCII digit string. */
export const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;
