/** The linkage context's public face: other contexts import from here only. */
export { LinkageErrors } from './errors.ts';
export { LinkageNetwork } from './network.ts';
export { seedNodes } from './seed.ts';
export { LinkageService } from './service.ts';
