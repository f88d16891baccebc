/**
 * Who is acting. Staff are residents with role assignments at an organisation (a
 * municipality's local government code, an institution's code); the local operator
 * (the CLI on the platform's machine) is a system administrator everywhere. Card login
 * (a later issue) produces staff and resident actors; until then only the operator
 * token authenticates, and tests build actors directly.
 */
export const ROLES = [
  'municipal-clerk',
  'card-officer',
  'institution-operator',
  'nta-operator',
  'ppc-auditor',
  'system-administrator',
] as const;
export type Role = (typeof ROLES)[number];

export interface RoleAssignment {
  readonly role: Role;
  /** Local government code or institution code; `*` for every organisation. */
  readonly organisation: string;
}

export interface Actor {
  readonly id: string;
  readonly kind: 'staff' | 'operator';
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
