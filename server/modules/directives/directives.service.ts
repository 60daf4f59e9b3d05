/** Directives, their tasks and the progress reports on them. */
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { authorizeAnywhere, decide, inScope, loadAuthorized, policyOf } from '../../kernel/access/policy';
import { AppError, conflict, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { likeEscape, one, rows } from '../../kernel/db/sql';
import { foldSearch } from '../../kernel/text';
import { computeFigure, findFigure } from '../../kernel/registry';
import { notifyUnit } from '../../kernel/notify';
import type {
  CreateDirectiveInput, DirectiveDetail, DirectiveSummary, ProgressInput, Task, TaskInput, TaskListQuery,
  zUpdateDirectiveInput, zUpdateTaskInput, zTaskReport, zTimelineEvent, zTaskTable,
} from '../../../common/directives';
import { numberSymbol } from '../../../common/directives';
import * as repo from './directives.repo';
import { activeInExpr, atRiskExpr, overdueExpr, todayVN } from './directives.scope';
import { actsFor, managesDirective, reportingUnit, taskRights, type DirectiveAccess, type TaskAccess } from './directives.policy';
import { AT_RISK_DAYS, AT_RISK_PERCENT } from '../../../common/directives';

type UnitLite = { id: number; name: string; code: string; path: string; areaPath: string | null; organizationId: number; closedAt: string | null };

async function loadUnits(ctx: Ctx, ids: number[]): Promise<Map<number, UnitLite>> {
  if (ids.length === 0) return new Map();
  const r = await rows<UnitLite>(ctx.db, sql`SELECT id, name, code, path::text AS path, area_path::text AS "areaPath", organization_id AS "organizationId", closed_at AS "closedAt"
    FROM units WHERE id = ANY(${sql.param([...new Set(ids)])}::int[])`);
  return new Map(r.map((u) => [u.id, u]));
}

/** Every referenced unit exists and is open; field errors name the offending input. */
async function checkUnits(ctx: Ctx, refs: { path: string; id: number }[]): Promise<Map<number, UnitLite>> {
  const found = await loadUnits(ctx, refs.map((r) => r.id));
  const bad = refs.filter((r) => !found.get(r.id) || found.get(r.id)!.closedAt);
  if (bad.length) throw new FieldValidationError(bad.map((b) => ({ path: b.path, messageKey: 'directives.unit_unknown' })));
  return found;
}

// ---------------------------------------------------------------- directives

/** A directive the caller may see (404 otherwise), or do `action` on (403: the kernel decides). */
export async function getDirectiveRow(ctx: Ctx, id: number, action = 'directives.read'): Promise<repo.DirectiveRow> {
  const { reach: _r, ...d } = await loadAuthorized<DirectiveAccess>(ctx, 'directives.directive', id, action);
  return d;
}

/** A directive the caller may manage (as its issuing body): 404 if invisible, 403 if only readable. */
const getManagedDirective = (ctx: Ctx, id: number): Promise<repo.DirectiveRow> => getDirectiveRow(ctx, id, 'directives.manage');

function validateTasks(tasks: TaskInput[], prefix = 'tasks'): void {
  const errs: { path: string; messageKey: string }[] = [];
  const ords = new Set<string>();
  tasks.forEach((t, i) => {
    if (ords.has(t.ordinal)) errs.push({ path: `${prefix}.${i}.ordinal`, messageKey: 'directives.task.ordinal_taken' });
    ords.add(t.ordinal);
    if (t.recurrence === 'yearly') {
      if (!t.dueMonthDay) errs.push({ path: `${prefix}.${i}.dueMonthDay`, messageKey: 'directives.task.month_day' });
      if (!t.startYear) errs.push({ path: `${prefix}.${i}.startYear`, messageKey: 'directives.task.start_year' });
      if (t.startYear && t.endYear && t.endYear < t.startYear) errs.push({ path: `${prefix}.${i}.endYear`, messageKey: 'directives.task.end_year' });
    }
    if (t.coordinatorUnitIds.includes(t.leadUnitId)) errs.push({ path: `${prefix}.${i}.coordinatorUnitIds`, messageKey: 'directives.task.lead_in_coordinators' });
  });
  tasks.forEach((t, i) => {
    if (t.parentOrdinal && !ords.has(t.parentOrdinal)) errs.push({ path: `${prefix}.${i}.parentOrdinal`, messageKey: 'directives.task.parent_unknown' });
  });
  if (errs.length) throw new FieldValidationError(errs);
}

async function insertTask(ctx: Ctx, directiveId: number, t: TaskInput, parentId: number | null): Promise<number> {
  const yearly = t.recurrence === 'yearly';
  const r = await one<{ id: number }>(ctx.db, sql`INSERT INTO directive_tasks (directive_id, parent_id, ordinal, title, description, lead_unit_id, kind,
      deadline, recurrence, due_month_day, start_year, end_year, expected_result, indicator_codes)
    VALUES (${directiveId}, ${parentId}, ${t.ordinal}, ${t.title}, ${t.description ?? null}, ${t.leadUnitId}, ${yearly ? 'series' : 'once'},
      ${yearly ? null : t.deadline ?? null}, ${t.recurrence}, ${yearly ? t.dueMonthDay ?? null : null}, ${yearly ? t.startYear ?? null : null},
      ${yearly ? t.endYear ?? null : null}, ${t.expectedResult ?? null}, ${sql.param(t.indicatorCodes)}::text[])
    RETURNING id`);
  for (const u of new Set(t.coordinatorUnitIds)) await ctx.db.execute(sql`INSERT INTO task_coordinators (task_id, unit_id) VALUES (${r!.id}, ${u})`);
  if (yearly) await repo.ensureInstances(ctx.db, Number(todayVN().slice(0, 4)), r!.id);
  return r!.id;
}

export async function createDirective(ctx: Ctx, input: CreateDirectiveInput): Promise<DirectiveDetail> {
  const actor = requireActor(ctx);
  validateTasks(input.tasks);
  const id = await inTransaction(ctx, async (tx) => {
    await checkUnits(tx, [{ path: 'issuerUnitId', id: input.issuerUnitId }]);
    const issuer = await loadAuthorized<{ id: number }>(tx, 'directives.unit', input.issuerUnitId, 'directives.manage');
    const units = await checkUnits(tx, [
      ...input.recipientUnitIds.map((u, i) => ({ path: `recipientUnitIds.${i}`, id: u })),
      ...input.tasks.flatMap((t, i) => [{ path: `tasks.${i}.leadUnitId`, id: t.leadUnitId }, ...t.coordinatorUnitIds.map((u, j) => ({ path: `tasks.${i}.coordinatorUnitIds.${j}`, id: u }))]),
    ]);
    const d = await one<{ id: number }>(tx.db, sql`INSERT INTO directives (issuer_unit_id, kind, number, symbol, issued_on, issuing_body, signer, signer_title,
        title, body, file_id, recipients_text, created_by)
      VALUES (${issuer.id}, ${input.kind}, ${input.number ?? null}, ${input.symbol ?? null}, ${input.issuedOn ?? null}, ${input.issuingBody}, ${input.signer ?? null},
        ${input.signerTitle ?? null}, ${input.title}, ${input.body ?? null}, ${input.fileId ?? null}, ${input.recipientsText ?? null}, ${actor.userId || null})
      RETURNING id`);
    for (const u of new Set(input.recipientUnitIds)) await tx.db.execute(sql`INSERT INTO directive_recipients (directive_id, unit_id) VALUES (${d!.id}, ${u})`);
    const byOrdinal = new Map<string, number>();
    // Parents first: a task's parent is inserted before it.
    const pending = [...input.tasks];
    while (pending.length) {
      const i = pending.findIndex((t) => !t.parentOrdinal || byOrdinal.has(t.parentOrdinal));
      if (i < 0) throw new FieldValidationError([{ path: 'tasks', messageKey: 'directives.task.parent_unknown' }]);
      const [t] = pending.splice(i, 1);
      byOrdinal.set(t.ordinal, await insertTask(tx, d!.id, t, t.parentOrdinal ? byOrdinal.get(t.parentOrdinal)! : null));
    }
    await writeAudit(tx, { action: 'directives.create', entity: 'directive', entityId: d!.id, unitId: issuer.id,
      after: { ...input, body: input.body ? `[${input.body.length} ký tự]` : null } });
    const title = `${numberSymbol(input.number, input.symbol) || input.issuingBody}: ${input.title.slice(0, 120)}`;
    for (const uid of new Set([...input.recipientUnitIds, ...input.tasks.map((t) => t.leadUnitId)])) {
      if (units.get(uid)) await notifyUnit(tx.db, uid, { key: 'directives.notice.new_directive', params: { title }, link: `/directives/${d!.id}` });
    }
    return d!.id;
  });
  return getDirective(ctx, id);
}

export async function listDirectives(ctx: Ctx, q: z.infer<typeof import('../../../common/directives').zDirectiveListQuery>): Promise<{ total: number; items: DirectiveSummary[] }> {
  requireActor(ctx);
  const asOf = todayVN();
  const conds: SQL[] = [inScope(ctx, 'directives.directive', 'directives.read')];
  if (q.q) conds.push(sql`(f_fold(d.title) LIKE ${foldSearch(q.q)} OR f_fold(coalesce(d.number,'') || '-' || coalesce(d.symbol,'')) LIKE ${foldSearch(q.q)})`);
  if (q.year) conds.push(sql`(extract(year FROM d.issued_on) = ${q.year} OR EXISTS (SELECT 1 FROM directive_tasks t WHERE t.directive_id = d.id AND ${activeInExpr(`${q.year}-01-01`, `${q.year}-12-31`)}))`);
  if (q.unitId) {
    conds.push(sql`(d.issuer_unit_id = ${q.unitId} OR EXISTS (SELECT 1 FROM directive_tasks t JOIN units u ON u.id = t.lead_unit_id, units f
      WHERE t.directive_id = d.id AND f.id = ${q.unitId} AND u.path <@ f.path))`);
  }
  const where = sql.join(conds, sql` AND `);
  const [items, total] = await Promise.all([
    rows<repo.DirectiveRow & { taskCount: number; doneCount: number; overdueCount: number }>(ctx.db, sql`SELECT ${repo.DIRECTIVE_COLUMNS}, ${repo.directiveCounts(asOf)}
      FROM directives d JOIN units iu ON iu.id = d.issuer_unit_id WHERE ${where}
      ORDER BY d.issued_on DESC NULLS LAST, d.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`),
    one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM directives d JOIN units iu ON iu.id = d.issuer_unit_id WHERE ${where}`),
  ]);
  return { total: total!.n, items: items.map(summary) };
}

function summary(d: repo.DirectiveRow & { taskCount: number; doneCount: number; overdueCount: number }): DirectiveSummary {
  return {
    id: d.id, kind: d.kind, number: d.number, symbol: d.symbol, numberSymbol: numberSymbol(d.number, d.symbol), issuedOn: d.issuedOn,
    issuingBody: d.issuingBody, title: d.title, status: d.status, issuerUnitId: d.issuerUnitId, issuerUnitName: d.issuerUnitName,
    taskCount: d.taskCount, doneCount: d.doneCount, overdueCount: d.overdueCount,
  };
}

function taskView(ctx: Ctx, t: repo.TaskRow, coords: repo.CoordinatorRow[]): Task {
  const { dNumber, dSymbol, leadPath: _lp, leadAreaPath: _la, issuerPath: _ip, issuerAreaPath: _ia, coordRows: _c, ...rest } = t;
  const may = taskRights(ctx.actor, t, coords);
  return {
    ...rest,
    directiveNumber: numberSymbol(dNumber, dSymbol),
    coordinators: coords.map((c) => ({ unitId: c.unitId, unitName: c.unitName })),
    overdue: !!t.overdue, atRisk: !!t.atRisk,
    canReport: t.kind !== 'series' && t.status !== 'cancelled' && may.lead,
    canCoordinate: t.kind !== 'series' && t.status !== 'cancelled' && may.coordinator,
    canManage: may.manage,
  };
}

async function taskViews(ctx: Ctx, list: repo.TaskRow[]): Promise<Task[]> {
  return list.map((t) => taskView(ctx, t, typeof t.coordRows === 'string' ? JSON.parse(t.coordRows) : t.coordRows ?? []));
}

const collator = new Intl.Collator('vi');

let ensuredYear = 0;
/** Lazily make sure this year's instances of yearly tasks exist (once per process per year; idempotent). */
export async function ensureCurrentInstances(ctx: Ctx): Promise<void> {
  const y = Number(todayVN().slice(0, 4));
  if (ensuredYear >= y) return;
  await repo.ensureInstances(ctx.db, y);
  ensuredYear = y;
}

export async function getDirective(ctx: Ctx, id: number): Promise<DirectiveDetail> {
  await ensureCurrentInstances(ctx);
  const d = await getDirectiveRow(ctx, id);
  const asOf = todayVN();
  const counts = (await one<{ taskCount: number; doneCount: number; overdueCount: number }>(ctx.db, sql`SELECT ${repo.directiveCounts(asOf)} FROM directives d WHERE d.id = ${id}`))!;
  // The issuing body (and an admin) sees every task; others the tasks they lead, coordinate or oversee.
  const tasks = await repo.selectTasks(ctx.db, asOf, sql`t.directive_id = ${id} AND ${inScope(ctx, 'directives.task', 'directives.read')}`,
    sql`ORDER BY string_to_array(regexp_replace(t.ordinal, '[^0-9.]', '', 'g'), '.')::int[] NULLS LAST, t.ordinal, t.period_year NULLS FIRST`);
  const recipients = await rows<{ unitId: number; unitName: string; acknowledgedAt: string | null; path: string; areaPath: string | null }>(ctx.db, sql`
    SELECT dr.unit_id AS "unitId", u.name AS "unitName", dr.acknowledged_at AS "acknowledgedAt", u.path::text AS path, u.area_path::text AS "areaPath"
    FROM directive_recipients dr JOIN units u ON u.id = dr.unit_id WHERE dr.directive_id = ${id} ORDER BY u.name`);
  return {
    ...summary({ ...d, ...counts }),
    signer: d.signer, signerTitle: d.signerTitle, body: d.body, fileId: d.fileId, recipientsText: d.recipientsText, version: d.version, createdAt: d.createdAt,
    recipients: recipients.map((r) => ({ unitId: r.unitId, unitName: r.unitName, acknowledgedAt: r.acknowledgedAt })),
    tasks: await taskViews(ctx, tasks),
    canManage: managesDirective(ctx.actor, d),
    canAcknowledge: recipients.filter((r) => !r.acknowledgedAt && actsFor(ctx.actor, r)).map((r) => r.unitId),
  };
}

export async function updateDirective(ctx: Ctx, id: number, input: z.infer<typeof zUpdateDirectiveInput>): Promise<DirectiveDetail> {
  await inTransaction(ctx, async (tx) => {
    const d = await getManagedDirective(tx, id);
    if (d.version !== input.version) throw conflict({ currentVersion: d.version });
    const v = <K extends keyof typeof input>(k: K, cur: unknown) => (input[k] === undefined ? cur : input[k]);
    await tx.db.execute(sql`UPDATE directives SET kind = ${v('kind', d.kind)}, number = ${v('number', d.number)}, symbol = ${v('symbol', d.symbol)},
      issued_on = ${v('issuedOn', d.issuedOn)}, issuing_body = ${v('issuingBody', d.issuingBody)}, signer = ${v('signer', d.signer)},
      signer_title = ${v('signerTitle', d.signerTitle)}, title = ${v('title', d.title)}, body = ${v('body', d.body)}, file_id = ${v('fileId', d.fileId)},
      recipients_text = ${v('recipientsText', d.recipientsText)}, status = ${v('status', d.status)}, version = version + 1, updated_at = now()
      WHERE id = ${id}`);
    const { body: _b, ...before } = d;
    const { body: _nb, ...after } = input;
    await writeAudit(tx, { action: 'directives.update', entity: 'directive', entityId: id, unitId: d.issuerUnitId, before, after });
  });
  return getDirective(ctx, id);
}

/** A recipient unit acknowledges receipt (idempotent). */
export async function acknowledge(ctx: Ctx, id: number, unitId: number): Promise<DirectiveDetail> {
  await inTransaction(ctx, async (tx) => {
    const d = await loadAuthorized<DirectiveAccess>(tx, 'directives.directive', id, 'directives.read');
    const r = await repo.findRecipient(tx.db, id, unitId);
    if (!r) throw new FieldValidationError([{ path: 'unitId', messageKey: 'directives.not_recipient' }]);
    decide(tx.actor, policyOf<DirectiveAccess>('directives.directive'), { ...d, actingFor: r }, 'tasks.report');
    if (r.acknowledgedAt) return;
    await tx.db.execute(sql`UPDATE directive_recipients SET acknowledged_at = now(), acknowledged_by = ${tx.actor!.userId || null} WHERE directive_id = ${id} AND unit_id = ${unitId}`);
    await writeAudit(tx, { action: 'directives.acknowledge', entity: 'directive', entityId: id, unitId, after: { unitId } });
  });
  return getDirective(ctx, id);
}

/** What happened to a directive, in order: issue, receipts, sessions, reports, deadlines, completions. */
export async function timeline(ctx: Ctx, id: number): Promise<z.infer<typeof zTimelineEvent>[]> {
  const d = await getDirectiveRow(ctx, id);
  const vis = inScope(ctx, 'directives.task', 'directives.read');
  const ev = await rows<z.infer<typeof zTimelineEvent>>(ctx.db, sql`
    SELECT * FROM (
      SELECT COALESCE(${d.issuedOn}::date::text, to_char(${d.createdAt}::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')) AS at, 'issued' AS kind, NULL::int AS "taskId", NULL::text AS ordinal,
        ${d.issuerUnitName}::text AS "unitName", ${d.issuingBody}::text AS text
      UNION ALL
      SELECT to_char(dr.acknowledged_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'), 'acknowledged', NULL, NULL, u.name, ${ctx.locale === 'en' ? 'Directive received' : 'Đã nhận văn bản'}::text
        FROM directive_recipients dr JOIN units u ON u.id = dr.unit_id WHERE dr.directive_id = ${id} AND dr.acknowledged_at IS NOT NULL
      UNION ALL
      SELECT s.held_on::text, 'session', NULL, NULL, u.name, s.audience || ' (' || s.attendance_total || ${ctx.locale === 'en' ? ' people)' : ' người)'}::text
        FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id WHERE s.directive_id = ${id}
      UNION ALL
      SELECT r.reported_on::text, 'report', t.id, t.ordinal, ru.name, r.percent || '% — ' || left(r.narrative, 200)
        FROM task_reports r JOIN (${repo.TASK_FROM}) ON t.id = r.task_id JOIN units ru ON ru.id = r.unit_id WHERE t.directive_id = ${id} AND ${vis}
      UNION ALL
      SELECT t.deadline::text, 'deadline', t.id, t.ordinal, lu.name, left(t.title, 200)
        FROM ${repo.TASK_FROM} WHERE t.directive_id = ${id} AND t.deadline IS NOT NULL AND t.kind <> 'series' AND t.status <> 'cancelled' AND ${vis}
      UNION ALL
      SELECT t.done_on::text, 'done', t.id, t.ordinal, lu.name, left(t.title, 200)
        FROM ${repo.TASK_FROM} WHERE t.directive_id = ${id} AND t.done_on IS NOT NULL AND ${vis}
    ) e ORDER BY at, kind`);
  return ev;
}

// ---------------------------------------------------------------- tasks

/** A task the caller may see (404 otherwise), or do `action` on (403: the kernel decides). */
export const getTaskRow = (ctx: Ctx, id: number, action = 'directives.read'): Promise<repo.TaskRow> =>
  loadAuthorized<TaskAccess>(ctx, 'directives.task', id, action);

export async function getTask(ctx: Ctx, id: number): Promise<Task & { reports: z.infer<typeof zTaskReport>[] }> {
  const t = await getTaskRow(ctx, id);
  const [view] = await taskViews(ctx, [t]);
  return { ...view, reports: await listReports(ctx, id) };
}

export async function addTask(ctx: Ctx, directiveId: number, input: TaskInput): Promise<Task> {
  validateTasks([input], 'task');
  const id = await inTransaction(ctx, async (tx) => {
    const d = await getManagedDirective(tx, directiveId);
    await checkUnits(tx, [{ path: 'leadUnitId', id: input.leadUnitId }, ...input.coordinatorUnitIds.map((u, j) => ({ path: `coordinatorUnitIds.${j}`, id: u }))]);
    const taken = await one(tx.db, sql`SELECT 1 FROM directive_tasks WHERE directive_id = ${directiveId} AND ordinal = ${input.ordinal} AND kind <> 'instance'`);
    if (taken) throw new FieldValidationError([{ path: 'ordinal', messageKey: 'directives.task.ordinal_taken' }]);
    let parentId: number | null = null;
    if (input.parentOrdinal) {
      const p = await one<{ id: number }>(tx.db, sql`SELECT id FROM directive_tasks WHERE directive_id = ${directiveId} AND ordinal = ${input.parentOrdinal} AND kind <> 'instance'`);
      if (!p) throw new FieldValidationError([{ path: 'parentOrdinal', messageKey: 'directives.task.parent_unknown' }]);
      parentId = p.id;
    }
    const tid = await insertTask(tx, directiveId, input, parentId);
    await writeAudit(tx, { action: 'tasks.create', entity: 'task', entityId: tid, unitId: d.issuerUnitId, after: input });
    await notifyUnit(tx.db, input.leadUnitId, { key: 'directives.notice.new_task', params: { title: input.title.slice(0, 150) }, link: `/directives/${directiveId}` });
    return tid;
  });
  return (await getTask(ctx, id));
}

export async function updateTask(ctx: Ctx, id: number, input: z.infer<typeof zUpdateTaskInput>): Promise<Task> {
  await inTransaction(ctx, async (tx) => {
    const t = await getTaskRow(tx, id, 'directives.manage');
    if (t.version !== input.version) throw conflict({ currentVersion: t.version });
    if (input.recurrence && input.recurrence !== t.recurrence) throw new FieldValidationError([{ path: 'recurrence', messageKey: 'directives.task.recurrence_fixed' }]);
    await checkUnits(tx, [
      ...(input.leadUnitId ? [{ path: 'leadUnitId', id: input.leadUnitId }] : []),
      ...(input.coordinatorUnitIds ?? []).map((u, j) => ({ path: `coordinatorUnitIds.${j}`, id: u })),
    ]);
    const v = <K extends keyof typeof input>(k: K, cur: unknown) => (input[k] === undefined ? cur : input[k]);
    await tx.db.execute(sql`UPDATE directive_tasks SET ordinal = ${v('ordinal', t.ordinal)}, title = ${v('title', t.title)}, description = ${v('description', t.description)},
      lead_unit_id = ${v('leadUnitId', t.leadUnitId)}, deadline = ${t.kind === 'series' ? null : v('deadline', t.deadline)},
      due_month_day = ${t.kind === 'series' ? v('dueMonthDay', t.dueMonthDay) : t.dueMonthDay},
      start_year = ${t.kind === 'series' ? v('startYear', t.startYear) : t.startYear}, end_year = ${t.kind === 'series' ? v('endYear', t.endYear) : t.endYear},
      expected_result = ${v('expectedResult', t.expectedResult)}, indicator_codes = ${sql.param(input.indicatorCodes ?? t.indicatorCodes)}::text[],
      status = ${input.status ?? t.status}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    if (input.coordinatorUnitIds) {
      await tx.db.execute(sql`DELETE FROM task_coordinators WHERE task_id = ${id}`);
      for (const u of new Set(input.coordinatorUnitIds)) await tx.db.execute(sql`INSERT INTO task_coordinators (task_id, unit_id) VALUES (${id}, ${u})`);
    }
    if (t.kind === 'series' && input.status === 'cancelled') {
      // Cancelling a recurring task cancels its years not yet done.
      await tx.db.execute(sql`UPDATE directive_tasks SET status = 'cancelled', version = version + 1, updated_at = now() WHERE series_id = ${id} AND status <> 'done'`);
    } else if (t.kind === 'series') await repo.ensureInstances(tx.db, Number(todayVN().slice(0, 4)), id);
    const { overdue: _o, atRisk: _a, ...before } = t;
    await writeAudit(tx, { action: 'tasks.update', entity: 'task', entityId: id, unitId: t.leadUnitId, before, after: input });
  });
  const [view] = await taskViews(ctx, [await getTaskRow(ctx, id)]);
  return view;
}

/** The task table: every task the caller may see, filtered, with counts by status and by lead unit. */
export async function listTasks(ctx: Ctx, q: TaskListQuery): Promise<z.infer<typeof zTaskTable>> {
  requireActor(ctx);
  await ensureCurrentInstances(ctx);
  const asOf = todayVN();
  // Conditions on `t` and `d` only: the page and the counts are computed without joining units.
  const conds: SQL[] = [sql`t.kind <> 'series'`, inScope(ctx, 'directives.task', 'directives.read')];
  if (q.directiveId) conds.push(sql`t.directive_id = ${q.directiveId}`);
  if (q.unitId) {
    const sub = sql`(SELECT x.id FROM units x, units f WHERE f.id = ${q.unitId} AND x.path <@ f.path)`;
    conds.push(sql`(t.lead_unit_id IN ${sub} OR EXISTS (SELECT 1 FROM task_coordinators tcf WHERE tcf.task_id = t.id AND tcf.unit_id IN ${sub}))`);
  }
  if (q.year) conds.push(activeInExpr(`${q.year}-01-01`, `${q.year}-12-31`));
  if (q.q) {
    const p = foldSearch(q.q);
    conds.push(sql`(t.title_fold LIKE ${p} OR t.lead_unit_id IN (SELECT x.id FROM units x WHERE f_fold(x.name) LIKE ${p}))`);
  }
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  if (q.flag === 'overdue') conds.push(overdueExpr(asOf));
  else if (q.flag === 'at_risk') conds.push(atRiskExpr(asOf, AT_RISK_DAYS, AT_RISK_PERCENT));
  else if (q.flag === 'open') conds.push(sql`t.status NOT IN ('done','cancelled')`);
  const where = sql.join(conds, sql` AND `);
  // Two queries in parallel (two connections, two cores): the page — ids sorted on narrow rows, then
  // the full rows of those ids only — and the counts by lead unit and status.
  const FROM = sql`directive_tasks t JOIN directives d ON d.id = t.directive_id`;
  const order = {
    deadline: sql`t.deadline NULLS LAST, t.id`,
    directive: sql`d.issued_on DESC NULLS LAST, t.directive_id DESC, t.ordinal, t.period_year, t.id`,
    unit: sql`lu.name, t.deadline NULLS LAST, t.id`,
    status: sql`t.status, t.deadline NULLS LAST, t.id`,
  }[q.sort];
  const pageFrom = q.sort === 'unit' ? sql`${FROM} JOIN units lu ON lu.id = t.lead_unit_id` : FROM;
  const [page, agg] = await Promise.all([
    repo.selectTasks(ctx.db, asOf, sql`t.id IN (SELECT t.id FROM ${pageFrom} WHERE ${where} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset})`, sql`ORDER BY ${order}`),
    rows<{ unitId: number; unitName: string; status: string; n: number; overdue: number; atRisk: number }>(ctx.db, sql`
      SELECT a.*, u.name AS "unitName" FROM (
        SELECT t.lead_unit_id AS "unitId", t.status, count(*)::int AS n,
          count(*) FILTER (WHERE ${overdueExpr(asOf)})::int AS overdue, count(*) FILTER (WHERE ${atRiskExpr(asOf, AT_RISK_DAYS, AT_RISK_PERCENT)})::int AS "atRisk"
        FROM ${FROM} WHERE ${where} GROUP BY t.lead_unit_id, t.status) a
      JOIN units u ON u.id = a."unitId"`),
  ]);
  const byStatus: Record<string, number> = {};
  const byUnit = new Map<number, { unitId: number; unitName: string; total: number; done: number; overdue: number }>();
  let total = 0, overdue = 0, atRisk = 0;
  for (const a of agg) {
    byStatus[a.status] = (byStatus[a.status] ?? 0) + a.n;
    total += a.n; overdue += a.overdue; atRisk += a.atRisk;
    const u = byUnit.get(a.unitId) ?? { unitId: a.unitId, unitName: a.unitName, total: 0, done: 0, overdue: 0 };
    u.total += a.n; u.overdue += a.overdue; if (a.status === 'done') u.done += a.n;
    byUnit.set(a.unitId, u);
  }
  return { total, items: await taskViews(ctx, page), byStatus, overdue, atRisk, byUnit: [...byUnit.values()].sort((a, b) => b.total - a.total || collator.compare(a.unitName, b.unitName)) };
}

/** Values of a task's linked indicators for the reporting unit, from the kernel registry. */
async function linkedFigures(ctx: Ctx, codes: string[], unit: UnitLite, to: string) {
  const from = `${to.slice(0, 4)}-01-01`;
  const out = [];
  for (const code of codes) {
    const f = findFigure(code);
    if (!f) continue;
    const value = (await computeFigure(ctx, code, { unitId: unit.id, unitPath: unit.path, areaPath: unit.areaPath, organizationId: unit.organizationId, from, to }))?.value ?? null;
    out.push({ code, label: f.label[ctx.locale], value, measure: f.measure, link: `/api/directives/figures/${encodeURIComponent(code)}?unitId=${unit.id}&from=${from}&to=${to}` });
  }
  return out;
}

/**
 * A progress report. The lead unit's report sets the task's status and percent; a coordinating
 * unit's report records its part and leaves the task's status alone.
 */
export async function reportProgress(ctx: Ctx, taskId: number, input: ProgressInput): Promise<z.infer<typeof zTaskReport>> {
  const reportId = await inTransaction(ctx, async (tx) => {
    const t = await getTaskRow(tx, taskId);
    if (t.kind === 'series') throw new AppError('TASK_IS_SERIES', 409, {}, 'directives.task.series_not_reportable');
    if (t.status === 'cancelled') throw new AppError('TASK_CANCELLED', 409, {}, 'directives.task.cancelled');
    if (input.unitId && input.unitId !== t.leadUnitId && !(await repo.coordinatorsOf(tx.db, [taskId])).some((x) => x.unitId === input.unitId)) {
      throw new FieldValidationError([{ path: 'unitId', messageKey: 'directives.progress.not_party' }]);
    }
    // For the unit named, or the lead unit, or a coordinating unit: 403 when the caller reports for none.
    decide(tx.actor, policyOf<TaskAccess>('directives.task'), { ...t, reportingFor: input.unitId || undefined }, 'tasks.report');
    const { role, unitId } = reportingUnit(tx.actor, t, input.unitId || undefined)!;
    const reportedOn = input.reportedOn ?? todayVN();
    if (input.evidenceFileIds.length) {
      const ok = await rows<{ id: number }>(tx.db, sql`SELECT id FROM files WHERE id = ANY(${sql.param(input.evidenceFileIds)}::int[]) AND (owner_id = ${tx.actor!.userId} OR unit_id = ${unitId})`);
      const okIds = new Set(ok.map((x) => x.id));
      const bad = input.evidenceFileIds.map((f, i) => ({ f, i })).filter((x) => !okIds.has(x.f));
      if (bad.length) throw new FieldValidationError(bad.map((b) => ({ path: `evidenceFileIds.${b.i}`, messageKey: 'directives.progress.file_unknown' })));
    }
    const unit = (await loadUnits(tx, [unitId])).get(unitId)!;
    const figures = await linkedFigures(tx, t.indicatorCodes, unit, reportedOn);
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO task_reports (task_id, unit_id, role, status, percent, narrative, evidence_file_ids, figures, reported_on, created_by)
      VALUES (${taskId}, ${unitId}, ${role}, ${input.status}, ${input.percent}, ${input.narrative}, ${sql.param(input.evidenceFileIds)}::int[], ${JSON.stringify(figures)}::jsonb,
        ${reportedOn}, ${tx.actor!.userId || null}) RETURNING id`);
    if (role === 'lead') {
      await tx.db.execute(sql`UPDATE directive_tasks SET status = ${input.status}, percent = ${input.percent}, last_report_at = now(),
        done_on = ${input.status === 'done' ? reportedOn : null}, version = version + 1, updated_at = now() WHERE id = ${taskId}`);
    } else {
      await tx.db.execute(sql`UPDATE directive_tasks SET last_report_at = now() WHERE id = ${taskId}`);
    }
    await writeAudit(tx, { action: 'tasks.report', entity: 'task', entityId: taskId, unitId,
      before: role === 'lead' ? { status: t.status, percent: t.percent } : undefined,
      after: { reportId: r!.id, role, status: input.status, percent: input.percent, reportedOn } });
    return r!.id;
  });
  const all = await listReports(ctx, taskId);
  return all.find((r) => r.id === reportId)!;
}

export async function listReports(ctx: Ctx, taskId: number): Promise<z.infer<typeof zTaskReport>[]> {
  await getTaskRow(ctx, taskId);
  return rows(ctx.db, sql`SELECT r.id, r.task_id AS "taskId", r.unit_id AS "unitId", u.name AS "unitName", r.role, r.status, r.percent, r.narrative,
      r.evidence_file_ids AS "evidenceFileIds", r.figures, r.reported_on AS "reportedOn", r.created_at AS "createdAt", us.full_name AS "createdByName"
    FROM task_reports r JOIN units u ON u.id = r.unit_id LEFT JOIN users us ON us.id = r.created_by WHERE r.task_id = ${taskId} ORDER BY r.created_at DESC, r.id DESC`);
}

/** The issuing body reminds the lead units of its directive's overdue and at-risk tasks (once per task and day). */
export async function remindDirective(ctx: Ctx, id: number): Promise<{ reminded: number }> {
  const d = await getManagedDirective(ctx, id);
  const { sendReminders } = await import('./directives.reminders');
  const n = await sendReminders(ctx.db, todayVN(), { directiveId: d.id, kindSuffix: 'manual' });
  await inTransaction(ctx, (tx) => writeAudit(tx, { action: 'directives.remind', entity: 'directive', entityId: id, unitId: d.issuerUnitId, after: { reminded: n } }));
  return { reminded: n };
}

/**
 * Units a task or program may be assigned to: any open unit of any organization (the issuing body
 * assigns tasks across trees). Names and codes of bodies only; for those who may issue or manage.
 */
export async function assignableUnits(ctx: Ctx, q: { q?: string; ids?: string }) {
  authorizeAnywhere(ctx, ['directives.manage', 'programs.manage', 'tasks.report']);
  const where = q.ids
    ? sql`u.id = ANY(${sql.param(q.ids.split(',').map(Number).slice(0, 200))}::int[])`
    : q.q ? sql`u.closed_at IS NULL AND (f_fold(u.name) LIKE ${foldSearch(q.q)} OR u.code ILIKE ${likeEscape(q.q) + '%'})` : sql`u.closed_at IS NULL AND u.depth = 1`;
  return rows<{ id: number; code: string; name: string; organizationName: string; areaName: string | null }>(ctx.db, sql`
    SELECT u.id, u.code, u.name, o.short_name AS "organizationName", a.name AS "areaName"
    FROM units u JOIN organizations o ON o.id = u.organization_id LEFT JOIN areas a ON a.id = u.area_id
    WHERE ${where} ORDER BY u.depth, o.sort_order, u.name LIMIT 30`);
}

export { activeInExpr };
