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
});
