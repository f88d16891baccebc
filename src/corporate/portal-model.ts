import { DomainError } from '../kernel/errors.ts';
import { CorporateErrors } from './errors.ts';

/**
 * 法人ポータル, pure: the roles a corporation's staff hold, what each role may do (a
 * table, read by the routes and shown in the UI), and the lifecycle of a membership.
 */

/**
 * `representative`: registered on application, checked by an NTA operator against the
 * commercial register (代表者); `administrator`: manages the staff (担当者の管理);
 * `staff`: sees the record and the notices (担当者).
 */
export const MEMBER_ROLES = ['representative', 'administrator', 'staff'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_ACTIONS = [
  'view-record',
  'read-notices',
  'act-on-notices',
  'view-members',
  'view-activity',
  'invite-staff',
  'invite-administrator',
  'end-staff',
  'end-administrator',
] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/** What each role may do. Default deny: an action not listed is refused. */
export const ROLE_ACTIONS: Record<MemberRole, readonly MemberAction[]> = {
  representative: MEMBER_ACTIONS,
  administrator: [
    'view-record',
    'read-notices',
    'act-on-notices',
    'view-members',
    'view-activity',
    'invite-staff',
    'end-staff',
  ],
  staff: ['view-record', 'read-notices', 'act-on-notices'],
};

export function mayDo(role: MemberRole, action: MemberAction): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

/** Who may be invited with which role: representatives are registered, never invited. */
export const INVITE_ACTION: Record<Exclude<MemberRole, 'representative'>, MemberAction> = {
  administrator: 'invite-administrator',
  staff: 'invite-staff',
};
export const END_ACTION: Record<MemberRole, MemberAction | null> = {
  // A representative's registration ends on their own word, or by the NTA (not by staff).
  representative: null,
  administrator: 'end-administrator',
  staff: 'end-staff',
};

export const MEMBER_STATUSES = [
  'applied',
  'invited',
  'active',
  'declined',
  'ended',
  'left',
  'expired',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type MembershipStep = 'approve' | 'decline' | 'accept' | 'end' | 'leave' | 'lapse';

/**
 * The lifecycle of a membership. An application is approved or declined by an operator;
 * an invitation is accepted or declined by the invitee (or lapses when its code expires,
 * or is called back: `end`); an active member leaves, or is ended (by a manager, or
 * because the person died or emigrated, or the corporation's record was deleted).
 */
export const MEMBERSHIP_TRANSITIONS: Record<MemberStatus, Partial<Record<MembershipStep, MemberStatus>>> = {
  applied: { approve: 'active', decline: 'declined', leave: 'left' },
  invited: { accept: 'active', decline: 'declined', end: 'ended', lapse: 'expired' },
  active: { end: 'ended', leave: 'left' },
  declined: {},
  ended: {},
  left: {},
  expired: {},
};

export function nextMemberStatus(from: MemberStatus, step: MembershipStep): MemberStatus {
  const to = MEMBERSHIP_TRANSITIONS[from][step];
  if (!to) {
    throw new DomainError(CorporateErrors.CORPORATE_MEMBER_TRANSITION, `${step} from ${from}`, {
      status: from,
      allowed: Object.keys(MEMBERSHIP_TRANSITIONS[from]),
    });
  }
  return to;
}

/** An invitation's code is good this long. */
export const INVITATION_LIFETIME_MS = 7 * 86_400_000;

/** A representative's stated position: a short line of text, no control characters. */
export function parseTitle(input: unknown): string {
  const title = typeof input === 'string' ? input.normalize('NFC').trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (title.length === 0 || title.length > 40 || /[\u0000-\u001f\u007f]/.test(title)) {
    throw new DomainError(CorporateErrors.CORPORATE_MEMBER_INVALID, 'title: 1 to 40 characters', {
      field: 'title',
    });
  }
  return title;
}

/** What a corporation's portal activity records. */
export const MEMBER_ACTIVITY_ACTIONS = [
  'applied',
  'approved',
  'declined',
  'invited',
  'joined',
  'ended',
  'left',
  'notice-read',
  'notice-acted',
] as const;
export type MemberActivityAction = (typeof MEMBER_ACTIVITY_ACTIONS)[number];
