import type { Brand } from '../kernel/brand.ts';
import { DomainError, type ErrorSpec, type Result } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import { isAsciiDigits } from './normalize.ts';
import { type DigitRule, digitAt, parseDigits } from './parse.ts';

/**
 * 全国地方公共団体コード: local government code, 6 digits = prefecture 2 (JIS X 0401) +
 * municipality 3 (JIS X 0402) + check digit. s = 6c1 + 5c2 + 4c3 + 3c4 + 2c5;
 * check = (11 − s mod 11) mod 10 — so a remainder of 0 gives 1, and of 1 gives 0.
 */
export type LocalGovernmentCode = Brand<string, 'LocalGovernmentCode'>;

function checkDigitUnchecked(five: string): number {
  let s = 0;
  for (let i = 0; i < 5; i++) s += (6 - i) * digitAt(five, i);
  return (11 - (s % 11)) % 10;
}

function checkDigit(five: string): number {
  if (five.length !== 5 || !isAsciiDigits(five)) {
    throw new DomainError(NumbersErrors.NUMBERS_LENGTH, 'local government code body must be 5 digits');
  }
  return checkDigitUnchecked(five);
}

const rule: DigitRule = {
  length: 6,
  checks: (s) => checkDigitUnchecked(s) === digitAt(s, 5),
};

export const LocalGovernmentCode = {
  kind: 'local-government' as const,
  length: 6,
  parse: (input: string) => parseDigits(input, rule) as Result<LocalGovernmentCode, ErrorSpec>,
  from(input: string): LocalGovernmentCode {
    const r = parseDigits(input, rule);
    if (!r.ok) throw new DomainError(r.error);
    return r.value as LocalGovernmentCode;
  },
  isValid: (input: string): boolean => parseDigits(input, rule).ok,
  checkDigit,
  /** The 5-digit JIS code (as many data sets carry it) → the 6-digit code. */
  complete: (five: string): LocalGovernmentCode => `${five}${checkDigit(five)}` as LocalGovernmentCode,
  /** 2-digit prefecture code (JIS X 0401). */
  prefecture: (code: LocalGovernmentCode): string => code.slice(0, 2),
  /** A prefecture's own row: `PP000` + check digit. */
  isPrefecture: (code: LocalGovernmentCode): boolean => code.slice(2, 5) === '000',
  format: (code: LocalGovernmentCode): string => code,
  mask: (code: LocalGovernmentCode): string => code,
};
