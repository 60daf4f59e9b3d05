/**
 * Access as declared data. Each module declares, in its `<module>.policy.ts`, the resources it owns:
 * how to find a row's places on the unit tree by id (one repo query), which action makes a row
 * visible, and named constraints for actions that need more than "the unit is in scope". The kernel
 * decides with them, the same way everywhere:
 *
 * - `loadAuthorized(ctx, resource, id, action)`: the row, or 404 when the caller cannot see it (it
 *   learns nothing), or 403 when it sees it but may not do the action;
 * - `inScope(ctx, resource, action)`: the SQL condition for list queries, so out-of-scope rows are
 *   simply not there.
 *
 * Services call these and never decide access themselves.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor, Ctx } from '../context';
import { ltreeArray, one } from '../db/sql';
import { AppError, unauthenticated } from '../errors';
import { can, canAnywhere, scopeWhere, type UnitRef } from './authorize';
import { permissionsFor } from './roles';

/**
 * Where a row sits: a unit's path and the unit's area path. `below`: the row also concerns every unit
 * under the path (a movement runs in its lead unit's whole subtree), so a subtree grant anywhere under
 * it reaches the row too; area grants do not reach down.
 */
export type Place = { path: string; areaPath: string | null; below?: boolean };

/**
 * The same places as SQL of the list query's row alias: a unit's path columns (with `below` as in
 * `Place`), or a unit id column (`unitId`), or a subquery of unit ids (`unitIds`) for a row reached
 * through several units (recipients, coordinators); ids are checked against the units in scope, one
 * uncorrelated subquery the planner hashes once, so the list need not join the units.
 */
export type PlaceColumns = { unitPath: SQL; areaPath?: SQL; below?: boolean } | { unitId: SQL } | { unitIds: SQL };

/** A constraint decides an action on a loaded row, with the actor's grants; pure, no I/O. */
export type Constraint<Row> = (actor: Actor, row: Row, places: Place[]) => boolean;

export type ResourcePolicy<Row = unknown> = {
  /** Error code prefix: `CASE` → `CASE_NOT_FOUND`. */
  entity: string;
  /** The action that makes a row visible. */
  read: string;
  /** The row by id (one repo query, in the caller's language where it has names), or undefined. */
  load(ctx: Ctx, id: number): Promise<Row | undefined>;
  /** The places through which the row is reached; any one in scope makes it visible. */
  places(row: Row): Place[];
  /** The same places as SQL of the list query's row alias, for `inScope`. */
  columns: PlaceColumns[];
  /** Named constraints, by name. */
  constraints?: Record<string, Constraint<Row>>;
  /** Actions decided by a named constraint instead of "one of its places is in scope". */
  actions?: Record<string, string>;
};

export type PolicyTable = Record<string, ResourcePolicy<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The actor's units whose grant carries `action` over their subtree (those that reach a `below` place from under it). */
function subtreeGrantPaths(actor: Actor, action: string): string[] {
  const perms = permissionsFor(action);
  return actor.grants.filter((g) => g.unitPath && (g.role === 'admin' || perms[g.role] === 'subtree')).map((g) => g.unitPath);
}

const reachedFromBelow = (actor: Actor, action: string, path: string): boolean =>
  subtreeGrantPaths(actor, action).some((g) => g === path || g.startsWith(path + '.'));

/** Any of the places is in the actor's scope for the action (subtree or area, as the role says). */
export const anyPlace = (actor: Actor, action: string, places: Place[]): boolean =>
  places.some((p) => can(actor, action, p) || (!!p.below && reachedFromBelow(actor, action, p.path)));

/** The policies of every registered module (registered with the manifests, like permissions). */
class Policies {
  private readonly table = new Map<string, ResourcePolicy<unknown>>();

  register(p: PolicyTable): void {
    for (const [name, policy] of Object.entries(p)) {
      if (this.table.has(name)) throw new Error(`resource ${name} declared twice`);
      for (const c of Object.values(policy.actions ?? {})) {
        if (!policy.constraints?.[c]) throw new Error(`resource ${name}: unknown constraint ${c}`);
      }
      this.table.set(name, policy as ResourcePolicy<unknown>);
    }
  }

  get<Row>(name: string): ResourcePolicy<Row> {
    const p = this.table.get(name);
    if (!p) throw new Error(`unknown resource ${name}`);
    return p as ResourcePolicy<Row>;
  }

  names(): string[] { return [...this.table.keys()]; }
}

const policies = new Policies();

