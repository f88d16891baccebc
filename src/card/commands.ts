import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { IndividualNumber } from '../numbers/index.ts';
import type { Contexts } from '../platform/contexts.ts';
import { defineCommand, OPERATOR } from '../platform/operator-commands.ts';
import { CardErrors } from './errors.ts';
import type { PinKind } from './pins.ts';

/**
 * The card's operator commands. The chip is on the operator's side (the CLI makes the
 * keys in its card file), so issuance is two commands around the chip's work: the counter
 * steps up to issuance, then delivery once the PINs are set.
 */
function text(args: Record<string, unknown>, name: string, pattern: RegExp): string {
  const v = args[name];
  if (typeof v !== 'string' || !pattern.test(v)) {
    throw new DomainError(KernelErrors.REQUEST_INVALID, `${name} is missing or malformed`, { field: name });
  }
  return v;
}

const UUID = /^[0-9a-fA-F-]{36}$/;

/** A resident named by id, or by Individual Number through the national index. */
async function residentOf(contexts: Contexts, given: string): Promise<string> {
  if (UUID.test(given)) return given;
  const digits = given.replace(/[\s-]/g, '');
  if (IndividualNumber.isValid(digits)) {
    const id = await contexts.registry.service.residentIdByNumber(digits);
    if (id) return id;
  }
  throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, 'no such resident', { field: 'resident' });
}

export const counterIssueCommand = defineCommand({
  name: 'card.counter-issue',
  async run(contexts, args, io) {
    const residentId = await residentOf(contexts, text(args, 'resident', /^.{1,40}$/));
    const authenticationCsr = text(args, 'authenticationCsr', /^-----BEGIN CERTIFICATE REQUEST-----/);
    const signatureCsr =
      args.signatureCsr === undefined ? undefined : text(args, 'signatureCsr', /^-----BEGIN/);
    const issued = await contexts.cards.applyAndIssue(
      OPERATOR,
      residentId,
      { authentication: authenticationCsr, ...(signatureCsr ? { signature: signatureCsr } : {}) },
      ['operator-issuance'],
    );
    io.out(JSON.stringify(issued));
    return 0;
  },
});

export const deliverCommand = defineCommand({
  name: 'card.deliver',
  async run(contexts, args, io) {
    io.out(JSON.stringify(await contexts.cards.deliver(OPERATOR, text(args, 'cardId', UUID))));
    return 0;
  },
});

export const invalidateCommand = defineCommand({
  name: 'card.invalidate',
  async run(contexts, args, io) {
    const reason = typeof args.reason === 'string' ? args.reason.slice(0, 100) : 'operator';
    io.out(JSON.stringify(await contexts.cards.invalidate(OPERATOR, text(args, 'cardId', UUID), reason)));
    return 0;
  },
});

/** Suspension by card id or by a certificate's serial number (what a card file yields). */
export const suspendCommand = defineCommand({
  name: 'card.suspend',
  async run(contexts, args, io) {
    const ref =
      args.cardId !== undefined
        ? { cardId: text(args, 'cardId', UUID) }
        : { serial: text(args, 'serial', /^[0-9a-fA-F]{1,40}$/) };
    io.out(JSON.stringify(await contexts.cards.suspend(OPERATOR, ref)));
    return 0;
  },
});

export const resumeCommand = defineCommand({
  name: 'card.resume',
  async run(contexts, args, io) {
    const cardId =
      args.cardId !== undefined
        ? text(args, 'cardId', UUID)
        : await contexts.cards.cardIdOfSerial(text(args, 'serial', /^[0-9a-fA-F]{1,40}$/));
    io.out(JSON.stringify(await contexts.cards.resume(OPERATOR, cardId)));
    return 0;
  },
});

export const sweepCommand = defineCommand({
  name: 'card.sweep',
  async run(contexts, _args, io) {
    io.out(JSON.stringify(await contexts.cards.sweep()));
    return 0;
  },
});

/** The counter's authorisation for a chip to take a new PIN (after identity verification). */
export const pinResetCommand = defineCommand({
  name: 'card.pin-reset',
  async run(contexts, args, io) {
    const cardId = await contexts.cards.cardIdOfSerial(text(args, 'serial', /^[0-9a-fA-F]{1,40}$/));
    const kind = text(args, 'kind', /^(authentication|signature|faceAssist)$/) as PinKind;
    io.out(JSON.stringify(await contexts.cards.pinReset(OPERATOR, cardId, kind)));
    return 0;
  },
});
