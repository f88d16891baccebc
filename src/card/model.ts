import { DomainError } from '../kernel/errors.ts';
import { ageOn } from '../kernel/japanese-date.ts';
import { nthBirthdayAfter } from '../pki/model.ts';
import { CardErrors } from './errors.ts';

/**
 * 個人番号カード: the card's lifecycle and validity rules. Pure; the clock comes in as
 * dates.
 */
export const CARD_STATUSES = [
  'applied', // 交付申請を受け付けた
  'identity-verified', // 本人確認済み
  'issued', // 証明書を格納し発行済み (at the municipality, not yet handed over)
  'delivered', // 交付済み: the holder set the PINs and has the card
  'suspended', // 一時停止
  'expired',
  'invalidated', // 失効 (death, emigration, move not completed, fraud)
  'returned', // 返納
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const CARD_ACTIONS = [
  'verify-identity',
  'issue',
  'deliver',
  'suspend',
  'resume',
  'expire',
  'invalidate',
  'return',
] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

/** The lifecycle as a table: for each action, the statuses it may start from and where it leads. */
export const CARD_TRANSITIONS: Readonly<Record<CardAction, { from: readonly CardStatus[]; to: CardStatus }>> =
  {
    'verify-identity': { from: ['applied'], to: 'identity-verified' },
    issue: { from: ['identity-verified'], to: 'issued' },
    deliver: { from: ['issued'], to: 'delivered' },
    suspend: { from: ['delivered'], to: 'suspended' },
    resume: { from: ['suspended'], to: 'delivered' },
    expire: { from: ['delivered', 'suspended'], to: 'expired' },
    invalidate: {
      from: ['applied', 'identity-verified', 'issued', 'delivered', 'suspended'],
      to: 'invalidated',
    },
    return: { from: ['delivered', 'suspended'], to: 'returned' },
  };

/** Statuses in which a card still exists for its holder (a new application waits for it to end). */
export const LIVE_STATUSES: readonly CardStatus[] = [
  'applied',
  'identity-verified',
  'issued',
  'delivered',
  'suspended',
];

export function allowedActions(from: CardStatus): CardAction[] {
  return CARD_ACTIONS.filter((a) => CARD_TRANSITIONS[a].from.includes(from));
}

/** Where `action` takes a card in `from`, or a typed conflict naming what is allowed. */
export function nextCardStatus(from: CardStatus, action: CardAction): CardStatus {
  const t = CARD_TRANSITIONS[action];
  if (!t.from.includes(from)) {
    throw new DomainError(CardErrors.CARD_ACTION_NOT_ALLOWED, `${action} from ${from}`, {
      status: from,
      action,
      allowed: allowedActions(from),
    });
  }
  return t.to;
}

export { ageOn };

/** Under 18 at issuance, the card lasts to the 5th birthday after; otherwise to the 10th. */
export const ADULT_AGE = 18;
/** The signature certificate is issued from this age (SPECS.md §5). */
export const SIGNATURE_CERTIFICATE_AGE = 15;

export function cardExpiry(birthDate: string, issuedOn: string): string {
  return nthBirthdayAfter(birthDate, issuedOn, ageOn(birthDate, issuedOn) < ADULT_AGE ? 5 : 10);
}

/** 転出予定日から30日: after this a move-out not followed by a move-in invalidates the card. */
export const MOVE_IN_GRACE_DAYS = 30;
