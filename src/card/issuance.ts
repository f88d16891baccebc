import type { Actor } from '../kernel/actor.ts';
import type { Chip } from './chip.ts';
import type { CardService, CardView, IssuedCard } from './service.ts';

export interface CardPins {
  authentication: string;
  /** Only when the card gets a signature certificate (15 and over). */
  signature?: string;
  faceAssist: string;
}

/**
 * The municipality's side of making a card, as the chip's owner sees it: take the
 * chip's requests and return what to write on it; deliver; or give up.
 */
export interface Counter {
  issue(csrs: { authentication: string; signature?: string }): Promise<IssuedCard>;
  deliver(cardId: string): Promise<CardView>;
  abandon(cardId: string): Promise<void>;
}

const base64OfPem = (pem: string) =>
  pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/**
 * The chip's whole journey through the counter: keys made on the chip, issuance from its
 * requests, the certificates and face data written onto it, the holder setting the PINs,
 * delivery. If anything fails after issuance the card is invalidated, so nothing
 * half-made stays behind.
 */
export async function makeCard(chip: Chip, pins: CardPins, counter: Counter): Promise<CardView> {
  const authentication = await chip.generateKey('authentication');
  const signature = pins.signature !== undefined ? await chip.generateKey('signature') : undefined;
  const issued = await counter.issue({ authentication, ...(signature ? { signature } : {}) });
  try {
    await chip.personalise({
      cardId: issued.card.id,
      certificates: {
        authentication: base64OfPem(issued.certificates.authentication),
        ...(issued.certificates.signature ? { signature: base64OfPem(issued.certificates.signature) } : {}),
        authenticationCa: base64OfPem(issued.certificates.authenticationCa),
        signatureCa: base64OfPem(issued.certificates.signatureCa),
      },
      faceAssist: issued.faceAssist,
    });
    await chip.setPins(pins);
    return await counter.deliver(issued.card.id);
  } catch (e) {
    await counter.abandon(issued.card.id).catch(() => {});
    throw e;
  }
}

/**
 * The counter's procedure in one go in this process (operators' demos, `bango setup`,
 * tests): application and identity verification, then `makeCard`.
 */
export async function issueCard(p: {
  cards: CardService;
  actor: Actor;
  residentId: string;
  chip: Chip;
  pins: CardPins;
  documents?: readonly string[];
}): Promise<CardView> {
  const { cards, actor } = p;
  return makeCard(p.chip, p.pins, {
    issue: (csrs) =>
      cards.applyAndIssue(
        actor,
        p.residentId,
        csrs,
        p.documents ?? ['my-number-card-application', 'driving-licence'],
      ),
    deliver: (cardId) => cards.deliver(actor, cardId),
    abandon: async (cardId) => {
      await cards.invalidate(actor, cardId, 'issuance-failed');
    },
  });
}
