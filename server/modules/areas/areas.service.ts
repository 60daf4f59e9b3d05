/** Areas: provinces and communes from the official data; residential areas added by users. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { foldSearch } from '../../kernel/text';
import type { Area, zCreateAreaInput, zUpdateAreaInput } from '../../../common/core';

const AREA_SELECT = sql`a.id, a.code, a.name, a.type, a.level, a.parent_id AS "parentId", a.path::text AS path,
  (SELECT count(*)::int FROM areas c WHERE c.parent_id = a.id AND c.closed_at IS NULL) AS "childCount", a.closed_at AS "closedAt"`;

export async function listAreas(ctx: Ctx, parentId?: number): Promise<Area[]> {
  requireActor(ctx);
  const where = parentId ? sql`a.parent_id = ${parentId}` : sql`a.parent_id IS NULL`;
  return rows<Area>(ctx.db, sql`SELECT ${AREA_SELECT} FROM areas a WHERE ${where} AND a.closed_at IS NULL ORDER BY a.name`);
}

export async function getArea(ctx: Ctx, id: number): Promise<Area> {
  requireActor(ctx);
  const a = await one<Area>(ctx.db, sql`SELECT ${AREA_SELECT} FROM areas a WHERE a.id = ${id}`);
  if (!a) throw new AppError('AREA_NOT_FOUND', 404, { areaId: id }, 'error.not_found');
  return a;
}

export async function searchAreas(ctx: Ctx, q: string, level?: string, limit = 20): Promise<(Area & { parentName: string | null })[]> {
  requireActor(ctx);
  const lv = level ? sql`a.level = ${level}` : sql`TRUE`;
  return rows(ctx.db, sql`SELECT ${AREA_SELECT}, p.name AS "parentName" FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
    WHERE f_fold(a.name) LIKE ${foldSearch(q)} AND ${lv} AND a.closed_at IS NULL ORDER BY a.level, a.name LIMIT ${limit}`);
}

/**
 * Who may add or edit residential areas under a commune: an admin of a unit located at or above it.
 * Returns the unit on whose behalf the change is made (its audit rows are filed under it), or null.
 */
function manageAreaAs(ctx: Ctx, communePath: string): { unitId: number | null } | null {
  const actor = requireActor(ctx);
  const g = actor.grants.find((x) => x.role === 'unit_admin' && !!x.areaPath && (communePath === x.areaPath || communePath.startsWith(x.areaPath + '.')));
  if (g) return { unitId: g.unitId };
  return actor.isAdmin ? { unitId: null } : null;
}

export async function createResidentialArea(ctx: Ctx, input: z.infer<typeof zCreateAreaInput>): Promise<Area> {
  const parent = await getArea(ctx, input.parentId);
  if (parent.level !== 'commune') throw new FieldValidationError([{ path: 'parentId', messageKey: 'core.area.parent_not_commune' }]);
  const as = manageAreaAs(ctx, parent.path);
  if (!as) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  const id = await inTransaction(ctx, async (tx) => {
    const dup = await one(tx.db, sql`SELECT 1 FROM areas WHERE parent_id = ${parent.id} AND f_fold(name) = f_fold(${input.name}) AND closed_at IS NULL`);
    if (dup) throw new FieldValidationError([{ path: 'name', messageKey: 'core.area.name_taken' }]);
    const n = await one<{ n: number }>(tx.db, sql`SELECT count(*)::int + 1 AS n FROM areas WHERE parent_id = ${parent.id}`);
    const code = `${parent.code}-${String(n!.n).padStart(3, '0')}`;
    const r = await one<{ id: number }>(tx.db, sql`
      WITH nid AS (SELECT nextval(pg_get_serial_sequence('areas', 'id'))::int AS id)
      INSERT INTO areas (id, code, name, type, level, parent_id, path)
      SELECT nid.id, ${code}, ${input.name}, ${input.type}, 'residential', ${parent.id}, ${parent.path}::ltree || ('r' || nid.id)::ltree FROM nid
      RETURNING id`);
    await writeAudit(tx, { action: 'areas.create', entity: 'area', entityId: r!.id, unitId: as.unitId, after: { code, name: input.name, type: input.type, parentId: parent.id } });
    return r!.id;
  });
  return getArea(ctx, id);
}

export async function updateResidentialArea(ctx: Ctx, id: number, input: z.infer<typeof zUpdateAreaInput>): Promise<Area> {
  const a = await getArea(ctx, id);
  if (a.level !== 'residential') throw new AppError('AREA_OFFICIAL', 400, {}, 'core.area.official_readonly');
  const parentPath = a.path.split('.').slice(0, -1).join('.');
  const as = manageAreaAs(ctx, parentPath);
  if (!as) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`UPDATE areas SET name = ${input.name ?? a.name}, type = ${input.type ?? a.type},
      closed_at = ${input.closed === undefined ? a.closedAt : input.closed ? new Date().toISOString() : null}::timestamptz WHERE id = ${id}`);
    await writeAudit(tx, { action: 'areas.update', entity: 'area', entityId: id, unitId: as.unitId, before: { name: a.name, type: a.type, closedAt: a.closedAt }, after: input });
  });
  return getArea(ctx, id);
}

/** Pre-2025 commune names/codes → 2025 communes (for imports of old lists). */
export async function mapOldCommune(ctx: Ctx, q: { code?: string; name?: string; district?: string; province?: string }) {
  requireActor(ctx);
  if (q.code) return rows(ctx.db, sql`SELECT old_code AS "oldCode", old_name AS "oldName", old_district_name AS "oldDistrict", old_province_name AS "oldProvince", new_code AS "newCode", new_name AS "newName", new_province_name AS "newProvince" FROM area_mappings WHERE old_code = ${q.code}`);
  const conds = [sql`TRUE`];
  if (q.name) conds.push(sql`f_fold(old_name) LIKE ${foldSearch(q.name)}`);
  if (q.district) conds.push(sql`f_fold(old_district_name) LIKE ${foldSearch(q.district)}`);
  if (q.province) conds.push(sql`f_fold(old_province_name) LIKE ${foldSearch(q.province)}`);
  return rows(ctx.db, sql`SELECT old_code AS "oldCode", old_name AS "oldName", old_district_name AS "oldDistrict", old_province_name AS "oldProvince", new_code AS "newCode", new_name AS "newName", new_province_name AS "newProvince" FROM area_mappings WHERE ${sql.join(conds, sql` AND `)} LIMIT 50`);
}
