import { sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import { type Db, rowsOf } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { KeyStore } from '../pki/keystore.ts';
import { NetworkCa } from '../pki/network-ca.ts';
import { NATIONAL_BODIES } from './catalogue.ts';
import { type InstitutionCode, localGovernmentInstitution } from './codes.ts';
import { NetworkCore, retentionCutoff } from './core.ts';
import { LinkageErrors } from './errors.ts';
import { InstitutionNode, type NumberResolver } from './node.ts';
import { coreEndpoints, HttpsTransport } from './remote.ts';
import { CORE_TLS_NAME, mutualTlsServer, NetworkTls } from './tls.ts';
import { InProcessTransport } from './transport.ts';

/**
 * The network as one process runs it (the embedded default): the core, the in-process
 * transport and a node for every institution hosted here. Separate processes run the
 * same core and nodes with the HTTPS transport between them.
 */
export class LinkageNetwork {
  readonly #nodes = new Map<string, InstitutionNode>();

  private constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      keys: KeyStore;
      nodeKey: Uint8Array;
      resolveNumber: NumberResolver;
    },
    readonly core: NetworkCore,
    readonly transport: InProcessTransport,
    /** The network's TLS CA and certificates, for nodes in other processes. */
    readonly tls: NetworkTls,
  ) {}

  static async start(deps: {
    db: Db;
    clock: Clock;
    keys: KeyStore;
    codeKey: Uint8Array;
    nodeKey: Uint8Array;
    resolveNumber: NumberResolver;
  }): Promise<LinkageNetwork> {
    const transport = new InProcessTransport();
    const core = await NetworkCore.start({ ...deps, transport });
    const tls = new NetworkTls(deps.db, deps.clock, await NetworkCa.load(deps.keys, deps.clock.now()));
    const network = new LinkageNetwork(deps, core, transport, tls);
    for (const body of NATIONAL_BODIES) await network.#join(body.code, body.name, body.kind, null);
    // Every local government that has residents gets its node (and its prefecture's).
    const places = await rowsOf<{ code: string }>(
      deps.db,
      sql`select distinct municipality_code as code from registry.residents order by 1`,
    );
    for (const p of places) await network.joinLocalGovernment(p.code);
    return network;
  }

  /** A municipality (and its prefecture) joins, if not already here; returns its node. */
  async joinLocalGovernment(lgCode: string): Promise<InstitutionNode> {
    const existing = this.#nodes.get(localGovernmentInstitution('municipality', lgCode));
    if (existing) return existing;
    const [place] = await rowsOf<{ name: string; pcode: string; pname: string }>(
      this.deps.db,
      sql`select m.name, p.code as pcode, p.name as pname
          from registry.municipalities m
          join registry.municipalities p on p.prefecture_code = m.prefecture_code and p.kind = 'prefecture'
          where m.code = ${lgCode} and m.kind <> 'prefecture'`,
    );
    if (!place) throw new DomainError(LinkageErrors.LINKAGE_INSTITUTION_UNKNOWN, 'no such municipality');
    await this.#join(
      localGovernmentInstitution('prefecture', place.pcode),
      place.pname,
      'prefecture',
      place.pcode,
    );
    return this.#join(localGovernmentInstitution('municipality', lgCode), place.name, 'municipality', lgCode);
  }

  async #join(
    code: InstitutionCode,
    name: string,
    kind: Parameters<typeof InstitutionNode.join>[0]['kind'],
    lg: string | null,
  ): Promise<InstitutionNode> {
    const existing = this.#nodes.get(code);
    if (existing) return existing;
    const node = await InstitutionNode.join({
      ...this.deps,
      core: this.core,
      code,
      name,
      kind,
      localGovernmentCode: lg,
    });
    this.transport.attach(code, (q) => node.answer(q));
    this.#nodes.set(code, node);
    return node;
  }

  node(code: string): InstitutionNode {
    const node = this.#nodes.get(code);
    if (!node) throw new DomainError(LinkageErrors.LINKAGE_INSTITUTION_UNKNOWN, 'no node here');
    return node;
  }

  /** The node of a municipality by its local government code. */
  municipality(lgCode: string): InstitutionNode {
    return this.node(localGovernmentInstitution('municipality', lgCode));
  }

  nodes(): InstitutionNode[] {
    return [...this.#nodes.values()];
  }

  /**
   * Opens the core to nodes in other processes: a listener with mutual TLS (a fresh core
   * certificate each start, recorded like any other) and the HTTPS transport to reach them.
   */
  async listenForNodes(
    port: number,
    host: string,
    resolveNumber: NumberResolver,
  ): Promise<{ url: string; close: () => Promise<void> }> {
    const identity = await this.tls.issue(CORE_TLS_NAME, 'core', 30);
    const transport = new HttpsTransport(identity, (code) => this.core.institution(code));
    this.transport.remote = transport;
    const server = mutualTlsServer(
      identity,
      (peer) => this.tls.institutionOf(peer),
      coreEndpoints(this.core, resolveNumber),
    );
    const actual = await server.listen(port, host);
    const stopDropping = this.tls.onRevoke((serial) => server.drop(serial));
    return {
      url: `https://${host}:${actual}`,
      close: async () => {
        stopDropping();
        await server.close();
        transport.close();
        this.transport.remote = null;
      },
    };
  }

  /**
   * The retention rule, run daily: the core purges its records' content past 7 years
   * (their leaves stay, so the log verifies) and each node here forgets its own.
   */
  async applyRetention(): Promise<{ core: number; nodes: number }> {
    const core = await this.core.purgeRecords();
    let nodes = 0;
    const before = retentionCutoff(this.deps.clock.now());
    for (const node of this.#nodes.values()) nodes += await node.store.forgetRecordsBefore(before);
    return { core, nodes };
  }

  async close(): Promise<void> {
    await this.core.close();
    for (const n of this.#nodes.values()) await n.drain();
  }
}
