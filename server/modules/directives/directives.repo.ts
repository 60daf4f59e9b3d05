/** SQL of the directives module: selects built from reusable pieces; services add scope. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows } from '../../kernel/db/sql';
import { todayVN } from '../../kernel/clock';
import type { Place } from '../../kernel/access/policy';
import type { z } from 'zod';
import type { Program, zSession } from '../../../common/directives';
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

/** One task by id with its coordinating units, as of today (the row the policy decides on). */
export async function findTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return (await selectTasks(db, todayVN(), sql`t.id = ${id}`))[0];
}

/** json as a JS value on both drivers. */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

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

/** A directive with the places it is also reached through: its recipients and its tasks' lead and coordinating units. */
export type DirectiveAccessRow = DirectiveRow & { reach: Place[] };

export async function findDirectiveWithReach(db: Db, id: number): Promise<DirectiveAccessRow | undefined> {
  const d = await one<DirectiveRow & { reach: unknown }>(db, sql`SELECT ${DIRECTIVE_COLUMNS},
      (SELECT COALESCE(json_agg(json_build_object('path', u.path::text, 'areaPath', u.area_path::text)), '[]'::json) FROM units u WHERE u.id IN (
        SELECT dr.unit_id FROM directive_recipients dr WHERE dr.directive_id = d.id
        UNION SELECT t.lead_unit_id FROM directive_tasks t WHERE t.directive_id = d.id
        UNION SELECT tc.unit_id FROM task_coordinators tc JOIN directive_tasks t ON t.id = tc.task_id WHERE t.directive_id = d.id)) AS reach
    FROM directives d JOIN units iu ON iu.id = d.issuer_unit_id WHERE d.id = ${id}`);
  return d && { ...d, reach: fromJson<Place[]>(d.reach) };
}

/** A recipient of a directive, with its unit's place. */
export async function findRecipient(db: Db, directiveId: number, unitId: number) {
  return one<{ path: string; areaPath: string | null; acknowledgedAt: string | null }>(db, sql`SELECT u.path::text AS path, u.area_path::text AS "areaPath", dr.acknowledged_at AS "acknowledgedAt"
    FROM directive_recipients dr JOIN units u ON u.id = dr.unit_id WHERE dr.directive_id = ${directiveId} AND dr.unit_id = ${unitId}`);
}

// ---- dissemination sessions

export const SESSION_SELECT = sql`s.id, s.directive_id AS "directiveId", s.unit_id AS "unitId", u.name AS "unitName", s.held_on AS "heldOn", s.audience,
  s.attendance_by_group AS "attendanceByGroup", s.attendance_total AS "attendanceTotal", s.attendees, s.materials, s.file_id AS "fileId",
  u.path::text AS path, u.area_path::text AS "areaPath"`;

export type SessionRow = Omit<z.infer<typeof zSession>, 'attendees' | 'attendeeCount'> & { attendees: { name: string; group?: string }[]; path: string; areaPath: string | null };

export async function findSession(db: Db, id: number): Promise<SessionRow | undefined> {
  return one<SessionRow>(db, sql`SELECT ${SESSION_SELECT} FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = ${id}`);
}

// ---- programs

type Loc = { path: string; areaPath: string | null };
export type ProgramRow = Omit<Program, 'parties' | 'clauses' | 'reviews' | 'reviewsDue' | 'canManage'> & Loc;

export const PROGRAM_SELECT = sql`p.id, p.unit_id AS "unitId", pu.name AS "unitName", p.kind, p.number, p.title, p.signed_on AS "signedOn",
  p.period_from AS "periodFrom", p.period_to AS "periodTo", p.body, p.version, pu.path::text AS path, pu.area_path::text AS "areaPath"`;

/** The places of a program's parties, as a json column of program `p`. */
const PARTY_PLACES = sql`(SELECT COALESCE(json_agg(json_build_object('path', ppu.path::text, 'areaPath', ppu.area_path::text)), '[]'::json)
  FROM program_parties pp JOIN units ppu ON ppu.id = pp.unit_id WHERE pp.program_id = p.id)`;

/** A program with its parties' places (it is reached through its recording unit or any party). */
export type ProgramAccessRow = ProgramRow & { partyPlaces: Place[] };

export async function findProgram(db: Db, id: number): Promise<ProgramAccessRow | undefined> {
  const p = await one<ProgramRow & { partyPlaces: unknown }>(db, sql`SELECT ${PROGRAM_SELECT}, ${PARTY_PLACES} AS "partyPlaces"
    FROM programs p JOIN units pu ON pu.id = p.unit_id WHERE p.id = ${id}`);
  return p && { ...p, partyPlaces: fromJson<Place[]>(p.partyPlaces) };
}

/** A clause with its owning party's place and its program's places (recording unit, parties). */
export type ClauseAccessRow = { id: number; programId: number; status: string; note: string | null; version: number; ownerUnitId: number } & Loc & { programPlaces: Place[] };

export async function findClause(db: Db, id: number): Promise<ClauseAccessRow | undefined> {
  const c = await one<Omit<ClauseAccessRow, 'programPlaces'> & { programPath: string; programAreaPath: string | null; partyPlaces: unknown }>(db, sql`
    SELECT c.id, c.program_id AS "programId", c.status, c.note, c.version, c.owner_unit_id AS "ownerUnitId", u.path::text AS path, u.area_path::text AS "areaPath",
      pu.path::text AS "programPath", pu.area_path::text AS "programAreaPath", ${PARTY_PLACES} AS "partyPlaces"
    FROM program_clauses c JOIN units u ON u.id = c.owner_unit_id JOIN programs p ON p.id = c.program_id JOIN units pu ON pu.id = p.unit_id WHERE c.id = ${id}`);
  if (!c) return undefined;
  const { programPath, programAreaPath, partyPlaces, ...clause } = c;
  return { ...clause, programPlaces: [{ path: programPath, areaPath: programAreaPath }, ...fromJson<Place[]>(partyPlaces)] };
}

// ---- reports

export type ReportUnit = { id: number; code: string; name: string; path: string; areaPath: string | null; organizationId: number; orgCode: string; orgName: string; areaName: string | null; areaType: string | null };

export const UNIT_SELECT = sql`u.id, u.code, u.name, u.path::text AS path, u.area_path::text AS "areaPath", u.organization_id AS "organizationId",
  o.code AS "orgCode", o.short_name AS "orgName", a.name AS "areaName", a.type AS "areaType"`;
export const UNIT_FROM = sql`units u JOIN organizations o ON o.id = u.organization_id LEFT JOIN areas a ON a.id = u.area_id`;

export const findReportUnit = (db: Db, id: number): Promise<ReportUnit | undefined> => one<ReportUnit>(db, sql`SELECT ${UNIT_SELECT} FROM ${UNIT_FROM} WHERE u.id = ${id}`);

export const STORED_SELECT = sql`g.id, g.unit_id AS "unitId", u.name AS "unitName", g.kind, g.period, g.title, g.format, g.file_id AS "fileId",
  g.created_at AS "createdAt", us.full_name AS "createdByName"`;
export const STORED_FROM = sql`generated_reports g JOIN units u ON u.id = g.unit_id LEFT JOIN users us ON us.id = g.created_by`;

/** A stored report with its sections, provenance and its unit's place. */
export async function findStoredReport<R>(db: Db, id: number): Promise<(R & Loc) | undefined> {
  return one<R & Loc>(db, sql`SELECT ${STORED_SELECT}, g.header, g.sections, g.provenance AS figures, u.path::text AS path, u.area_path::text AS "areaPath"
    FROM ${STORED_FROM} WHERE g.id = ${id}`);
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
