/**
 * The one place that answers "may this caller do this action on this unit?".
 * Services call `authorize` for single rows and add `scopeWhere` to list queries, so an
 * out-of-scope row is simply not found.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx, Actor } from '../context';
import { AppError, unauthenticated } from '../errors';
import { permissionsFor, roleIncludes, roleScopeKinds, type Role } from './roles';
import { one } from '../db/sql';

export type UnitRef = { id: number; path: string; areaPath: string | null; closedAt?: string | null };

const isUnder = (path: string | null, ancestor: string | null) =>
  !!path && !!ancestor && (path === ancestor || path.startsWith(ancestor + '.'));

/** Does the actor hold `action` on a unit with this path and area path? Pure, no I/O. */
export function can(actor: Actor | null, action: string, unit: { path: string; areaPath: string | null }): boolean {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  const perms = permissionsFor(action);
  return actor.grants.some((g) => {
    if (g.role === 'admin') return true;
    const kind = perms[g.role];
    if (kind === 'subtree') return isUnder(unit.path, g.unitPath);
    if (kind === 'area') return isUnder(unit.areaPath, g.areaPath);
    return false;
  });
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

export async function loadUnitRef(ctx: Ctx, unitId: number): Promise<UnitRef | undefined> {
  return one<UnitRef>(ctx.db, sql`SELECT id, path::text AS path, area_path::text AS "areaPath", closed_at AS "closedAt" FROM units WHERE id = ${unitId}`);
}

/**
 * Throws unless the actor may do `action` on the unit. A unit the actor cannot even see reads as
 * 404 (the caller learns nothing about it); a visible one with a missing right is 403.
 * `readAction` names the action that makes the unit visible (default: `units.read`).
 */
export async function authorize(ctx: Ctx, action: string, unitId: number, readAction = 'units.read'): Promise<UnitRef> {
  const actor = requireActor(ctx);
  const unit = await loadUnitRef(ctx, unitId);
  if (!unit) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  authorizeLoaded(actor, action, unit, readAction);
  return unit;
}

/** Same rule as `authorize`, for a unit the caller already loaded (with path and area path). */
export function authorizeLoaded(actor: Actor | null, action: string, unit: { path: string; areaPath: string | null }, readAction = 'units.read', entity = 'UNIT'): void {
  if (!actor) throw unauthenticated();
  if (can(actor, action, unit)) return;
  if (readAction !== action && can(actor, readAction, unit)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  throw new AppError(`${entity}_NOT_FOUND`, 404, {}, 'error.not_found');
}

/**
 * SQL condition restricting rows to the actor's scope for `action`.
 * `unitPath` is the rows' unit path column; `areaPath` their area path column (for area-scoped roles).
 */
export function scopeWhere(ctx: Ctx, action: string, cols: { unitPath: SQL; areaPath?: SQL }): SQL {
  const actor = ctx.actor;
  if (!actor) return sql`FALSE`;
  if (actor.isAdmin) return sql`TRUE`;
  const perms = permissionsFor(action);
  const parts: SQL[] = [];
  for (const g of actor.grants) {
    const kind = g.role === 'admin' ? 'subtree' : perms[g.role];
    if (kind === 'subtree') parts.push(sql`${cols.unitPath} <@ ${g.unitPath}::ltree`);
    else if (kind === 'area' && cols.areaPath && g.areaPath) parts.push(sql`${cols.areaPath} <@ ${g.areaPath}::ltree`);
  }
  if (parts.length === 0) return sql`FALSE`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** Whether the actor holds `action` anywhere (for menus and top-level list pages). */
export function canAnywhere(actor: Actor | null, action: string): boolean {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  const perms = permissionsFor(action);
  return actor.grants.some((g) => g.role === 'admin' || !!perms[g.role]);
}

/**
 * May the actor hand out `role` on this unit? Only what it holds itself: a grant whose role includes
 * `role` (see roleIncludes), on the unit or an ancestor for the role's subtree actions, and over an
 * area containing the unit's area for its area actions (a supervisor's). Admins may grant anything.
 * Whether the actor manages users on the unit at all (`users.manage`) is checked by the caller.
 */
export function canGrant(actor: Actor, role: Role, unit: { path: string; areaPath: string | null }): boolean {
  if (actor.isAdmin) return true;
  if (role === 'admin') return false;
  const kinds = roleScopeKinds(role);
  return actor.grants.some((g) => g.role !== 'admin' && roleIncludes(g.role, role)
    && (!kinds.has('subtree') || isUnder(unit.path, g.unitPath))
    && (!kinds.has('area') || isUnder(unit.areaPath, g.areaPath)));
}

/**
 * May the actor give a unit at `unitPath` (or a new unit under it) the area `areaPath`? A unit's area
 * is what the area-scoped grants on it read, so a non-admin may only use areas inside the area of a
 * grant that lets it manage that unit.
 */
export function canUseArea(actor: Actor, unitPath: string, areaPath: string): boolean {
  if (actor.isAdmin) return true;
  const perms = permissionsFor('units.manage');
  return actor.grants.some((g) => g.role !== 'admin' && perms[g.role] === 'subtree' && isUnder(unitPath, g.unitPath) && isUnder(areaPath, g.areaPath));
}

/**
 * The units on which the actor holds a grant whose role may do `action`: their own units, not those
 * below (a commune officer's own forms and tasks, not every branch's). A global admin grant has none.
 */
export function grantedUnitIds(actor: Actor, action: string): number[] {
  const perms = permissionsFor(action);
  return [...new Set(actor.grants.filter((g) => g.unitId !== null && (g.role === 'admin' || !!perms[g.role])).map((g) => g.unitId as number))];
}
