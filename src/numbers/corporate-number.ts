import type { Brand } from '../kernel/brand.ts';
import { DomainError, type ErrorSpec, type Result } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import type { LocalGovernmentCode } from './local-government-code.ts';
import { isAsciiDigits } from './normalize.ts';
import { type DigitRule, digitAt, parseDigits } from './parse.ts';

/**
 * 法人番号: Corporate Number, 13 digits, check digit FIRST then a 12-digit base
 * (財務省令第70号 第2条). Weights 2 1 2 1 … over the base from the left (the rightmost
 * digit weighs 1); check = 9 − (Σ mod 9), so it is never 0. Public by law.
 * Blind spot: 0 ↔ 9 substitutions pass (both are 0 mod 9).
 */
export type CorporateNumber = Brand<string, 'CorporateNumber'>;

function checkDigitUnchecked(base: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 2 : 1) * digitAt(base, i);
  return 9 - (sum % 9);
}

function checkDigit(base: string): number {
  if (base.length !== 12 || !isAsciiDigits(base)) {
    throw new DomainError(NumbersErrors.NUMBERS_BASE_INVALID, 'corporate base must be 12 ASCII digits');
  }
  return checkDigitUnchecked(base);
}

const rule: DigitRule = {
  length: 13,
  checks: (s) => checkDigitUnchecked(s.slice(1)) === digitAt(s, 0),
};

const fromBase = (base: string): CorporateNumber => `${checkDigit(base)}${base}` as CorporateNumber;

export const CorporateNumber = {
  kind: 'corporate' as const,
  length: 13,
  parse: (input: string) => parseDigits(input, rule) as Result<CorporateNumber, ErrorSpec>,
  from(input: string): CorporateNumber {
    const r = parseDigits(input, rule);
    if (!r.ok) throw new DomainError(r.error);
    return r.value as CorporateNumber;
  },
  isValid: (input: string): boolean => parseDigits(input, rule).ok,
  checkDigit,
  /** Assigns a number from a 12-digit base. */
  fromBase,
  /**
   * A registered company's base is its 12-digit company registration number
   * (会社法人等番号: registry office 4 + organisation kind 2 + serial 6).
   */
  forRegisteredCompany(registrationNumber: string): CorporateNumber {
    if (registrationNumber.length !== 12 || !isAsciiDigits(registrationNumber)) {
      throw new DomainError(NumbersErrors.NUMBERS_BASE_INVALID, 'registration number must be 12 digits');
    }
    return fromBase(registrationNumber);
  },
  /** A local government's base is `000020` + its 6-digit local government code. */
  forLocalGovernment: (code: LocalGovernmentCode): CorporateNumber => fromBase(`000020${code}`),
  /** A national body's base is `00001` + a 7-digit serial given by the NTA. */
  forNationalBody(serial: string): CorporateNumber {
    if (serial.length !== 7 || !isAsciiDigits(serial)) {
      throw new DomainError(NumbersErrors.NUMBERS_BASE_INVALID, 'national body serial must be 7 digits');
    }
    return fromBase(`00001${serial}`);
  },
  /** `7-0000-1205-0002`, one common printed form; the NTA itself shows the 13 digits plain. */
  format: (n: CorporateNumber): string => `${n[0]}-${n.slice(1, 5)}-${n.slice(5, 9)}-${n.slice(9)}`,
  /** Corporate numbers are public; masking is the identity. */
  mask: (n: CorporateNumber): string => n,
};