/** Called once per module manifest by `registerModules`. */
export const registerPolicies = (p: PolicyTable): void => policies.register(p);
/** Every declared resource (for the route-walk and lint tests). */
export const resourceNames = (): string[] => policies.names();
export const policyOf = <Row>(resource: string): ResourcePolicy<Row> => policies.get<Row>(resource);

/** The decision on a loaded row. Throws 401, 404 or 403; returns nothing when allowed. */
export function decide<Row>(actor: Actor | null, policy: ResourcePolicy<Row>, row: Row | undefined, action: string): asserts row is Row {
  if (!actor) throw unauthenticated();
  const notFound = () => new AppError(`${policy.entity}_NOT_FOUND`, 404, {}, 'error.not_found');
  if (row === undefined) throw notFound();
  const places = policy.places(row);
  if (!anyPlace(actor, policy.read, places)) throw notFound();
  if (action === policy.read) return;
  const constraint = policy.actions?.[action];
  const allowed = constraint ? policy.constraints![constraint]!(actor, row, places) : anyPlace(actor, action, places);
  if (!allowed) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
}

/** The row by id if the caller may do `action` on it; 404 when it cannot see it, 403 when it may not act. */
export async function loadAuthorized<Row>(ctx: Ctx, resource: string, id: number, action: string): Promise<Row> {
  if (!ctx.actor) throw unauthenticated();
  const policy = policies.get<Row>(resource);
  const row = await policy.load(ctx, id);
  decide(ctx.actor, policy, row, action);
  return row;
}

/** The ids of the units on which the caller may do `action`, as one uncorrelated subquery. */
const unitsInScope = (ctx: Ctx, action: string): SQL =>
  sql`(SELECT su.id FROM units su WHERE ${scopeWhere(ctx, action, { unitPath: sql`su.path`, areaPath: sql`su.area_path` })})`;

function columnsInScope(ctx: Ctx, action: string, c: PlaceColumns): SQL {
  if ('unitPath' in c) {
    const where = scopeWhere(ctx, action, c);
    const below = c.below && ctx.actor && !ctx.actor.isAdmin ? subtreeGrantPaths(ctx.actor, action) : [];
    return below.length ? sql`(${where} OR ${c.unitPath} @> ${ltreeArray(below)})` : where;
  }
  if (!ctx.actor) return sql`FALSE`;
  if (ctx.actor.isAdmin) return sql`TRUE`;
  if ('unitId' in c) return sql`${c.unitId} IN ${unitsInScope(ctx, action)}`;
  return sql`EXISTS (SELECT 1 FROM (${c.unitIds}) AS via(unit_id) WHERE via.unit_id IN ${unitsInScope(ctx, action)})`;
}

/** SQL condition: the rows of `resource` on which the caller may do `action` (by place only). */
export function inScope(ctx: Ctx, resource: string, action: string): SQL {
  const policy = policies.get(resource);
  const parts = policy.columns.map((cols) => columnsInScope(ctx, action, cols));
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

/** Whether the caller may do `action` on the row, without throwing (a filter that widens a list, say). */
export async function isAllowed(ctx: Ctx, resource: string, id: number, action: string): Promise<boolean> {
  try { await loadAuthorized(ctx, resource, id, action); return true; } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403 || e.status === 401)) return false;
    throw e;
  }
}

/**
 * Actions held anywhere rather than on a row (national settings, holidays): 401 without a session,
 * 403 unless one of the caller's grants carries the action (or one of the actions, given several). An
 * action whose permission table names no role is for administrators only. With `entity`, the action
 * reads a national row by id (the indicator catalogue): a caller who may not reads it as not found.
 */
export function authorizeAnywhere(ctx: Ctx, action: string | readonly string[], entity?: string): Actor {
  if (!ctx.actor) throw unauthenticated();
  const actor = ctx.actor;
  if ((typeof action === 'string' ? [action] : action).some((a) => canAnywhere(actor, a))) return actor;
  if (entity) throw new AppError(`${entity}_NOT_FOUND`, 404, {}, 'error.not_found');
  throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
}

/**
 * A unit as a resource, seen through a module's read action: the common "a unit by id in the request"
 * (a list's unit filter, the unit a case is recorded for). Declare it in the module's policy, e.g.
 * `'petitions.unit': unitResource('cases.read')`.
 */
export function unitResource(read: string): ResourcePolicy<UnitRef & { name: string; organizationId: number; organizationCode: string }> {
  return {
    entity: 'UNIT',
    read,
    load: (ctx, id) => one(ctx.db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.closed_at AS "closedAt", u.name,
      u.organization_id AS "organizationId", o.code AS "organizationCode" FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ${id}`),
    places: (u) => [{ path: u.path, areaPath: u.areaPath }],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
  };
}
