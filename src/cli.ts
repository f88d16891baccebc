import { Command, CommanderError } from 'commander';
import { registerCardCommands } from './card/cli.ts';
import { registerCorporateCommands } from './corporate/cli.ts';
import { DomainError } from './kernel/errors.ts';
import { registerLinkageCommands } from './linkage/cli.ts';
import { registerLoginCommands } from './login/cli.ts';
import { EXIT, registerNumberCommands, UsageError } from './numbers/cli.ts';
import { registerPkiCommands } from './pki/cli.ts';
import { registerPlatformCommands } from './platform/cli.ts';
import { VERSION } from './platform/version.ts';
import { registerRegistryCommands } from './registry/cli.ts';

/**
 * `bango <context> <verb>`: one entry point for operators. Exit status 0 when all is
 * well, 1 when something checked was invalid, 2 for a usage error or a failure to run.
 */
let exitCode: number = EXIT.ok;
const program = new Command('bango')
  .description("Bango: Japan's My Number system, as open source")
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

program
  .command('serve')
  .description('Run the platform (the same as npm start); --role core|node for the network across processes')
  .allowUnknownOption()
  .allowExcessArguments()
  .helpOption(false)
  .action(async () => {
    process.argv = [process.argv[0]!, process.argv[1]!, ...process.argv.slice(3)];
    await import('./main.ts');
    exitCode = -1; // the server keeps the process alive
  });

registerNumberCommands(program, (code) => {
  exitCode = code;
});
registerPlatformCommands(program);
registerPkiCommands(program, (code) => {
  exitCode = code;
});
registerRegistryCommands(program, (code) => {
  exitCode = code;
});
registerCardCommands(program, (code) => {
  exitCode = code;
});
registerLoginCommands(program, (code) => {
  exitCode = code;
});
registerLinkageCommands(program, (code) => {
  exitCode = code;
});
registerCorporateCommands(program, (code) => {
  exitCode = code;
});

try {
  await program.parseAsync(process.argv);
  if (exitCode >= 0) process.exitCode = exitCode;
} catch (e) {
  if (e instanceof CommanderError) {
    const helpOrVersion = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
    process.exitCode = helpOrVersion ? EXIT.ok : EXIT.usage;
  } else if (e instanceof UsageError) {
    process.stderr.write(`bango: ${e.message}\n`);
    process.exitCode = EXIT.usage;
  } else if (e instanceof DomainError && e.code !== 'CONFIG_INVALID') {
    // A refusal (bad input, an illegal event) is a result, not a usage error.
    const field =
      typeof e.extra?.field === 'string' ? ` (${e.extra.field}: ${String(e.extra.reason ?? 'invalid')})` : '';
    process.stderr.write(`bango: ${e.code}: ${e.publicMessage}${field}\n`);
    process.exitCode = 1;
  } else {
    const message =
      e instanceof DomainError ? (e.detail ?? e.message) : e instanceof Error ? e.message : String(e);
    process.stderr.write(`bango: ${message}\n`);
    process.exitCode = EXIT.usage;
  }
}
