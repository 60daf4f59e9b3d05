/** The unit tree: bodies that act, one tree per organization, each at an area. */
import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { authorizeLoaded, requireActor, scopeWhere, can, canGrant, canUseArea } from '../../kernel/access/authorize';
import { roleScopeKinds } from '../../kernel/access/roles';
import { AppError, conflict, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { foldSearch } from '../../kernel/text';
import { one } from '../../kernel/db/sql';
import * as repo from './units.repo';
import type { CreateUnitInput, Unit, UnitDetail } from '../../../common/core';
import type { z } from 'zod';
import type { zUpdateUnitInput, zMoveUnitInput, zCloseUnitInput } from '../../../common/core';

const scope = (ctx: Ctx, action = 'units.read') => scopeWhere(ctx, action, { unitPath: sql`u.path`, areaPath: sql`u.area_path` });

/** A unit the actor may read, or 404. */
export async function getUnitRow(ctx: Ctx, id: number, action = 'units.read'): Promise<repo.UnitRow> {
  requireActor(ctx);
  const u = await repo.findUnitRow(ctx.db, id);
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, { unitId: id }, 'error.not_found');
  authorizeLoaded(ctx.actor, action, u);
  return u;
}

export async function getUnit(ctx: Ctx, id: number): Promise<UnitDetail> {
  const u = await getUnitRow(ctx, id);
  const [ancestors, descendantCount] = await Promise.all([repo.ancestorsOf(ctx.db, u.path), repo.countDescendants(ctx.db, u.path)]);
  const { areaPath: _ap, ...unit } = u;
  return { ...unit, ancestors, descendantCount, canManage: can(ctx.actor, 'units.manage', u) };
}

export async function getUnitByCode(ctx: Ctx, code: string): Promise<repo.UnitRow> {
  const u = await repo.findUnitByCode(ctx.db, code);
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, { code }, 'error.not_found');
  return getUnitRow(ctx, u.id);
}

/**
 * Children of a unit, or the actor's top-level units when no parent is given: every root for an
 * admin, the granted units otherwise (and, for an area-wide reader, the top units of that area).
 */
export async function listChildren(ctx: Ctx, q: { parent?: number; organization?: number; includeClosed?: boolean }): Promise<Unit[]> {
  const actor = requireActor(ctx);
  const open = q.includeClosed ? sql`TRUE` : sql`u.closed_at IS NULL`;
  const org = q.organization ? sql`u.organization_id = ${q.organization}` : sql`TRUE`;
  if (q.parent) {
    await getUnitRow(ctx, q.parent);
    return repo.selectUnits(ctx.db, sql`u.parent_id = ${q.parent} AND ${open} AND ${org} AND ${scope(ctx)}`);
  }
  if (actor.isAdmin) return repo.selectUnits(ctx.db, sql`u.parent_id IS NULL AND ${open} AND ${org}`);
  // Top-most visible units: visible, and whose parent is not visible.
  return repo.selectUnits(ctx.db, sql`${scope(ctx)} AND ${open} AND ${org} AND NOT EXISTS (
      SELECT 1 FROM units p WHERE p.id = u.parent_id AND ${scopeWhere(ctx, 'units.read', { unitPath: sql`p.path`, areaPath: sql`p.area_path` })})`);
}

export async function searchUnits(ctx: Ctx, q: string, limit: number): Promise<(Unit & { ancestorNames: string[] })[]> {
  requireActor(ctx);
  const pattern = foldSearch(q);
  const found = await repo.selectUnits(ctx.db, sql`f_fold(u.name) LIKE ${pattern} AND u.closed_at IS NULL AND ${scope(ctx)}`,
    sql`ORDER BY u.depth, u.name LIMIT ${limit}`);
  // Ancestor names give context ("Chi hội thôn 1" — of which commune?), in one query for the page.
  const names = await repo.ancestorNamesOf(ctx.db, found.map((u) => u.id));
  return found.map((u) => ({ ...u, ancestorNames: names.get(u.id) ?? [] }));
}

async function organizationCode(ctx: Ctx, id: number): Promise<string> {
  const o = await one<{ code: string }>(ctx.db, sql`SELECT code FROM organizations WHERE id = ${id}`);
  if (!o) throw new FieldValidationError([{ path: 'organizationId', messageKey: 'core.unit.organization_unknown' }]);
  return o.code;
}

async function loadArea(ctx: Ctx, areaId: number | null | undefined) {
  if (!areaId) return null;
  const a = await one<{ id: number; code: string; path: string }>(ctx.db, sql`SELECT id, code, path::text AS path FROM areas WHERE id = ${areaId}`);
  if (!a) throw new FieldValidationError([{ path: 'areaId', messageKey: 'core.unit.area_unknown' }]);
  return a;
}

