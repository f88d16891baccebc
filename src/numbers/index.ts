/** The numbers context's public face: other contexts import from here only. */
export { CorporateNumber } from './corporate-number.ts';
export { NumbersErrors } from './errors.ts';
export { FF1 } from './ff1.ts';
export { DecimalFF1Batch } from './ff1-batch.ts';
export { IndividualNumber } from './individual-number.ts';
export { MAX_GENERATION, NumberIssuer } from './issuance.ts';
export { LocalGovernmentCode } from './local-government-code.ts';
export { normalizeDigits } from './normalize.ts';
export { ResidentRecordCode } from './resident-record-code.ts';
export { numbersRoutes } from './routes.ts';
export { inferKind, NUMBER_KINDS, type NumberKind, type Validation, validateNumber } from './validate.ts';
