/**
 * Figures and exports this module offers through the kernel registry. A query names a unit's
 * subtree and a period; tasks count by their lead unit, sessions by the unit that held them. Only
 * rows the caller may see count (the report generator runs as the user who asks).
 */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import type { ExportDef, FigureDef, FigureQuery } from '../../kernel/module';
import { one, rows } from '../../kernel/db/sql';
import { inScope } from '../../kernel/access/policy';
import { activeInExpr, todayVN } from './directives.scope';
import { TASK_FROM } from './directives.repo';
import { numberSymbol } from '../../../common/directives';

/** Rows the caller may see; a system context (no actor: jobs, other modules' seeds) sees all. */
const visibleTasks = (ctx: Ctx) => (ctx.actor ? inScope(ctx, 'directives.task', 'directives.read') : sql`TRUE`);
const visibleUnit = (ctx: Ctx) => (ctx.actor ? inScope(ctx, 'directives.unit', 'directives.read') : sql`TRUE`);

const asOfFor = (q: FigureQuery) => { const t = todayVN(); return q.to < t ? q.to : t; };

async function countTasks(ctx: Ctx, q: FigureQuery, extra: ReturnType<typeof sql>): Promise<number> {
  const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${TASK_FROM}
    WHERE lu.path <@ ${q.unitPath}::ltree AND ${activeInExpr(q.from, q.to)} AND ${visibleTasks(ctx)} AND ${extra}`);
  return r?.n ?? 0;
}

/** Sessions held in the period by units of the subtree, visible to the caller. */
async function sessionsAgg(ctx: Ctx, q: FigureQuery) {
  return (await one<{ n: number; people: number }>(ctx.db, sql`SELECT count(*)::int AS n, COALESCE(sum(s.attendance_total), 0)::int AS people
    FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id
    WHERE u.path <@ ${q.unitPath}::ltree AND s.held_on BETWEEN ${q.from}::date AND ${q.to}::date
      AND ${visibleUnit(ctx)}`))!;
}

export const figures: Record<string, FigureDef> = {
  'tasks.total': {
    label: { vi: 'Nhiệm vụ được giao trong kỳ', en: 'Tasks in the period' }, measure: 'nhiệm vụ',
    compute: (ctx, q) => countTasks(ctx, q, sql`TRUE`),
  },
  'tasks.done': {
    label: { vi: 'Nhiệm vụ đã hoàn thành', en: 'Tasks done' }, measure: 'nhiệm vụ',
    compute: (ctx, q) => countTasks(ctx, q, sql`t.status = 'done' AND t.done_on <= ${q.to}::date`),
  },
  'tasks.overdue': {
    label: { vi: 'Nhiệm vụ quá hạn', en: 'Overdue tasks' }, measure: 'nhiệm vụ',
    // Overdue at the end of the period (or today, for a period not over yet): due before it and not done by then.
    compute: (ctx, q) => {
      const asOf = asOfFor(q);
      return countTasks(ctx, q, sql`t.deadline < ${asOf}::date AND NOT (t.status = 'done' AND t.done_on <= ${asOf}::date)`);
    },
  },
  'dissemination.sessions': {
    label: { vi: 'Hội nghị quán triệt', en: 'Dissemination sessions' }, measure: 'hội nghị',
    compute: async (ctx, q) => (await sessionsAgg(ctx, q)).n,
  },
  'dissemination.attendance': {
    label: { vi: 'Lượt người dự quán triệt', en: 'Dissemination attendance' }, measure: 'lượt người',
    compute: async (ctx, q) => (await sessionsAgg(ctx, q)).people,
  },
};

export const exportsDefs: Record<string, ExportDef> = {
  'directives.tasks': {
    label: { vi: 'Nhiệm vụ theo văn bản chỉ đạo', en: 'Tasks of directives' },
    columns: [
      { key: 'directive', label: { vi: 'Văn bản', en: 'Directive' } },
      { key: 'ordinal', label: { vi: 'Mục', en: 'Item' } },
      { key: 'title', label: { vi: 'Nhiệm vụ', en: 'Task' } },
      { key: 'lead', label: { vi: 'Chủ trì', en: 'Lead' } },
      { key: 'deadline', label: { vi: 'Hạn', en: 'Deadline' } },
      { key: 'status', label: { vi: 'Trạng thái', en: 'Status' } },
      { key: 'percent', label: { vi: 'Tiến độ (%)', en: 'Progress (%)' } },
    ],
    async rows(ctx, q) {
      const r = await rows<{ n: string | null; s: string | null; ordinal: string; title: string; lead: string; deadline: string | null; status: string; percent: number }>(ctx.db, sql`
        SELECT d.number AS n, d.symbol AS s, t.ordinal, t.title, lu.name AS lead, t.deadline, t.status, t.percent FROM ${TASK_FROM}
        WHERE lu.path <@ ${q.unitPath}::ltree AND ${activeInExpr(q.from, q.to)} AND ${visibleTasks(ctx)} ORDER BY d.issued_on NULLS LAST, d.id, t.ordinal, t.period_year`);
      return r.map((x) => ({ directive: numberSymbol(x.n, x.s), ordinal: x.ordinal, title: x.title, lead: x.lead, deadline: x.deadline, status: x.status, percent: x.percent }));
    },
  },
  'directives.dissemination': {
    label: { vi: 'Hội nghị quán triệt', en: 'Dissemination sessions' },
    columns: [
      { key: 'heldOn', label: { vi: 'Ngày', en: 'Date' } },
      { key: 'unit', label: { vi: 'Đơn vị', en: 'Unit' } },
      { key: 'directive', label: { vi: 'Văn bản', en: 'Directive' } },
      { key: 'audience', label: { vi: 'Đối tượng', en: 'Audience' } },
      { key: 'attendance', label: { vi: 'Số người dự', en: 'Attendance' } },
    ],
    async rows(ctx, q) {
      const r = await rows<{ heldOn: string; unit: string; n: string | null; s: string | null; title: string; audience: string; attendance: number }>(ctx.db, sql`
        SELECT s.held_on AS "heldOn", u.name AS unit, d.number AS n, d.symbol AS s, d.title, s.audience, s.attendance_total AS attendance
        FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id JOIN directives d ON d.id = s.directive_id
        WHERE u.path <@ ${q.unitPath}::ltree AND s.held_on BETWEEN ${q.from}::date AND ${q.to}::date
          AND ${visibleUnit(ctx)} ORDER BY s.held_on, u.name`);
      return r.map((x) => ({ heldOn: x.heldOn, unit: x.unit, directive: numberSymbol(x.n, x.s) || x.title.slice(0, 80), audience: x.audience, attendance: x.attendance }));
    },
  },
};
