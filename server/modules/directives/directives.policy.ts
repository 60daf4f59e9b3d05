/**
 * Who may do what on the directives module's rows, as data for the kernel's decision:
 * - a directive is reached through its issuing unit, its recipients and its tasks' lead and
 *   coordinating units; only the issuing body manages it (`issuer_only`); a recipient acknowledges
 *   receipt for itself (`recipient_unit`);
 * - a task through its lead unit, a coordinating unit, or its directive's issuing unit (a Party
 *   committee's notice assigns tasks to the Front and the People's Committee, other trees, and the
 *   issuing body sees them all); the issuing body edits it (`issuer_only`); progress is reported for
 *   the lead unit or a coordinating unit (`lead_or_coordinator`);
 * - a dissemination session through the unit that held it;
 * - a program through its recording unit or any party (managed from any of them); a clause also
 *   through its owning party;
 * - a stored report through its unit, for those who generate reports there;
 * - a unit named in a request through `directives.read` (a report's unit likewise).
 * Subtree grants and a supervisor's area grant both apply, as everywhere.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/context';
import { can } from '../../kernel/access/authorize';
import { anyPlace, unitResource, type Place, type PolicyTable, type ResourcePolicy } from '../../kernel/access/policy';
import * as repo from './directives.repo';

const issuerOf = (d: { issuerPath: string; issuerAreaPath: string | null }): Place => ({ path: d.issuerPath, areaPath: d.issuerAreaPath });

/** The directive as the caller acts on it: acknowledging receipt, `actingFor` is the recipient's unit. */
export type DirectiveAccess = repo.DirectiveAccessRow & { actingFor?: Place };
/** The task as the caller acts on it: reporting progress, `reportingFor` is the unit the caller names (if any). */
export type TaskAccess = repo.TaskRow & { reportingFor?: number };

type ReportingUnit = Place & { role: 'lead' | 'coordinator'; unitId: number };

const coordinatorsOf = (t: repo.TaskRow): repo.CoordinatorRow[] => repo.fromJson<repo.CoordinatorRow[] | null>(t.coordRows) ?? [];

/**
 * The unit a progress report is made for: the one the caller names (the lead unit or a coordinating
 * unit), or else the lead unit if the caller reports there, else the first coordinating unit where it
 * does; undefined when the caller may report for none of them.
 */
export function reportingUnit(actor: Actor | null, t: repo.TaskRow, named?: number): ReportingUnit | undefined {
  const units: ReportingUnit[] = [
    { role: 'lead', unitId: t.leadUnitId, path: t.leadPath, areaPath: t.leadAreaPath },
    ...coordinatorsOf(t).map((c) => ({ role: 'coordinator' as const, unitId: c.unitId, path: c.path, areaPath: c.areaPath })),
  ];
  const candidates = named === undefined ? units : units.filter((u) => u.unitId === named).slice(0, 1);
  return candidates.find((u) => can(actor, 'tasks.report', u));
}

/** What the caller may do on a task it sees, for the UI: report as the lead unit, as a coordinating unit, manage it. */
export const taskRights = (actor: Actor | null, t: repo.TaskRow, coords: Place[]) => ({
  lead: can(actor, 'tasks.report', { path: t.leadPath, areaPath: t.leadAreaPath }),
  coordinator: coords.some((c) => can(actor, 'tasks.report', c)),
  manage: can(actor, 'directives.manage', issuerOf(t)),
});

/** The issuing body manages its directive. */
export const managesDirective = (actor: Actor | null, d: { issuerPath: string; issuerAreaPath: string | null }): boolean =>
  can(actor, 'directives.manage', issuerOf(d));

/** The caller acts for this unit of a directive (acknowledges receipt, reads its sessions' attendee names). */
export const actsFor = (actor: Actor | null, unit: Place): boolean => can(actor, 'tasks.report', unit);

/** The units whose sessions and coverage the caller sees on a directive: all of them for the issuing body, else those it reads. */
export function coverageSeenBy(actor: Actor | null, d: { issuerPath: string; issuerAreaPath: string | null }): (u: Place) => boolean {
  const issuerSees = can(actor, 'directives.read', issuerOf(d));
  return (u) => issuerSees || can(actor, 'directives.read', u);
}

const programPlaces = (p: repo.ProgramAccessRow): Place[] => [{ path: p.path, areaPath: p.areaPath }, ...p.partyPlaces];

/** The program's managers: `programs.manage` at its recording unit or at any party. */
export const managesProgram = (actor: Actor | null, p: repo.ProgramAccessRow): boolean => !!actor && anyPlace(actor, 'programs.manage', programPlaces(p));

