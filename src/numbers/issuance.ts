import { DomainError } from '../kernel/errors.ts';
import { NumbersErrors } from './errors.ts';
import { DecimalFF1Batch } from './ff1-batch.ts';
import { IndividualNumber } from './individual-number.ts';
import { ResidentRecordCode } from './resident-record-code.ts';

/**
 * Issuance of Individual Numbers (J-LIS's role). The 11-digit body is FF1 under the
 * issuance key applied to (generation digit ‖ the resident record code's 10-digit random
 * part). FF1 is a permutation of the 11-digit space, so two different inputs can never
 * give the same body: no two people, and no two generations of one person, share a
 * number — with no lookup. Re-issue after a leak raises the generation, so the old
 * number is retired for ever. Without the key nobody can compute or reverse the map.
 */
export const MAX_GENERATION = 9;

/** Fixed tweak: binds the permutation to this one purpose. */
const TWEAK = new TextEncoder().encode('JP-INDIVIDUAL-NUMBER');

export class NumberIssuer {
  readonly #ff1: DecimalFF1Batch;

  constructor(key: Uint8Array) {
    if (key.length !== 32 && key.length !== 16 && key.length !== 24) {
      throw new DomainError(NumbersErrors.NUMBERS_ISSUANCE_KEY, 'issuance key must be 16, 24 or 32 bytes');
    }
    this.#ff1 = new DecimalFF1Batch(key, 11, TWEAK);
  }

  issue(code: ResidentRecordCode, generation = 0): IndividualNumber {
    return this.issueMany([code], [generation])[0]!;
  }

  /** Issues for many people at once (one AES call per round for the whole batch). */
  issueMany(codes: readonly ResidentRecordCode[], generations?: readonly number[]): IndividualNumber[] {
    const input = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const g = generations?.[i] ?? 0;
      input[i] = plainValue(codes[i]!, g);
    }
    const out = new Float64Array(codes.length);
    this.#ff1.encryptMany(input, out);
    const result = new Array<IndividualNumber>(codes.length);
    for (let i = 0; i < out.length; i++) result[i] = withCheckDigit(out[i]!);
    return result;
  }

  /**
   * Bulk form, no strings: plain values (generation·10^10 + body, see `plainValue`) →
   * the 12-digit numbers as integers (exact in a double). For pipelines that load
   * millions of people at once; `IndividualNumber.fromValue` makes the string.
   */
  issueValues(plain: ArrayLike<number>, out: Float64Array, count = plain.length): void {
    this.#ff1.encryptMany(plain, out, count);
    for (let i = 0; i < count; i++) out[i] = out[i]! * 10 + checkDigitOf(out[i]!);
  }
}

export function plainValue(code: ResidentRecordCode, generation: number): number {
  if (!Number.isInteger(generation) || generation < 0) {
    throw new DomainError(NumbersErrors.NUMBERS_GENERATION_EXHAUSTED, 'generation must be ≥ 0');
  }
  if (generation > MAX_GENERATION) {
    throw new DomainError(NumbersErrors.NUMBERS_GENERATION_EXHAUSTED, `generation ${generation}`);
  }
  return generation * 1e10 + Number(ResidentRecordCode.body(code));
}

const WEIGHTS = [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6] as const; // right to left, as the law's table

/** 11-digit body as an integer → the 12-digit number, without going through strings twice. */
export function withCheckDigit(body: number): IndividualNumber {
  return `${String(body).padStart(11, '0')}${checkDigitOf(body)}` as IndividualNumber;
}

/** A 12-digit number held as an integer → its string. */
export const fromValue = (value: number): IndividualNumber =>
  String(value).padStart(12, '0') as IndividualNumber;

function checkDigitOf(body: number): number {
  let x = body;
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    const d = x % 10;
    x = (x - d) / 10;
    sum += WEIGHTS[i]! * d;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

export { IndividualNumber };
