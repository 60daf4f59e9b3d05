/** Aggregated values (GET /api/indicators/values), dashboards, completeness and the report export. */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { authorizeLoaded, requireActor } from '../../kernel/access/authorize';
import { AppError } from '../../kernel/errors';
import { one, rows } from '../../kernel/db/sql';
import * as repo from './movements.repo';
import { combine, rollRows, type RollRow } from './rollup';
import {
  monthKey, parsePeriod, periodLabel, type Aggregation, type Completeness, type Dashboard, type ValuesResult,
} from '../../../common/movements';
import { now, todayVN } from '../../kernel/clock';

const toMonth = (ym: string) => { const [y, m] = ym.split('-').map(Number); return y * 12 + m - 1; };

async function aggregateUnit(ctx: Ctx, unitId: number) {
  const actor = requireActor(ctx);
  const u = await repo.findUnitInfo(ctx.db, unitId);
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
  authorizeLoaded(actor, 'indicators.aggregate', u, 'indicators.aggregate');
  return u;
}

async function indicatorByCode(ctx: Ctx, code: string) {
  const i = await repo.findIndicatorByCode(ctx.db, code);
  if (!i) throw new AppError('INDICATOR_NOT_FOUND', 404, { code }, 'error.not_found');
  return i;
}

/** 'none' (not aggregated): the unit's own approved values, never its subtree's. */
async function ownRows(ctx: Ctx, unitIds: number[], indicatorId: number, from: number, to: number, disagg: string): Promise<RollRow[]> {
  if (unitIds.length === 0) return [];
  return rows<RollRow>(ctx.db, sql`SELECT v.unit_id AS "unitId", v.indicator_id AS "indicatorId", v.disagg, v.period_start AS "periodStart", v.period_end AS "periodEnd",
      count(*)::int AS n, sum(v.value) AS "sumV", 0::float8 AS "sumW", 0::float8 AS "sumVw", max(v.value) AS "maxV"
    FROM mv_values v JOIN mv_forms f ON f.id = v.form_id AND f.status = 'approved'
    WHERE v.unit_id = ANY(${sql.param(unitIds)}::int[]) AND v.indicator_id = ${indicatorId} AND v.disagg = ${disagg} AND v.value IS NOT NULL
      AND v.period_start >= ${from} AND v.period_end <= ${to}
    GROUP BY 1, 2, 3, 4, 5`);
}

/** Targets of units for the years of a range: summed for sums, the last year's otherwise. */
async function targetsFor(ctx: Ctx, unitIds: number[], indicatorId: number, agg: Aggregation, from: number, to: number): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const list = await rows<{ unitId: number; year: number; value: number }>(ctx.db, sql`SELECT unit_id AS "unitId", year, value FROM mv_targets
    WHERE indicator_id = ${indicatorId} AND unit_id = ANY(${sql.param(unitIds)}::int[]) AND year BETWEEN ${Math.floor(from / 12)} AND ${Math.floor(to / 12)} ORDER BY year`);
  const out = new Map<number, number>();
  for (const t of list) out.set(t.unitId, agg === 'sum' ? (out.get(t.unitId) ?? 0) + t.value : t.value);
  return out;
}

