import { z } from 'zod';
import ExcelJS from 'exceljs';
import type { Api } from '../../kernel/module';
import type { Ctx } from '../../kernel/context';
import { requireLogin } from '../../kernel/http/context';
import { XLSX_MIME } from '../../kernel/files';
import { listExports, listFigures } from '../../kernel/registry';
import { zIdParams, zId } from '../../../common/core';
import * as c from '../../../common/directives';
import * as svc from './directives.service';
import * as diss from './dissemination.service';
import * as prog from './programs.service';
import * as rep from './reports.service';

// onRequest: an anonymous caller gets 401 before its body is validated.
const auth = { onRequest: requireLogin };
const zFigureCode = z.object({ code: z.string().min(1).max(80) });
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const STATUS: Record<'vi' | 'en', Record<string, string>> = {
  vi: { not_started: 'Chưa thực hiện', in_progress: 'Đang thực hiện', done: 'Hoàn thành', cancelled: 'Đã hủy' },
  en: { not_started: 'Not started', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
};
const TASK_HEADERS: Record<'vi' | 'en', string[]> = {
  vi: ['Văn bản', 'Mục', 'Năm', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Hạn', 'Trạng thái', 'Tiến độ (%)', 'Quá hạn', 'Sắp đến hạn'],
  en: ['Directive', 'Item', 'Year', 'Task', 'Lead unit', 'Coordinating units', 'Deadline', 'Status', 'Progress (%)', 'Overdue', 'Due soon'],
};

/** The task table as .xlsx, with the same filters as the page (up to 20,000 rows). */
async function tasksXlsx(ctx: Ctx, q: c.TaskListQuery): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const en = ctx.locale === 'en';
  const ws = wb.addWorksheet(en ? 'Tasks' : 'Nhiệm vụ');
  ws.addRow(TASK_HEADERS[ctx.locale]).font = { bold: true };
  for (let offset = 0; offset < 20000; offset += 500) {
    const page = await svc.listTasks(ctx, { ...q, limit: 500, offset });
    for (const t of page.items) {
      ws.addRow([t.directiveNumber || t.directiveTitle.slice(0, 60), t.ordinal, t.periodYear, t.title, t.leadUnitName, t.coordinators.map((x) => x.unitName).join('; '),
        t.deadline ? `${t.deadline.slice(8, 10)}/${t.deadline.slice(5, 7)}/${t.deadline.slice(0, 4)}` : '', STATUS[ctx.locale][t.status], t.percent, t.overdue ? (en ? 'Yes' : 'Có') : '', t.atRisk ? (en ? 'Yes' : 'Có') : '']);
    }
    if (page.items.length < 500) break;
  }
  ws.columns.forEach((col, i) => { col.width = [16, 6, 6, 60, 36, 40, 12, 16, 10, 8, 10][i]; });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function directiveRoutes(app: Api): Promise<void> {
  // ---- directives
  app.get('/directives', { ...auth, schema: { tags: ['directives'], summary: 'Directives the caller may see', querystring: c.zDirectiveListQuery, response: { 200: z.object({ total: z.number(), items: z.array(c.zDirectiveSummary) }) } } },
    async (req) => svc.listDirectives(req.ctx, req.query));
  app.post('/directives', { ...auth, schema: { tags: ['directives'], summary: 'Record a directive with its tasks (issuing body: directives.manage)', body: c.zCreateDirectiveInput, response: { 201: c.zDirectiveDetail } } },
    async (req, reply) => reply.status(201).send(await svc.createDirective(req.ctx, req.body)));

  // Stored reports, figures and exports (static paths before /directives/:id).
  app.get('/directives/reports', { ...auth, schema: { tags: ['reports'], summary: 'Generated reports', querystring: z.object({ unitId: zId.optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }), response: { 200: z.object({ total: z.number(), items: z.array(c.zStoredReport) }) } } },
    async (req) => rep.listStoredReports(req.ctx, req.query));
  app.post('/directives/reports/preview', { ...auth, schema: { tags: ['reports'], summary: 'The report draft (sections, tables, figures with provenance) to edit before export', body: c.zGenerateInput.omit({ format: true }), response: { 200: c.zReportDraft } } },
    async (req) => rep.buildDraft(req.ctx, req.body));
  app.get('/directives/reports/:id', { ...auth, schema: { tags: ['reports'], summary: 'A generated report with its sections and the provenance of every figure', params: zIdParams, response: { 200: c.zStoredReportDetail } } },
    async (req) => rep.getStoredReport(req.ctx, req.params.id));
  app.get('/directives/reports/:id/file', { ...auth, schema: { tags: ['reports'], summary: 'Download a generated report', params: zIdParams } },
    async (req, reply) => {
      const f = await rep.storedReportFile(req.ctx, req.params.id);
      return reply.header('content-type', f.mime).header('content-disposition', attachment(f.name)).send(f.data);
    });
  app.get('/directives/figures', { ...auth, schema: { tags: ['reports'], summary: 'Figures and exports registered by the modules', response: { 200: z.object({ figures: z.array(z.object({ code: z.string(), label: z.string(), measure: z.string() })), exports: z.array(z.object({ code: z.string(), label: z.string() })) }) } } },
    async (req) => ({
      figures: listFigures().map(([code, f]) => ({ code, label: f.label[req.ctx.locale], measure: f.measure })),
      exports: listExports().map(([code, e]) => ({ code, label: e.label[req.ctx.locale] })),
    }));
  app.get('/directives/figures/:code', { ...auth, schema: { tags: ['reports'], summary: 'Reproduce one figure of a report: its value for a unit and period', params: zFigureCode, querystring: c.zFigureQuery, response: { 200: c.zFigureValue } } },
    async (req) => rep.evaluateFigure(req.ctx, req.params.code, req.query));
  app.get('/directives/exports/:code', { ...auth, schema: { tags: ['reports'], summary: 'Reproduce one exported table of a report', params: zFigureCode, querystring: c.zFigureQuery } },
    async (req) => rep.evaluateExport(req.ctx, req.params.code, req.query));

  app.get('/directives/units', { ...auth, schema: { tags: ['directives'], summary: 'Units a directive or program may assign tasks to (any organization): search by name or code, or by ids', querystring: z.object({ q: z.string().trim().max(100).optional(), ids: z.string().regex(/^\d+(,\d+)*$/).optional() }), response: { 200: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), organizationName: z.string(), areaName: z.string().nullable() })) } } },
    async (req) => svc.assignableUnits(req.ctx, req.query));

  app.get('/directives/:id', { ...auth, schema: { tags: ['directives'], params: zIdParams, response: { 200: c.zDirectiveDetail } } },
    async (req) => svc.getDirective(req.ctx, req.params.id));
  app.patch('/directives/:id', { ...auth, schema: { tags: ['directives'], summary: 'Edit a directive (409 if `version` is stale)', params: zIdParams, body: c.zUpdateDirectiveInput, response: { 200: c.zDirectiveDetail } } },
    async (req) => svc.updateDirective(req.ctx, req.params.id, req.body));
  app.post('/directives/:id/acknowledge', { ...auth, schema: { tags: ['directives'], summary: 'A recipient unit acknowledges receipt', params: zIdParams, body: c.zAcknowledgeInput, response: { 200: c.zDirectiveDetail } } },
    async (req) => svc.acknowledge(req.ctx, req.params.id, req.body.unitId));
  app.get('/directives/:id/timeline', { ...auth, schema: { tags: ['directives'], params: zIdParams, response: { 200: z.array(c.zTimelineEvent) } } },
    async (req) => svc.timeline(req.ctx, req.params.id));
  app.post('/directives/:id/tasks', { ...auth, schema: { tags: ['directives'], summary: 'Add a task to a directive', params: zIdParams, body: c.zAddTaskInput, response: { 201: c.zTask } } },
    async (req, reply) => reply.status(201).send(await svc.addTask(req.ctx, req.params.id, req.body)));
  app.post('/directives/:id/remind', { ...auth, schema: { tags: ['directives'], summary: 'Remind the lead units of overdue and at-risk tasks now', params: zIdParams, response: { 200: z.object({ reminded: z.number() }) } } },
    async (req) => svc.remindDirective(req.ctx, req.params.id));
  app.get('/directives/:id/dissemination', { ...auth, schema: { tags: ['directives'], summary: 'Dissemination sessions and coverage per unit', params: zIdParams, response: { 200: c.zCoverage } } },
    async (req) => diss.coverage(req.ctx, req.params.id));
  app.post('/directives/:id/sessions', { ...auth, schema: { tags: ['directives'], summary: 'Record a dissemination session', params: zIdParams, body: c.zSessionInput, response: { 201: c.zSession } } },
    async (req, reply) => reply.status(201).send(await diss.addSession(req.ctx, req.params.id, req.body)));
  app.delete('/directives/:id/sessions/:sessionId', { ...auth, schema: { tags: ['directives'], params: z.object({ id: zId, sessionId: zId }), response: { 204: z.null() } } },
    async (req, reply) => { await diss.deleteSession(req.ctx, req.params.id, req.params.sessionId); return reply.status(204).send(null); });

  // ---- tasks
  app.get('/tasks', { ...auth, schema: { tags: ['tasks'], summary: 'The task table: every task the caller may see, with counts by status and unit', querystring: c.zTaskListQuery, response: { 200: c.zTaskTable } } },
    async (req) => svc.listTasks(req.ctx, req.query));
  app.get('/tasks/export.xlsx', { ...auth, schema: { tags: ['tasks'], summary: 'The task table as .xlsx', querystring: c.zTaskListQuery } },
    async (req, reply) => reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('nhiem-vu.xlsx')).send(await tasksXlsx(req.ctx, req.query)));
  app.get('/tasks/:id', { ...auth, schema: { tags: ['tasks'], params: zIdParams, response: { 200: c.zTask.extend({ reports: z.array(c.zTaskReport) }) } } },
    async (req) => svc.getTask(req.ctx, req.params.id));
  app.patch('/tasks/:id', { ...auth, schema: { tags: ['tasks'], summary: 'Edit or cancel a task (issuing body)', params: zIdParams, body: c.zUpdateTaskInput, response: { 200: c.zTask } } },
    async (req) => svc.updateTask(req.ctx, req.params.id, req.body));
  app.get('/tasks/:id/reports', { ...auth, schema: { tags: ['tasks'], params: zIdParams, response: { 200: z.array(c.zTaskReport) } } },
    async (req) => svc.listReports(req.ctx, req.params.id));
  app.post('/tasks/:id/reports', { ...auth, schema: { tags: ['tasks'], summary: 'Report progress (lead unit) or a coordinating unit\'s part', params: zIdParams, body: c.zProgressInput, response: { 201: c.zTaskReport } } },
    async (req, reply) => reply.status(201).send(await svc.reportProgress(req.ctx, req.params.id, req.body)));

  // ---- programs
  const zProgramList = z.object({ q: z.string().trim().max(200).optional(), unitId: zId.optional(), year: z.coerce.number().int().min(1990).max(2100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) });
  app.get('/programs', { ...auth, schema: { tags: ['programs'], querystring: zProgramList } }, async (req) => prog.listPrograms(req.ctx, req.query));
  app.post('/programs', { ...auth, schema: { tags: ['programs'], body: c.zProgramInput, response: { 201: c.zProgram } } },
    async (req, reply) => reply.status(201).send(await prog.createProgram(req.ctx, req.body)));
  app.get('/programs/:id', { ...auth, schema: { tags: ['programs'], params: zIdParams, response: { 200: c.zProgram } } }, async (req) => prog.getProgram(req.ctx, req.params.id));
  app.patch('/programs/:id', { ...auth, schema: { tags: ['programs'], params: zIdParams, body: c.zUpdateProgramInput, response: { 200: c.zProgram } } },
    async (req) => prog.updateProgram(req.ctx, req.params.id, req.body));
  app.patch('/programs/:id/clauses/:clauseId', { ...auth, schema: { tags: ['programs'], params: z.object({ id: zId, clauseId: zId }), body: c.zClauseUpdateInput, response: { 200: c.zProgram } } },
    async (req) => prog.updateClause(req.ctx, req.params.id, req.params.clauseId, req.body));
  app.post('/programs/:id/reviews', { ...auth, schema: { tags: ['programs'], summary: 'Record the parties\' joint review of a year', params: zIdParams, body: c.zReviewInput, response: { 201: c.zProgram } } },
    async (req, reply) => reply.status(201).send(await prog.addReview(req.ctx, req.params.id, req.body)));

  // ---- the report generator
  app.post('/reports/generate', { ...auth, schema: { tags: ['reports'], summary: 'Generate a periodic report as .docx (Party format) or .xlsx; returns the file (X-Report-Id: the stored report)', body: c.zGenerateInput } },
    async (req, reply) => {
      const f = await rep.generateReport(req.ctx, req.body);
      return reply.header('content-type', f.mime).header('content-disposition', attachment(f.name)).header('x-report-id', String(f.id)).send(f.data);
    });
}
