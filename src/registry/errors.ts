import { errorCatalogue } from '../kernel/errors.ts';

export const RegistryErrors = errorCatalogue({
  REGISTRY_MUNICIPALITY_UNKNOWN: { status: 400, message: 'There is no municipality with this code.' },
  REGISTRY_RESIDENT_NOT_FOUND: { status: 404, message: 'There is no such resident.' },
  REGISTRY_HOUSEHOLD_NOT_FOUND: { status: 404, message: 'There is no such household in this municipality.' },
  REGISTRY_EVENT_NOT_ALLOWED: {
    status: 409,
    message: "This event cannot be filed in the resident's present status.",
  },
  REGISTRY_FIELD_INVALID: { status: 400, message: 'A field of the filing is not valid.' },
  REGISTRY_POSTAL_CODE_MISMATCH: {
    status: 400,
    message: 'This postal code does not serve the municipality where the filing is made.',
  },
  REGISTRY_DATE_INVALID: { status: 400, message: 'A date of the filing is not valid.' },
  REGISTRY_MOVE_OUT_MISSING: {
    status: 409,
    message: 'A move-in needs the move-out record from the previous municipality.',
  },
  REGISTRY_SAME_MUNICIPALITY: {
    status: 409,
    message: 'A move between municipalities needs a different municipality; use a move within.',
  },
  REGISTRY_STALE_VERSION: { status: 409, message: 'The record changed since it was read; read it again.' },
  REGISTRY_NUMBER_NOT_ISSUED: {
    status: 409,
    message: 'No Individual Number has been issued for this resident.',
  },
});
