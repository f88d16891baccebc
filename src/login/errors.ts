import { errorCatalogue } from '../kernel/errors.ts';

export const LoginErrors = errorCatalogue({
  LOGIN_CHALLENGE_UNKNOWN: {
    status: 401,
    message: 'This login challenge is unknown or was already used. Please start again.',
  },
  LOGIN_CHALLENGE_EXPIRED: { status: 401, message: 'The login challenge expired. Please start again.' },
  LOGIN_ORIGIN_MISMATCH: { status: 401, message: 'The login was started on another site.' },
  LOGIN_CERTIFICATE_INVALID: { status: 401, message: 'The card’s certificate is not one we can accept.' },
  LOGIN_CERTIFICATE_EXPIRED: { status: 401, message: 'The card’s certificate has expired.' },
  LOGIN_CERTIFICATE_REVOKED: { status: 401, message: 'The card’s certificate has been revoked.' },
  LOGIN_CARD_SUSPENDED: {
    status: 401,
    message: 'This card is suspended. Resumption is done at your municipality’s counter.',
  },
  LOGIN_CARD_NOT_ACTIVE: { status: 401, message: 'This card cannot be used to log in.' },
  LOGIN_SIGNATURE_INVALID: { status: 401, message: 'The card’s signature does not match the challenge.' },
  LOGIN_CSRF_MISMATCH: { status: 403, message: 'The request lacks this session’s CSRF token.' },
  LOGIN_ALREADY_SET_UP: {
    status: 409,
    message: 'The platform already has an administrator; further staff get roles from them.',
  },
  LOGIN_ROLE_UNKNOWN: { status: 400, message: 'There is no such role.' },
  LOGIN_SERVICE_BUSY: {
    status: 503,
    message: 'Too many logins are being handled right now. Please try again in a moment.',
  },
});
