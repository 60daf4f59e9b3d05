/**
 * Inflation and anomaly checks on a submitted form. The rules are pure functions over the data a
 * batch loader gathers (history, peers, records, copies), so each can be tested on its own and the
 * demo seed can check hundreds of forms with a handful of queries. See docs/movements.md.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { rows } from '../../kernel/db/sql';
import { computeFigure as computeRegistryFigure } from '../../kernel/registry';
import type { FigureValue } from '../../kernel/module';
import type { FlagRule, IndicatorRules, ValueType, Aggregation } from '../../../common/movements';
import { monthFirstDay, monthLastDay } from '../../../common/movements';

export type CheckIndicator = {
  id: number; code: string; valueType: ValueType; aggregation: Aggregation; measure: string; rules: IndicatorRules;
  perCapitaIndicatorId: number | null; source: string | null; sourceMode: 'fill' | 'check' | null;
};
export type FlagDraft = { rule: FlagRule; indicatorId: number | null; severity: 'low' | 'medium' | 'high'; params: Record<string, unknown> };

export type CheckInput = {
  indicators: Map<number, CheckIndicator>;
  /** Total values of this form (disagg ''), by indicator; `entered` marks typed ones. */
  values: Map<number, { value: number | null; entered: boolean }>;
  /** This unit's approved values of earlier periods of the same length, most recent first. */
  history: Map<number, number[]>;
  /** Sibling units' values for the same schedule and period (submitted or approved). */
  peers: { unitId: number; values: Map<number, number | null> }[];
  /** Registry figures for 'check' indicators. */
  records: Map<number, number | null>;
  /** Other forms with exactly the same entered flow figures. */
  copies: { formId: number; unitName: string; periodKey: string; sameUnit: boolean }[];
};

export const THRESHOLDS = {
  historyMin: 4, historyZ: 5, historyRelFloor: 0.15,
  peersMin: 4, peersFactor: 4,
  recordsAbs: 2, recordsRel: 0.1,
  roundMin: 4, roundShare: 0.75,
  all100Min: 3,
  copiedMinValues: 3, copiedDetailed: 3,
};

const CURRENCY = /đồng|vnd|vnđ/i;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A value is round when it ends in 0 (10–999) or in 00 (1,000 and more). */
export function isRound(v: number): boolean {
  if (!Number.isInteger(v)) return false;
  const a = Math.abs(v);
  if (a < 10) return false;
  return a < 1000 ? a % 10 === 0 : a % 100 === 0;
}

const numeric = (t: ValueType) => t === 'number' || t === 'integer' || t === 'percent';

