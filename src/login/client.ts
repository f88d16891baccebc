import { type CardReader, toBase64 } from '../card/chip.ts';
import { loginMessage } from './model.ts';

/**
 * The card holder's side of login, the same in the browser and the CLI: read the
 * authentication certificate from the chip and have the chip sign the challenge (after
 * the PIN). The PIN never leaves the chip.
 */
export async function answerChallenge(
  chip: CardReader,
  pin: string,
  challenge: { nonce: string; origin: string },
): Promise<{ nonce: string; certificate: string; signature: string }> {
  const certificate = await chip.certificate('authentication');
  const signature = await chip.sign('authentication', pin, loginMessage(challenge.origin, challenge.nonce));
  return { nonce: challenge.nonce, certificate: toBase64(certificate), signature: toBase64(signature) };
}
