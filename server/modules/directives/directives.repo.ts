/** SQL of the directives module: selects built from reusable pieces; services add scope. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows } from '../../kernel/db/sql';
import { AT_RISK_DAYS, AT_RISK_PERCENT, numberSymbol } from '../../../common/directives';
import { atRiskExpr, overdueExpr } from './directives.scope';

export const TASK_FROM = sql`directive_tasks t
  JOIN directives d ON d.id = t.directive_id
  JOIN units lu ON lu.id = t.lead_unit_id
  JOIN units iu ON iu.id = d.issuer_unit_id`;

export const taskColumns = (asOf: string): SQL => sql`
  t.id, t.directive_id AS "directiveId", d.title AS "directiveTitle", d.number AS "dNumber", d.symbol AS "dSymbol",
  t.parent_id AS "parentId", t.ordinal, t.title, t.description, t.kind, t.recurrence, t.due_month_day AS "dueMonthDay",
  t.start_year AS "startYear", t.end_year AS "endYear", t.series_id AS "seriesId", t.period_year AS "periodYear",
  t.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName", lu.code AS "leadUnitCode", lu.path::text AS "leadPath", lu.area_path::text AS "leadAreaPath",
  iu.path::text AS "issuerPath", iu.area_path::text AS "issuerAreaPath",
  t.deadline, t.expected_result AS "expectedResult", t.indicator_codes AS "indicatorCodes", t.status, t.percent,
  t.last_report_at AS "lastReportAt", t.done_on AS "doneOn", t.version,
  ${overdueExpr(asOf)} AS overdue, ${atRiskExpr(asOf, AT_RISK_DAYS, AT_RISK_PERCENT)} AS "atRisk",
  COALESCE((SELECT json_agg(json_build_object('taskId', tc.task_id, 'unitId', cu.id, 'unitName', cu.name, 'path', cu.path::text, 'areaPath', cu.area_path::text) ORDER BY cu.name)
    FROM task_coordinators tc JOIN units cu ON cu.id = tc.unit_id WHERE tc.task_id = t.id), '[]'::json) AS "coordRows"`;

export type TaskRow = {
  id: number; directiveId: number; directiveTitle: string; dNumber: string | null; dSymbol: string | null;
  parentId: number | null; ordinal: string; title: string; description: string | null; kind: 'once' | 'series' | 'instance';
  recurrence: 'none' | 'yearly'; dueMonthDay: string | null; startYear: number | null; endYear: number | null;
  seriesId: number | null; periodYear: number | null; leadUnitId: number; leadUnitName: string; leadUnitCode: string;
  leadPath: string; leadAreaPath: string | null; issuerPath: string; issuerAreaPath: string | null;
  deadline: string | null; expectedResult: string | null; indicatorCodes: string[]; status: 'not_started' | 'in_progress' | 'done' | 'cancelled';
  percent: number; lastReportAt: string | null; doneOn: string | null; version: number; overdue: boolean; atRisk: boolean;
  /** The coordinating units, fetched with the row. */
  coordRows: CoordinatorRow[];
};

export type CoordinatorRow = { taskId: number; unitId: number; unitName: string; path: string; areaPath: string | null };

export async function selectTasks(db: Db, asOf: string, where: SQL, tail: SQL = sql``): Promise<TaskRow[]> {
  return rows<TaskRow>(db, sql`SELECT ${taskColumns(asOf)} FROM ${TASK_FROM} WHERE ${where} ${tail}`);
}

export async function coordinatorsOf(db: Db, taskIds: number[]): Promise<CoordinatorRow[]> {
  if (taskIds.length === 0) return [];
  return rows<CoordinatorRow>(db, sql`SELECT tc.task_id AS "taskId", tc.unit_id AS "unitId", u.name AS "unitName", u.path::text AS path, u.area_path::text AS "areaPath"
    FROM task_coordinators tc JOIN units u ON u.id = tc.unit_id WHERE tc.task_id = ANY(${sql.param(taskIds)}::int[]) ORDER BY u.name`);
}

