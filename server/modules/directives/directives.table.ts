/**
 * Directives and their tasks, progress reports, dissemination sessions, coordination programs and
 * generated reports. Unit paths are never copied here: scope is always joined from `units`, so a
 * unit moved in the tree keeps its directives' visibility right.
 */
import {
  pgTable, serial, integer, text, timestamp, date, jsonb, varchar, index, uniqueIndex, primaryKey, smallint,
} from 'drizzle-orm/pg-core';
import { units, users, files } from '../../kernel/db/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });
const day = (name: string) => date(name, { mode: 'string' });

/** A conclusion notice, resolution, plan or instruction issued by a unit (the issuing body). */
export const directives = pgTable('directives', {
  id: serial('id').primaryKey(),
  issuerUnitId: integer('issuer_unit_id').notNull().references(() => units.id),
  /** notice | resolution | plan | instruction | conclusion | other */
  kind: varchar('kind', { length: 32 }).notNull(),
  /** "123" of "Số 123-TB/TU"; null when the copy carries no number. */
  number: varchar('number', { length: 32 }),
  /** "TB/TU" */
  symbol: varchar('symbol', { length: 64 }),
  issuedOn: day('issued_on'),
  /** The body as written on the document: "Thường trực Tỉnh ủy". */
  issuingBody: text('issuing_body').notNull(),
  signer: text('signer'),
  signerTitle: text('signer_title'),
  title: text('title').notNull(),
  body: text('body'),
  fileId: integer('file_id').references(() => files.id),
  /** "Nơi nhận" as written, one line each. */
  recipientsText: text('recipients_text'),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('directives_issuer_idx').on(t.issuerUnitId),
  index('directives_issued_idx').on(t.issuedOn),
]);

/** Recipient units ("Nơi nhận" that are units in the tree) and their acknowledgement of receipt. */
export const directiveRecipients = pgTable('directive_recipients', {
  directiveId: integer('directive_id').notNull().references(() => directives.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  acknowledgedAt: ts('acknowledged_at'),
  acknowledgedBy: integer('acknowledged_by').references(() => users.id),
}, (t) => [primaryKey({ columns: [t.directiveId, t.unitId] }), index('directive_recipients_unit_idx').on(t.unitId)]);

/**
 * A task of a directive. `kind`: once (a deadline), series (a recurring task: the template, never
 * reported on) or instance (one year of a series, generated idempotently: unique (series_id, period_year)).
 */
export const directiveTasks = pgTable('directive_tasks', {
  id: serial('id').primaryKey(),
  directiveId: integer('directive_id').notNull().references(() => directives.id, { onDelete: 'cascade' }),
  /** 4.1 under 4 */
  parentId: integer('parent_id'),
  ordinal: varchar('ordinal', { length: 16 }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  leadUnitId: integer('lead_unit_id').notNull().references(() => units.id),
  kind: varchar('kind', { length: 16 }).notNull().default('once'),
  deadline: day('deadline'),
  /** none | yearly */
  recurrence: varchar('recurrence', { length: 16 }).notNull().default('none'),
  /** For a yearly series: the due day each year, "MM-DD". */
  dueMonthDay: varchar('due_month_day', { length: 5 }),
  startYear: smallint('start_year'),
  endYear: smallint('end_year'),
  seriesId: integer('series_id'),
  periodYear: smallint('period_year'),
  expectedResult: text('expected_result'),
  /** Figure codes of linked indicators (from the kernel registry). */
  indicatorCodes: text('indicator_codes').array().notNull().default([]),
  /** not_started | in_progress | done | cancelled */
  status: varchar('status', { length: 16 }).notNull().default('not_started'),
  percent: smallint('percent').notNull().default(0),
  lastReportAt: ts('last_report_at'),
  doneOn: day('done_on'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('directive_tasks_directive_idx').on(t.directiveId, t.ordinal),
  index('directive_tasks_lead_idx').on(t.leadUnitId),
  index('directive_tasks_deadline_idx').on(t.deadline),
  uniqueIndex('directive_tasks_series_year_uq').on(t.seriesId, t.periodYear),
]);

/** Coordinating units (phối hợp) of a task. */
export const taskCoordinators = pgTable('task_coordinators', {
  taskId: integer('task_id').notNull().references(() => directiveTasks.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
}, (t) => [primaryKey({ columns: [t.taskId, t.unitId] }), index('task_coordinators_unit_idx').on(t.unitId)]);

/** A progress report by the lead unit (sets the task's status) or a coordinating unit (its part). */
export const taskReports = pgTable('task_reports', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => directiveTasks.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** lead | coordinator */
  role: varchar('role', { length: 16 }).notNull(),
  status: varchar('status', { length: 16 }).notNull(),
  percent: smallint('percent').notNull(),
  narrative: text('narrative').notNull(),
  evidenceFileIds: integer('evidence_file_ids').array().notNull().default([]),
  /** Values of the task's linked indicators at the time of the report: [{code, value, measure, query}]. */
  figures: jsonb('figures').notNull().default([]),
  reportedOn: day('reported_on').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('task_reports_task_idx').on(t.taskId, t.createdAt)]);

/** One reminder per task, kind and day, whatever the number of server processes. */
export const taskReminders = pgTable('task_reminders', {
  taskId: integer('task_id').notNull().references(() => directiveTasks.id, { onDelete: 'cascade' }),
  /** overdue | at_risk */
  kind: varchar('kind', { length: 16 }).notNull(),
  onDate: day('on_date').notNull(),
  sentAt: ts('sent_at').notNull().defaultNow(),
  recipients: integer('recipients').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.taskId, t.kind, t.onDate] })]);