export async function getValues(ctx: Ctx, q: { indicator: string; unit: number; from: string; to: string; by?: 'child' | 'period'; disagg?: string }): Promise<ValuesResult> {
  const u = await aggregateUnit(ctx, q.unit);
  const ind = await indicatorByCode(ctx, q.indicator);
  const from = toMonth(q.from);
  const to = toMonth(q.to);
  const agg = ind.aggregation;
  const disagg = q.disagg ?? '';
  const fetch = (ids: number[], d: string | null) => (agg === 'none' ? ownRows(ctx, ids, ind.id, from, to, d ?? '') : rollRows(ctx.db, ids, [ind.id], from, to, d));
  const all = await fetch([u.id], agg === 'none' ? disagg : null);
  const mine = all.filter((r) => r.disagg === disagg);
  const total = combine(agg, mine);
  const partKeys = [...new Set(all.map((r) => r.disagg).filter((d) => d !== ''))].sort();
  const parts = disagg === '' ? partKeys.map((d) => ({ disagg: d, value: combine(agg, all.filter((r) => r.disagg === d)).value })) : [];
  const targets = await targetsFor(ctx, [u.id], ind.id, agg, from, to);
  const result: ValuesResult = {
    indicator: { code: ind.code, name: ind.name, measure: ind.measure, aggregation: agg, valueType: ind.valueType },
    unit: { id: u.id, name: u.name }, from: q.from, to: q.to, by: q.by ?? null,
    value: total.value, target: targets.get(u.id) ?? null, reported: total.reported, parts, rows: [],
  };
  if (q.by === 'period') {
    const keys = [...new Set(mine.map((r) => `${r.periodStart}-${r.periodEnd}`))];
    const periods = keys.map((k) => k.split('-').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    result.rows = periods.map(([s, e]) => {
      const c = combine(agg, mine.filter((r) => r.periodStart === s && r.periodEnd === e));
      const key = periodKeyOf(s, e);
      return { key, label: periodLabel(key, ctx.locale), unitId: null, periodKey: key, value: c.value, target: null, reported: c.reported, openFlags: 0, hasChildren: false };
    });
  } else if (q.by === 'child') {
    const children = await rows<{ id: number; name: string; path: string; childCount: number }>(ctx.db, sql`SELECT c.id, c.name, c.path::text AS path,
      (SELECT count(*)::int FROM units g WHERE g.parent_id = c.id) AS "childCount"
      FROM units c WHERE c.parent_id = ${u.id} AND (c.closed_at IS NULL OR EXISTS (SELECT 1 FROM mv_rollup r WHERE r.unit_id = c.id AND r.indicator_id = ${ind.id})) ORDER BY c.name`);
    const childRows = await fetch(children.map((c) => c.id), disagg);
    const ctargets = await targetsFor(ctx, children.map((c) => c.id), ind.id, agg, from, to);
    const flags = await rows<{ childId: number; n: number }>(ctx.db, sql`SELECT c.id AS "childId", count(*)::int AS n
      FROM units c JOIN units x ON x.path <@ c.path JOIN mv_flags fl ON fl.unit_id = x.id AND fl.status = 'open' AND fl.indicator_id = ${ind.id}
      JOIN mv_forms f ON f.id = fl.form_id AND f.period_start >= ${from} AND f.period_end <= ${to}
      WHERE c.parent_id = ${u.id} GROUP BY c.id`);
    result.rows = children.map((c) => {
      const cc = combine(agg, childRows.filter((r) => r.unitId === c.id));
      return { key: String(c.id), label: c.name, unitId: c.id, periodKey: null, value: cc.value, target: ctargets.get(c.id) ?? null, reported: cc.reported,
        openFlags: flags.find((x) => x.childId === c.id)?.n ?? 0, hasChildren: c.childCount > 0 };
    }).filter((r) => r.reported > 0 || r.target !== null);
    // The unit's own figures (reported by the unit itself, not by any child).
    if (agg !== 'none') {
      const own = combine(agg, await ownRows(ctx, [u.id], ind.id, from, to, disagg));
      if (own.reported > 0) result.rows.unshift({ key: 'self', label: ctx.locale === 'vi' ? `${u.name} (số liệu của chính đơn vị)` : `${u.name} (own figures)`, unitId: u.id, periodKey: null, value: own.value, target: null, reported: own.reported, openFlags: 0, hasChildren: false });
    }
  }
  return result;
}

export function periodKeyOf(start: number, end: number): string {
  const y = Math.floor(start / 12);
  const span = end - start + 1;
  if (span === 1) return monthKey(start);
  if (span === 3) return `${y}-Q${Math.floor((start % 12) / 3) + 1}`;
  if (span === 6) return `${y}-H${start % 12 === 0 ? 1 : 2}`;
  if (span === 12) return String(y);
  return `${monthKey(start)}..${monthKey(end)}`;
}

/**
 * Several indicators at a unit: totals, targets and trends, from the roll-up — in ONE round trip
 * (unit, indicators, roll-up rows, own rows of the non-aggregated ones, targets, open flags), so
 * that a busy server answers in a few milliseconds whatever the subtree's size.
 */
export async function getDashboard(ctx: Ctx, q: { unit: number; from: string; to: string; indicators?: string; movement?: number }): Promise<Dashboard> {
  const actor = requireActor(ctx);
  const from = toMonth(q.from);
  const to = toMonth(q.to);
  const codes = q.indicators ? q.indicators.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean).slice(0, 60) : null;
  const pick = codes ? sql`i.code = ANY(${sql.param(codes)}::text[])`
    : q.movement ? sql`i.id IN (SELECT indicator_id FROM mv_movement_indicators WHERE movement_id = ${q.movement})`
      : sql`i.active AND EXISTS (SELECT 1 FROM mv_rollup r WHERE r.unit_id = ${q.unit} AND r.indicator_id = i.id)`;
  const r = await one<{
    unit: { id: number; name: string; path: string; areaPath: string | null } | null;
    inds: { id: number; code: string; name: string; measure: string; aggregation: Aggregation; valueType: string; sort: number }[] | null;
    roll: RollRow[] | null; own: RollRow[] | null; targets: { indicatorId: number; year: number; value: number }[] | null; flags: number;
  }>(ctx.db, sql`
    WITH u AS (SELECT id, name, path, area_path FROM units WHERE id = ${q.unit}),
    ind AS (SELECT i.id, i.code, i.name, i.measure, i.aggregation, i.value_type AS "valueType",
              COALESCE((SELECT mi.sort FROM mv_movement_indicators mi WHERE mi.movement_id = ${q.movement ?? 0} AND mi.indicator_id = i.id), 0) AS sort
            FROM mv_indicators i WHERE ${pick} AND i.value_type <> 'text')
    SELECT
      (SELECT json_build_object('id', id, 'name', name, 'path', path::text, 'areaPath', area_path::text) FROM u) AS unit,
      (SELECT json_agg(ind) FROM ind) AS inds,
      (SELECT json_agg(json_build_object('unitId', r.unit_id, 'indicatorId', r.indicator_id, 'disagg', r.disagg, 'periodStart', r.period_start,
          'periodEnd', r.period_end, 'n', r.n, 'sumV', r.sum_v, 'sumW', r.sum_w, 'sumVw', r.sum_vw, 'maxV', r.max_v))
        FROM mv_rollup r WHERE r.unit_id = ${q.unit} AND r.indicator_id IN (SELECT id FROM ind WHERE aggregation <> 'none')
          AND r.disagg = '' AND r.period_start >= ${from} AND r.period_end <= ${to}) AS roll,
      (SELECT json_agg(o) FROM (SELECT v.unit_id AS "unitId", v.indicator_id AS "indicatorId", v.disagg, v.period_start AS "periodStart", v.period_end AS "periodEnd",
          count(*)::int AS n, sum(v.value) AS "sumV", 0 AS "sumW", 0 AS "sumVw", max(v.value) AS "maxV"
        FROM mv_values v JOIN mv_forms f ON f.id = v.form_id AND f.status = 'approved'
        WHERE v.unit_id = ${q.unit} AND v.indicator_id IN (SELECT id FROM ind WHERE aggregation = 'none') AND v.disagg = '' AND v.value IS NOT NULL
          AND v.period_start >= ${from} AND v.period_end <= ${to} GROUP BY 1, 2, 3, 4, 5) o) AS own,
      (SELECT json_agg(json_build_object('indicatorId', t.indicator_id, 'year', t.year, 'value', t.value) ORDER BY t.year) FROM mv_targets t
        WHERE t.unit_id = ${q.unit} AND t.indicator_id IN (SELECT id FROM ind) AND t.year BETWEEN ${Math.floor(from / 12)} AND ${Math.floor(to / 12)}) AS targets,
      (SELECT count(*)::int FROM mv_flags fl JOIN units x ON x.id = fl.unit_id JOIN mv_forms f ON f.id = fl.form_id
        WHERE fl.status = 'open' AND x.path <@ (SELECT path FROM u) AND f.period_start >= ${from} AND f.period_end <= ${to}) AS flags`);
  const u = r?.unit;
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
  authorizeLoaded(actor, 'indicators.aggregate', u, 'indicators.aggregate');
  const inds = [...(r!.inds ?? [])].sort((a, b) => (codes ? codes.indexOf(a.code) - codes.indexOf(b.code) : a.sort - b.sort || a.code.localeCompare(b.code)));
  const roll = r!.roll ?? [];
  const own = r!.own ?? [];
  const targets = r!.targets ?? [];
  const items: Dashboard['items'] = [];
  for (const i of inds) {
    const list = (i.aggregation === 'none' ? own : roll).filter((x) => x.indicatorId === i.id);
    const c = combine(i.aggregation, list);
    const periods = [...new Set(list.map((x) => `${x.periodStart}-${x.periodEnd}`))].map((k) => k.split('-').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const ts = targets.filter((t) => t.indicatorId === i.id);
    items.push({
      code: i.code, name: i.name, measure: i.measure, aggregation: i.aggregation, valueType: i.valueType as Dashboard['items'][number]['valueType'], value: c.value, reported: c.reported,
      target: ts.length ? (i.aggregation === 'sum' ? ts.reduce((s, t) => s + t.value, 0) : ts[ts.length - 1].value) : null,
      trend: periods.map(([s, e]) => ({ periodKey: periodKeyOf(s, e), value: combine(i.aggregation, list.filter((x) => x.periodStart === s && x.periodEnd === e)).value })),
    });
  }
  return { unit: { id: u.id, name: u.name }, from: q.from, to: q.to, items, openFlags: r!.flags ?? 0 };
}

/** Which units reported for a period: on time, late, not at all — by child of the unit. */
export async function getCompleteness(ctx: Ctx, q: { unit: number; movement?: number; period?: string }): Promise<Completeness> {
  const actor = requireActor(ctx);
  const u = await repo.findUnitInfo(ctx.db, q.unit);
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
  authorizeLoaded(actor, 'movements.read', u, 'movements.read');
  const mv = q.movement ? sql`AND f.movement_id = ${q.movement}` : sql``;
  let period = q.period ?? null;
  if (!period) {
    const nowMonth = now().getUTCFullYear() * 12 + now().getUTCMonth();
    const p = await one<{ key: string }>(ctx.db, sql`SELECT f.period_key AS key FROM mv_forms f JOIN units x ON x.id = f.unit_id
      WHERE x.path <@ ${u.path}::ltree ${mv} AND f.period_start <= ${nowMonth} ORDER BY f.due_on < now()::date DESC, f.period_end DESC LIMIT 1`);
    period = p?.key ?? null;
  }
  const empty = { forms: 0, approved: 0, submitted: 0, onTime: 0, late: 0, missing: 0, overdue: 0 };
  if (!period || !parsePeriod(period)) return { unitId: u.id, periodKey: period, totals: empty, rows: [] };
  const list = await rows<Completeness['rows'][number]>(ctx.db, sql`
    WITH s AS (
      SELECT CASE WHEN x.id = ${u.id} THEN x.id ELSE (SELECT c.id FROM units c WHERE c.parent_id = ${u.id} AND x.path <@ c.path) END AS grp, f.*
      FROM mv_forms f JOIN units x ON x.id = f.unit_id WHERE x.path <@ ${u.path}::ltree AND f.period_key = ${period} ${mv})
    SELECT g.id AS "unitId", g.name AS "unitName", count(*)::int AS forms,
      count(*) FILTER (WHERE s.status = 'approved')::int AS approved,
      count(*) FILTER (WHERE s.status IN ('submitted', 'approved'))::int AS submitted,
      count(*) FILTER (WHERE s.submitted_at IS NOT NULL AND (s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= s.due_on)::int AS "onTime",
      count(*) FILTER (WHERE s.submitted_at IS NOT NULL AND (s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > s.due_on)::int AS late,
      count(*) FILTER (WHERE s.status IN ('draft', 'returned'))::int AS missing,
      count(*) FILTER (WHERE s.status IN ('draft', 'returned') AND s.due_on < ${todayVN()}::date)::int AS overdue
    FROM s JOIN units g ON g.id = s.grp GROUP BY g.id, g.name ORDER BY g.id = ${u.id} DESC, g.name`);
  const totals = { ...empty };
  for (const r of list) for (const k of Object.keys(empty) as (keyof typeof empty)[]) totals[k] += r[k];
  return { unitId: u.id, periodKey: period, totals, rows: list };
}

/**
 * The 'movements.indicators' export for the report generator: for a unit subtree and a period,
 * every indicator with approved data or a form there — value, target and reporting completeness.
 */
export async function exportRows(ctx: Ctx, q: { unitId: number; from: string; to: string }): Promise<Record<string, unknown>[]> {
  const u = await repo.findUnitInfo(ctx.db, q.unitId);
  if (!u) return [];
  if (ctx.actor) authorizeLoaded(ctx.actor, 'indicators.aggregate', u, 'indicators.aggregate');
  const from = toMonth(q.from.slice(0, 7));
  const to = toMonth(q.to.slice(0, 7));
  const inds = await repo.selectIndicators(ctx.db, sql`i.value_type <> 'text' AND (EXISTS (SELECT 1 FROM mv_rollup r WHERE r.unit_id = ${u.id} AND r.indicator_id = i.id
    AND r.period_start >= ${from} AND r.period_end <= ${to}))`);
  const roll = await rollRows(ctx.db, [u.id], inds.map((i) => i.id), from, to, '');
  const comp = await rows<{ indicatorId: number; forms: number; approved: number }>(ctx.db, sql`
    SELECT mi.indicator_id AS "indicatorId", count(f.id)::int AS forms, count(f.id) FILTER (WHERE f.status = 'approved')::int AS approved
    FROM mv_forms f JOIN units x ON x.id = f.unit_id JOIN mv_movement_indicators mi ON mi.movement_id = f.movement_id
    WHERE x.path <@ ${u.path}::ltree AND f.period_start >= ${from} AND f.period_end <= ${to} GROUP BY mi.indicator_id`);
  const out: Record<string, unknown>[] = [];
  for (const i of inds) {
    const c = i.aggregation === 'none' ? combine('latest', await ownRows(ctx, [u.id], i.id, from, to, '')) : combine(i.aggregation, roll.filter((r) => r.indicatorId === i.id));
    const t = await targetsFor(ctx, [u.id], i.id, i.aggregation, from, to);
    const cp = comp.find((x) => x.indicatorId === i.id);
    out.push({ code: i.code, name: i.name, measure: i.measure, value: c.value, target: t.get(u.id) ?? null,
      completeness: cp && cp.forms > 0 ? Math.round((cp.approved / cp.forms) * 1000) / 10 : null });
  }
  return out;
}
