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

/**
 * Role `a` includes role `b` when `a` may do every action `b` may, over the same kind of scope.
 * Read from the table (modules' actions count too), so with today's table: admin ⊇ everything,
 * unit_admin ⊇ officer ⊇ viewer, and supervisor (area scope) is included by no other role.
 */
export function roleIncludes(a: Role, b: Role): boolean {
  if (a === 'admin') return true;
  if (b === 'admin') return false;
  return Object.values(table).every((p) => !p[b] || p[a] === p[b]);
}

/** The scope kinds a role's actions use ('subtree', 'area', or both). */
export function roleScopeKinds(role: Exclude<Role, 'admin'>): Set<ScopeKind> {
  const kinds = new Set<ScopeKind>();
  for (const p of Object.values(table)) if (p[role]) kinds.add(p[role]);
  return kinds;
}
