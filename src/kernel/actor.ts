/**
 * Who is acting. Everyone who logs in with a card is a person (a resident); staff are
 * persons with role assignments at an organisation (a municipality's local government
 * code, an institution's code). The local operator (the CLI on the platform's machine)
 * is a system administrator everywhere. A registered verifier (署名検証者, e.g. a bank)
 * is an organisation calling with its API key.
 */
export const ROLES = [
  'municipal-clerk',
  'card-officer',
  'institution-operator',
  'nta-operator',
  'ppc-auditor',
  'system-administrator',
  'registered-verifier',
] as const;
export type Role = (typeof ROLES)[number];

export interface RoleAssignment {
  readonly role: Role;
  /** Local government code or institution code; `*` for every organisation. */
  readonly organisation: string;
}

export interface Actor {
  readonly id: string;
  /** `person`: logged in with a card (staff too); `operator`: the local CLI; `verifier`: an API key. */
  readonly kind: 'person' | 'staff' | 'operator' | 'verifier';
  /** The resident behind a card session. */
  readonly residentId?: string;
  /** The session this actor came with (to end it, and for CSRF checks). */
  readonly sessionId?: string;
  readonly displayName: string;
  readonly roles: readonly RoleAssignment[];
}

export const LOCAL_OPERATOR: Actor = Object.freeze<Actor>({
  id: 'local-operator',
  kind: 'operator',
  displayName: 'Local operator',
  roles: [{ role: 'system-administrator', organisation: '*' }],
});

/** Does the actor hold one of `roles` (anywhere, or at `organisation` when given)? */
export function holds(actor: Actor, roles: readonly Role[], organisation?: string): boolean {
  return actor.roles.some(
    (a) =>
      roles.includes(a.role) &&
      (organisation === undefined || a.organisation === '*' || a.organisation === organisation),
  );
}