const under = (p: string | null, anc: string | null) => !!p && !!anc && (p === anc || p.startsWith(anc + '.'));

/** A unit's area is what supervisors granted on it read: a non-admin only uses areas inside its own (kernel canUseArea). */
function checkAreaReach(actor: Actor, unitPath: string, areaPath: string, field: string): void {
  if (!canUseArea(actor, unitPath, areaPath)) throw new FieldValidationError([{ path: field, messageKey: 'core.unit.area_outside_own' }]);
}

/**
 * Widening a unit's area widens every area-scoped grant held on it (a supervisor's), so the changer
 * must be able to give those grants at the new area itself.
 */
async function checkAreaGrants(ctx: Ctx, actor: Actor, u: repo.UnitRow, newAreaPath: string): Promise<void> {
  if (actor.isAdmin || under(newAreaPath, u.areaPath)) return;
  for (const role of await repo.rolesGrantedOn(ctx.db, u.id)) {
    if (role !== 'admin' && roleScopeKinds(role).has('area') && !canGrant(actor, role, { path: u.path, areaPath: newAreaPath })) {
      throw new FieldValidationError([{ path: 'areaId', messageKey: 'core.unit.area_widens_grants' }]);
    }
  }
}

async function uniqueCode(ctx: Ctx, base: string): Promise<string> {
  if (!(await repo.codeExists(ctx.db, base))) return base;
  for (let i = 2; ; i++) if (!(await repo.codeExists(ctx.db, `${base}-${i}`))) return `${base}-${i}`;
}

export async function createUnit(ctx: Ctx, input: CreateUnitInput): Promise<UnitDetail> {
  const actor = requireActor(ctx);
  const id = await inTransaction(ctx, async (tx) => {
    let parent: repo.UnitRow | null = null;
    if (input.parentId) parent = await getUnitRow(tx, input.parentId, 'units.manage');
    else if (!actor.isAdmin) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
    const organizationId = input.organizationId ?? parent?.organizationId;
    if (!organizationId) throw new FieldValidationError([{ path: 'organizationId', messageKey: 'core.unit.organization_required' }]);
    // One tree per organization: a child belongs to its parent's organization.
    if (parent && organizationId !== parent.organizationId) {
      throw new FieldValidationError([{ path: 'organizationId', messageKey: 'core.unit.organization_mismatch' }]);
    }
    const orgCode = await organizationCode(tx, organizationId);
    const areaId = input.areaId === undefined ? parent?.areaId ?? null : input.areaId;
    const area = await loadArea(tx, areaId);
    if (area && parent?.areaPath && !under(area.path, parent.areaPath)) {
      throw new FieldValidationError([{ path: 'areaId', messageKey: 'core.unit.area_outside_parent' }]);
    }
    // Inheriting the parent's area brings nothing new; any other area must be within the creator's.
    if (area && parent && area.path !== parent.areaPath) checkAreaReach(actor, parent.path, area.path, 'areaId');
    const code = input.code ?? (await uniqueCode(tx, `${orgCode}-${area?.code ?? parent?.code ?? 'X'}`));
    if (input.code && (await repo.codeExists(tx.db, input.code))) throw new FieldValidationError([{ path: 'code', messageKey: 'core.unit.code_taken' }]);
    const newId = await repo.insertUnit(tx.db, {
      code, name: input.name, organizationId, areaId: area?.id ?? null, areaPath: area?.path ?? null, kind: input.kind,
      parentId: parent?.id ?? null, parentPath: parent?.path ?? null,
    });
    const created = await repo.findUnitRow(tx.db, newId);
    await writeAudit(tx, { action: 'units.create', entity: 'unit', entityId: newId, unitId: newId, after: auditView(created!) });
    return newId;
  });
  return getUnit(ctx, id);
}

const auditView = (u: repo.UnitRow) => ({ code: u.code, name: u.name, organizationId: u.organizationId, areaId: u.areaId, kind: u.kind, parentId: u.parentId, path: u.path, closedAt: u.closedAt });

function checkVersion(u: { version: number }, version: number) {
  if (u.version !== version) throw conflict({ currentVersion: u.version });
}

