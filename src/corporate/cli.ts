import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../numbers/cli.ts';
import { runFromCli } from '../platform/operator-commands.ts';
import {
  appIdCreateCommand,
  appIdRevokeCommand,
  corporateChangeCommand,
  corporateDesignateCommand,
  corporateExportCommand,
  corporateSeedCommand,
} from './commands.ts';

const whole = (v: string) => {
  if (!/^\d{1,8}$/.test(v)) throw new Error(`${v} is not a whole number`);
  return Number(v);
};
const json = (v: string) => {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw new Error('--json must be a JSON object');
  }
};

/**
 * `bango corporate …`: the NTA's corporate registry from the command line, on the embedded
 * database or DATABASE_URL, or through the running platform.
 */
export function registerCorporateCommands(program: Command, setExit: (code: number) => void): void {
  const corporate = program
    .command('corporate')
    .description('Corporate numbers (法人番号): the NTA registry');
  corporate
    .command('seed')
    .description('Real corporations (EDINET, local governments, national bodies), plus N synthetic ones')
    .option('--synthetic <n>', 'synthetic corporations to add', whole)
    .option('--seed <n>', 'seed of the synthetic generator', whole)
    .action(async (o: { synthetic?: number; seed?: number }) =>
      setExit(await runFromCli(corporateSeedCommand, o)),
    );
  corporate
    .command('export')
    .description('Write a bulk file in the NTA layout (30 columns, no header row)')
    .option('--all', 'every corporation’s latest record (the default)')
    .option('--diff <from-and-to...>', 'every version recorded from FROM to TO (two dates, YYYY-MM-DD)')
    .option('--prefecture <code>', 'only one prefecture (2 digits), with --all')
    .requiredOption('--format <format>', 'csv-sjis, csv-utf8 or xml')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (o: { diff?: string[]; format: string; out: string; prefecture?: string }) => {
      if (o.diff && o.diff.length !== 2) throw new UsageError('--diff takes two dates: FROM TO');
      setExit(
        await runFromCli(corporateExportCommand, {
          format: o.format,
          out: resolve(o.out),
          ...(o.prefecture ? { prefecture: o.prefecture } : {}),
          ...(o.diff ? { diff: true, from: o.diff[0], to: o.diff[1] } : {}),
        }),
      );
    });
  corporate
    .command('designate')
    .description(
      'Designate a number for a new corporation (JSON: registrationNumber | source=local-government … )',
    )
    .requiredOption('--json <record>', 'the designation as JSON', json)
    .action(async (o: { json: unknown }) =>
      setExit(await runFromCli(corporateDesignateCommand, { record: o.json })),
    );
  corporate
    .command('change <number>')
    .description(
      'Record a change: JSON with process (11, 12, 13, 21, 22, 71, 72, 81, 99), changeDate and its fields',
    )
    .requiredOption('--json <change>', 'the change as JSON', json)
    .action(async (number: string, o: { json: unknown }) =>
      setExit(await runFromCli(corporateChangeCommand, { number, change: o.json })),
    );
  const appId = corporate.command('app-id').description('Web-API application ids (アプリケーションID)');
  appId
    .command('create')
    .description('Issue an application id; it is printed once and only its digest is kept')
    .requiredOption('--name <name>', 'who it is for')
    .option('--contact <contact>', 'how to reach them')
    .action(async (o: { name: string; contact?: string }) =>
      setExit(await runFromCli(appIdCreateCommand, o)),
    );
  appId
    .command('revoke <id>')
    .description('Revoke an application id (refused within a minute everywhere)')
    .action(async (id: string) => setExit(await runFromCli(appIdRevokeCommand, { id })));
}
