import type { Clock } from '../kernel/clock.ts';
import type { Database } from '../kernel/db.ts';
import type { Random } from '../kernel/random.ts';
import type { Secrets } from '../kernel/secrets.ts';
import { NumberIssuer } from '../numbers/index.ts';
import { createRegistry, ensureMunicipalities, type Registry } from '../registry/index.ts';

/** The bounded contexts, wired to one database, clock and randomness. */
export interface Contexts {
  readonly database: Database;
  readonly clock: Clock;
  readonly registry: Registry;
  /** For bulk issuance by operator commands; never logged. */
  readonly numberIssuanceKey: Uint8Array;
}

export async function createContexts(deps: {
  database: Database;
  clock: Clock;
  random: Random;
  secrets: Pick<Secrets, 'numberIssuanceKey'>;
}): Promise<Contexts> {
  const { database, clock, random } = deps;
  await ensureMunicipalities(database.db);
  const registry = createRegistry({
    db: database.db,
    clock,
    random,
    issuer: new NumberIssuer(deps.secrets.numberIssuanceKey),
  });
  return { database, clock, registry, numberIssuanceKey: deps.secrets.numberIssuanceKey };
}