export const dirNumber = (r: { dNumber: string | null; dSymbol: string | null }) => numberSymbol(r.dNumber, r.dSymbol);

export type DirectiveRow = {
  id: number; issuerUnitId: number; issuerUnitName: string; issuerPath: string; issuerAreaPath: string | null; kind: string;
  number: string | null; symbol: string | null; issuedOn: string | null; issuingBody: string; signer: string | null; signerTitle: string | null;
  title: string; body: string | null; fileId: number | null; recipientsText: string | null; status: string; version: number; createdAt: string;
};

export const DIRECTIVE_COLUMNS = sql`d.id, d.issuer_unit_id AS "issuerUnitId", iu.name AS "issuerUnitName", iu.path::text AS "issuerPath",
  iu.area_path::text AS "issuerAreaPath", d.kind, d.number, d.symbol, d.issued_on AS "issuedOn", d.issuing_body AS "issuingBody",
  d.signer, d.signer_title AS "signerTitle", d.title, d.body, d.file_id AS "fileId", d.recipients_text AS "recipientsText",
  d.status, d.version, d.created_at AS "createdAt"`;

export async function findDirective(db: Db, id: number): Promise<DirectiveRow | undefined> {
  return one<DirectiveRow>(db, sql`SELECT ${DIRECTIVE_COLUMNS} FROM directives d JOIN units iu ON iu.id = d.issuer_unit_id WHERE d.id = ${id}`);
}

/** Task counts per directive as of a date (tasks the caller can see are counted by the caller's where). */
export const directiveCounts = (asOf: string): SQL => sql`
  (SELECT count(*)::int FROM directive_tasks t WHERE t.directive_id = d.id AND t.kind <> 'series' AND t.status <> 'cancelled') AS "taskCount",
  (SELECT count(*)::int FROM directive_tasks t WHERE t.directive_id = d.id AND t.kind <> 'series' AND t.status = 'done') AS "doneCount",
  (SELECT count(*)::int FROM directive_tasks t WHERE t.directive_id = d.id AND ${overdueExpr(asOf)}) AS "overdueCount"`;

/**
 * Generate the yearly instances of every series (or one) up to `uptoYear`; idempotent (unique
 * series_id + period_year), safe with several processes. Returns the number of instances created.
 */
export async function ensureInstances(db: Db, uptoYear: number, seriesId?: number): Promise<number> {
  const only = seriesId ? sql`AND s.id = ${seriesId}` : sql``;
  const r = await rows<{ id: number }>(db, sql`
    WITH ins AS (
      INSERT INTO directive_tasks (directive_id, parent_id, ordinal, title, description, lead_unit_id, kind, deadline, recurrence,
        due_month_day, series_id, period_year, expected_result, indicator_codes)
      SELECT s.directive_id, s.parent_id, s.ordinal, s.title, s.description, s.lead_unit_id, 'instance',
        LEAST(make_date(y, split_part(s.due_month_day, '-', 1)::int, 1) + (split_part(s.due_month_day, '-', 2)::int - 1),
              (make_date(y, split_part(s.due_month_day, '-', 1)::int, 1) + interval '1 month' - interval '1 day')::date),
        'yearly', s.due_month_day, s.id, y, s.expected_result, s.indicator_codes
      FROM directive_tasks s
      CROSS JOIN LATERAL generate_series(s.start_year::int, LEAST(COALESCE(s.end_year::int, ${uptoYear}::int), ${uptoYear}::int)) AS y
      WHERE s.kind = 'series' AND s.status <> 'cancelled' ${only}
      ON CONFLICT (series_id, period_year) DO NOTHING
      RETURNING id, series_id),
    coord AS (
      INSERT INTO task_coordinators (task_id, unit_id)
      SELECT ins.id, c.unit_id FROM ins JOIN task_coordinators c ON c.task_id = ins.series_id
      ON CONFLICT DO NOTHING RETURNING task_id)
    SELECT id FROM ins`);
  return r.length;
}
