/**
 * The directives part of a user's work for today: tasks their own units lead or coordinate that are
 * overdue or due within the at-risk window, nearest deadline first.
 */
import { sql } from 'drizzle-orm';
import { grantedUnitIds } from '../../kernel/access/authorize';
import { addDays, todayVN } from '../../kernel/clock';
import { rows } from '../../kernel/db/sql';
import type { TodayContribution, TodayItem } from '../../kernel/module';
import { AT_RISK_DAYS } from '../../../common/directives';

const SHOWN = 10;

export const directivesToday: TodayContribution = async (ctx) => {
  const mine = grantedUnitIds(ctx.actor, 'tasks.report');
  if (!mine.length) return [];
  const today = todayVN();
  const ids = sql`${sql.param(mine)}::int[]`;
  const tasks = await rows<{ id: number; ordinal: string; title: string; deadline: string; total: number }>(ctx.db, sql`
    SELECT t.id, t.ordinal, t.title, t.deadline::text AS deadline, count(*) OVER ()::int AS total
    FROM directive_tasks t
    WHERE t.kind <> 'series' AND t.status NOT IN ('done', 'cancelled') AND t.deadline <= ${addDays(today, AT_RISK_DAYS)}::date
      AND (t.lead_unit_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM task_coordinators tc WHERE tc.task_id = t.id AND tc.unit_id = ANY(${ids})))
    ORDER BY t.deadline, t.id LIMIT ${SHOWN}`);
  const items: TodayItem[] = tasks.map((t) => ({
    kind: t.deadline < today ? 'directives.task_overdue' : 'directives.task_due', titleKey: 'directives.today.task',
    params: { ordinal: t.ordinal, title: t.title.slice(0, 200) }, count: 1, dueOn: t.deadline, link: `/tasks/${t.id}`,
  }));
  const more = (tasks[0]?.total ?? 0) - tasks.length;
  if (more > 0) items.push({ kind: 'directives.tasks_more', titleKey: 'directives.today.tasks_more', params: { count: more }, count: more, link: '/tasks' });
  return items;
};
