import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { CorporateNumber } from '../numbers/index.ts';
import type { Contexts } from '../platform/contexts.ts';
import { defineCommand } from '../platform/operator-commands.ts';
import { japanDate } from '../registry/model.ts';
import { BULK_FORMATS, type BulkFormat, bulkFile, bulkSelection } from './bulk-files.ts';
import { CorporateErrors } from './errors.ts';
import { parseChange, parseDesignation } from './operations.ts';
import { loadVersions, realCorporations, syntheticCorporations } from './seed.ts';

/**
 * The corporate registry's operator commands (`bango corporate …`): seeding, bulk files,
 * designations and changes, application ids. Arguments arrive as plain JSON from the CLI
 * or over the operator route; each checks its own.
 */
const bad = (field: string, reason: string): never => {
  throw new DomainError(KernelErrors.REQUEST_INVALID, `${field}: ${reason}`, { field, reason });
};

function text(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  return typeof v === 'string' && v.length > 0 ? v : bad(name, 'is required');
}

/** Real corporations into an empty registry: the same on every start, about a second. */
export async function seedRealCorporations(
  contexts: Pick<Contexts, 'corporate' | 'database'>,
): Promise<number> {
  // Asked on every start: whether any row exists, not how many (a count reads 5M index entries).
  if (!(await contexts.corporate.store.isEmpty())) return 0;
  return (await loadVersions(contexts.database, [realCorporations()])).corporations;
}

export const corporateSeedCommand = defineCommand({
  name: 'corporate.seed',
  async run(contexts, args, io) {
    const synthetic = args.synthetic ?? 0;
    if (
      typeof synthetic !== 'number' ||
      !Number.isInteger(synthetic) ||
      synthetic < 0 ||
      synthetic > 10_000_000
    ) {
      bad('synthetic', 'must be a whole number up to 10,000,000');
    }
    const seed = typeof args.seed === 'number' && Number.isInteger(args.seed) ? args.seed : 1;
    const real = await seedRealCorporations(contexts);
    const taken = new Set(
      (
        await contexts.database.query<{ n: string }>(
          'select corporate_number as n from corporate.versions where latest',
        )
      ).map((r) => r.n),
    );
    const today = japanDate(contexts.clock.now());
    const count = synthetic as number;
    const result =
      count > 0
        ? await loadVersions(contexts.database, syntheticCorporations({ count, seed, taken, today }), {
            large: count >= 100_000 && taken.size < count,
            onProgress: (done) => io.progress(done, count),
          })
        : { corporations: 0, versions: 0, seconds: 0 };
    io.out(
      JSON.stringify({
        real,
        synthetic: result.corporations,
        versions: result.versions,
        seconds: Number(result.seconds.toFixed(2)),
      }),
    );
    return 0;
  },
});

export const corporateExportCommand = defineCommand({
  name: 'corporate.export',
  async run(contexts, args, io) {
    const format = text(args, 'format') as BulkFormat;
    if (!BULK_FORMATS.includes(format)) bad('format', `must be one of ${BULK_FORMATS.join(', ')}`);
    const out = text(args, 'out');
    if (!isAbsolute(out)) bad('out', 'must be an absolute path');
    const selection = bulkSelection({
      diff: args.diff === true,
      from: args.from,
      to: args.to,
      prefecture: args.prefecture,
    });
    const started = process.hrtime.bigint();
    const lastUpdateDate = await contexts.corporate.lastUpdateDate();
    // Written beside the target and renamed: a reader never sees half a file.
    const partial = `${out}.partial`;
    await pipeline(
      Readable.from(bulkFile(contexts.corporate.store, selection, format, lastUpdateDate)),
      createWriteStream(partial),
    );
    await rename(partial, out);
    io.out(
      JSON.stringify({
        file: out,
        format,
        seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)),
      }),
    );
    return 0;
  },
});

export const corporateDesignateCommand = defineCommand({
  name: 'corporate.designate',
  async run(contexts, args, io) {
    const body = args.record;
    if (!body || typeof body !== 'object') bad('record', 'must be a JSON object');
    io.out(
      JSON.stringify(await contexts.corporate.designate(parseDesignation(body as Record<string, unknown>))),
    );
    return 0;
  },
});

export const corporateChangeCommand = defineCommand({
  name: 'corporate.change',
  async run(contexts, args, io) {
    const number = text(args, 'number');
    if (!CorporateNumber.isValid(number)) throw new DomainError(CorporateErrors.CORPORATE_NUMBER_INVALID);
    const body = args.change;
    if (!body || typeof body !== 'object') bad('change', 'must be a JSON object');
    io.out(
      JSON.stringify(await contexts.corporate.record(number, parseChange(body as Record<string, unknown>))),
    );
    return 0;
  },
});

export const appIdCreateCommand = defineCommand({
  name: 'corporate.app-id.create',
  async run(contexts, args, io) {
    const issued = await contexts.applicationIds.issue(
      text(args, 'name'),
      typeof args.contact === 'string' ? args.contact : '',
    );
    io.out(JSON.stringify(issued));
    return 0;
  },
});

export const appIdRevokeCommand = defineCommand({
  name: 'corporate.app-id.revoke',
  async run(contexts, args, io) {
    const done = await contexts.applicationIds.revoke(text(args, 'id'));
    io.out(JSON.stringify({ revoked: done }));
    return done ? 0 : 1;
  },
});
