/**
 * The movements part of a user's work for today: the reports of their own units still to send (due
 * within a week, overdue, or returned), and the reports of the units below waiting for their approval.
 */
import { sql } from 'drizzle-orm';
import { grantedUnitIds } from '../../kernel/access/authorize';
import { addDays, todayVN } from '../../kernel/clock';
import { one, rows } from '../../kernel/db/sql';
import type { TodayContribution, TodayItem } from '../../kernel/module';
import { periodParam } from './reminders';

/** Reports due within this many days are listed. */
export const DUE_SOON_DAYS = 7;
/** Forms listed one by one; the rest as one line to the list. */
const SHOWN = 10;

export const movementsToday: TodayContribution = async (ctx) => {
  const today = todayVN();
  const items: TodayItem[] = [];
  const fill = grantedUnitIds(ctx.actor, 'reports.fill');
  if (fill.length) {
    const forms = await rows<{ id: number; dueOn: string; periodKey: string; movement: string; status: string; total: number }>(ctx.db, sql`
      SELECT f.id, f.due_on AS "dueOn", f.period_key AS "periodKey", m.name AS movement, f.status, count(*) OVER ()::int AS total
      FROM mv_forms f JOIN mv_movements m ON m.id = f.movement_id JOIN mv_schedules s ON s.id = f.schedule_id JOIN units u ON u.id = f.unit_id
      WHERE f.unit_id = ANY(${sql.param(fill)}::int[]) AND f.status IN ('draft', 'returned') AND s.active AND u.closed_at IS NULL
        AND (f.due_on <= ${addDays(today, DUE_SOON_DAYS)}::date OR f.status = 'returned')
      ORDER BY f.due_on, f.id LIMIT ${SHOWN}`);
    for (const f of forms) {
      items.push({
        kind: f.status === 'returned' ? 'movements.form_returned' : f.dueOn < today ? 'movements.form_overdue' : 'movements.form_due',
        titleKey: f.status === 'returned' ? 'movements.today.form_returned' : 'movements.today.form',
        params: { movement: f.movement, period: periodParam(f.periodKey) }, count: 1, dueOn: f.dueOn, link: `/movements/forms/${f.id}`,
      });
    }
    const more = (forms[0]?.total ?? 0) - forms.length;
    if (more > 0) items.push({ kind: 'movements.forms_more', titleKey: 'movements.today.forms_more', params: { count: more }, count: more, link: '/movements/forms?view=mine' });
  }
  const approve = grantedUnitIds(ctx.actor, 'reports.approve');
  if (approve.length) {
    // The level above approves: forms of the units directly below mine (or of a tree's top unit, by itself).
    const w = await one<{ n: number; first: number | null }>(ctx.db, sql`
      SELECT count(*)::int AS n, min(f.id) AS first FROM mv_forms f JOIN units u ON u.id = f.unit_id
      WHERE f.status = 'submitted' AND (u.parent_id = ANY(${sql.param(approve)}::int[]) OR (u.parent_id IS NULL AND u.id = ANY(${sql.param(approve)}::int[])))`);
    if (w && w.n > 0) {
      items.push({ kind: 'movements.approvals', titleKey: 'movements.today.approvals', params: { count: w.n }, count: w.n,
        link: w.n === 1 ? `/movements/forms/${w.first}` : '/movements/forms?view=inbox' });
    }
  }
  return items;
};
