import { errorCatalogue } from '../kernel/errors.ts';

/**
 * The network's refusals and failures. A refused query is recorded with its code, so
 * these codes also appear in information provision records; keep them stable.
 */
export const LinkageErrors = errorCatalogue({
  LINKAGE_CODE_FORMAT: {
    status: 400,
    message: 'A procedure, step, item or institution code is not in the network’s format.',
  },
  LINKAGE_CONDITION_INVALID: {
    status: 400,
    message:
      'A query’s conditions are not valid: a fiscal year, and a period of real days whose start is not after its end.',
  },
  LINKAGE_INSTITUTION_UNKNOWN: { status: 404, message: 'No such institution on the network.' },
  LINKAGE_INSTITUTION_SUSPENDED: { status: 403, message: 'This institution is suspended from the network.' },
  LINKAGE_SIGNATURE_INVALID: {
    status: 401,
    message: 'The request is not signed by the requesting institution’s registered key.',
  },
  LINKAGE_NOT_PERMITTED: {
    status: 403,
    message: 'The permission table does not allow this exchange (requester, procedure, provider, item).',
  },
  LINKAGE_SUBJECT_UNKNOWN: {
    status: 404,
    message: 'The person’s code is not one the network gave this institution.',
  },
  LINKAGE_ADDRESSEE_UNKNOWN: { status: 404, message: 'No such addressee number at this institution.' },
  LINKAGE_ADDRESSEE_TAKEN: {
    status: 409,
    message: 'This addressee number, or this person, is already enrolled here under another entry.',
  },
  LINKAGE_PERSON_UNKNOWN: { status: 404, message: 'No person on the national index has this number.' },
  LINKAGE_ITEM_NOT_PROVIDED: { status: 409, message: 'This institution does not provide this item.' },
  LINKAGE_LAYOUT_INVALID: {
    status: 400,
    message: 'The copy does not match the item’s data standard layout.',
  },
  LINKAGE_RESULT_NOT_FOUND: {
    status: 404,
    message: 'No result with this processing number for this institution.',
  },
  LINKAGE_BATCH_TOO_LARGE: { status: 400, message: 'A submission carries at most 500 queries.' },
  LINKAGE_PERMISSIONS_INVALID: { status: 400, message: 'The permission table is not valid.' },
  LINKAGE_PROOF_RANGE: { status: 400, message: 'The log has no such entry or tree size.' },
  LINKAGE_PROVIDER_UNAVAILABLE: {
    status: 502,
    message: 'The providing institution could not answer; the query is recorded as not provided.',
  },
  LINKAGE_PEER_UNREACHABLE: {
    status: 503,
    message: 'The other side of the network (core or node) could not be reached over mutual TLS.',
  },
  LINKAGE_SERVICE_BUSY: {
    status: 503,
    message: 'The network is handling too many exchanges; try again shortly.',
  },
});
