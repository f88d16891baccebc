/**
 * The chip's three secrets and their rules (SPECS.md §5). Pure and portable: the chip
 * emulator runs this in Node and in the browser, and the counter screen checks a new PIN
 * with it before the chip does.
 */
export const PIN_KINDS = ['authentication', 'signature', 'faceAssist'] as const;
export type PinKind = (typeof PIN_KINDS)[number];

export interface PinPolicy {
  /** Consecutive wrong entries that lock it. */
  readonly limit: number;
  readonly valid: (pin: string) => boolean;
  /** For people: what a valid one looks like. */
  readonly rule: string;
}

const fourDigits = (pin: string) => /^\d{4}$/.test(pin);

export const PIN_POLICIES: Readonly<Record<PinKind, PinPolicy>> = {
  // 利用者証明用電子証明書の暗証番号
  authentication: { limit: 3, valid: fourDigits, rule: '4 digits' },
  // 署名用電子証明書の暗証番号: 6–16 of A–Z and 0–9, at least one of each
  signature: {
    limit: 5,
    valid: (pin) => /^[A-Z0-9]{6,16}$/.test(pin) && /[A-Z]/.test(pin) && /\d/.test(pin),
    rule: '6–16 capital letters A–Z and digits, at least one of each',
  },
  // 券面事項入力補助用の暗証番号
  faceAssist: { limit: 3, valid: fourDigits, rule: '4 digits' },
};

/** A PIN counter after one entry: a correct entry resets it; a wrong one counts; at the limit it is locked. */
export function afterEntry(failures: number, correct: boolean, kind: PinKind): number {
  return correct ? 0 : Math.min(failures + 1, PIN_POLICIES[kind].limit);
}

export function isLocked(failures: number, kind: PinKind): boolean {
  return failures >= PIN_POLICIES[kind].limit;
}

export function triesLeft(failures: number, kind: PinKind): number {
  return Math.max(0, PIN_POLICIES[kind].limit - failures);
}
