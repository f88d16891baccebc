import { errorCatalogue } from '../kernel/errors.ts';

export const PkiErrors = errorCatalogue({
  PKI_CSR_INVALID: {
    status: 400,
    message: 'The certificate request is malformed or its signature does not verify.',
  },
  PKI_PROFILE_MISMATCH: {
    status: 400,
    message: 'A signature certificate needs the four basic facts; an authentication certificate takes none.',
  },
  PKI_CERTIFICATE_UNKNOWN: {
    status: 404,
    message: 'No certificate with this serial number was issued here.',
  },
  PKI_ALREADY_REVOKED: { status: 409, message: 'The certificate is already revoked for good.' },
  PKI_NOT_HELD: { status: 409, message: 'The certificate is not suspended, so there is nothing to resume.' },
});
