/**
 * The maintained roll-up (mv_rollup): for every unit U, indicator I, part D (''/gender/org) and
 * period [start, end], the sums over every approved value in U's subtree:
 *   n (values), sum_v, sum_w (weights), sum_vw (value × weight), max_v.
 * Approving a form adds its values to the rows of the unit and every ancestor (one INSERT … ON
 * CONFLICT DO UPDATE along the ltree path); reopening subtracts them (and recomputes max_v).
 * Reading an aggregate is then an index range scan on a handful of rows, whatever the subtree size.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { rows } from '../../kernel/db/sql';
import type { Aggregation } from '../../../common/movements';

/** Add (+1) or remove (-1) one form's values along its ancestor path. Call inside the approval transaction. */
export async function applyForm(db: Db, formId: number, sign: 1 | -1): Promise<void> {
  await db.execute(sql`
    INSERT INTO mv_rollup AS r (unit_id, indicator_id, disagg, period_start, period_end, n, sum_v, sum_w, sum_vw, max_v)
    SELECT a.id, v.indicator_id, v.disagg, v.period_start, v.period_end, ${sign}::int,
      ${sign}::int * v.value, ${sign}::int * COALESCE(w.value, 0), ${sign}::int * COALESCE(v.value * w.value, 0), v.value
    FROM mv_values v
    JOIN units me ON me.id = v.unit_id
    JOIN units a ON a.path @> me.path
    JOIN mv_indicators i ON i.id = v.indicator_id
    LEFT JOIN mv_values w ON w.form_id = v.form_id AND w.indicator_id = i.weight_indicator_id AND w.disagg = ''
    WHERE v.form_id = ${formId} AND v.value IS NOT NULL
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (unit_id, indicator_id, disagg, period_start, period_end) DO UPDATE SET
      n = r.n + EXCLUDED.n, sum_v = r.sum_v + EXCLUDED.sum_v, sum_w = r.sum_w + EXCLUDED.sum_w, sum_vw = r.sum_vw + EXCLUDED.sum_vw,
      max_v = CASE WHEN EXCLUDED.n > 0 THEN GREATEST(r.max_v, EXCLUDED.max_v) ELSE r.max_v END`);
  if (sign < 0) {
    // A maximum cannot be decremented: recompute it for the rows this form touched, from the approved values.
    await db.execute(sql`
      UPDATE mv_rollup r SET max_v = (
        SELECT max(x.value) FROM mv_values x JOIN mv_forms f ON f.id = x.form_id AND f.status = 'approved' JOIN units xu ON xu.id = x.unit_id
        WHERE x.indicator_id = r.indicator_id AND x.disagg = r.disagg AND x.period_start = r.period_start AND x.period_end = r.period_end
          AND xu.path <@ (SELECT path FROM units WHERE id = r.unit_id))
      FROM (SELECT a.id AS unit_id, v.indicator_id, v.disagg, v.period_start, v.period_end
            FROM mv_values v JOIN units me ON me.id = v.unit_id JOIN units a ON a.path @> me.path WHERE v.form_id = ${formId}) k
      WHERE r.unit_id = k.unit_id AND r.indicator_id = k.indicator_id AND r.disagg = k.disagg AND r.period_start = k.period_start AND r.period_end = k.period_end`);
    await db.execute(sql`
      DELETE FROM mv_rollup r USING (SELECT a.id AS unit_id, v.indicator_id, v.disagg, v.period_start, v.period_end
            FROM mv_values v JOIN units me ON me.id = v.unit_id JOIN units a ON a.path @> me.path WHERE v.form_id = ${formId}) k
      WHERE r.unit_id = k.unit_id AND r.indicator_id = k.indicator_id AND r.disagg = k.disagg AND r.period_start = k.period_start
        AND r.period_end = k.period_end AND r.n <= 0`);
  }
}