export function runRules(input: CheckInput): FlagDraft[] {
  const out: FlagDraft[] = [];
  const { indicators, values } = input;

  for (const [id, { value: v, entered }] of values) {
    const ind = indicators.get(id);
    if (!ind || v === null || !entered) continue;

    // history: a robust z-score against the unit's own past (median and MAD).
    const h = input.history.get(id) ?? [];
    if (numeric(ind.valueType) && h.length >= THRESHOLDS.historyMin) {
      const med = median(h);
      const mad = median(h.map((x) => Math.abs(x - med)));
      const scale = Math.max(1.4826 * mad, THRESHOLDS.historyRelFloor * Math.abs(med), 1);
      if (Math.abs(v - med) > THRESHOLDS.historyZ * scale) {
        out.push({ rule: 'history', indicatorId: id, severity: 'medium', params: { value: v, median: med, low: round2(med - THRESHOLDS.historyZ * scale), high: round2(med + THRESHOLDS.historyZ * scale), periods: h.length } });
      }
    }

    // peers: per capita (per household, per member…) against the siblings' median, on a log scale.
    if (numeric(ind.valueType) && ind.valueType !== 'percent' && v > 0) {
      const base = ind.perCapitaIndicatorId ? values.get(ind.perCapitaIndicatorId)?.value ?? null : 1;
      if (base && base > 0) {
        const mine = v / base;
        const others: number[] = [];
        for (const p of input.peers) {
          const pv = p.values.get(id);
          const pb = ind.perCapitaIndicatorId ? p.values.get(ind.perCapitaIndicatorId) : 1;
          if (pv != null && pv > 0 && pb != null && pb > 0) others.push(pv / pb);
        }
        if (others.length >= THRESHOLDS.peersMin) {
          const med = median(others);
          if (med > 0 && (mine > THRESHOLDS.peersFactor * med || mine < med / THRESHOLDS.peersFactor)) {
            out.push({ rule: 'peers', indicatorId: id, severity: 'medium', params: { value: v, perCapita: round4(mine), peerMedian: round4(med), peers: others.length, factor: round2(mine / med) } });
          }
        }
      }
    }

    // records: a typed figure the registry also knows.
    if (ind.sourceMode === 'check') {
      const r = input.records.get(id);
      if (r != null && Math.abs(v - r) > Math.max(THRESHOLDS.recordsAbs, THRESHOLDS.recordsRel * Math.abs(r))) {
        out.push({ rule: 'records', indicatorId: id, severity: 'high', params: { value: v, records: r } });
      }
    }

    // validation rules: min, max, ≤ another indicator.
    const rules = ind.rules ?? {};
    if (rules.min != null && v < rules.min) out.push({ rule: 'validation', indicatorId: id, severity: 'high', params: { value: v, check: 'min', limit: rules.min } });
    if (rules.max != null && v > rules.max) out.push({ rule: 'validation', indicatorId: id, severity: 'high', params: { value: v, check: 'max', limit: rules.max } });
    for (const code of rules.lte ?? []) {
      const other = [...indicators.values()].find((x) => x.code === code);
      const ov = other ? values.get(other.id)?.value : null;
      if (other && ov != null && v > ov) out.push({ rule: 'validation', indicatorId: id, severity: 'high', params: { value: v, check: 'lte', limit: ov, other: code } });
    }
  }

  // copied figures: the same flow figures as another unit this period, or as this unit another period.
  if (input.copies.length) {
    out.push({ rule: 'copied', indicatorId: null, severity: 'high', params: {
      with: input.copies.slice(0, 5).map((c) => (c.sameUnit ? c.periodKey : c.unitName)), count: input.copies.length,
      acrossUnits: input.copies.some((c) => !c.sameUnit), acrossPeriods: input.copies.some((c) => c.sameUnit),
    } });
  }

  // round numbers everywhere (money excluded: amounts in đồng are round by nature).
  const roundable = [...values].filter(([id, x]) => {
    const ind = indicators.get(id);
    return ind && x.entered && x.value !== null && Math.abs(x.value) >= 10 && (ind.valueType === 'number' || ind.valueType === 'integer') && !CURRENCY.test(ind.measure);
  }).map(([, x]) => x.value as number);
  if (roundable.length >= THRESHOLDS.roundMin) {
    const share = roundable.filter(isRound).length / roundable.length;
    if (share >= THRESHOLDS.roundShare) out.push({ rule: 'round', indicatorId: null, severity: 'low', params: { share: Math.round(share * 100), count: roundable.length } });
  }

  // 100 % everywhere.
  const pct = [...values].filter(([id, x]) => indicators.get(id)?.valueType === 'percent' && x.entered && x.value !== null).map(([, x]) => x.value as number);
  if (pct.length >= THRESHOLDS.all100Min && pct.every((x) => x >= 100)) out.push({ rule: 'all100', indicatorId: null, severity: 'medium', params: { count: pct.length } });
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** 173 → 3, 50,800,000 → 3, 0.45 → 2, 12 → 2. */
export function significantDigits(v: number): number {
  const s = Math.abs(v).toString().replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return s.length;
}

/** Hash of the entered flow (sum) figures, or null when there are too few non-zero ones to mean anything. */
export function valuesHash(values: { indicatorId: number; value: number | null; entered: boolean; aggregation: Aggregation; valueType: ValueType }[]): string | null {
  const flows = values.filter((v) => v.entered && v.value !== null && v.aggregation === 'sum' && v.valueType !== 'boolean').sort((a, b) => a.indicatorId - b.indicatorId);
  // Small counts (1 bridge, 0.5 km) coincide by chance: a copy is only recognisable when the figures carry detail.
  if (flows.filter((v) => v.value !== 0).length < THRESHOLDS.copiedMinValues) return null;
  if (flows.filter((v) => significantDigits(v.value as number) >= 3).length < THRESHOLDS.copiedDetailed) return null;
  return createHash('sha256').update(flows.map((v) => `${v.indicatorId}:${v.value}`).join('|')).digest('hex');
}

type FormRow = { id: number; unitId: number; parentId: number | null; scheduleId: number; periodStart: number; periodEnd: number; periodKey: string;
  valuesHash: string | null; unitPath: string; areaPath: string | null; organizationId: number };

/** Load what the rules need for a batch of forms, run them, and replace those forms' flags. */
export async function checkForms(ctx: Ctx, formIds: number[]): Promise<number> {
  if (formIds.length === 0) return 0;
  const db = ctx.db;
  const ids = sql.param(formIds);
  const forms = await rows<FormRow>(db, sql`SELECT f.id, f.unit_id AS "unitId", u.parent_id AS "parentId", f.schedule_id AS "scheduleId",
    f.period_start AS "periodStart", f.period_end AS "periodEnd", f.period_key AS "periodKey", f.values_hash AS "valuesHash",
    u.path::text AS "unitPath", u.area_path::text AS "areaPath", u.organization_id AS "organizationId"
    FROM mv_forms f JOIN units u ON u.id = f.unit_id WHERE f.id = ANY(${ids}::int[])`);
  const indicators = new Map((await rows<CheckIndicator>(db, sql`SELECT id, code, value_type AS "valueType", aggregation, measure, rules,
    per_capita_indicator_id AS "perCapitaIndicatorId", source, source_mode AS "sourceMode" FROM mv_indicators`)).map((i) => [i.id, i]));
  const vals = await rows<{ formId: number; indicatorId: number; value: number | null; source: string }>(db, sql`
    SELECT form_id AS "formId", indicator_id AS "indicatorId", value, source FROM mv_values WHERE form_id = ANY(${ids}::int[]) AND disagg = ''`);
  // History: approved earlier values of the same units (same period length), newest first.
  const hist = await rows<{ unitId: number; indicatorId: number; periodStart: number; span: number; value: number }>(db, sql`
    SELECT v.unit_id AS "unitId", v.indicator_id AS "indicatorId", v.period_start AS "periodStart", v.period_end - v.period_start AS span, v.value
    FROM mv_values v JOIN mv_forms f ON f.id = v.form_id
    WHERE f.status = 'approved' AND v.disagg = '' AND v.value IS NOT NULL
      AND v.unit_id = ANY(${sql.param([...new Set(forms.map((f) => f.unitId))])}::int[])
    ORDER BY v.period_start DESC`);
  // Peers: siblings' forms of the same schedule and period.
  const peerVals = await rows<{ formId: number; unitId: number; parentId: number; scheduleId: number; periodStart: number; indicatorId: number; value: number | null }>(db, sql`
    SELECT f.id AS "formId", f.unit_id AS "unitId", u.parent_id AS "parentId", f.schedule_id AS "scheduleId", f.period_start AS "periodStart",
      v.indicator_id AS "indicatorId", v.value
    FROM mv_forms f JOIN units u ON u.id = f.unit_id JOIN mv_values v ON v.form_id = f.id AND v.disagg = ''
    WHERE f.status IN ('submitted', 'approved')
      AND u.parent_id = ANY(${sql.param([...new Set(forms.map((f) => f.parentId).filter((x): x is number => x !== null))])}::int[])
      AND f.schedule_id = ANY(${sql.param([...new Set(forms.map((f) => f.scheduleId))])}::int[])
      AND f.period_start = ANY(${sql.param([...new Set(forms.map((f) => f.periodStart))])}::int[])`);
  const hashes = [...new Set(forms.map((f) => f.valuesHash).filter((h): h is string => !!h))];
  const copies = hashes.length ? await rows<{ id: number; unitId: number; unitName: string; scheduleId: number; periodStart: number; periodKey: string; valuesHash: string }>(db, sql`
    SELECT f.id, f.unit_id AS "unitId", u.name AS "unitName", f.schedule_id AS "scheduleId", f.period_start AS "periodStart", f.period_key AS "periodKey", f.values_hash AS "valuesHash"
    FROM mv_forms f JOIN units u ON u.id = f.unit_id WHERE f.values_hash = ANY(${sql.param(hashes)}::text[]) AND f.status IN ('submitted', 'approved')`) : [];

  let total = 0;
  for (const f of forms) {
    const values = new Map<number, { value: number | null; entered: boolean }>();
    for (const v of vals) if (v.formId === f.id) values.set(v.indicatorId, { value: v.value, entered: v.source === 'entered' });
    const span = f.periodEnd - f.periodStart;
    const history = new Map<number, number[]>();
    for (const h of hist) {
      if (h.unitId !== f.unitId || h.span !== span || h.periodStart >= f.periodStart) continue;
      const list = history.get(h.indicatorId) ?? [];
      if (list.length < 12) list.push(h.value);
      history.set(h.indicatorId, list);
    }
    const peerMap = new Map<number, Map<number, number | null>>();
    for (const p of peerVals) {
      if (p.parentId !== f.parentId || p.scheduleId !== f.scheduleId || p.periodStart !== f.periodStart || p.unitId === f.unitId) continue;
      const m = peerMap.get(p.formId) ?? new Map();
      m.set(p.indicatorId, p.value);
      peerMap.set(p.formId, m);
    }
    const records = new Map<number, number | null>();
    for (const [id] of values) {
      const ind = indicators.get(id);
      if (ind?.sourceMode !== 'check' || !ind.source) continue;
      records.set(id, (await computeFigure(ctx, ind.source, f))?.value ?? null);
    }
    const cp = f.valuesHash ? copies.filter((c) => c.valuesHash === f.valuesHash && c.id !== f.id && c.scheduleId === f.scheduleId
      && ((c.unitId !== f.unitId && c.periodStart === f.periodStart) || (c.unitId === f.unitId && c.periodStart !== f.periodStart))) : [];
    const drafts = runRules({
      indicators, values, history, peers: [...peerMap].map(([, m], i) => ({ unitId: i, values: m }) ), records,
      copies: cp.map((c) => ({ formId: c.id, unitName: c.unitName, periodKey: c.periodKey, sameUnit: c.unitId === f.unitId })),
    });
    await db.execute(sql`DELETE FROM mv_flags WHERE form_id = ${f.id}`);
    if (drafts.length) {
      await db.execute(sql`INSERT INTO mv_flags (form_id, unit_id, indicator_id, rule, severity, params)
        SELECT ${f.id}, ${f.unitId}, t.ind, t.rule, t.sev, t.params::jsonb
        FROM unnest(${sql.param(drafts.map((d) => d.indicatorId))}::int[], ${sql.param(drafts.map((d) => d.rule))}::text[],
                    ${sql.param(drafts.map((d) => d.severity))}::text[], ${sql.param(drafts.map((d) => JSON.stringify(d.params)))}::text[]) AS t(ind, rule, sev, params)`);
    }
    total += drafts.length;
  }
  return total;
}

/** A registry figure for a form's unit and period (with what it counted), or null when no module offers it; a failing one has a null value. */
export async function computeFigure(ctx: Ctx, code: string, f: { unitId: number; unitPath: string; areaPath: string | null; organizationId: number; periodStart: number; periodEnd: number }): Promise<FigureValue | null> {
  return computeRegistryFigure(ctx, code, { unitId: f.unitId, unitPath: f.unitPath, areaPath: f.areaPath, organizationId: f.organizationId, from: monthFirstDay(f.periodStart), to: monthLastDay(f.periodEnd) });
}
