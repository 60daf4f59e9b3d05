/**
 * Movements, indicators, reporting forms, their values, the maintained roll-up and anomaly flags.
 * Months are integers (year*12 + month-1); a form covers [period_start, period_end].
 */
import {
  pgTable, serial, integer, text, timestamp, jsonb, boolean, uniqueIndex, index, varchar, date, doublePrecision, primaryKey,
} from 'drizzle-orm/pg-core';
import { units, users, files } from '../../kernel/db/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });

export const mvIndicators = pgTable('mv_indicators', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 40 }).notNull(),
  name: text('name').notNull(),
  description: text('description'),
  measure: varchar('measure', { length: 40 }).notNull(),
  valueType: varchar('value_type', { length: 16 }).notNull(),
  aggregation: varchar('aggregation', { length: 16 }).notNull(),
  weightIndicatorId: integer('weight_indicator_id'),
  perCapitaIndicatorId: integer('per_capita_indicator_id'),
  source: varchar('source', { length: 80 }),
  sourceMode: varchar('source_mode', { length: 8 }),
  disaggregations: text('disaggregations').array().notNull().default([]),
  rules: jsonb('rules').notNull().default({}),
  ownerUnitId: integer('owner_unit_id').notNull().references(() => units.id),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('mv_indicators_code_uq').on(t.code)]);

export const mvMovements = pgTable('mv_movements', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 40 }).notNull(),
  name: text('name').notNull(),
  kind: varchar('kind', { length: 16 }).notNull().default('movement'),
  organizations: text('organizations').array().notNull().default([]),
  leadUnitId: integer('lead_unit_id').notNull().references(() => units.id),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  goals: text('goals'),
  description: text('description'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('mv_movements_code_uq').on(t.code), index('mv_movements_lead_idx').on(t.leadUnitId)]);

export const mvMovementIndicators = pgTable('mv_movement_indicators', {
  movementId: integer('movement_id').notNull().references(() => mvMovements.id, { onDelete: 'cascade' }),
  indicatorId: integer('indicator_id').notNull().references(() => mvIndicators.id),
  sort: integer('sort').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.movementId, t.indicatorId] })]);

export const mvSchedules = pgTable('mv_schedules', {
  id: serial('id').primaryKey(),
  movementId: integer('movement_id').notNull().references(() => mvMovements.id, { onDelete: 'cascade' }),
  frequency: varchar('frequency', { length: 8 }).notNull(),
  firstPeriod: varchar('first_period', { length: 10 }).notNull(),
  lastPeriod: varchar('last_period', { length: 10 }),
  dueDays: integer('due_days').notNull().default(10),
  minDepth: integer('min_depth').notNull().default(1),
  maxDepth: integer('max_depth').notNull().default(10),
  active: boolean('active').notNull().default(true),
  /** Last period for which forms were generated (the generator resumes from here). */
  generatedUntil: integer('generated_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('mv_schedules_movement_idx').on(t.movementId)]);

export const mvForms = pgTable('mv_forms', {
  id: serial('id').primaryKey(),
  scheduleId: integer('schedule_id').notNull().references(() => mvSchedules.id, { onDelete: 'cascade' }),
  movementId: integer('movement_id').notNull().references(() => mvMovements.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  periodKey: varchar('period_key', { length: 10 }).notNull(),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  status: varchar('status', { length: 12 }).notNull().default('draft'),
  note: text('note'),
  returnedComment: text('returned_comment'),
  /** Hash of the entered figures (the "copied figures" rule looks for equal hashes). */
  valuesHash: varchar('values_hash', { length: 64 }),
  submittedAt: ts('submitted_at'),
  submittedBy: integer('submitted_by').references(() => users.id),
  approvedAt: ts('approved_at'),
  approvedBy: integer('approved_by').references(() => users.id),
  remindedAt: ts('reminded_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('mv_forms_schedule_unit_period_uq').on(t.scheduleId, t.unitId, t.periodStart),
  index('mv_forms_unit_idx').on(t.unitId, t.periodStart),
  index('mv_forms_period_idx').on(t.scheduleId, t.periodStart, t.status),
  index('mv_forms_hash_idx').on(t.valuesHash),
  index('mv_forms_due_idx').on(t.status, t.dueOn),
]);

export const mvValues = pgTable('mv_values', {
  formId: integer('form_id').notNull().references(() => mvForms.id, { onDelete: 'cascade' }),
  indicatorId: integer('indicator_id').notNull().references(() => mvIndicators.id),
  disagg: varchar('disagg', { length: 40 }).notNull().default(''),
  unitId: integer('unit_id').notNull(),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  value: doublePrecision('value'),
  textValue: text('text_value'),
  source: varchar('source', { length: 8 }).notNull().default('entered'),
  /** For a record-derived value: what the figure counted (kernel FigureBasis: message key and parameters), kept with the value it explains. */
  basis: jsonb('basis'),
}, (t) => [
  primaryKey({ columns: [t.formId, t.indicatorId, t.disagg] }),
  index('mv_values_unit_ind_idx').on(t.indicatorId, t.unitId, t.periodStart),
]);

/**
 * The maintained roll-up: one row per (ancestor-or-self unit, indicator, part, period) holding the
 * sums over every approved value in the unit's subtree. Updated in the approval transaction.
 */
export const mvRollup = pgTable('mv_rollup', {
  unitId: integer('unit_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  disagg: varchar('disagg', { length: 40 }).notNull().default(''),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  n: integer('n').notNull().default(0),
  sumV: doublePrecision('sum_v').notNull().default(0),
  sumW: doublePrecision('sum_w').notNull().default(0),
  sumVw: doublePrecision('sum_vw').notNull().default(0),
  maxV: doublePrecision('max_v'),
}, (t) => [primaryKey({ columns: [t.unitId, t.indicatorId, t.disagg, t.periodStart, t.periodEnd] })]);

export const mvTargets = pgTable('mv_targets', {
  indicatorId: integer('indicator_id').notNull().references(() => mvIndicators.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  year: integer('year').notNull(),
  value: doublePrecision('value').notNull(),
}, (t) => [primaryKey({ columns: [t.indicatorId, t.unitId, t.year] })]);

export const mvAttachments = pgTable('mv_attachments', {
  id: serial('id').primaryKey(),
  formId: integer('form_id').notNull().references(() => mvForms.id, { onDelete: 'cascade' }),
  fileId: integer('file_id').notNull().references(() => files.id),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('mv_attachments_form_idx').on(t.formId)]);

export const mvFormEvents = pgTable('mv_form_events', {
  id: serial('id').primaryKey(),
  formId: integer('form_id').notNull().references(() => mvForms.id, { onDelete: 'cascade' }),
  action: varchar('action', { length: 16 }).notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  comment: text('comment'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('mv_form_events_form_idx').on(t.formId)]);

export const mvFlags = pgTable('mv_flags', {
  id: serial('id').primaryKey(),
  formId: integer('form_id').notNull().references(() => mvForms.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull(),
  indicatorId: integer('indicator_id'),
  rule: varchar('rule', { length: 16 }).notNull(),
  severity: varchar('severity', { length: 8 }).notNull().default('medium'),
  params: jsonb('params').notNull().default({}),
  status: varchar('status', { length: 10 }).notNull().default('open'),
  comment: text('comment'),
  acceptedBy: integer('accepted_by'),
  acceptedAt: ts('accepted_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('mv_flags_form_idx').on(t.formId), index('mv_flags_unit_idx').on(t.unitId, t.status)]);
