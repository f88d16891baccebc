/** The linkage context's public face: other contexts import from here only. */

export {
  ITEMS,
  type ItemLayout,
  LAYOUTS,
  NATIONAL_BODIES,
  SELF_INFORMATION,
} from './catalogue.ts';
export { localGovernmentInstitution } from './codes.ts';
export { LinkageErrors } from './errors.ts';
export { LinkageNetwork } from './network.ts';
export type { InstitutionNode, NodeResult } from './node.ts';
export { seedNodes } from './seed.ts';
export type { PersonRecord } from './service.ts';
export { LinkageService } from './service.ts';