/** A dissemination session (hội nghị quán triệt) of a directive held by a unit. */
export const disseminationSessions = pgTable('dissemination_sessions', {
  id: serial('id').primaryKey(),
  directiveId: integer('directive_id').notNull().references(() => directives.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  heldOn: day('held_on').notNull(),
  audience: text('audience').notNull(),
  /** { "Đảng viên": 40, "Hội viên": 120 } */
  attendanceByGroup: jsonb('attendance_by_group').notNull().default({}),
  attendanceTotal: integer('attendance_total').notNull(),
  /** Names when members are recorded: [{ name, group }] — personal data, shown to the unit only. */
  attendees: jsonb('attendees').notNull().default([]),
  materials: text('materials'),
  fileId: integer('file_id').references(() => files.id),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('dissemination_directive_idx').on(t.directiveId, t.unitId), index('dissemination_unit_idx').on(t.unitId, t.heldOn)]);

/** A coordination regulation or joint program between parties at a level. */
export const programs = pgTable('programs', {
  id: serial('id').primaryKey(),
  /** The unit that records and follows it (usually the Front). */
  unitId: integer('unit_id').notNull().references(() => units.id),
  kind: varchar('kind', { length: 16 }).notNull(), // regulation | program
  number: varchar('number', { length: 64 }),
  title: text('title').notNull(),
  signedOn: day('signed_on'),
  periodFrom: day('period_from').notNull(),
  periodTo: day('period_to').notNull(),
  body: text('body'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [index('programs_unit_idx').on(t.unitId)]);

export const programParties = pgTable('program_parties', {
  programId: integer('program_id').notNull().references(() => programs.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** "Bên A" */
  label: varchar('label', { length: 32 }).notNull(),
}, (t) => [primaryKey({ columns: [t.programId, t.unitId] }), index('program_parties_unit_idx').on(t.unitId)]);

/** An action item of a program, owned by one party. */
export const programClauses = pgTable('program_clauses', {
  id: serial('id').primaryKey(),
  programId: integer('program_id').notNull().references(() => programs.id, { onDelete: 'cascade' }),
  ordinal: varchar('ordinal', { length: 16 }).notNull(),
  text: text('text').notNull(),
  ownerUnitId: integer('owner_unit_id').notNull().references(() => units.id),
  deadline: day('deadline'),
  /** open | done | dropped */
  status: varchar('status', { length: 16 }).notNull().default('open'),
  note: text('note'),
  version: integer('version').notNull().default(1),
}, (t) => [index('program_clauses_program_idx').on(t.programId, t.ordinal)]);

/** The parties' joint yearly review, one per program and year. */
export const programReviews = pgTable('program_reviews', {
  id: serial('id').primaryKey(),
  programId: integer('program_id').notNull().references(() => programs.id, { onDelete: 'cascade' }),
  year: smallint('year').notNull(),
  heldOn: day('held_on').notNull(),
  summary: text('summary').notNull(),
  /** [{ clauseId, status, note }] as assessed at the review. */
  clauseResults: jsonb('clause_results').notNull().default([]),
  nextSteps: text('next_steps'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('program_reviews_year_uq').on(t.programId, t.year)]);

/** A generated report: its header, its sections as edited, and where every figure came from. */
export const generatedReports = pgTable('generated_reports', {
  id: serial('id').primaryKey(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** semiannual | annual | multiyear */
  kind: varchar('kind', { length: 16 }).notNull(),
  period: varchar('period', { length: 16 }).notNull(),
  periodFrom: day('period_from').notNull(),
  periodTo: day('period_to').notNull(),
  title: text('title').notNull(),
  header: jsonb('header').notNull(),
  sections: jsonb('sections').notNull(),
  /** [{ key, section, code, label, value, measure, query: { unitId, unitCode, from, to }, link }] */
  provenance: jsonb('provenance').notNull().default([]),
  format: varchar('format', { length: 8 }).notNull(),
  fileId: integer('file_id').references(() => files.id),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('generated_reports_unit_idx').on(t.unitId, t.createdAt)]);
