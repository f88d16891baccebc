import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { seedNodes } from '../linkage/index.ts';
import { NumberIssuer } from '../numbers/index.ts';
import { defineCommand, OPERATOR } from '../platform/operator-commands.ts';
import { seedPopulation } from './bulk.ts';
import { parseFiling } from './filings.ts';
import { japanDate } from './model.ts';
import { residentialUnits } from './municipalities.ts';
import { listResidents, registryStats, verifyRegistry } from './operations.ts';

/**
 * The register's operator commands (`bango registry …`). Arguments arrive as plain JSON
 * from the CLI or over the operator route, so each command checks its own.
 */
function int(args: Record<string, unknown>, name: string, min: number, max: number, dflt?: number): number {
  const v = args[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new DomainError(
      KernelErrors.REQUEST_INVALID,
      `${name} must be a whole number from ${min} to ${max}`,
      {
        field: name,
      },
    );
  }
  return v;
}

export const seedCommand = defineCommand({
  name: 'registry.seed',
  async run(contexts, args, io) {
    const residents = int(args, 'residents', 1, 200_000_000);
    const seed = int(args, 'seed', 0, 2 ** 31, 1);
    const wanted = Array.isArray(args.municipalities) ? (args.municipalities as string[]) : null;
    // A designated city stands for its wards.
    const units = residentialUnits().filter(
      (u) => !wanted || wanted.includes(u.code) || (u.parentCode !== null && wanted.includes(u.parentCode)),
    );
    if (units.length === 0) {
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'no known municipality among those given', {
        field: 'municipalities',
      });
    }
    const issuer = new NumberIssuer(contexts.numberIssuanceKey);
    const result = await seedPopulation(
      { database: contexts.database, issuer, clock: contexts.clock },
      { residents, units, seed, onProgress: (done) => io.progress(done, residents) },
    );
    // The institutions' nodes get copies for the new people, so that queries return data.
    const nodes = await seedNodes(contexts.linkage, contexts.database.db, contexts.clock, {
      municipalities: units.map((u) => u.code),
    });
    io.out(
      JSON.stringify({
        ...result,
        seconds: Number(result.seconds.toFixed(2)),
        residentsPerSecond: Math.round(result.residents / result.seconds),
        municipalities: units.length,
        linkage: nodes,
      }),
    );
    return 0;
  },
});

export const statsCommand = defineCommand({
  name: 'registry.stats',
  async run(contexts, _args, io) {
    io.out(JSON.stringify(await registryStats(contexts.database, contexts.clock)));
    return 0;
  },
});

export const verifyCommand = defineCommand({
  name: 'registry.verify',
  async run(contexts, _args, io) {
    const result = await verifyRegistry(contexts.database);
    io.out(JSON.stringify(result));
    return result.problems.length > 0 ? 1 : 0;
  },
});

export const listCommand = defineCommand({
  name: 'registry.list',
  async run(contexts, args, io) {
    const municipalityCode = typeof args.municipality === 'string' ? args.municipality : undefined;
    const rows = await listResidents(contexts.database, contexts.clock, OPERATOR, {
      ...(municipalityCode ? { municipalityCode } : {}),
      limit: int(args, 'limit', 1, 10_000_000, 100),
      revealNumbers: args.revealNumbers === true,
    });
    for (const r of rows) io.out(JSON.stringify(r));
    return 0;
  },
});

export const eventCommand = defineCommand({
  name: 'registry.event',
  async run(contexts, args, io) {
    const municipality = typeof args.municipality === 'string' ? args.municipality : '';
    const filing = parseFiling(
      (args.filing ?? {}) as Record<string, unknown>,
      japanDate(contexts.clock.now()),
    );
    const key = typeof args.idempotencyKey === 'string' ? args.idempotencyKey : undefined;
    const result = await contexts.registry.service.file(OPERATOR, municipality, filing, key);
    io.out(JSON.stringify(result));
    return 0;
  },
});
