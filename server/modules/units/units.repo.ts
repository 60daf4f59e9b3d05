import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows } from '../../kernel/db/sql';
import type { Unit } from '../../../common/core';
import type { Role } from '../../kernel/access/roles';

/** The columns of a unit as the API shows it (`u` = units, `o` = organizations, `a` = areas). */
export const UNIT_SELECT = sql`
  u.id, u.code, u.name, u.organization_id AS "organizationId", o.code AS "organizationCode", o.short_name AS "organizationName",
  u.area_id AS "areaId", a.type || ' ' || a.name AS "areaName", a.code AS "areaCode", u.kind, u.parent_id AS "parentId", u.path::text AS path,
  u.depth, (SELECT count(*)::int FROM units c WHERE c.parent_id = u.id AND c.closed_at IS NULL) AS "childCount",
  u.closed_at AS "closedAt", u.closed_reason AS "closedReason", u.version`;
export const UNIT_FROM = sql`units u JOIN organizations o ON o.id = u.organization_id LEFT JOIN areas a ON a.id = u.area_id`;

export type UnitRow = Unit & { areaPath: string | null };

export async function findUnitRow(db: Db, id: number): Promise<UnitRow | undefined> {
  return one<UnitRow>(db, sql`SELECT ${UNIT_SELECT}, u.area_path::text AS "areaPath" FROM ${UNIT_FROM} WHERE u.id = ${id}`);
}

export async function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return one<UnitRow>(db, sql`SELECT ${UNIT_SELECT}, u.area_path::text AS "areaPath" FROM ${UNIT_FROM} WHERE u.code = ${code}`);
}

export async function selectUnits(db: Db, where: SQL, orderLimit: SQL = sql`ORDER BY o.sort_order, u.name`): Promise<Unit[]> {
  return rows<Unit>(db, sql`SELECT ${UNIT_SELECT} FROM ${UNIT_FROM} WHERE ${where} ${orderLimit}`);
}

export async function ancestorsOf(db: Db, path: string): Promise<{ id: number; code: string; name: string }[]> {
  return rows(db, sql`SELECT id, code, name FROM units WHERE path @> ${path}::ltree AND path <> ${path}::ltree ORDER BY depth`);
}

export async function ancestorNamesOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  if (ids.length === 0) return new Map();
  const r = await rows<{ id: number; names: string[] }>(db, sql`
    SELECT u.id, array_agg(a.name ORDER BY a.depth) AS names
    FROM units u JOIN units a ON a.path @> u.path AND a.id <> u.id
    WHERE u.id = ANY(${sql.param(ids)}::int[]) GROUP BY u.id`);
  return new Map(r.map((x) => [x.id, x.names]));
}

export async function countDescendants(db: Db, path: string): Promise<number> {
  const r = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM units WHERE path <@ ${path}::ltree AND path <> ${path}::ltree`);
  return r?.n ?? 0;
}

/** Insert a unit; its path is the parent's path plus its own id label. */
export async function insertUnit(db: Db, u: { code: string; name: string; organizationId: number; areaId: number | null; areaPath: string | null; kind: string; parentId: number | null; parentPath: string | null }): Promise<number> {
  const r = await one<{ id: number }>(db, sql`
    WITH nid AS (SELECT nextval(pg_get_serial_sequence('units', 'id'))::int AS id)
    INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
    SELECT nid.id, ${u.code}, ${u.name}, ${u.organizationId}, ${u.areaId}, ${u.areaPath}::ltree, ${u.kind}, ${u.parentId},
      (CASE WHEN ${u.parentPath}::text IS NULL THEN ('u' || nid.id)::ltree ELSE ${u.parentPath}::ltree || ('u' || nid.id)::ltree END),
      (CASE WHEN ${u.parentPath}::text IS NULL THEN 1 ELSE nlevel(${u.parentPath}::ltree) + 1 END)
    FROM nid RETURNING id`);
  return r!.id;
}

/** Re-root a subtree under a new parent path, in one statement. */
export async function moveSubtree(db: Db, oldPath: string, newParentPath: string, unitId: number, newParentId: number): Promise<number> {
  const r = await rows(db, sql`
    UPDATE units SET
      path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1),
      depth = nlevel(${newParentPath}::ltree) + nlevel(path) - nlevel(${oldPath}::ltree) + 1,
      parent_id = CASE WHEN id = ${unitId} THEN ${newParentId} ELSE parent_id END,
      version = CASE WHEN id = ${unitId} THEN version + 1 ELSE version END,
      updated_at = now()
    WHERE path <@ ${oldPath}::ltree RETURNING id`);
  return r.length;
}

export async function codeExists(db: Db, code: string): Promise<boolean> {
  return !!(await one(db, sql`SELECT 1 FROM units WHERE code = ${code}`));
}

/** The roles held on a unit (by anyone). */
export async function rolesGrantedOn(db: Db, unitId: number): Promise<Role[]> {
  return (await rows<{ role: Role }>(db, sql`SELECT DISTINCT role FROM grants WHERE unit_id = ${unitId}`)).map((r) => r.role);
}
