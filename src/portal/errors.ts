import { errorCatalogue } from '../kernel/errors.ts';

export const PortalErrors = errorCatalogue({
  PORTAL_NOTICE_NOT_FOUND: { status: 404, message: 'There is no such notice in your inbox.' },
  PORTAL_NOTICE_INVALID: { status: 400, message: 'The notice is not complete or not valid.' },
  PORTAL_AUDIENCE_INVALID: { status: 400, message: 'The audience of the notice is not valid.' },
  PORTAL_AUDIENCE_OUT_OF_SCOPE: {
    status: 403,
    message: 'An institution may send notices only to people it serves.',
  },
  PORTAL_NOTICE_NOT_CANCELLABLE: {
    status: 409,
    message: 'Only a notice that has not been sent yet can be cancelled.',
  },
  PORTAL_MANDATE_NOT_FOUND: { status: 404, message: 'There is no such proxy arrangement.' },
  PORTAL_MANDATE_INVALID: { status: 400, message: 'The proxy arrangement is not valid.' },
  PORTAL_MANDATE_CODE_UNKNOWN: {
    status: 404,
    message: 'This code is unknown, was already used or has expired.',
  },
  PORTAL_MANDATE_TRANSITION: {
    status: 409,
    message: 'The proxy arrangement is not in a state that allows this.',
  },
  PORTAL_MANDATE_SELF: { status: 400, message: 'A person cannot be their own proxy.' },
  PORTAL_NOT_REPRESENTATIVE: {
    status: 403,
    message: 'Only a parent in the same household may act as the legal representative of a child.',
  },
  PORTAL_PROXY_NOT_ACTIVE: {
    status: 403,
    message:
      'This proxy arrangement is not in force (ended, revoked, expired, or the principal’s card is suspended).',
  },
  PORTAL_PROXY_SCOPE: { status: 403, message: 'This proxy arrangement does not cover this.' },
  PORTAL_INFORMATION_UNAVAILABLE: {
    status: 503,
    message: 'Your information could not be fetched from the institutions just now.',
  },
});
