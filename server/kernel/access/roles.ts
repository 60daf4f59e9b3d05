/**
 * Roles and the actions they allow. Core actions are listed here; each module adds its own
 * through its manifest's `permissions`. A grant gives a role on a unit; the role's actions
 * apply either to the unit's subtree (`subtree`) or, for aggregate readers, to every unit of any
 * organization located in the unit's area (`area`).
 */
export const ROLES = ['admin', 'unit_admin', 'officer', 'viewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export type ScopeKind = 'subtree' | 'area';

/** action → which roles may do it, and over what scope. `admin` may do everything everywhere. */
export type PermissionTable = Record<string, Partial<Record<Exclude<Role, 'admin'>, ScopeKind>>>;

export const corePermissions: PermissionTable = {
  'units.read': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
  'units.manage': { unit_admin: 'subtree' },
  'users.read': { unit_admin: 'subtree' },
  'users.manage': { unit_admin: 'subtree' },
  'audit.read': { unit_admin: 'subtree' },
  'jobs.read': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
};

const table: PermissionTable = { ...corePermissions };

export function registerPermissions(p: PermissionTable): void {
  for (const [action, roles] of Object.entries(p)) {
    if (table[action] && table[action] !== roles) throw new Error(`permission ${action} registered twice`);
    table[action] = roles;
  }
}

export function permissionsFor(action: string): PermissionTable[string] {
  const p = table[action];
  if (!p) throw new Error(`unknown permission ${action}`);
  return p;
}

export function allPermissions(): PermissionTable { return table; }

/** Roles a given grantor may hand out: nobody but an admin creates admins. */
export function assignableRoles(isAdmin: boolean): Role[] {
  return isAdmin ? [...ROLES] : ROLES.filter((r) => r !== 'admin');
}