export async function updateUnit(ctx: Ctx, id: number, input: z.infer<typeof zUpdateUnitInput>): Promise<UnitDetail> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const u = await getUnitRow(tx, id, 'units.manage');
    checkVersion(u, input.version);
    let areaPath = u.areaPath;
    let areaId = u.areaId;
    if (input.areaId !== undefined) {
      const area = await loadArea(tx, input.areaId);
      if (area && u.parentId) {
        const parent = await repo.findUnitRow(tx.db, u.parentId);
        if (parent?.areaPath && !under(area.path, parent.areaPath)) throw new FieldValidationError([{ path: 'areaId', messageKey: 'core.unit.area_outside_parent' }]);
      }
      if (area && area.path !== u.areaPath) {
        checkAreaReach(actor, u.path, area.path, 'areaId');
        await checkAreaGrants(tx, actor, u, area.path);
      }
      areaId = area?.id ?? null;
      areaPath = area?.path ?? null;
    }
    if (input.code && input.code !== u.code && (await repo.codeExists(tx.db, input.code))) {
      throw new FieldValidationError([{ path: 'code', messageKey: 'core.unit.code_taken' }]);
    }
    const res = await tx.db.execute(sql`UPDATE units SET name = ${input.name ?? u.name}, code = ${input.code ?? u.code}, kind = ${input.kind ?? u.kind},
      area_id = ${areaId}, area_path = ${areaPath}::ltree, version = version + 1, updated_at = now()
      WHERE id = ${id} AND version = ${input.version} RETURNING id`) as unknown as { rows: unknown[] };
    if (res.rows.length === 0) throw conflict();
    const after = await repo.findUnitRow(tx.db, id);
    await writeAudit(tx, { action: 'units.update', entity: 'unit', entityId: id, unitId: id, before: auditView(u), after: auditView(after!) });
  });
  return getUnit(ctx, id);
}

export async function moveUnit(ctx: Ctx, id: number, input: z.infer<typeof zMoveUnitInput>): Promise<UnitDetail & { moved: number }> {
  const actor = requireActor(ctx);
  const moved = await inTransaction(ctx, async (tx) => {
    const u = await getUnitRow(tx, id, 'units.manage');
    checkVersion(u, input.version);
    const parent = await getUnitRow(tx, input.parentId, 'units.manage');
    if (under(parent.path, u.path)) throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.unit.move_into_itself' }]);
    if (parent.organizationId !== u.organizationId) throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.unit.organization_mismatch' }]);
    if (parent.closedAt) throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.unit.parent_closed' }]);
    if (u.areaPath && parent.areaPath && !under(u.areaPath, parent.areaPath)) throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.unit.area_outside_parent' }]);
    if (u.areaPath) checkAreaReach(actor, parent.path, u.areaPath, 'parentId');
    const n = await repo.moveSubtree(tx.db, u.path, parent.path, u.id, parent.id);
    const after = await repo.findUnitRow(tx.db, id);
    await writeAudit(tx, { action: 'units.move', entity: 'unit', entityId: id, unitId: id, before: auditView(u), after: { ...auditView(after!), subtreeSize: n } });
    return n;
  });
  return { ...(await getUnit(ctx, id)), moved };
}

/** Close a unit and its open subtree; rows stay, with their history. */
export async function closeUnit(ctx: Ctx, id: number, input: z.infer<typeof zCloseUnitInput>): Promise<UnitDetail & { closed: number }> {
  const closed = await inTransaction(ctx, async (tx) => {
    const u = await getUnitRow(tx, id, 'units.manage');
    checkVersion(u, input.version);
    if (u.closedAt) throw new AppError('UNIT_ALREADY_CLOSED', 409, {}, 'core.unit.already_closed');
    const r = await tx.db.execute(sql`UPDATE units SET closed_at = now(), closed_reason = ${input.reason}, version = version + 1, updated_at = now()
      WHERE path <@ ${u.path}::ltree AND closed_at IS NULL RETURNING id`) as unknown as { rows: unknown[] };
    await writeAudit(tx, { action: 'units.close', entity: 'unit', entityId: id, unitId: id, before: auditView(u), after: { closedReason: input.reason, subtreeClosed: r.rows.length } });
    return r.rows.length;
  });
  return { ...(await getUnit(ctx, id)), closed };
}

export async function reopenUnit(ctx: Ctx, id: number, version: number): Promise<UnitDetail> {
  await inTransaction(ctx, async (tx) => {
    const u = await getUnitRow(tx, id, 'units.manage');
    checkVersion(u, version);
    if (u.parentId) {
      const p = await repo.findUnitRow(tx.db, u.parentId);
      if (p?.closedAt) throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.unit.parent_closed' }]);
    }
    await tx.db.execute(sql`UPDATE units SET closed_at = NULL, closed_reason = NULL, version = version + 1, updated_at = now() WHERE id = ${id}`);
    await writeAudit(tx, { action: 'units.reopen', entity: 'unit', entityId: id, unitId: id, before: auditView(u), after: { closedAt: null } });
  });
  return getUnit(ctx, id);
}

export async function countSubtree(ctx: Ctx, id: number): Promise<number> {
  const u = await getUnitRow(ctx, id);
  return repo.countDescendants(ctx.db, u.path);
}
