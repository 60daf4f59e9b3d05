/**
 * Contracts of the directives module: directives and their tasks, progress reports, dissemination
 * sessions (quán triệt), coordination programs and the report generator. Shared by the server's
 * routes and the web app's forms; messages that are i18n keys are translated on both sides.
 */
import { z } from 'zod';
import { zId, zIdValue, zDay } from './core';

const id = zId;
const day = zDay;
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();

export const DIRECTIVE_KINDS = ['notice', 'resolution', 'conclusion', 'plan', 'instruction', 'other'] as const;
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export const TASK_KINDS = ['once', 'series', 'instance'] as const;
export const RECURRENCES = ['none', 'yearly'] as const;
export const REPORT_KINDS = ['semiannual', 'annual', 'multiyear'] as const;
export const CLAUSE_STATUSES = ['open', 'done', 'dropped'] as const;
/** A task is at risk when not done, due within this many days and less than AT_RISK_PERCENT done. */
export const AT_RISK_DAYS = 14;
export const AT_RISK_PERCENT = 80;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type ReportKind = (typeof REPORT_KINDS)[number];

// ---- directives
const zMonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'directives.task.month_day' });

export const zTaskInput = z.object({
  ordinal: z.string().trim().min(1).max(16),
  /** Ordinal of the parent task in the same directive ("4" for "4.1"). */
  parentOrdinal: z.string().trim().max(16).nullable().optional(),
  title: text(2000),
  description: optText(20000),
  leadUnitId: id,
  coordinatorUnitIds: z.array(id).max(200).default([]),
  deadline: day.nullable().optional(),
  recurrence: z.enum(RECURRENCES).default('none'),
  /** Yearly tasks: due day each year ("12-15"), first and optional last year. */
  dueMonthDay: zMonthDay.nullable().optional(),
  startYear: z.number().int().min(2000).max(2100).nullable().optional(),
  endYear: z.number().int().min(2000).max(2100).nullable().optional(),
  expectedResult: optText(4000),
  indicatorCodes: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
});
export type TaskInput = z.infer<typeof zTaskInput>;

export const zCreateDirectiveInput = z.object({
  issuerUnitId: id,
  kind: z.enum(DIRECTIVE_KINDS),
  number: z.string().trim().max(32).nullable().optional(),
  symbol: z.string().trim().max(64).nullable().optional(),
  issuedOn: day.nullable().optional(),
  issuingBody: text(300),
  signer: optText(200),
  signerTitle: optText(200),
  title: text(2000),
  body: optText(200000),
  fileId: id.nullable().optional(),
  recipientsText: optText(8000),
  recipientUnitIds: z.array(id).max(2000).default([]),
  tasks: z.array(zTaskInput).max(500).default([]),
});
export type CreateDirectiveInput = z.infer<typeof zCreateDirectiveInput>;

export const zUpdateDirectiveInput = zCreateDirectiveInput
  .omit({ issuerUnitId: true, tasks: true, recipientUnitIds: true })
  .partial()
  .extend({ version: zIdValue, status: z.enum(['active', 'closed']).optional() });

export const zDirectiveListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  unitId: id.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const zDirectiveSummary = z.object({
  id: z.number(), kind: z.string(), number: z.string().nullable(), symbol: z.string().nullable(), numberSymbol: z.string(),
  issuedOn: z.string().nullable(), issuingBody: z.string(), title: z.string(), status: z.string(),
  issuerUnitId: z.number(), issuerUnitName: z.string(),
  taskCount: z.number(), doneCount: z.number(), overdueCount: z.number(),
});
export type DirectiveSummary = z.infer<typeof zDirectiveSummary>;

export const zTask = z.object({
  id: z.number(), directiveId: z.number(), directiveTitle: z.string(), directiveNumber: z.string(),
  parentId: z.number().nullable(), ordinal: z.string(), title: z.string(), description: z.string().nullable(),
  kind: z.enum(TASK_KINDS), recurrence: z.enum(RECURRENCES), dueMonthDay: z.string().nullable(),
  startYear: z.number().nullable(), endYear: z.number().nullable(), seriesId: z.number().nullable(), periodYear: z.number().nullable(),
  leadUnitId: z.number(), leadUnitName: z.string(), leadUnitCode: z.string(),
  coordinators: z.array(z.object({ unitId: z.number(), unitName: z.string() })),
  deadline: z.string().nullable(), expectedResult: z.string().nullable(), indicatorCodes: z.array(z.string()),
  status: z.enum(TASK_STATUSES), percent: z.number(), lastReportAt: z.string().nullable(), doneOn: z.string().nullable(),
  overdue: z.boolean(), atRisk: z.boolean(), version: z.number(),
  /** What the caller may do: report as lead, report as coordinator, manage (the issuing body). */
  canReport: z.boolean(), canCoordinate: z.boolean(), canManage: z.boolean(),
});
export type Task = z.infer<typeof zTask>;

