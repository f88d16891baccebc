import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../numbers/cli.ts';
import { readCertificate } from '../pki/certificate.ts';
import { runFromCliCollecting } from '../platform/operator-commands.ts';
import { CardFileStore } from './card-file.ts';
import { Chip, type PinReset, pem } from './chip.ts';
import {
  counterIssueCommand,
  deliverCommand,
  invalidateCommand,
  pinResetCommand,
  resumeCommand,
  suspendCommand,
} from './commands.ts';
import { type CardPins, type Counter, makeCard } from './issuance.ts';
import type { IssuedCard } from './service.ts';

/** Runs an operator command and returns its one JSON line. */
async function call<T>(
  command: Parameters<typeof runFromCliCollecting>[0],
  args: Record<string, unknown>,
): Promise<T> {
  const { lines } = await runFromCliCollecting(command, args);
  return JSON.parse(lines[0] ?? 'null') as T;
}

/** The counter as the operator's CLI reaches it: operator commands, here or through the platform. */
export function operatorCounter(resident: string): Counter {
  return {
    issue: (csrs) =>
      call<IssuedCard>(counterIssueCommand, {
        resident,
        authenticationCsr: csrs.authentication,
        ...(csrs.signature ? { signatureCsr: csrs.signature } : {}),
      }),
    deliver: (cardId) => call(deliverCommand, { cardId }),
    abandon: async (cardId) => {
      await call(invalidateCommand, { cardId, reason: 'issuance-failed' });
    },
  };
}

/** Makes a card file at `out` for `resident` (id or Individual Number), PINs set. */
export async function issueCardFile(resident: string, pins: CardPins, out: string) {
  const chip = await Chip.blank(new CardFileStore(out), 'unissued');
  const card = await makeCard(chip, pins, operatorCounter(resident));
  return { card: out, ...card };
}

/** The serial number of the authentication certificate on a card file. */
async function serialOf(cardFile: string): Promise<string> {
  const chip = new Chip(new CardFileStore(cardFile));
  return readCertificate(await chip.certificate('authentication')).serialNumber;
}

export function registerCardCommands(program: Command, setExit: (code: number) => void): void {
  const card = program.command('card').description('My Number Cards and their chips (card files)');
  card
    .command('issue')
    .description(
      'Application, identity verification, issuance and delivery in one step; writes the card file',
    )
    .requiredOption('--resident <id or number>', 'the resident, by id or Individual Number')
    .requiredOption('--pin <4 digits>', 'the user-authentication PIN')
    .option(
      '--sign-password <password>',
      'the signature password (6–16 of A–Z, 0–9); omit for no signature certificate',
    )
    .option('--face-pin <4 digits>', 'the card-face-assist PIN (default: the same as --pin)')
    .requiredOption('--out <file>', 'where to write the card file')
    .action(
      async (o: { resident: string; pin: string; signPassword?: string; facePin?: string; out: string }) => {
        const pins: CardPins = {
          authentication: o.pin,
          faceAssist: o.facePin ?? o.pin,
          ...(o.signPassword ? { signature: o.signPassword } : {}),
        };
        process.stdout.write(`${JSON.stringify(await issueCardFile(o.resident, pins, o.out))}\n`);
        setExit(0);
      },
    );
  card
    .command('cert')
    .description('Read a certificate from the chip, as a card reader would')
    .requiredOption('--card <file>', 'the card file')
    .requiredOption('--kind <auth|sign>', 'which certificate')
    .option('--pin <password>', 'the signature password (the signature certificate needs it)')
    .option('--out <file>', 'where to write the PEM (default: standard output)')
    .action(async (o: { card: string; kind: string; pin?: string; out?: string }) => {
      if (o.kind !== 'auth' && o.kind !== 'sign') throw new UsageError('--kind must be auth or sign');
      const chip = new Chip(new CardFileStore(o.card));
      const der =
        o.kind === 'auth'
          ? await chip.certificate('authentication')
          : await chip.certificate('signature', o.pin ?? '');
      const text = pem('CERTIFICATE', der);
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
      setExit(0);
    });
  card
    .command('reset-pin')
    .description('Reset a locked PIN at the counter: the municipality authorises, the chip takes the new PIN')
    .requiredOption('--card <file>', 'the card file')
    .requiredOption('--kind <auth|sign|face>', 'which PIN')
    .requiredOption('--new-pin <pin>', 'the new PIN or password')
    .action(async (o: { card: string; kind: string; newPin: string }) => {
      const kind = ({ auth: 'authentication', sign: 'signature', face: 'faceAssist' } as const)[
        o.kind as 'auth' | 'sign' | 'face'
      ];
      if (!kind) throw new UsageError('--kind must be auth, sign or face');
      const reset = await call<PinReset>(pinResetCommand, { serial: await serialOf(o.card), kind });
      await new Chip(new CardFileStore(o.card)).resetPin(reset, o.newPin, new Date());
      process.stdout.write(`${JSON.stringify({ card: o.card, kind, reset: true })}\n`);
      setExit(0);
    });
  for (const [verb, command, what] of [
    ['suspend', suspendCommand, 'Suspend a card at once (一時停止): certificates held, sessions ended'],
    ['resume', resumeCommand, 'Resume a suspended card (for the counter, after identity verification)'],
  ] as const) {
    card
      .command(verb)
      .description(what)
      .option('--card <file>', 'the card file')
      .option('--serial <hex>', "or a certificate's serial number")
      .action(async (o: { card?: string; serial?: string }) => {
        if (!o.card === !o.serial) throw new UsageError('give --card or --serial');
        const serial = o.serial ?? (await serialOf(o.card!));
        const { code, lines } = await runFromCliCollecting(command, { serial });
        for (const l of lines) process.stdout.write(`${l}\n`);
        setExit(code);
      });
  }
}
