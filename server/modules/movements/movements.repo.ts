/** SQL pieces shared by the movements services. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows } from '../../kernel/db/sql';
import { findFigure } from '../../kernel/registry';
import { todayVN } from '../../kernel/clock';
import type { Flag, FormSummary, Indicator, Movement } from '../../../common/movements';

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

// ---- movements

export const MOVEMENT_SELECT = sql`
  m.id, m.code, m.name, m.kind, m.organizations, m.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName",
  m.starts_on AS "startsOn", m.ends_on AS "endsOn", m.goals, m.description, m.version,
  (SELECT count(*)::int FROM mv_movement_indicators mi WHERE mi.movement_id = m.id) AS "indicatorCount",
  (SELECT count(*)::int FROM mv_forms f WHERE f.movement_id = m.id) AS "formCount",
  (SELECT count(*)::int FROM mv_forms f WHERE f.movement_id = m.id AND f.status = 'approved') AS "approvedCount"`;
export const MOVEMENT_FROM = sql`mv_movements m JOIN units lu ON lu.id = m.lead_unit_id`;

export type MovementRow = Movement & { leadPath: string; leadAreaPath: string | null };

/** A movement by id with its lead unit's place. */
export async function findMovement(db: Db, id: number): Promise<MovementRow | undefined> {
  const m = await one<MovementRow>(db, sql`
    SELECT ${MOVEMENT_SELECT}, lu.path::text AS "leadPath", lu.area_path::text AS "leadAreaPath" FROM ${MOVEMENT_FROM} WHERE m.id = ${id}`);
  return m && { ...m, organizations: toArray(m.organizations) };
}

// ---- reporting forms

export type FormRow = {
  id: number; scheduleId: number; movementId: number; movementName: string; unitId: number; unitName: string; unitCode: string;
  unitPath: string; unitAreaPath: string | null; organizationId: number; parentId: number | null; parentPath: string | null; parentAreaPath: string | null;
  parentUnitName: string | null; periodKey: string; periodStart: number; periodEnd: number; dueOn: string; status: FormSummary['status'];
  note: string | null; returnedComment: string | null; submittedAt: string | null; approvedAt: string | null; version: number; openFlags: number; late: boolean;
};

/** The form columns; a function because `late` depends on today. */
export const formSelect = () => sql`
  f.id, f.schedule_id AS "scheduleId", f.movement_id AS "movementId", m.name AS "movementName", f.unit_id AS "unitId", u.name AS "unitName",
  u.code AS "unitCode", u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath", u.organization_id AS "organizationId",
  u.parent_id AS "parentId", p.path::text AS "parentPath", p.area_path::text AS "parentAreaPath", p.name AS "parentUnitName",
  f.period_key AS "periodKey", f.period_start AS "periodStart", f.period_end AS "periodEnd", f.due_on AS "dueOn", f.status, f.note,
  f.returned_comment AS "returnedComment", f.submitted_at AS "submittedAt", f.approved_at AS "approvedAt", f.version,
  (SELECT count(*)::int FROM mv_flags fl WHERE fl.form_id = f.id AND fl.status = 'open') AS "openFlags",
  (CASE WHEN f.submitted_at IS NOT NULL THEN (f.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > f.due_on
        ELSE ${todayVN()}::date > f.due_on END) AS late`;
export const FORM_FROM = sql`mv_forms f JOIN units u ON u.id = f.unit_id LEFT JOIN units p ON p.id = u.parent_id JOIN mv_movements m ON m.id = f.movement_id`;

export const findForm = (db: Db, id: number): Promise<FormRow | undefined> => one<FormRow>(db, sql`SELECT ${formSelect()} FROM ${FORM_FROM} WHERE f.id = ${id}`);

// ---- anomaly flags

export const FLAG_SELECT = sql`fl.id, fl.form_id AS "formId", fl.unit_id AS "unitId", u.name AS "unitName", pu.name AS "parentUnitName", fl.indicator_id AS "indicatorId",
  i.code AS "indicatorCode", i.name AS "indicatorName", i.measure, fl.rule, fl.severity, fl.params, fl.status, fl.comment,
  au.full_name AS "acceptedByName", f.period_key AS "periodKey", fl.created_at AS "createdAt"`;
// The parent unit's name goes with the unit's: "Ban công tác Mặt trận thôn 1" alone does not say of which commune.
export const FLAG_FROM = sql`mv_flags fl JOIN mv_forms f ON f.id = fl.form_id JOIN units u ON u.id = fl.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
  LEFT JOIN mv_indicators i ON i.id = fl.indicator_id LEFT JOIN users au ON au.id = fl.accepted_by`;

export type FlagRow = Omit<Flag, 'message'> & { measure: string | null };
/** A flag with its unit's place and the place of the level above (which approves). */
export type FlagAccessRow = FlagRow & { unitPath: string; unitAreaPath: string | null; parentPath: string | null; parentAreaPath: string | null };

export const findFlag = (db: Db, id: number): Promise<FlagAccessRow | undefined> => one<FlagAccessRow>(db, sql`
  SELECT ${FLAG_SELECT}, u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath", p.path::text AS "parentPath", p.area_path::text AS "parentAreaPath"
  FROM ${FLAG_FROM} LEFT JOIN units p ON p.id = u.parent_id WHERE fl.id = ${id}`);

/** A unit by its code, if `where` (on units `u`) holds: the import's row unit. */
export const findUnitByCode = (db: Db, code: string, where: SQL): Promise<{ id: number; path: string; areaPath: string | null } | undefined> =>
  one(db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath" FROM units u WHERE u.code = ${code} AND ${where}`);