export const zDirectiveDetail = zDirectiveSummary.extend({
  signer: z.string().nullable(), signerTitle: z.string().nullable(), body: z.string().nullable(), fileId: z.number().nullable(),
  recipientsText: z.string().nullable(), version: z.number(), createdAt: z.string(),
  recipients: z.array(z.object({ unitId: z.number(), unitName: z.string(), acknowledgedAt: z.string().nullable() })),
  tasks: z.array(zTask),
  canManage: z.boolean(),
  /** Recipient units of the caller that have not acknowledged receipt yet. */
  canAcknowledge: z.array(z.number()),
});
export type DirectiveDetail = z.infer<typeof zDirectiveDetail>;

export const zTimelineEvent = z.object({
  at: z.string(), kind: z.enum(['issued', 'acknowledged', 'session', 'report', 'deadline', 'done']),
  taskId: z.number().nullable(), ordinal: z.string().nullable(), unitName: z.string().nullable(), text: z.string(),
});

export const zAcknowledgeInput = z.object({ unitId: id });

// ---- tasks
export const zTaskListQuery = z.object({
  directiveId: id.optional(),
  /** Tasks whose lead or coordinating unit is in this unit's subtree. */
  unitId: id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  /** overdue | at_risk | open */
  flag: z.enum(['overdue', 'at_risk', 'open']).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['deadline', 'directive', 'unit', 'status']).default('deadline'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskListQuery = z.infer<typeof zTaskListQuery>;

export const zTaskTable = z.object({
  total: z.number(),
  items: z.array(zTask),
  byStatus: z.record(z.string(), z.number()),
  overdue: z.number(), atRisk: z.number(),
  byUnit: z.array(z.object({ unitId: z.number(), unitName: z.string(), total: z.number(), done: z.number(), overdue: z.number() })),
});

/** Every field optional and without defaults: a field left out is left unchanged. */
export const zUpdateTaskInput = z.object({
  version: zIdValue,
  ordinal: z.string().trim().min(1).max(16).optional(),
  title: text(2000).optional(),
  description: optText(20000),
  leadUnitId: id.optional(),
  coordinatorUnitIds: z.array(id).max(200).optional(),
  deadline: day.nullable().optional(),
  recurrence: z.enum(RECURRENCES).optional(),
  dueMonthDay: zMonthDay.nullable().optional(),
  startYear: z.number().int().min(2000).max(2100).nullable().optional(),
  endYear: z.number().int().min(2000).max(2100).nullable().optional(),
  expectedResult: optText(4000),
  indicatorCodes: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  status: z.literal('cancelled').optional(),
});

export const zAddTaskInput = zTaskInput;

export const zProgressInput = z.object({
  /** The reporting unit: the lead unit, or one of the coordinating units. */
  unitId: id.optional(),
  status: z.enum(['not_started', 'in_progress', 'done']),
  percent: z.number().int().min(0).max(100),
  narrative: text(20000),
  evidenceFileIds: z.array(id).max(20).default([]),
  reportedOn: day.optional(),
}).refine((v) => v.status !== 'done' || v.percent === 100, { path: ['percent'], error: 'directives.progress.done_is_100' });
export type ProgressInput = z.infer<typeof zProgressInput>;

export const zTaskReport = z.object({
  id: z.number(), taskId: z.number(), unitId: z.number(), unitName: z.string(), role: z.enum(['lead', 'coordinator']),
  status: z.string(), percent: z.number(), narrative: z.string(), evidenceFileIds: z.array(z.number()),
  figures: z.array(z.object({ code: z.string(), label: z.string(), value: z.number().nullable(), measure: z.string(), link: z.string() })),
  reportedOn: z.string(), createdAt: z.string(), createdByName: z.string().nullable(),
});

// ---- dissemination
export const zSessionInput = z.object({
  unitId: id,
  heldOn: day,
  audience: text(500),
  attendanceByGroup: z.record(z.string().trim().min(1).max(80), z.number().int().min(0).max(1_000_000)).default({}),
  /** When no groups are given. */
  attendanceTotal: z.number().int().min(0).max(1_000_000).optional(),
  attendees: z.array(z.object({ name: text(200), group: z.string().trim().max(80).optional() })).max(5000).default([]),
  materials: optText(4000),
  fileId: id.nullable().optional(),
});
export type SessionInput = z.infer<typeof zSessionInput>;

export const zSession = z.object({
  id: z.number(), directiveId: z.number(), unitId: z.number(), unitName: z.string(), heldOn: z.string(), audience: z.string(),
  attendanceByGroup: z.record(z.string(), z.number()), attendanceTotal: z.number(),
  /** Names only for callers who may manage the unit's records; null otherwise. */
  attendees: z.array(z.object({ name: z.string(), group: z.string().optional() })).nullable(),
  attendeeCount: z.number(), materials: z.string().nullable(), fileId: z.number().nullable(),
});

export const zCoverage = z.object({
  sessions: z.array(zSession),
  coverage: z.array(z.object({ unitId: z.number(), unitName: z.string(), sessions: z.number(), attendance: z.number(), lastHeldOn: z.string().nullable() })),
  covered: z.number(), expected: z.number(),
});

// ---- programs
export const zProgramInput = z.object({
  unitId: id,
  kind: z.enum(['regulation', 'program']),
  number: optText(64),
  title: text(1000),
  signedOn: day.nullable().optional(),
  periodFrom: day,
  periodTo: day,
  body: optText(100000),
  parties: z.array(z.object({ unitId: id, label: text(32) })).min(2).max(20),
  clauses: z.array(z.object({ ordinal: text(16), text: text(4000), ownerUnitId: id, deadline: day.nullable().optional() })).max(300).default([]),
}).refine((v) => v.periodTo >= v.periodFrom, { path: ['periodTo'], error: 'directives.program.period_order' });
export type ProgramInput = z.infer<typeof zProgramInput>;

export const zUpdateProgramInput = z.object({
  version: zIdValue,
  title: text(1000).optional(), number: optText(64), signedOn: day.nullable().optional(),
  periodFrom: day.optional(), periodTo: day.optional(), body: optText(100000),
});

export const zClauseUpdateInput = z.object({
  version: zIdValue,
  status: z.enum(CLAUSE_STATUSES).optional(),
  note: optText(4000),
});

export const zReviewInput = z.object({
  year: z.number().int().min(2000).max(2100),
  heldOn: day,
  summary: text(20000),
  nextSteps: optText(8000),
  clauseResults: z.array(z.object({ clauseId: id, status: z.enum(CLAUSE_STATUSES), note: optText(2000) })).max(300).default([]),
});

export const zProgram = z.object({
  id: z.number(), unitId: z.number(), unitName: z.string(), kind: z.string(), number: z.string().nullable(), title: z.string(),
  signedOn: z.string().nullable(), periodFrom: z.string(), periodTo: z.string(), body: z.string().nullable(), version: z.number(),
  parties: z.array(z.object({ unitId: z.number(), unitName: z.string(), label: z.string() })),
  clauses: z.array(z.object({ id: z.number(), ordinal: z.string(), text: z.string(), ownerUnitId: z.number(), ownerUnitName: z.string(), deadline: z.string().nullable(), status: z.string(), note: z.string().nullable(), version: z.number(), canUpdate: z.boolean() })),
  reviews: z.array(z.object({ id: z.number(), year: z.number(), heldOn: z.string(), summary: z.string(), nextSteps: z.string().nullable(), clauseResults: z.array(z.object({ clauseId: z.number(), status: z.string(), note: z.string().nullable().optional() })) })),
  /** Past years of the period with no joint review recorded. */
  reviewsDue: z.array(z.number()),
  canManage: z.boolean(),
});
export type Program = z.infer<typeof zProgram>;

// ---- reports
/** "2026" (annual), "2026-H1" / "2026-H2" (semiannual), "2022-2026" (multiyear). */
export const zPeriod = z.string().trim().regex(/^(\d{4})(-H[12]|-\d{4})?$/, { error: 'directives.report.period_format' });

export const SECTION_KINDS = ['text', 'directives', 'tasks', 'dissemination', 'programs', 'members', 'movements', 'petitions'] as const;
export const zReportSection = z.object({
  key: z.string().trim().min(1).max(40),
  kind: z.enum(SECTION_KINDS),
  title: z.string().trim().max(300),
  enabled: z.boolean().default(true),
  /** The text the user writes (for kind text), or an introduction above the section's table. */
  text: z.string().max(50000).default(''),
});
export type ReportSection = z.infer<typeof zReportSection>;

export const zReportHeader = z.object({
  superiorBody: z.string().trim().max(200),
  issuerName: z.string().trim().max(200),
  number: z.string().trim().max(32),
  symbol: z.string().trim().max(64),
  place: z.string().trim().max(100),
  date: day,
  docType: z.string().trim().min(1).max(60),
  summary: z.string().trim().max(500),
  onBehalf: z.string().trim().max(120),
  signerTitle: z.string().trim().max(120),
  signerName: z.string().trim().max(120),
  recipients: z.array(z.string().trim().min(1).max(300)).max(40),
});
export type ReportHeader = z.infer<typeof zReportHeader>;

export const zReportRequest = z.object({
  unitId: id,
  kind: z.enum(REPORT_KINDS),
  period: zPeriod,
});
export const zGenerateInput = zReportRequest.extend({
  format: z.enum(['docx', 'xlsx']).default('docx'),
  header: zReportHeader.partial().optional(),
  sections: z.array(zReportSection).max(40).optional(),
});
export type GenerateInput = z.infer<typeof zGenerateInput>;

export const zFigureRef = z.object({
  key: z.string(), section: z.string(), code: z.string(), label: z.string(), value: z.number().nullable(), measure: z.string(),
  query: z.object({ unitId: z.number(), unitCode: z.string(), unitName: z.string(), from: z.string(), to: z.string() }),
  /** The API query that reproduces the figure. */
  link: z.string(),
  /** What the figure counted (organizations, units, date), in the report's language; absent in reports made before it was kept. */
  basis: z.string().nullable().optional(),
});
export type FigureRef = z.infer<typeof zFigureRef>;

export const zReportTable = z.object({
  section: z.string(), title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  /** Notes printed under the table (what a row counted, why it is left out of the total). */
  notes: z.array(z.string()).optional(),
});
export type ReportTable = z.infer<typeof zReportTable>;

export const zReportDraft = z.object({
  unitId: z.number(), unitName: z.string(), kind: z.enum(REPORT_KINDS), period: z.string(), from: z.string(), to: z.string(),
  header: zReportHeader, sections: z.array(zReportSection), tables: z.array(zReportTable), figures: z.array(zFigureRef),
  /** Sections left out because the module that feeds them is not installed. */
  unavailable: z.array(z.string()),
});
export type ReportDraft = z.infer<typeof zReportDraft>;

export const zStoredReport = z.object({
  id: z.number(), unitId: z.number(), unitName: z.string(), kind: z.string(), period: z.string(), title: z.string(), format: z.string(),
  fileId: z.number().nullable(), createdAt: z.string(), createdByName: z.string().nullable(),
});
export const zStoredReportDetail = zStoredReport.extend({ header: zReportHeader, sections: z.array(zReportSection), figures: z.array(zFigureRef) });

export const zFigureQuery = z.object({ unitId: id, from: day, to: day });
export const zFigureValue = z.object({
  code: z.string(), label: z.string(), measure: z.string(), value: z.number().nullable(), basis: z.string().nullable(),
  query: z.object({ unitId: z.number(), unitCode: z.string(), unitName: z.string(), from: z.string(), to: z.string() }),
});

/** The dates a period covers. */
export function periodRange(kind: ReportKind, period: string): { from: string; to: string } | null {
  const m = /^(\d{4})(?:-(H[12])|-(\d{4}))?$/.exec(period);
  if (!m) return null;
  const y = Number(m[1]);
  if (kind === 'annual') return m[2] || m[3] ? null : { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === 'semiannual') return !m[2] ? null : m[2] === 'H1' ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
  if (!m[3] || Number(m[3]) < y || Number(m[3]) - y > 20) return null;
  return { from: `${y}-01-01`, to: `${m[3]}-12-31` };
}

/** "Số 123-TB/TU" without a colon (HD 36-HD/VPTW); "" when neither part is known. */
export function numberSymbol(number: string | null | undefined, symbol: string | null | undefined): string {
  if (number && symbol) return `${number}-${symbol}`;
  if (symbol) return `…-${symbol}`;
  return number ?? '';
}
