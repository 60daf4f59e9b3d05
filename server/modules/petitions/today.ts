/** The petitions part of a user's work for today: the open cases assigned to them, nearest deadline first. */
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/sql';
import type { TodayContribution, TodayItem } from '../../kernel/module';
import type { CaseKind } from '../../../common/petitions';
import { caseScope } from './cases.service';
import { KIND_LABELS } from './labels';

const SHOWN = 10;

export const petitionsToday: TodayContribution = async (ctx) => {
  // Assigned to me and still readable by me (a grant taken away hides the case, as everywhere else).
  const cases = await rows<{ id: number; code: string; kind: CaseKind; catVi: string; catEn: string; dueOn: string | null; total: number }>(ctx.db, sql`
    SELECT c.id, c.tracking_code AS code, c.kind, cat.name_vi AS "catVi", cat.name_en AS "catEn", c.due_date::text AS "dueOn", count(*) OVER ()::int AS total
    FROM case_assignees a JOIN cases c ON c.id = a.case_id JOIN case_categories cat ON cat.code = c.category_code
    WHERE a.user_id = ${ctx.actor.userId} AND c.status NOT IN ('answered', 'closed') AND ${caseScope(ctx, 'cases.read')}
    ORDER BY c.due_date NULLS LAST, c.id LIMIT ${SHOWN}`);
  const items: TodayItem[] = cases.map((c) => ({
    kind: 'petitions.case_assigned', titleKey: 'petitions.today.case',
    params: { code: c.code, kind: KIND_LABELS[c.kind], category: { vi: c.catVi, en: c.catEn } }, count: 1, dueOn: c.dueOn, link: `/cases/${c.id}`,
  }));
  const more = (cases[0]?.total ?? 0) - cases.length;
  if (more > 0) items.push({ kind: 'petitions.cases_more', titleKey: 'petitions.today.cases_more', params: { count: more }, count: more, link: '/cases' });
  return items;
};
