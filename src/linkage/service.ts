import { type Actor, holds, type Role } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { japanDate, type RegistryService } from '../registry/index.ts';
import { ALL_PROCEDURES, LAYOUTS, stepName } from './catalogue.ts';
import type { Institution } from './core.ts';
import { LinkageErrors } from './errors.ts';
import type { LinkageNetwork } from './network.ts';
import type { InstitutionNode, NodeQuery, NodeResult } from './node.ts';
import type { NodeRecord } from './node-store.ts';
import type { ExchangeRecord } from './record.ts';

export const NODE_ROLES: readonly Role[] = [
  'institution-operator',
  'municipal-clerk',
  'system-administrator',
];
export const CORE_ROLES: readonly Role[] = ['system-administrator'];

/** A record as the person sees it: names beside codes, and where it sits in the log. */
export interface PersonRecord extends ExchangeRecord {
  readonly requesterName: string;
  readonly providerName: string;
  readonly procedureName: string;
  readonly stepName: string;
  readonly itemName: string;
  /** Inclusion proof (hex hashes) against `head`. */
  readonly proof: readonly string[];
}

const procedureNames = new Map(ALL_PROCEDURES.map((p) => [p.code as string, p.name]));
const itemNames = new Map(LAYOUTS.map((l) => [l.code as string, l.name]));

/**
 * The network's use cases with who may do them: an institution's own operators (or a
 * municipality's clerks) act on its node only; the core's operators manage institutions
 * and the permission table; a person reads their own records, with proofs.
 */
export class LinkageService {
  constructor(
    readonly network: LinkageNetwork,
    private readonly registry: RegistryService,
    private readonly clock: Clock,
  ) {}

  /** The node the actor may act for: its operators, the municipality's clerks, administrators. */
  nodeFor(actor: Actor, code: string): InstitutionNode {
    const node = this.network.node(code);
    const lg = node.institution.localGovernmentCode;
    const allowed =
      holds(actor, ['system-administrator']) ||
      holds(actor, ['institution-operator'], code) ||
      (node.institution.kind === 'municipality' && lg !== null && holds(actor, ['municipal-clerk'], lg));
    if (!allowed) throw new DomainError(KernelErrors.AUTH_FORBIDDEN, `${actor.id} may not act for ${code}`);
    return node;
  }

  requireCoreOperator(actor: Actor): void {
    if (!holds(actor, CORE_ROLES)) throw new DomainError(KernelErrors.AUTH_FORBIDDEN, 'not a core operator');
  }

  enrol(actor: Actor, code: string, addressee: string, individualNumber: string) {
    return this.nodeFor(actor, code).enrol(addressee, individualNumber);
  }

  putCopy(
    actor: Actor,
    code: string,
    addressee: string,
    item: string,
    data: unknown,
    options: { notDisclosed?: boolean; validFrom?: string | undefined } = {},
  ) {
    const { validFrom, notDisclosed } = options;
    return this.nodeFor(actor, code).putCopy(addressee, item, data, {
      notDisclosed: notDisclosed ?? false,
      ...(validFrom !== undefined ? { validFrom } : {}),
    });
  }

  query(actor: Actor, code: string, queries: readonly NodeQuery[]): Promise<NodeResult[]> {
    if (queries.length === 0 || queries.length > 500) {
      throw new DomainError(LinkageErrors.LINKAGE_BATCH_TOO_LARGE, 'between 1 and 500 queries');
    }
    return this.nodeFor(actor, code).query(queries);
  }

  /** New keys for the node (its operators, or an administrator); the old pair stays as the previous one. */
  rotateKeys(actor: Actor, code: string) {
    return this.nodeFor(actor, code).rotateKeys();
  }

  records(actor: Actor, code: string, filter: { addressee?: string; limit?: number }): Promise<NodeRecord[]> {
    return this.nodeFor(actor, code).records(filter);
  }

  institutions(): Institution[] {
    return this.network.core.institutions();
  }

  /** The table in force today (Japan time), one row each. */
  permissions() {
    const table = this.network.core.permissions;
    return { version: table.version, rows: table.inForce(japanDate(this.clock.now())) };
  }

  publishPermissions(actor: Actor, rows: unknown) {
    this.requireCoreOperator(actor);
    return this.network.core.publishPermissions(rows, actor.id);
  }

  setStatus(actor: Actor, code: string, status: Institution['status']) {
    this.requireCoreOperator(actor);
    return this.network.core.setStatus(code, status);
  }

  stats(actor: Actor) {
    this.requireCoreOperator(actor);
    return this.network.core.stats();
  }

  /** A person's records (情報提供等記録), oldest first, each with its inclusion proof. */
  async recordsOfResident(residentId: string) {
    const rrc = await this.registry.residentRecordCodeOf(residentId);
    if (rrc === null)
      return { head: await this.network.core.log.head(), records: [] as PersonRecord[], purged: 0 };
    const core = this.network.core;
    const { records, purged } = await core.log.personRecords(core.codes.subjectOf(rrc));
    const head = await core.log.head();
    return {
      head,
      logKey: core.log.publicKey,
      /** The person's first records (numbers 1…purged) were purged after 7 years. */
      purged,
      records: records.map(
        (r): PersonRecord => ({
          ...r,
          requesterName: core.nameOf(r.requester),
          providerName: core.nameOf(r.provider),
          procedureName: procedureNames.get(r.procedure) ?? '',
          stepName: stepName(r.procedure, r.step),
          itemName: itemNames.get(r.item) ?? '',
          proof: r.seq < head.size ? core.log.inclusionProof(r.seq, head.size) : [],
        }),
      ),
    };
  }

  /** The same for an operator who holds the number (CLI `bango linkage records`). */
  async recordsOfNumber(actor: Actor, individualNumber: string) {
    this.requireCoreOperator(actor);
    const residentId = await this.registry.residentIdByNumber(individualNumber);
    if (residentId === null)
      throw new DomainError(LinkageErrors.LINKAGE_PERSON_UNKNOWN, 'number not on the index');
    return this.recordsOfResident(residentId);
  }
}
