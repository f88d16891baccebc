import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runFromCliCollecting } from '../platform/operator-commands.ts';
import { exportCommand, verifierAddCommand } from './commands.ts';

/** `bango pki export --kind auth|sign --ca FILE --crl FILE`: what a relying party needs. */
export function registerPkiCommands(program: Command, setExit: (code: number) => void): void {
  const pki = program.command('pki').description("J-LIS's certificate authorities");
  pki
    .command('export')
    .description("Write a CA's certificate and its current CRL as PEM files")
    .requiredOption('--kind <auth|sign>', 'the user-authentication or the signature CA')
    .option('--ca <file>', 'where to write the CA certificate')
    .option('--crl <file>', 'where to write the CRL (PEM label X509 CRL)')
    .action(async (o: { kind: string; ca?: string; crl?: string }) => {
      const { code, lines } = await runFromCliCollecting(exportCommand, { kind: o.kind });
      const out = JSON.parse(lines[0] ?? '{}') as { ca?: string; crl?: string };
      if (o.ca && out.ca) writeFileSync(o.ca, out.ca);
      if (o.crl && out.crl) writeFileSync(o.crl, out.crl);
      if (!o.ca && !o.crl) process.stdout.write(`${out.ca ?? ''}${out.crl ?? ''}`);
      setExit(code);
    });
  pki
    .command('verifier')
    .description('Registered verifiers (署名検証者)')
    .command('add')
    .description('Register a verifier and print its API key (shown once)')
    .requiredOption('--name <name>', 'the business, e.g. "Example Bank"')
    .action(async (o: { name: string }) => {
      const { code, lines } = await runFromCliCollecting(verifierAddCommand, { name: o.name });
      for (const l of lines) process.stdout.write(`${l}\n`);
      setExit(code);
    });
}
