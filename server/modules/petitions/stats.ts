/** Figures for the indicator and report modules, the summary export, and the staff statistics page. */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { one, rows } from '../../kernel/db/sql';
import type { FigureDef, ExportDef, FigureQuery } from '../../kernel/module';
import { addDays, todayVN } from './deadlines';
import { caseScope } from './cases.service';
import { unitPathFor } from './hotspots';
import { KIND_LABELS, STATUS_LABELS } from './labels';
import type { z } from 'zod';
import type { zCaseStats } from '../../../common/petitions';

const startOf = (d: string) => `${d}T00:00:00+07:00`;
const endOf = (d: string) => `${addDays(d, 1)}T00:00:00+07:00`;
const subtree = (path: string) => sql`(c.receiving_path <@ ${path}::ltree OR c.responsible_path <@ ${path}::ltree)`;
const inPeriod = (col: SQL, from: string, to: string) => sql`${col} >= ${startOf(from)}::timestamptz AND ${col} < ${endOf(to)}::timestamptz`;
/** The answer date in Vietnam, compared with the resolution limit. */
const onTime = sql`(c.answered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= c.resolve_due`;

async function count(ctx: Ctx, where: SQL): Promise<number> {
  return (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM cases c WHERE ${where}`))!.n;
}

export const figures: Record<string, FigureDef> = {
  'cases.received': {
    label: { vi: 'Số vụ việc tiếp nhận', en: 'Cases received' }, measure: 'vụ việc',
    compute: (ctx, q) => count(ctx, sql`${subtree(q.unitPath)} AND ${inPeriod(sql`c.received_at`, q.from, q.to)}`),
  },
  'cases.answered': {
    label: { vi: 'Số vụ việc đã trả lời', en: 'Cases answered' }, measure: 'vụ việc',
    compute: (ctx, q) => count(ctx, sql`${subtree(q.unitPath)} AND ${inPeriod(sql`c.answered_at`, q.from, q.to)}`),
  },
  'cases.answered_on_time': {
    label: { vi: 'Số vụ việc trả lời đúng hạn', en: 'Cases answered on time' }, measure: 'vụ việc',
    compute: (ctx, q) => count(ctx, sql`${subtree(q.unitPath)} AND ${inPeriod(sql`c.answered_at`, q.from, q.to)} AND c.resolve_due IS NOT NULL AND ${onTime}`),
  },
  'cases.overdue': {
    // Deadlines that fell in the period and were missed: not met by the deadline (met late, or still open).
    label: { vi: 'Số vụ việc quá hạn', en: 'Cases overdue' }, measure: 'vụ việc',
    compute: (ctx, q) => {
      const last = q.to < todayVN() ? q.to : addDays(todayVN(), -1);
      return count(ctx, sql`${subtree(q.unitPath)} AND (
        (c.resolve_due BETWEEN ${q.from}::date AND ${last}::date AND (c.answered_at IS NULL OR NOT ${onTime}))
        OR (c.resolve_due IS NULL AND c.accept_due BETWEEN ${q.from}::date AND ${last}::date
            AND (c.accepted_at IS NULL OR (c.accepted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > c.accept_due)))`);
    },
  },
};

const L = (vi: string, en: string) => ({ vi, en });
export const summaryExport: ExportDef = {
  label: L('Tổng hợp tiếp nhận, giải quyết đơn thư, kiến nghị', 'Summary of cases received and answered'),
  columns: [
    { key: 'dimension', label: L('Nhóm', 'Dimension') },
    { key: 'key', label: L('Mã', 'Code') },
    { key: 'label', label: L('Tên', 'Name') },
    { key: 'received', label: L('Tiếp nhận', 'Received') },
    { key: 'answered', label: L('Đã trả lời', 'Answered') },
    { key: 'onTime', label: L('Đúng hạn', 'On time') },
    { key: 'onTimeRate', label: L('Tỷ lệ đúng hạn (%)', 'On-time rate (%)') },
  ],
  rows: (ctx, q) => summaryRows(ctx, q),
};

/** Counts by kind, category and status, and the on-time rate per responsible body. No personal data. */
export async function summaryRows(ctx: Ctx, q: FigureQuery): Promise<Record<string, unknown>[]> {
  const where = sql`${subtree(q.unitPath)} AND ${inPeriod(sql`c.received_at`, q.from, q.to)}`;
  const agg = sql`count(*)::int AS received, count(c.answered_at)::int AS answered, count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.resolve_due IS NOT NULL AND ${onTime})::int AS "onTime"`;
  const rate = (r: { answered: number; onTime: number }) => (r.answered ? Math.round((r.onTime / r.answered) * 1000) / 10 : null);
  const out: Record<string, unknown>[] = [];
  const loc = ctx.locale === 'en' ? 'en' : 'vi';
  for (const r of await rows<{ key: string; received: number; answered: number; onTime: number }>(ctx.db, sql`SELECT c.kind AS key, ${agg} FROM cases c WHERE ${where} GROUP BY c.kind ORDER BY c.kind`)) {
    out.push({ dimension: 'kind', ...r, label: KIND_LABELS[r.key as keyof typeof KIND_LABELS]?.[loc] ?? r.key, onTimeRate: rate(r) });
  }
  for (const r of await rows<{ key: string; label: string; received: number; answered: number; onTime: number }>(ctx.db, sql`SELECT c.category_code AS key, ${loc === 'en' ? sql`max(cat.name_en)` : sql`max(cat.name_vi)`} AS label, ${agg}
      FROM cases c JOIN case_categories cat ON cat.code = c.category_code WHERE ${where} GROUP BY c.category_code ORDER BY c.category_code`)) {
    out.push({ dimension: 'category', ...r, onTimeRate: rate(r) });
  }
  for (const r of await rows<{ key: string; received: number; answered: number; onTime: number }>(ctx.db, sql`SELECT c.status AS key, ${agg} FROM cases c WHERE ${where} GROUP BY c.status ORDER BY c.status`)) {
    out.push({ dimension: 'status', ...r, label: STATUS_LABELS[r.key as keyof typeof STATUS_LABELS]?.[loc] ?? r.key, onTimeRate: rate(r) });
  }
  for (const r of await rows<{ key: string; label: string; received: number; answered: number; onTime: number }>(ctx.db, sql`SELECT u.code AS key, max(u.name) AS label, ${agg}
      FROM cases c JOIN units u ON u.id = c.responsible_unit_id WHERE ${where} GROUP BY u.code ORDER BY u.code`)) {
    out.push({ dimension: 'body', ...r, onTimeRate: rate(r) });
  }
  return out;
}

/** The statistics page: counts by kind, category, status, area; per responsible body: on-time rate, overdue, close to the limit, days to answer. */
export async function caseStats(ctx: Ctx, q: { unit?: number; from?: string; to?: string }): Promise<z.infer<typeof zCaseStats>> {
  requireActor(ctx);
  const unitPath = await unitPathFor(ctx, q.unit, 'cases.aggregate');
  const to = q.to ?? todayVN();
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const today = todayVN();
  const where = sql`${caseScope(ctx, 'cases.aggregate')} ${unitPath ? sql`AND ${subtree(unitPath)}` : sql``} AND ${inPeriod(sql`c.received_at`, from, to)}`;
  const loc = ctx.locale === 'en' ? 'en' : 'vi';
  const [byKind, byCategory, byStatus, byArea, byBody] = await Promise.all([
    rows<{ key: string; count: number }>(ctx.db, sql`SELECT c.kind AS key, count(*)::int AS count FROM cases c WHERE ${where} GROUP BY 1 ORDER BY 2 DESC`),
    rows<{ key: string; label: string; count: number }>(ctx.db, sql`SELECT c.category_code AS key, ${loc === 'en' ? sql`max(cat.name_en)` : sql`max(cat.name_vi)`} AS label, count(*)::int AS count
      FROM cases c JOIN case_categories cat ON cat.code = c.category_code WHERE ${where} GROUP BY 1 ORDER BY 3 DESC`),
    rows<{ key: string; count: number }>(ctx.db, sql`SELECT c.status AS key, count(*)::int AS count FROM cases c WHERE ${where} GROUP BY 1 ORDER BY 2 DESC`),
    // By commune: the area at level 2 of the case's place.
    rows<{ key: string; label: string; count: number }>(ctx.db, sql`SELECT a.code AS key, max(a.type || ' ' || a.name) AS label, count(*)::int AS count
      FROM cases c JOIN areas a ON nlevel(c.area_path) >= 2 AND a.path = subpath(c.area_path, 0, 2) WHERE ${where} GROUP BY a.code ORDER BY 3 DESC LIMIT 50`),
    rows<{ unitId: number; name: string; total: number; answered: number; onTime: number; overdue: number; near: number; avgDays: number | null }>(ctx.db, sql`
      SELECT u.id AS "unitId", max(u.name) AS name, count(*)::int AS total, count(c.answered_at)::int AS answered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.resolve_due IS NOT NULL AND ${onTime})::int AS "onTime",
        count(*) FILTER (WHERE c.due_date < ${today}::date)::int AS overdue,
        count(*) FILTER (WHERE c.due_date >= ${today}::date AND c.due_date <= ${addDays(today, 7)}::date)::int AS near,
        avg(EXTRACT(EPOCH FROM (c.answered_at - c.received_at)) / 86400)::float8 AS "avgDays"
      FROM cases c JOIN units u ON u.id = c.responsible_unit_id WHERE ${where} GROUP BY u.id ORDER BY overdue DESC, total DESC LIMIT 200`),
  ]);
  return {
    byKind, byCategory, byStatus, byArea,
    byBody: byBody.map((b) => ({
      unitId: b.unitId, name: b.name, total: b.total, answered: b.answered, onTime: b.onTime, overdue: b.overdue, near: b.near,
      onTimeRate: b.answered ? Math.round((b.onTime / b.answered) * 1000) / 10 : null,
      avgDaysToAnswer: b.avgDays == null ? null : Math.round(Number(b.avgDays) * 10) / 10,
    })),
  };
}
