import { join } from 'node:path';
import { RegisterFollower } from '../card/follower.ts';
import { CardService } from '../card/service.ts';
import { ApplicationIds } from '../corporate/applications.ts';
import { CorporatePortal } from '../corporate/portal.ts';
import { CorporateService } from '../corporate/service.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import type { Config } from '../kernel/config.ts';
import type { Database } from '../kernel/db.ts';
import { cryptoRandom, type Random } from '../kernel/random.ts';
import type { Secrets } from '../kernel/secrets.ts';
import { LinkageNetwork } from '../linkage/network.ts';
import { LinkageService } from '../linkage/service.ts';
import { LoginService } from '../login/service.ts';
import { NumberIssuer } from '../numbers/index.ts';
import { FileKeyStore, type KeyStore, MemoryKeyStore } from '../pki/keystore.ts';
import type { CaKeyAlgorithm } from '../pki/model.ts';
import { PkiService } from '../pki/service.ts';
import { VerifierRegistry } from '../pki/verifiers.ts';
import { CorporateInbox, PortalService } from '../portal/index.ts';
import { createRegistry, ensureMunicipalities, type Registry } from '../registry/index.ts';

/** The bounded contexts, wired to one database, clock and randomness. */
export interface Contexts {
  readonly database: Database;
  readonly clock: Clock;
  readonly registry: Registry;
  readonly pki: PkiService;
  readonly verifiers: VerifierRegistry;
  readonly cards: CardService;
  readonly login: LoginService;
  /** The information provision network: core and the institution nodes hosted here. */
  readonly linkage: LinkageNetwork;
  readonly linkageService: LinkageService;
  /** The NTA's corporate registry and the Web-API's application ids. */
  readonly corporate: CorporateService;
  readonly applicationIds: ApplicationIds;
  /** 法人ポータル: a corporation's staff, its record and the notices addressed to it. */
  readonly corporatePortal: CorporatePortal;
  /** The Myna Portal: activity, self-information, notices, proxies. */
  readonly portal: PortalService;
  /** Keeps cards in step with register events; stop it before closing the database. */
  readonly follower: RegisterFollower;
  /** For bulk issuance by operator commands; never logged. */
  readonly numberIssuanceKey: Uint8Array;
}

export async function createContexts(deps: {
  database: Database;
  clock: Clock;
  random: Random;
  secrets: Pick<Secrets, 'numberIssuanceKey'> & Partial<Pick<Secrets, 'linkageCodeKey' | 'linkageNodeKey'>>;
  /** Where the CAs' keys live; in memory unless given (tests, ephemeral runs). */
  keyStore?: KeyStore;
  /** The key algorithm of CAs made now (RSA-2048 unless given). */
  caKeyAlgorithm?: CaKeyAlgorithm;
  /** Name-search pages from records kept in memory (default) or from the database. */
  corporateRecordsInMemory?: boolean;
  /** How many certificates each CA's checks remember as read and checked (the default unless set). */
  knownCertificates?: number;
}): Promise<Contexts> {
  const { database, clock, random } = deps;
  const keyStore = deps.keyStore ?? new MemoryKeyStore();
  await ensureMunicipalities(database.db);
  const registry = createRegistry({
    db: database.db,
    clock,
    random,
    issuer: new NumberIssuer(deps.secrets.numberIssuanceKey),
  });
  const pki = await PkiService.start(
    database.db,
    clock,
    keyStore,
    deps.caKeyAlgorithm,
    deps.knownCertificates,
  );
  const verifiers = new VerifierRegistry(database.db, clock, random);
  const cards = new CardService(database.db, clock, pki, registry.service);
  const login = new LoginService(database.db, clock, random, pki, cards);
  const follower = new RegisterFollower(database.db, registry, cards);
  await follower.start();
  const linkage = await LinkageNetwork.start({
    db: database.db,
    clock,
    keys: keyStore,
    // Without configured keys (tests, benchmarks) the run gets keys of its own.
    codeKey: deps.secrets.linkageCodeKey ?? random.bytes(32),
    nodeKey: deps.secrets.linkageNodeKey ?? random.bytes(32),
    resolveNumber: (n) => registry.index.residentRecordCodeOf(database.db, n),
  });
  const linkageService = new LinkageService(linkage, registry.service, clock);
  const portal = new PortalService({
    db: database.db,
    clock,
    random,
    registry,
    cards,
    login,
    linkage: linkageService,
  });
  // A card that stops (suspended, returned, invalidated) ends its holder's sessions and
  // every mandate they gave: proxies stop with the card.
  cards.connectSessions({
    endAll: async (residentId) => {
      const ended = await login.endAll(residentId);
      await portal.mandates.endFor(residentId, 'principal-card-stopped');
      return ended;
    },
  });
  const corporate = new CorporateService(database, clock, {
    recordsInMemory: deps.corporateRecordsInMemory ?? true,
  });
  const corporatePortal = new CorporatePortal(
    database.db,
    clock,
    random,
    corporate,
    new CorporateInbox(database.db, clock),
    {
      names: async (ids) => new Map([...(await registry.service.people(ids))].map(([id, p]) => [id, p.name])),
    },
  );
  // A person who dies or emigrates no longer acts for any corporation.
  registry.events.subscribe(async (e) => {
    if (e.kind === 'death' || e.kind === 'emigration') await corporatePortal.endFor(e.residentId, e.kind);
  });
  return {
    database,
    clock,
    registry,
    pki,
    verifiers,
    cards,
    login,
    linkage,
    linkageService,
    portal,
    corporate,
    corporatePortal,
    applicationIds: new ApplicationIds(database.db, clock, random),
    follower,
    numberIssuanceKey: deps.secrets.numberIssuanceKey,
  };
}

/** The CAs' keys: encrypted files in DATA_DIR/keys, or memory for an ephemeral run. */
export function keyStoreFor(config: Pick<Config, 'ephemeral' | 'dataDir'>, kek: Uint8Array): KeyStore {
  return config.ephemeral ? new MemoryKeyStore() : new FileKeyStore(join(config.dataDir, 'keys'), kek);
}

/** The contexts as a real run has them: system clock, the CSPRNG, keys per the config. */
export function contextsForRun(config: Config, database: Database, secrets: Secrets): Promise<Contexts> {
  return createContexts({
    database,
    clock: systemClock,
    random: cryptoRandom,
    secrets,
    keyStore: keyStoreFor(config, secrets.caKeyEncryptionKey),
    caKeyAlgorithm: config.caKeyAlgorithm,
    corporateRecordsInMemory: config.corporateRecordsInMemory,
  });
}
