/**
 * Who sees which task and directive. A task is visible to a caller who may read (`directives.read`)
 * its lead unit, one of its coordinating units, or the unit that issued its directive — the issuing
 * body sees every task of its directives, even those led by units outside its own subtree (a Party
 * committee's notice assigns tasks to the Front and the People's Committee, other trees). Each of the
 * three is checked through the kernel's `scopeWhere`, so subtree grants and a supervisor's area
 * grant both apply.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { scopeWhere } from '../../kernel/access/authorize';

/** Scope of `action` on the unit aliased `alias` (a row of `units`). */
export const unitScope = (ctx: Ctx, action: string, alias: string): SQL =>
  scopeWhere(ctx, action, { unitPath: sql.raw(`${alias}.path`), areaPath: sql.raw(`${alias}.area_path`) });

/** The ids of the units in the caller's scope for `action`, as a subquery. */
export const scopedUnitIds = (ctx: Ctx, action: string): SQL => sql`(SELECT su.id FROM units su WHERE ${unitScope(ctx, action, 'su')})`;

/**
 * Task `t` (of directive `d`) is visible. Needs `t` and `d` in FROM. The units in scope are one
 * subquery (hashed once by the planner), so the check costs a hash lookup per task.
 */
export function taskVisible(ctx: Ctx, action = 'directives.read'): SQL {
  if (!ctx.actor) return sql`FALSE`;
  if (ctx.actor.isAdmin) return sql`TRUE`;
  const ids = scopedUnitIds(ctx, action);
  return sql`(t.lead_unit_id IN ${ids} OR d.issuer_unit_id IN ${ids} OR EXISTS (
    SELECT 1 FROM task_coordinators tc WHERE tc.task_id = t.id AND tc.unit_id IN ${ids}))`;
}

/** Directive `d` is visible: its issuer, a recipient, or one of its tasks' units is in scope. Needs `d` and `iu`. */
export function directiveVisible(ctx: Ctx): SQL {
  if (!ctx.actor) return sql`FALSE`;
  if (ctx.actor.isAdmin) return sql`TRUE`;
  const a = 'directives.read';
  return sql`(${unitScope(ctx, a, 'iu')}
    OR EXISTS (SELECT 1 FROM directive_recipients dr JOIN units ru ON ru.id = dr.unit_id WHERE dr.directive_id = d.id AND ${unitScope(ctx, a, 'ru')})
    OR EXISTS (SELECT 1 FROM directive_tasks t2 JOIN units lu2 ON lu2.id = t2.lead_unit_id WHERE t2.directive_id = d.id AND ${unitScope(ctx, a, 'lu2')})
    OR EXISTS (SELECT 1 FROM directive_tasks t3 JOIN task_coordinators tc3 ON tc3.task_id = t3.id JOIN units cu3 ON cu3.id = tc3.unit_id
               WHERE t3.directive_id = d.id AND ${unitScope(ctx, a, 'cu3')}))`;
}

/** Today in Vietnam (YYYY-MM-DD): deadlines are local dates. The kernel's one clock. */
export { todayVN } from '../../kernel/clock';

/** SQL flags of task `t` as of a date. */
export const overdueExpr = (asOf: string): SQL =>
  sql`(t.kind <> 'series' AND t.status NOT IN ('done','cancelled') AND t.deadline < ${asOf}::date)`;
export const atRiskExpr = (asOf: string, days: number, percent: number): SQL =>
  sql`(t.kind <> 'series' AND t.status NOT IN ('done','cancelled') AND t.deadline >= ${asOf}::date AND t.deadline <= ${asOf}::date + ${days}::int AND t.percent < ${percent})`;

/**
 * Task `t` is active in [from, to]: not a series template, not cancelled, created by `to`, and either
 * due in the period, or carried over (due earlier or without a deadline) and not done before `from`.
 */
export const activeInExpr = (from: string, to: string): SQL => sql`(t.kind <> 'series' AND t.status <> 'cancelled'
  AND t.created_at::date <= ${to}::date
  AND ((t.deadline BETWEEN ${from}::date AND ${to}::date)
    OR ((t.deadline IS NULL OR t.deadline < ${from}::date) AND NOT (t.status = 'done' AND t.done_on < ${from}::date))))`;
