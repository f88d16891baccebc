import type { Brand } from '../kernel/brand.ts';
import { DomainError } from '../kernel/errors.ts';
import { LinkageErrors } from './errors.ts';

/**
 * The network's codes (SPECS.md §6): every code is 16 characters. Procedures (事務) are
 * `JM` + 14 digits, procedure steps (事務手続) `JT` + 14 digits, specific personal
 * information items (特定個人情報) `TM` + 14 digits, institutions 16 digits.
 */
export type ProcedureCode = Brand<string, 'ProcedureCode'>;
export type StepCode = Brand<string, 'StepCode'>;
export type ItemCode = Brand<string, 'ItemCode'>;
export type InstitutionCode = Brand<string, 'InstitutionCode'>;

const FORMATS = {
  procedure: /^JM[0-9]{14}$/,
  step: /^JT[0-9]{14}$/,
  item: /^TM[0-9]{14}$/,
  institution: /^[0-9]{16}$/,
} as const;

type CodeKind = keyof typeof FORMATS;
type CodeOf<K extends CodeKind> = K extends 'procedure'
  ? ProcedureCode
  : K extends 'step'
    ? StepCode
    : K extends 'item'
      ? ItemCode
      : InstitutionCode;

export function isCode<K extends CodeKind>(kind: K, input: unknown): input is CodeOf<K> {
  return typeof input === 'string' && FORMATS[kind].test(input);
}

/** Parses at the edge: the typed error names which kind of code was malformed. */
export function parseCode<K extends CodeKind>(kind: K, input: unknown): CodeOf<K> {
  if (!isCode(kind, input))
    throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, `bad ${kind} code`, { kind });
  return input;
}

/** JSON-schema patterns for routes, from the same table. */
export const CODE_PATTERNS: Record<CodeKind, string> = {
  procedure: FORMATS.procedure.source,
  step: FORMATS.step.source,
  item: FORMATS.item.source,
  institution: FORMATS.institution.source,
};

/**
 * Institution codes as we assign them (the real assignment is not public): a class digit
 * pair, then for local governments their 6-digit code, then zeros; national bodies a serial.
 *   10 + LG code + 00000000  municipality (市区町村)
 *   20 + LG code + 00000000  prefecture (都道府県)
 *   30 + 14-digit serial     national body or insurer
 */
export function localGovernmentInstitution(
  kind: 'municipality' | 'prefecture',
  lgCode: string,
): InstitutionCode {
  if (!/^[0-9]{6}$/.test(lgCode)) throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'bad LG code');
  return `${kind === 'municipality' ? '10' : '20'}${lgCode}00000000` as InstitutionCode;
}

export function nationalInstitution(serial: number): InstitutionCode {
  return `30${String(serial).padStart(14, '0')}` as InstitutionCode;
}
