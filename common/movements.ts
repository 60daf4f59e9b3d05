/**
 * Contracts of the movements module: movements and campaigns, the indicator catalogue, reporting
 * schedules and forms (fill → submit → approve/return → reopen), roll-ups and anomaly flags.
 * Shared by the server's routes and the web app's forms.
 */
import { z } from 'zod';
import { zId, zIdValue, zDay } from './core';

// ---- periods: months are counted as year*12 + (month-1), so ranges are integer comparisons.
export const FREQUENCIES = ['month', 'quarter', 'half', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const FREQ_MONTHS: Record<Frequency, number> = { month: 1, quarter: 3, half: 6, year: 12 };

export type Period = { key: string; frequency: Frequency; start: number; end: number };

export const monthIndex = (year: number, month1: number) => year * 12 + (month1 - 1);
export const monthKey = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
/** First day of a month index as YYYY-MM-DD. */
export const monthFirstDay = (m: number) => `${monthKey(m)}-01`;
/** Last day of a month index as YYYY-MM-DD. */
export function monthLastDay(m: number): string {
  const y = Math.floor(m / 12);
  const mo = (m % 12) + 1;
  const d = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${monthKey(m)}-${String(d).padStart(2, '0')}`;
}

const PERIOD_RE = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

/** "2026-03", "2026-Q1", "2026-H2", "2026" → the period, or null. */
export function parsePeriod(key: string): Period | null {
  const m = PERIOD_RE.exec(key.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1990 || y > 2100) return null;
  if (m[2]) { const s = monthIndex(y, Number(m[2])); return { key: monthKey(s), frequency: 'month', start: s, end: s }; }
  if (m[3]) { const s = monthIndex(y, (Number(m[3]) - 1) * 3 + 1); return { key: `${y}-Q${m[3]}`, frequency: 'quarter', start: s, end: s + 2 }; }
  if (m[4]) { const s = monthIndex(y, m[4] === '1' ? 1 : 7); return { key: `${y}-H${m[4]}`, frequency: 'half', start: s, end: s + 5 }; }
  const s = monthIndex(y, 1);
  return { key: String(y), frequency: 'year', start: s, end: s + 11 };
}

/** The period of a frequency that contains month index m. */
export function periodContaining(freq: Frequency, m: number): Period {
  const y = Math.floor(m / 12);
  const mo = m % 12;
  if (freq === 'month') return parsePeriod(monthKey(m))!;
  if (freq === 'quarter') return parsePeriod(`${y}-Q${Math.floor(mo / 3) + 1}`)!;
  if (freq === 'half') return parsePeriod(`${y}-H${mo < 6 ? 1 : 2}`)!;
  return parsePeriod(String(y))!;
}

export const nextPeriod = (p: Period): Period => periodContaining(p.frequency, p.end + 1);

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Human label: "Tháng 03/2026", "Quý 1/2026", "6 tháng đầu năm 2026", "Năm 2026"; "March 2026", "Q1 2026", "H1 2026", "2026". */
export function periodLabel(key: string, locale: 'vi' | 'en' = 'vi'): string {
  const p = parsePeriod(key);
  if (!p) return key;
  const y = Math.floor(p.start / 12);
  if (p.frequency === 'month') return locale === 'vi' ? `Tháng ${String((p.start % 12) + 1).padStart(2, '0')}/${y}` : `${MONTHS_EN[p.start % 12]} ${y}`;
  if (p.frequency === 'quarter') return locale === 'vi' ? `Quý ${Math.floor((p.start % 12) / 3) + 1}/${y}` : `Q${Math.floor((p.start % 12) / 3) + 1} ${y}`;
  if (p.frequency === 'half') return locale === 'vi' ? `6 tháng ${p.start % 12 === 0 ? 'đầu' : 'cuối'} năm ${y}` : `H${p.start % 12 === 0 ? 1 : 2} ${y}`;
  return locale === 'vi' ? `Năm ${y}` : String(y);
}

export const zPeriodKey = z.string().trim().refine((s) => parsePeriod(s) !== null, { error: 'movements.period.invalid' });
export const zMonth = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'movements.month.invalid' });

// ---- indicators
export const VALUE_TYPES = ['number', 'integer', 'percent', 'boolean', 'text'] as const;
export const AGGREGATIONS = ['sum', 'weighted_avg', 'max', 'latest', 'none'] as const;
export const DISAGGREGATIONS = ['organization', 'gender'] as const;
export const GENDER_KEYS = ['gender:male', 'gender:female'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export type Aggregation = (typeof AGGREGATIONS)[number];

export const zIndicatorCode = z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9_]{0,39}$/, { error: 'movements.indicator.code_format' });

export const zIndicatorRules = z.object({
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  /** "≤ indicator X" (e.g. cultural households ≤ households), by code. */
  lte: z.array(zIndicatorCode).max(5).optional(),
}).strict();
export type IndicatorRules = z.infer<typeof zIndicatorRules>;

const indicatorFields = {
  name: z.string().trim().min(2).max(300),
  description: z.string().trim().max(2000).nullable().optional(),
  measure: z.string().trim().min(1).max(40),
  valueType: z.enum(VALUE_TYPES),
  aggregation: z.enum(AGGREGATIONS),
  /** For weighted_avg: the code of the indicator whose value weighs each unit (e.g. households). */
  weightCode: zIndicatorCode.nullable().optional(),
  /** For the peers rule: compare per unit of this indicator (per household, per member). */
  perCapitaCode: zIndicatorCode.nullable().optional(),
  /** A record-derived figure code from the registry (e.g. members.memberships). */
  source: z.string().trim().regex(/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/, { error: 'movements.indicator.source_format' }).nullable().optional(),
  /** fill: the value is taken from the records and cannot be typed; check: typed, compared with the records. */
  sourceMode: z.enum(['fill', 'check']).nullable().optional(),
  disaggregations: z.array(z.enum(DISAGGREGATIONS)).max(2).optional(),
  rules: zIndicatorRules.optional(),
};

export const zCreateIndicatorInput = z.object({
  code: zIndicatorCode,
  ownerUnitId: zIdValue,
  ...indicatorFields,
});
export type CreateIndicatorInput = z.infer<typeof zCreateIndicatorInput>;
export const zUpdateIndicatorInput = z.object({ version: zIdValue, active: z.boolean().optional(), ...indicatorFields }).partial({
  name: true, measure: true, valueType: true, aggregation: true,
});
export type UpdateIndicatorInput = z.infer<typeof zUpdateIndicatorInput>;

export const zIndicator = z.object({
  id: z.number(), code: z.string(), name: z.string(), description: z.string().nullable(), measure: z.string(),
  valueType: z.enum(VALUE_TYPES), aggregation: z.enum(AGGREGATIONS), weightCode: z.string().nullable(), perCapitaCode: z.string().nullable(),
  source: z.string().nullable(), sourceMode: z.enum(['fill', 'check']).nullable(), sourceAvailable: z.boolean(),
  disaggregations: z.array(z.string()), rules: zIndicatorRules, ownerUnitId: z.number(), ownerUnitName: z.string(),
  active: z.boolean(), version: z.number(),
});
export type Indicator = z.infer<typeof zIndicator>;

export const zTargetInput = z.object({ unitId: zIdValue, year: z.number().int().min(2000).max(2100), value: z.number().nullable() });
export const zTarget = z.object({ indicatorId: z.number(), unitId: z.number(), unitName: z.string(), year: z.number(), value: z.number() });

// ---- movements
export const MOVEMENT_KINDS = ['movement', 'campaign'] as const;
export const zMovementCode = z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9_-]{1,39}$/, { error: 'movements.movement.code_format' });
export const zCreateMovementInput = z.object({
  code: zMovementCode,
  name: z.string().trim().min(3).max(300),
  kind: z.enum(MOVEMENT_KINDS).default('movement'),
  /** Organizations running it (codes), descriptive. */
  organizations: z.array(z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,31}$/)).max(20).default([]),
  /** The lead unit; the movement is assigned to its subtree. */
  leadUnitId: zIdValue,
  startsOn: zDay,
  endsOn: zDay.nullable().optional(),
  goals: z.string().trim().max(5000).nullable().optional(),
  description: z.string().trim().max(10000).nullable().optional(),
  /** The indicator set, by code, in display order. */
  indicators: z.array(zIndicatorCode).max(100).default([]),
});
export type CreateMovementInput = z.infer<typeof zCreateMovementInput>;
/** A partial update: fields left out stay as they are (no defaults here, unlike creation). */
export const zUpdateMovementInput = z.object({
  version: zIdValue,
  name: z.string().trim().min(3).max(300).optional(),
  kind: z.enum(MOVEMENT_KINDS).optional(),
  organizations: z.array(z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,31}$/)).max(20).optional(),
  startsOn: zDay.optional(),
  endsOn: zDay.nullable().optional(),
  goals: z.string().trim().max(5000).nullable().optional(),
  description: z.string().trim().max(10000).nullable().optional(),
  indicators: z.array(zIndicatorCode).max(100).optional(),
});

export const zMovement = z.object({
  id: z.number(), code: z.string(), name: z.string(), kind: z.enum(MOVEMENT_KINDS), organizations: z.array(z.string()),
  leadUnitId: z.number(), leadUnitName: z.string(), startsOn: z.string(), endsOn: z.string().nullable(),
  goals: z.string().nullable(), description: z.string().nullable(), version: z.number(),
  indicatorCount: z.number(), formCount: z.number(), approvedCount: z.number(),
});
export type Movement = z.infer<typeof zMovement>;

export const zCreateScheduleInput = z.object({
  frequency: z.enum(FREQUENCIES),
  /** First period to report (a key of that frequency: 2026-03, 2026-Q1, 2026-H1, 2026). */
  firstPeriod: zPeriodKey,
  lastPeriod: zPeriodKey.nullable().optional(),
  /** Days after the end of the period the form is due. */
  dueDays: z.number().int().min(0).max(120).default(10),
  /** Which levels of the lead unit's subtree report: 0 = the lead unit, 1 = its children, … */
  minDepth: z.number().int().min(0).max(10).default(1),
  maxDepth: z.number().int().min(0).max(10).default(10),
});
export type CreateScheduleInput = z.infer<typeof zCreateScheduleInput>;
export const zSchedule = z.object({
  id: z.number(), movementId: z.number(), frequency: z.enum(FREQUENCIES), firstPeriod: z.string(), lastPeriod: z.string().nullable(),
  dueDays: z.number(), minDepth: z.number(), maxDepth: z.number(), active: z.boolean(), formCount: z.number(),
});
export const zMovementDetail = zMovement.extend({
  indicators: z.array(zIndicator),
  schedules: z.array(zSchedule),
  canManage: z.boolean(),
});
export type MovementDetail = z.infer<typeof zMovementDetail>;

// ---- forms
export const FORM_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const zFormValueInput = z.object({
  indicator: zIndicatorCode,
  /** '' for the total; 'gender:female', 'org:PHUNU' for a disaggregated part. */
  disagg: z.string().trim().max(40).regex(/^$|^(gender:(male|female)|org:[A-Z][A-Z0-9_]{1,31})$/, { error: 'movements.value.disagg_invalid' }).default(''),
  value: z.union([z.number(), z.boolean(), z.string().max(2000)]).nullable(),
});
export type FormValueInput = z.infer<typeof zFormValueInput>;
export const zSaveFormInput = z.object({
  version: zIdValue,
  values: z.array(zFormValueInput).max(1000),
  note: z.string().trim().max(5000).nullable().optional(),
});
export type SaveFormInput = z.infer<typeof zSaveFormInput>;
export const zFormActionInput = z.object({ version: zIdValue, comment: z.string().trim().max(2000).nullable().optional() });
export const zReturnInput = z.object({ version: zIdValue, comment: z.string().trim().min(3).max(2000) });
export const zReopenInput = z.object({ version: zIdValue, reason: z.string().trim().min(3).max(2000) });

export const zFormSummary = z.object({
  id: z.number(), movementId: z.number(), movementName: z.string(), scheduleId: z.number(),
  unitId: z.number(), unitName: z.string(), unitCode: z.string(), parentUnitName: z.string().nullable(),
  periodKey: z.string(), periodLabel: z.string(), dueOn: z.string(), status: z.enum(FORM_STATUSES),
  submittedAt: z.string().nullable(), approvedAt: z.string().nullable(), late: z.boolean(), openFlags: z.number(), version: z.number(),
});
export type FormSummary = z.infer<typeof zFormSummary>;
export const zFormValue = z.object({
  indicatorId: z.number(), code: z.string(), disagg: z.string(), value: z.number().nullable(), textValue: z.string().nullable(),
  source: z.enum(['entered', 'records']),
});
export const zFlag = z.object({
  id: z.number(), formId: z.number(), unitId: z.number(), unitName: z.string(), parentUnitName: z.string().nullable(), indicatorId: z.number().nullable(), indicatorCode: z.string().nullable(),
  indicatorName: z.string().nullable(), rule: z.string(), severity: z.enum(['low', 'medium', 'high']), message: z.string(),
  params: z.record(z.string(), z.unknown()), status: z.enum(['open', 'accepted']), comment: z.string().nullable(),
  acceptedByName: z.string().nullable(), periodKey: z.string(), createdAt: z.string(),
});
export type Flag = z.infer<typeof zFlag>;
export const zFormDetail = zFormSummary.extend({
  note: z.string().nullable(), returnedComment: z.string().nullable(),
  indicators: z.array(zIndicator.extend({
    recordValue: z.number().nullable(),
    /** What the record-derived value counted (organizations, units, date), in the reader's language. */
    recordBasis: z.string().nullable(),
    target: z.number().nullable(),
  })),
  values: z.array(zFormValue),
  attachments: z.array(z.object({ id: z.number(), fileId: z.number(), name: z.string(), size: z.number(), mime: z.string(), note: z.string().nullable(), createdAt: z.string() })),
  events: z.array(z.object({ action: z.string(), actorName: z.string().nullable(), comment: z.string().nullable(), at: z.string() })),
  flags: z.array(zFlag),
  /** Rule violations of the current values (warnings while filling; flags once submitted). */
  warnings: z.array(z.object({ indicator: z.string(), message: z.string() })),
  /** Organizations running the movement: the parts of an indicator broken down by organization. */
  organizations: z.array(z.string()),
  canFill: z.boolean(), canApprove: z.boolean(),
});
export type FormDetail = z.infer<typeof zFormDetail>;

export const zFormListQuery = z.object({
  unit: zId.optional(),
  movement: zId.optional(),
  period: zPeriodKey.optional(),
  status: z.enum(FORM_STATUSES).optional(),
  /** inbox: forms waiting for my approval; mine: forms I can fill. */
  view: z.enum(['all', 'inbox', 'mine']).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const zAttachInput = z.object({ fileId: zIdValue, note: z.string().trim().max(500).nullable().optional() });

export const zCompletenessQuery = z.object({
  unit: zId,
  movement: zId.optional(),
  period: zPeriodKey.optional(),
});
export const zCompleteness = z.object({
  unitId: z.number(), periodKey: z.string().nullable(),
  totals: z.object({ forms: z.number(), approved: z.number(), submitted: z.number(), onTime: z.number(), late: z.number(), missing: z.number(), overdue: z.number() }),
  rows: z.array(z.object({
    unitId: z.number(), unitName: z.string(), forms: z.number(), approved: z.number(), submitted: z.number(), onTime: z.number(), late: z.number(), missing: z.number(), overdue: z.number(),
  })),
});
export type Completeness = z.infer<typeof zCompleteness>;

// ---- aggregated values
export const zValuesQuery = z.object({
  indicator: zIndicatorCode,
  unit: zId,
  from: zMonth,
  to: zMonth,
  by: z.enum(['child', 'period']).optional(),
  disagg: z.string().trim().max(40).optional(),
}).refine((q) => q.from <= q.to, { path: ['to'], error: 'movements.range.invalid' });
export const zValueRow = z.object({
  key: z.string(), label: z.string(), unitId: z.number().nullable(), periodKey: z.string().nullable(),
  value: z.number().nullable(), target: z.number().nullable(), reported: z.number(), openFlags: z.number(), hasChildren: z.boolean(),
});
export const zValuesResult = z.object({
  indicator: z.object({ code: z.string(), name: z.string(), measure: z.string(), aggregation: z.enum(AGGREGATIONS), valueType: z.enum(VALUE_TYPES) }),
  unit: z.object({ id: z.number(), name: z.string() }),
  from: z.string(), to: z.string(), by: z.enum(['child', 'period']).nullable(),
  value: z.number().nullable(), target: z.number().nullable(), reported: z.number(),
  parts: z.array(z.object({ disagg: z.string(), value: z.number().nullable() })),
  rows: z.array(zValueRow),
});
export type ValuesResult = z.infer<typeof zValuesResult>;
export const zDashboardQuery = z.object({
  unit: zId,
  from: zMonth,
  to: zMonth,
  indicators: z.string().trim().max(2000).optional(),
  movement: zId.optional(),
}).refine((q) => q.from <= q.to, { path: ['to'], error: 'movements.range.invalid' });
export const zDashboard = z.object({
  unit: z.object({ id: z.number(), name: z.string() }), from: z.string(), to: z.string(),
  items: z.array(z.object({
    code: z.string(), name: z.string(), measure: z.string(), aggregation: z.enum(AGGREGATIONS), valueType: z.enum(VALUE_TYPES),
    value: z.number().nullable(), target: z.number().nullable(), reported: z.number(),
    trend: z.array(z.object({ periodKey: z.string(), value: z.number().nullable() })),
  })),
  openFlags: z.number(),
});
export type Dashboard = z.infer<typeof zDashboard>;

export const zFlagListQuery = z.object({
  unit: zId.optional(),
  form: zId.optional(),
  rule: z.string().max(20).optional(),
  status: z.enum(['open', 'accepted']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const zAcceptFlagInput = z.object({ comment: z.string().trim().min(3).max(2000) });

export const FLAG_RULES = ['history', 'peers', 'records', 'validation', 'copied', 'round', 'all100'] as const;
export type FlagRule = (typeof FLAG_RULES)[number];

/** Import report, same shape as the member import's. */
export const zImportReport = z.object({
  inserted: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })),
});
export type ImportReport = z.infer<typeof zImportReport>;

/** A number typed the Vietnamese way ("1.234,5"), the English way ("1234.5") or plain; NaN otherwise. */
export function parseNumberVi(s: string): number {
  const t = s.trim().replace(/\s/g, '');
  if (t === '') return NaN;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  if (/^-?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return NaN;
}
