import type { Actor } from '../kernel/actor.ts';
import type { Chip } from './chip.ts';
import type { CardService, CardView } from './service.ts';

export interface CardPins {
  authentication: string;
  /** Only when the card gets a signature certificate (15 and over). */
  signature?: string;
  faceAssist: string;
}

const base64OfPem = (pem: string) =>
  pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/**
 * The counter's whole procedure in one go, as operators and demos need it: application,
 * identity verification, keys made on the chip, issuance from its requests, writing the
 * certificates and the face data onto the chip, the holder setting the PINs, delivery.
 * The web counter walks the same steps one screen at a time.
 */
export async function issueCard(p: {
  cards: CardService;
  actor: Actor;
  residentId: string;
  chip: Chip;
  pins: CardPins;
  documents?: readonly string[];
}): Promise<CardView> {
  const { cards, actor, chip } = p;
  const applied = await cards.apply(actor, p.residentId);
  try {
    await cards.verifyIdentity(
      actor,
      applied.id,
      p.documents ?? ['my-number-card-application', 'driving-licence'],
    );
    const authenticationCsr = await chip.generateKey('authentication');
    const signatureCsr = p.pins.signature !== undefined ? await chip.generateKey('signature') : undefined;
    const issued = await cards.issue(actor, applied.id, {
      authentication: authenticationCsr,
      ...(signatureCsr ? { signature: signatureCsr } : {}),
    });
    await chip.personalise({
      certificates: {
        authentication: base64OfPem(issued.certificates.authentication),
        ...(issued.certificates.signature ? { signature: base64OfPem(issued.certificates.signature) } : {}),
        authenticationCa: base64OfPem(issued.certificates.authenticationCa),
        signatureCa: base64OfPem(issued.certificates.signatureCa),
      },
      faceAssist: issued.faceAssist,
    });
    await chip.setPins(p.pins);
    return await cards.deliver(actor, applied.id);
  } catch (e) {
    // Nothing half-made stays behind: the application ends and its certificates with it.
    await cards.invalidate(actor, applied.id, 'issuance-failed').catch(() => {});
    throw e;
  }
}
