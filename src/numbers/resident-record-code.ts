import type { Brand } from '../kernel/brand.ts';
import { DomainError, type ErrorSpec, type Result } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import { isAsciiDigits } from './normalize.ts';
import { type DigitRule, digitAt, parseDigits } from './parse.ts';

/**
 * 住民票コード: resident record code, 11 digits = 10 random digits + 1 check digit
 * (平成14年総務省告示第436号). Confidential: never shown to counterparties, never derivable
 * from the Individual Number.
 */
export type ResidentRecordCode = Brand<string, 'ResidentRecordCode'>;

/**
 * The official check-digit formula is not public. This is the one replaceable rule:
 * until the 告示's formula is supplied we use a modulus-11 weighting (weights 2–7
 * cycling from the right, as many Japanese codes do). Validation below checks the
 * format only, so codes issued under the real rule are never refused.
 */
export function residentRecordCheckDigit(body10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += ((i % 6) + 2) * digitAt(body10, 9 - i);
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

const rule: DigitRule = { length: 11, checks: () => true };

export const ResidentRecordCode = {
  kind: 'resident-record' as const,
  length: 11,
  parse: (input: string) => parseDigits(input, rule) as Result<ResidentRecordCode, ErrorSpec>,
  from(input: string): ResidentRecordCode {
    const r = parseDigits(input, rule);
    if (!r.ok) throw new DomainError(r.error);
    return r.value as ResidentRecordCode;
  },
  isValid: (input: string): boolean => parseDigits(input, rule).ok,
  checkDigit: residentRecordCheckDigit,
  /** 10 random digits → a code with its check digit. */
  fromBody(body10: string): ResidentRecordCode {
    if (body10.length !== 10 || !isAsciiDigits(body10)) {
      throw new DomainError(NumbersErrors.NUMBERS_LENGTH, 'resident record body must be 10 digits');
    }
    return `${body10}${residentRecordCheckDigit(body10)}` as ResidentRecordCode;
  },
  /** The 10-digit random part: the input of Individual Number issuance. */
  body: (code: ResidentRecordCode): string => code.slice(0, 10),
  format: (code: ResidentRecordCode): string => code,
  mask: (code: ResidentRecordCode): string => `*******${code.slice(7)}`,
};
