import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { CardFileStore } from '../card/card-file.ts';
import { Chip } from '../card/chip.ts';
import { issueCardFile } from '../card/cli.ts';
import { loadConfig } from '../kernel/config.ts';
import { DomainError } from '../kernel/errors.ts';
import { runFromCliCollecting } from '../platform/operator-commands.ts';
import { answerChallenge } from './client.ts';
import { grantCommand, setupCommand } from './commands.ts';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
/** 8 characters, at least one letter and one digit, as the signature password's rule asks. */
const password = () => {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const body = Array.from({ length: 6 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[randomInt(34)]).join('');
  return `${letters[randomInt(letters.length)]}${digits(1)}${body}`;
};

/**
 * `bango login`: the challenge–response against a running platform, with a card file;
 * prints the session (who, roles, expiry). Errors come back with their codes.
 */
export async function cliLogin(o: { card: string; pin: string; url: string }) {
  const origin = new URL(o.url).origin;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown> & {
      error?: { code: string; message: string };
    };
    if (!res.ok) {
      const { code = 'INTERNAL_ERROR', message = 'failed', ...extra } = json.error ?? {};
      throw new DomainError({ code, status: res.status, message }, undefined, extra);
    }
    return json;
  };
  const challenge = (await post('/api/login/challenge', {})) as unknown as { nonce: string; origin: string };
  const chip = new Chip(new CardFileStore(o.card));
  const answer = await answerChallenge(chip, o.pin, challenge);
  const opened = (await post('/api/login', answer)) as { session: unknown };
  return opened.session;
}

export function registerLoginCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('setup')
    .description('Create the first system administrator, their card file and PINs, and print them')
    .option('--resident <id>', 'an existing resident to make administrator (default: register one)')
    .option('--out <file>', 'where to write the card file (default: DATA_DIR/cards/administrator.card.json)')
    .action(async (o: { resident?: string; out?: string }) => {
      const { lines } = await runFromCliCollecting(setupCommand, o.resident ? { resident: o.resident } : {});
      const { residentId } = JSON.parse(lines[0]!) as { residentId: string };
      const out = o.out ?? join(loadConfig(process.env).dataDir, 'cards', 'administrator.card.json');
      mkdirSync(dirname(out), { recursive: true });
      const pins = { authentication: digits(4), signature: password(), faceAssist: digits(4) };
      const card = await issueCardFile(residentId, pins, out);
      process.stdout.write(
        `${JSON.stringify({ administrator: residentId, card: out, cardId: card.id, pins }, null, 2)}\n`,
      );
      setExit(0);
    });
  program
    .command('login')
    .description('Log in to a running platform with a card file and print the session as JSON')
    .requiredOption('--card <file>', 'the card file')
    .requiredOption('--pin <4 digits>', 'the user-authentication PIN')
    .requiredOption('--url <url>', 'the platform, e.g. http://127.0.0.1:3000')
    .action(async (o: { card: string; pin: string; url: string }) => {
      process.stdout.write(`${JSON.stringify(await cliLogin(o), null, 2)}\n`);
      setExit(0);
    });
  program
    .command('role')
    .description('Staff roles')
    .command('grant')
    .description('Give a resident a role at an organisation (local government code, institution code, or *)')
    .requiredOption('--resident <id>', 'the resident')
    .requiredOption(
      '--role <role>',
      'municipal-clerk, card-officer, institution-operator, nta-operator, ppc-auditor, system-administrator',
    )
    .requiredOption('--organisation <code>', 'where the role applies')
    .action(async (o: { resident: string; role: string; organisation: string }) => {
      const { code, lines } = await runFromCliCollecting(grantCommand, o);
      for (const l of lines) process.stdout.write(`${l}\n`);
      setExit(code);
    });
}
