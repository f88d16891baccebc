import { errorCatalogue } from '../kernel/errors.ts';

export const CardErrors = errorCatalogue({
  CARD_NOT_FOUND: { status: 404, message: 'No such card here.' },
  CARD_ACTION_NOT_ALLOWED: { status: 409, message: 'The card is not in a state that allows this.' },
  CARD_ALREADY_HELD: {
    status: 409,
    message: 'This resident already has a card; it must be returned or invalidated before a new application.',
  },
  CARD_RESIDENT_NOT_ELIGIBLE: { status: 409, message: 'Only a person on the register may apply for a card.' },
  CARD_SIGNATURE_UNDER_AGE: {
    status: 409,
    message: 'The signature certificate is issued from the age of 15.',
  },
  CARD_CSR_REQUIRED: {
    status: 400,
    message: 'The chip’s certificate request for this certificate is missing.',
  },
  CARD_PIN_FORMAT: { status: 400, message: 'The PIN or password does not meet the rules.' },
  CARD_PIN_WRONG: { status: 401, message: 'The PIN or password is not correct.' },
  CARD_PIN_LOCKED: {
    status: 423,
    message: 'The PIN is locked after too many wrong entries. Please visit your municipality to reset it.',
  },
  CARD_PIN_NOT_SET: { status: 409, message: 'The PINs have not been set on this card yet.' },
  CARD_SLOT_EMPTY: { status: 404, message: 'The chip holds no such key or certificate.' },
  CARD_FILE_INVALID: { status: 400, message: 'This is not a card file, or it is damaged.' },
  CARD_RESET_UNAUTHORISED: {
    status: 403,
    message: 'A PIN can be reset only with the municipality’s authorisation.',
  },
});
