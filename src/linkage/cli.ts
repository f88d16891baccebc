import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runFromCli } from '../platform/operator-commands.ts';
import {
  institutionsCommand,
  linkageSeedCommand,
  linkageStatsCommand,
  logVerifyCommand,
  permissionsCommand,
  queryCommand,
  recordsCommand,
  rotateKeysCommand,
  tlsIssueCommand,
  tlsRevokeCommand,
} from './commands.ts';

const year = (v: string) => {
  if (!/^\d{4}$/.test(v)) throw new Error('--fiscal-year must be a year like 2025');
  return Number(v);
};

/**
 * `bango linkage …` and `bango log verify`: the network from the command line, on the
 * embedded database or DATABASE_URL, or through the running platform.
 */
export function registerLinkageCommands(program: Command, setExit: (code: number) => void): void {
  const linkage = program
    .command('linkage')
    .description('The information provision network (情報提供ネットワーク)');
  linkage
    .command('institutions')
    .description('Institutions on the network, one JSON object per line')
    .option('--json', 'JSON lines (the default)')
    .action(async () => setExit(await runFromCli(institutionsCommand, {})));
  linkage
    .command('permissions')
    .description('The permission table in force, one row per line')
    .option('--json', 'JSON lines (the default)')
    .action(async () => setExit(await runFromCli(permissionsCommand, {})));
  linkage
    .command('query')
    .description('Ask as an operator at the requester; exit 1 when refused')
    .requiredOption('--requester <code>', 'the requesting institution (16 digits)')
    .requiredOption('--procedure <code>', 'procedure code (JM…)')
    .option('--step <code>', 'the procedure’s step (JT…; default its main step)')
    .requiredOption('--provider <code>', 'the providing institution (16 digits)')
    .requiredOption('--item <code>', 'item code (TM…)')
    .requiredOption(
      '--resident <number>',
      'the Individual Number the requester holds (resolved through its own map)',
    )
    .option('--fiscal-year <year>', 'for items kept by year (local tax)', year)
    .option('--from <day>', 'a period of days from YYYY-MM-DD: every version of the copy that held in it')
    .option('--to <day>', 'the period’s last day, YYYY-MM-DD')
    .option('--json', 'JSON (the default)')
    .action(async (o: Record<string, string | number | undefined>) => {
      const { json: _j, ...args } = o;
      setExit(await runFromCli(queryCommand, args));
    });
  linkage
    .command('rotate-keys')
    .description('New signing and agreement keys for an institution’s node in this process')
    .requiredOption('--institution <code>', 'the institution (16 digits)')
    .option('--json', 'JSON (the default)')
    .action(async (o: { institution: string }) =>
      setExit(await runFromCli(rotateKeysCommand, { institution: o.institution })),
    );
  linkage
    .command('records')
    .description("A person's information provision records, oldest first, one per line")
    .requiredOption('--resident <number>', 'the Individual Number')
    .option('--json', 'JSON lines (the default)')
    .action(async (o: { resident: string }) =>
      setExit(await runFromCli(recordsCommand, { resident: o.resident })),
    );
  linkage
    .command('stats')
    .description('Exchanges by outcome, item and procedure')
    .option('--json', 'JSON (the default)')
    .action(async () => setExit(await runFromCli(linkageStatsCommand, {})));
  linkage
    .command('seed')
    .description('Fill the institution nodes with copies for the people on the register')
    .option(
      '--municipalities <codes>',
      'comma-separated local government codes (default: all with residents)',
    )
    .action(async (o: { municipalities?: string }) =>
      setExit(
        await runFromCli(
          linkageSeedCommand,
          o.municipalities ? { municipalities: o.municipalities.split(',').map((c) => c.trim()) } : {},
        ),
      ),
    );

  const tls = linkage.command('tls').description('Certificates for mutual TLS between the core and nodes');
  tls
    .command('issue')
    .description('Issue a node (or the core) its TLS key and certificate, written to a folder (mode 0600)')
    .requiredOption('--institution <code>', 'the institution (16 digits)')
    .requiredOption('--dir <path>', 'where key.pem, cert.pem and ca.pem go')
    .option('--name <name>', "the institution's name, for the certificate")
    .option('--days <n>', 'validity in days (default 365)', (v) => Number(v))
    .action(async (o: { institution: string; dir: string; name?: string; days?: number }) =>
      setExit(await runFromCli(tlsIssueCommand, { ...o, dir: resolve(o.dir) })),
    );
  tls
    .command('revoke')
    .description('Revoke a TLS certificate by serial: its next connection is refused')
    .requiredOption('--serial <hex>', 'the serial number')
    .action(async (o: { serial: string }) => setExit(await runFromCli(tlsRevokeCommand, o)));

  program
    .command('log')
    .description('The transparency log of exchange records')
    .command('verify')
    .description(
      'Rebuild the tree from the stored records and check every signed head; exit 1 on any problem',
    )
    .option('--json', 'JSON (the default)')
    .action(async () => setExit(await runFromCli(logVerifyCommand, {})));
}