/** Rebuild the whole roll-up from the approved values (after a bulk load or a unit move). */
export async function rebuildRollup(db: Db): Promise<void> {
  // A maintenance operation over every value: give the grouping memory instead of spilling to disk.
  await db.execute(sql`SET LOCAL work_mem = '256MB'`);
  await db.execute(sql`DELETE FROM mv_rollup`);
  await db.execute(sql`
    INSERT INTO mv_rollup (unit_id, indicator_id, disagg, period_start, period_end, n, sum_v, sum_w, sum_vw, max_v)
    SELECT a.id, v.indicator_id, v.disagg, v.period_start, v.period_end, count(*)::int, sum(v.value),
      COALESCE(sum(w.value), 0), COALESCE(sum(v.value * w.value), 0), max(v.value)
    FROM mv_values v
    JOIN mv_forms f ON f.id = v.form_id AND f.status = 'approved'
    JOIN units me ON me.id = v.unit_id
    JOIN units a ON a.path @> me.path
    JOIN mv_indicators i ON i.id = v.indicator_id
    LEFT JOIN mv_values w ON w.form_id = v.form_id AND w.indicator_id = i.weight_indicator_id AND w.disagg = ''
    WHERE v.value IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5`);
}

export type RollRow = { unitId: number; indicatorId: number; disagg: string; periodStart: number; periodEnd: number; n: number; sumV: number; sumW: number; sumVw: number; maxV: number | null };

export const ROLL_COLS = sql`r.unit_id AS "unitId", r.indicator_id AS "indicatorId", r.disagg, r.period_start AS "periodStart", r.period_end AS "periodEnd",
  r.n, r.sum_v AS "sumV", r.sum_w AS "sumW", r.sum_vw AS "sumVw", r.max_v AS "maxV"`;

/**
 * Combine roll-up rows of one indicator into one figure, by its aggregation rule:
 * sum Σv · weighted_avg Σ(v·w)/Σw · max max(v) · latest Σv at the most recent period in the range.
 */
export function combine(agg: Aggregation, list: RollRow[]): { value: number | null; reported: number } {
  if (list.length === 0) return { value: null, reported: 0 };
  switch (agg) {
    case 'weighted_avg': {
      const w = list.reduce((s, r) => s + r.sumW, 0);
      const vw = list.reduce((s, r) => s + r.sumVw, 0);
      return { value: w > 0 ? vw / w : null, reported: list.reduce((s, r) => s + r.n, 0) };
    }
    case 'max': {
      const vals = list.map((r) => r.maxV).filter((v): v is number => v !== null);
      return { value: vals.length ? Math.max(...vals) : null, reported: list.reduce((s, r) => s + r.n, 0) };
    }
    case 'latest': {
      let end = -Infinity;
      let start = -Infinity;
      for (const r of list) if (r.periodEnd > end || (r.periodEnd === end && r.periodStart > start)) { end = r.periodEnd; start = r.periodStart; }
      const at = list.filter((r) => r.periodEnd === end && r.periodStart === start);
      return { value: at.reduce((s, r) => s + r.sumV, 0), reported: at.reduce((s, r) => s + r.n, 0) };
    }
    default:
      return { value: list.reduce((s, r) => s + r.sumV, 0), reported: list.reduce((s, r) => s + r.n, 0) };
  }
}

/** Roll-up rows of some units and indicators in a month range (periods wholly inside it). */
export async function rollRows(db: Db, unitIds: number[], indicatorIds: number[], from: number, to: number, disagg: string | null = ''): Promise<RollRow[]> {
  if (unitIds.length === 0 || indicatorIds.length === 0) return [];
  return rows<RollRow>(db, sql`SELECT ${ROLL_COLS} FROM mv_rollup r
    WHERE r.unit_id = ANY(${sql.param(unitIds)}::int[]) AND r.indicator_id = ANY(${sql.param(indicatorIds)}::int[])
      ${disagg === null ? sql`` : sql`AND r.disagg = ${disagg}`}
      AND r.period_start >= ${from} AND r.period_end <= ${to}`);
}
