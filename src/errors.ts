import { CardErrors } from './card/errors.ts';
import { CorporateErrors } from './corporate/errors.ts';
import type { ErrorSpec } from './kernel/errors.ts';
import { KernelErrors } from './kernel/errors.ts';
import { LinkageErrors } from './linkage/errors.ts';
import { LoginErrors } from './login/errors.ts';
import { NumbersErrors } from './numbers/index.ts';
import { PkiErrors } from './pki/errors.ts';
import { PortalErrors } from './portal/index.ts';
import { RegistryErrors } from './registry/index.ts';

/**
 * Every error code the platform can answer with, by context. docs/errors.md lists
 * exactly these (a test keeps the two in step); add a context's catalogue here.
 */
export const ERROR_CATALOGUES: Record<string, Readonly<Record<string, ErrorSpec>>> = {
  kernel: KernelErrors,
  numbers: NumbersErrors,
  registry: RegistryErrors,
  pki: PkiErrors,
  card: CardErrors,
  login: LoginErrors,
  linkage: LinkageErrors,
  corporate: CorporateErrors,
  portal: PortalErrors,
};

export const ALL_ERRORS: ErrorSpec[] = Object.values(ERROR_CATALOGUES).flatMap((c) => Object.values(c));
