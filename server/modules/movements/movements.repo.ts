/** SQL pieces shared by the movements services. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows, ltreeArray } from '../../kernel/db/sql';
import type { Ctx } from '../../kernel/context';
import { scopeWhere } from '../../kernel/access/authorize';
import { findFigure } from '../../kernel/registry';
import type { Indicator } from '../../../common/movements';

export type IndicatorRow = Indicator & { weightIndicatorId: number | null; perCapitaIndicatorId: number | null };

export const INDICATOR_SELECT = sql`
  i.id, i.code, i.name, i.description, i.measure, i.value_type AS "valueType", i.aggregation,
  w.code AS "weightCode", pc.code AS "perCapitaCode", i.source, i.source_mode AS "sourceMode",
  i.disaggregations, i.rules, i.owner_unit_id AS "ownerUnitId", ou.name AS "ownerUnitName", i.active, i.version,
  i.weight_indicator_id AS "weightIndicatorId", i.per_capita_indicator_id AS "perCapitaIndicatorId"`;
export const INDICATOR_FROM = sql`
  mv_indicators i JOIN units ou ON ou.id = i.owner_unit_id
  LEFT JOIN mv_indicators w ON w.id = i.weight_indicator_id
  LEFT JOIN mv_indicators pc ON pc.id = i.per_capita_indicator_id`;

function withSource<T extends { source: string | null; disaggregations: unknown; rules: unknown }>(r: T): T & { sourceAvailable: boolean } {
  return { ...r, disaggregations: toArray(r.disaggregations), rules: (r.rules ?? {}) as object, sourceAvailable: !!(r.source && findFigure(r.source)) } as T & { sourceAvailable: boolean };
}

/** text[] as a JS array on both drivers. */
export function toArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}

export async function selectIndicators(db: Db, where: SQL, order: SQL = sql`ORDER BY i.code`): Promise<IndicatorRow[]> {
  const r = await rows<IndicatorRow>(db, sql`SELECT ${INDICATOR_SELECT} FROM ${INDICATOR_FROM} WHERE ${where} ${order}`);
  return r.map(withSource);
}

export async function findIndicatorByCode(db: Db, code: string): Promise<IndicatorRow | undefined> {
  return (await selectIndicators(db, sql`i.code = ${code}`))[0];
}

export async function movementIndicators(db: Db, movementId: number): Promise<IndicatorRow[]> {
  return selectIndicators(db, sql`i.id IN (SELECT indicator_id FROM mv_movement_indicators WHERE movement_id = ${movementId})`,
    sql`ORDER BY (SELECT sort FROM mv_movement_indicators mi WHERE mi.movement_id = ${movementId} AND mi.indicator_id = i.id), i.code`);
}

export type UnitInfo = { id: number; name: string; code: string; path: string; areaPath: string | null; organizationId: number; parentId: number | null; depth: number };

export async function findUnitInfo(db: Db, id: number): Promise<UnitInfo | undefined> {
  return one<UnitInfo>(db, sql`SELECT id, name, code, path::text AS path, area_path::text AS "areaPath", organization_id AS "organizationId",
    parent_id AS "parentId", depth FROM units WHERE id = ${id}`);
}

/**
 * Movements the actor can see: readable at the lead unit (its subtree roles, or a supervisor's area),
 * or with any grant inside the lead unit's subtree (a branch sees the province's movement it reports to).
 */
export function movementVisible(ctx: Ctx, leadPath: SQL, leadAreaPath: SQL): SQL {
  const a = ctx.actor;
  if (!a) return sql`FALSE`;
  if (a.isAdmin) return sql`TRUE`;
  const inner = a.grants.filter((g) => g.role !== 'supervisor' && g.unitPath).map((g) => g.unitPath);
  const scope = scopeWhere(ctx, 'movements.read', { unitPath: leadPath, areaPath: leadAreaPath });
  if (inner.length === 0) return scope;
  return sql`(${scope} OR ${leadPath} @> ${ltreeArray(inner)})`;
}
