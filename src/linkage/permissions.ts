import { DomainError } from '../kernel/errors.ts';
import { isCalendarDay } from '../kernel/japanese-date.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from './catalogue.ts';
import { type InstitutionCode, type ItemCode, isCode, type ProcedureCode, type StepCode } from './codes.ts';
import { LinkageErrors } from './errors.ts';

/**
 * The permission table (別表第二 and the ordinances after it) as data. A row permits a
 * requester (a kind of institution, or one institution) running a procedure to ask a
 * provider (a kind, or one institution) for an item, from `from` (inclusive) until `to`
 * (exclusive; null = open). Everything not permitted by a row is refused: default deny.
 */
export type Party = { readonly kind: InstitutionKind } | { readonly institution: InstitutionCode };

export interface PermissionRow {
  readonly requester: Party;
  readonly procedure: ProcedureCode;
  /** The procedure's steps (事務手続) the row covers; null: every step (tables before steps were named). */
  readonly steps: readonly StepCode[] | null;
  readonly provider: Party;
  readonly item: ItemCode;
  /** YYYY-MM-DD, inclusive. */
  readonly from: string;
  /** YYYY-MM-DD, exclusive; null while in force. */
  readonly to: string | null;
}

export interface PartyRef {
  readonly code: InstitutionCode;
  readonly kind: InstitutionKind;
}

export interface PermissionQuestion {
  readonly requester: PartyRef;
  readonly procedure: ProcedureCode;
  readonly step: StepCode;
  readonly provider: PartyRef;
  readonly item: ItemCode;
  /** The day of the request, YYYY-MM-DD (Japan time). */
  readonly on: string;
}

function matches(party: Party, ref: PartyRef): boolean {
  return 'kind' in party ? party.kind === ref.kind : party.institution === ref.code;
}

/** Does this one row permit the question? The whole rule, in one place. */
export function rowPermits(row: PermissionRow, q: PermissionQuestion): boolean {
  return (
    row.procedure === q.procedure &&
    (row.steps === null || row.steps.includes(q.step)) &&
    row.item === q.item &&
    matches(row.requester, q.requester) &&
    matches(row.provider, q.provider) &&
    row.from <= q.on &&
    (row.to === null || q.on < row.to)
  );
}

/** A table version, indexed by (procedure, item) so a check reads a handful of rows. */
export class PermissionTable {
  readonly #byKey = new Map<string, PermissionRow[]>();

  constructor(
    readonly version: number,
    readonly rows: readonly PermissionRow[],
  ) {
    for (const row of rows) {
      const key = `${row.procedure}|${row.item}`;
      const list = this.#byKey.get(key);
      if (list) list.push(row);
      else this.#byKey.set(key, [row]);
    }
  }

  permits(q: PermissionQuestion): boolean {
    const rows = this.#byKey.get(`${q.procedure}|${q.item}`);
    if (!rows) return false;
    for (const row of rows) if (rowPermits(row, q)) return true;
    return false;
  }

  /** The rows in force on a day (for `bango linkage permissions`). */
  inForce(on: string): PermissionRow[] {
    return this.rows.filter((r) => r.from <= on && (r.to === null || on < r.to));
  }
}

function parseParty(input: unknown, where: string): Party {
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && INSTITUTION_KINDS.includes(o.kind as InstitutionKind))
      return { kind: o.kind as InstitutionKind };
    if (keys.length === 1 && isCode('institution', o.institution)) return { institution: o.institution };
  }
  throw new DomainError(LinkageErrors.LINKAGE_PERMISSIONS_INVALID, `bad ${where}`, { field: where });
}

/** Parses a table version from outside (an operator's upload): every row or nothing. */
export function parsePermissionRows(input: unknown): PermissionRow[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > 100_000) {
    throw new DomainError(LinkageErrors.LINKAGE_PERMISSIONS_INVALID, 'rows must be a non-empty array');
  }
  return input.map((raw, i) => {
    const o = (raw ?? {}) as Record<string, unknown>;
    const bad = (field: string): never => {
      throw new DomainError(LinkageErrors.LINKAGE_PERMISSIONS_INVALID, `row ${i}: ${field}`, {
        row: i,
        field,
      });
    };
    if (!isCode('procedure', o.procedure)) bad('procedure');
    if (!isCode('item', o.item)) bad('item');
    const steps = o.steps ?? null;
    if (
      steps !== null &&
      !(Array.isArray(steps) && steps.length > 0 && steps.every((x) => isCode('step', x)))
    )
      bad('steps');
    if (!isCalendarDay(o.from)) bad('from');
    const to = o.to ?? null;
    if (to !== null && (!isCalendarDay(to) || to <= (o.from as string))) bad('to');
    return {
      requester: parseParty(o.requester, `row ${i} requester`),
      procedure: o.procedure as ProcedureCode,
      steps: steps as StepCode[] | null,
      provider: parseParty(o.provider, `row ${i} provider`),
      item: o.item as ItemCode,
      from: o.from as string,
      to: to as string | null,
    };
  });
}
