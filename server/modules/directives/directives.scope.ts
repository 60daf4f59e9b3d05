/**
 * Dates and flags of the directives module's SQL. Who sees which directive, task or program is
 * declared in directives.policy.ts.
 */
import { sql, type SQL } from 'drizzle-orm';

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
