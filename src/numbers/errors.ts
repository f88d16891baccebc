import { errorCatalogue } from '../kernel/errors.ts';

export const NumbersErrors = errorCatalogue({
  NUMBERS_EMPTY: { status: 400, message: 'No number was given.' },
  NUMBERS_NOT_DIGITS: { status: 400, message: 'The number contains characters other than digits.' },
  NUMBERS_LENGTH: { status: 400, message: 'The number has the wrong number of digits.' },
  NUMBERS_CHECK_DIGIT: { status: 400, message: 'The check digit does not match; the number is mistyped.' },
  NUMBERS_KIND_UNKNOWN: {
    status: 400,
    message: 'The kind of number cannot be told from its length (12, 13 or 6 digits expected).',
  },
  NUMBERS_BASE_INVALID: { status: 400, message: 'The base for a corporate number is not valid.' },
  NUMBERS_GENERATION_EXHAUSTED: {
    status: 409,
    message: 'This person has been given the maximum number of Individual Numbers.',
  },
  NUMBERS_ISSUANCE_KEY: { status: 500, message: 'Number issuance is not configured.' },
});
