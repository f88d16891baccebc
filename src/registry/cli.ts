import type { Command } from 'commander';
import { runFromCli } from '../platform/operator-commands.ts';
import { eventCommand, listCommand, seedCommand, statsCommand, verifyCommand } from './commands.ts';
import { LIFE_EVENTS } from './model.ts';

const positiveInt = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number`);
  return Number(v);
};

/**
 * `bango registry …`: seeding, statistics, the consistency check, listings and filings
 * from the command line. Each works on the embedded database or DATABASE_URL, and
 * through the running platform when it holds the embedded database.
 */
export function registerRegistryCommands(program: Command, setExit: (code: number) => void): void {
  const registry = program.command('registry').description('The resident register and the national index');

  registry
    .command('seed')
    .description('Fill the register with a synthetic population (age pyramid of 2018, households, readings)')
    .requiredOption('--residents <n>', 'how many residents', positiveInt('--residents'))
    .option('--municipalities <codes>', 'comma-separated local government codes (default: all)')
    .option('--all', 'every municipality (the default)')
    .option('--seed <s>', 'seed of the generator, for repeatable populations', positiveInt('--seed'), 1)
    .action(async (o: { residents: number; municipalities?: string; seed: number }) => {
      const args = {
        residents: o.residents,
        seed: o.seed,
        ...(o.municipalities ? { municipalities: o.municipalities.split(',').map((c) => c.trim()) } : {}),
      };
      setExit(await runFromCli(seedCommand, args));
    });

  registry
    .command('stats')
    .description('Counts by status, prefecture and age band; numbers issued')
    .option('--json', 'JSON (the default)')
    .action(async () => setExit(await runFromCli(statsCommand, {})));

  registry
    .command('verify')
    .description('Check numbers, codes, households and histories; exit 1 on any problem')
    .option('--json', 'JSON (the default)')
    .action(async () => setExit(await runFromCli(verifyCommand, {})));

  registry
    .command('list')
    .description('One JSON object per resident; numbers only with --reveal-numbers (audited)')
    .option('--municipality <code>', 'only this municipality')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 100)
    .option('--reveal-numbers', 'include Individual Numbers (the reveal is recorded)')
    .option('--json', 'JSON lines (the default)')
    .action(async (o: { municipality?: string; limit: number; revealNumbers?: boolean }) =>
      setExit(
        await runFromCli(listCommand, {
          ...(o.municipality ? { municipality: o.municipality } : {}),
          limit: o.limit,
          revealNumbers: o.revealNumbers === true,
        }),
      ),
    );

  registry
    .command('event')
    .description(`File a life event: ${LIFE_EVENTS.join(', ')}`)
    .argument('<kind>', 'the life event')
    .requiredOption('--municipality <code>', 'where it is filed')
    .option('--resident <id>', 'the resident (all events but a first registration)')
    .option('--family-name <s>')
    .option('--given-name <s>')
    .option('--family-kana <s>')
    .option('--given-kana <s>')
    .option('--birth-date <YYYY-MM-DD>')
    .option('--sex <1|2|9>')
    .option('--address <s>')
    .option('--effective-date <YYYY-MM-DD>', 'when it happened (a birth: the birth date)')
    .option('--moving-to <code>', 'move-out: the municipality moved to')
    .option('--household <new|ID>', 'start a household, or join one by id', 'new')
    .option('--relationship <s>', 'relationship to the head when joining', '子')
    .option('--reason <s>', 'correction: why')
    .option('--idempotency-key <k>', 'a replay with the same key returns the first result')
    .action(async (kind: string, o: Record<string, string | undefined>) => {
      const filing: Record<string, unknown> = {
        kind,
        residentId: o.resident,
        familyName: o.familyName,
        givenName: o.givenName,
        familyNameKana: o.familyKana,
        givenNameKana: o.givenKana,
        birthDate: o.birthDate,
        sex: o.sex,
        address: o.address,
        effectiveDate: o.effectiveDate,
        movingTo: o.movingTo,
        reason: o.reason,
        household:
          o.household === 'new'
            ? { mode: 'new' }
            : { mode: 'join', householdId: o.household, relationship: o.relationship },
      };
      for (const k of Object.keys(filing)) if (filing[k] === undefined) delete filing[k];
      if (kind === 'correction') {
        filing.changes = Object.fromEntries(
          ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate', 'sex', 'address']
            .filter((k) => filing[k] !== undefined)
            .map((k) => [k, filing[k]]),
        );
      }
      setExit(
        await runFromCli(eventCommand, {
          municipality: o.municipality,
          filing,
          ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
        }),
      );
    });
}