/** A clause is updated by its owning party or the program's managers. */
export const updatesClause = (actor: Actor | null, managesIt: boolean, owner: Place): boolean => managesIt || can(actor, 'programs.manage', owner);

const taskPolicy: ResourcePolicy<TaskAccess> = {
  entity: 'TASK',
  read: 'directives.read',
  load: (ctx, id) => repo.findTask(ctx.db, id),
  places: (t) => [{ path: t.leadPath, areaPath: t.leadAreaPath }, issuerOf(t), ...coordinatorsOf(t)],
  columns: [
    { unitId: sql`t.lead_unit_id` },
    { unitId: sql`d.issuer_unit_id` },
    { unitIds: sql`SELECT tc.unit_id FROM task_coordinators tc WHERE tc.task_id = t.id` },
  ],
  constraints: {
    issuer_only: (a, t) => can(a, 'directives.manage', issuerOf(t)),
    lead_or_coordinator: (a, t) => !!reportingUnit(a, t, t.reportingFor),
  },
  actions: { 'directives.manage': 'issuer_only', 'tasks.report': 'lead_or_coordinator' },
};

export const policies: PolicyTable = {
  'directives.directive': {
    entity: 'DIRECTIVE',
    read: 'directives.read',
    load: (ctx, id) => repo.findDirectiveWithReach(ctx.db, id),
    places: (d: DirectiveAccess) => [issuerOf(d), ...d.reach],
    columns: [
      { unitPath: sql`iu.path`, areaPath: sql`iu.area_path` },
      { unitIds: sql`SELECT dr.unit_id FROM directive_recipients dr WHERE dr.directive_id = d.id` },
      { unitIds: sql`SELECT t2.lead_unit_id FROM directive_tasks t2 WHERE t2.directive_id = d.id` },
      { unitIds: sql`SELECT tc3.unit_id FROM directive_tasks t3 JOIN task_coordinators tc3 ON tc3.task_id = t3.id WHERE t3.directive_id = d.id` },
    ],
    constraints: {
      issuer_only: (a, d: DirectiveAccess) => can(a, 'directives.manage', issuerOf(d)),
      recipient_unit: (a, d: DirectiveAccess) => !!d.actingFor && can(a, 'tasks.report', d.actingFor),
    },
    actions: { 'directives.manage': 'issuer_only', 'tasks.report': 'recipient_unit' },
  },
  'directives.task': taskPolicy,
  'directives.session': {
    entity: 'SESSION',
    read: 'directives.read',
    load: (ctx, id) => repo.findSession(ctx.db, id),
    places: (s: repo.SessionRow) => [{ path: s.path, areaPath: s.areaPath }],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
  },
  'directives.program': {
    entity: 'PROGRAM',
    read: 'directives.read',
    load: (ctx, id) => repo.findProgram(ctx.db, id),
    places: programPlaces,
    columns: [{ unitPath: sql`pu.path`, areaPath: sql`pu.area_path` }, { unitIds: sql`SELECT pp.unit_id FROM program_parties pp WHERE pp.program_id = p.id` }],
  },
  'directives.clause': {
    entity: 'CLAUSE',
    read: 'directives.read',
    load: (ctx, id) => repo.findClause(ctx.db, id),
    places: (c: repo.ClauseAccessRow) => [{ path: c.path, areaPath: c.areaPath }, ...c.programPlaces],
    columns: [
      { unitId: sql`c.owner_unit_id` },
      { unitIds: sql`SELECT cp.unit_id FROM programs cp WHERE cp.id = c.program_id UNION ALL SELECT cpp.unit_id FROM program_parties cpp WHERE cpp.program_id = c.program_id` },
    ],
  },
  'directives.stored_report': {
    entity: 'REPORT',
    read: 'reports.generate',
    load: (ctx, id) => repo.findStoredReport(ctx.db, id),
    places: (r: { path: string; areaPath: string | null }) => [{ path: r.path, areaPath: r.areaPath }],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
  },
  /** A unit named in a request (an issuing body, a recording unit, the unit holding a session). */
  'directives.unit': unitResource('directives.read'),
  /** The unit a report is generated for, with the names its header needs (`reports.generate` and `units.read` reach no unit `directives.read` does not). */
  'directives.report_unit': {
    entity: 'UNIT',
    read: 'directives.read',
    load: (ctx, id) => repo.findReportUnit(ctx.db, id),
    places: (u: repo.ReportUnit) => [{ path: u.path, areaPath: u.areaPath }],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
  },
};
