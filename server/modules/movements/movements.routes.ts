import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { findFile, findFileMeta } from '../../kernel/files';
import { enqueueJob } from '../../kernel/jobs';
import { checkUpload } from '../../kernel/import';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { authorizeAnywhere, loadAuthorized } from '../../kernel/access/policy';
import * as c from '../../../common/core';
import * as m from '../../../common/movements';
import * as cat from './catalogue.service';
import * as forms from './forms.service';
import * as flags from './flags.service';
import * as values from './values.service';
import { sendReminders } from './reminders';
import { valuesWorkbook } from './movements.xlsx';

function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|"/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function movementRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  const idParams = c.zIdParams;

  // ---- indicator catalogue and aggregated values
  app.get('/indicators', { ...auth, schema: { tags: ['movements'], summary: 'The indicator catalogue', querystring: z.object({ active: z.enum(['true', 'false']).optional() }), response: { 200: z.array(m.zIndicator) } } },
    async (req) => cat.listIndicators(req.ctx, { active: req.query.active === undefined ? undefined : req.query.active === 'true' }));
  app.get('/indicators/values', { ...auth, schema: { tags: ['movements'], summary: 'An indicator aggregated over a unit\'s subtree for a month range, optionally by child unit or by period', querystring: m.zValuesQuery, response: { 200: m.zValuesResult } } },
    async (req) => values.getValues(req.ctx, req.query));
  app.get('/indicators/values/export', { ...auth, schema: { tags: ['movements'], summary: 'The same, by child unit and by period, as .xlsx', querystring: m.zValuesQuery } },
    async (req, reply) => {
      const [byChild, byPeriod] = await Promise.all([values.getValues(req.ctx, { ...req.query, by: 'child' }), values.getValues(req.ctx, { ...req.query, by: 'period' })]);
      const buf = await valuesWorkbook(req.ctx.locale, byChild, byPeriod);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${req.query.indicator}-${req.query.from}-${req.query.to}.xlsx`)).send(buf);
    });
  app.get('/indicators/dashboard', { ...auth, schema: { tags: ['movements'], summary: 'Several indicators at a unit: totals, targets and trends', querystring: m.zDashboardQuery, response: { 200: m.zDashboard } } },
    async (req) => values.getDashboard(req.ctx, req.query));
  app.get('/indicators/:id', { ...auth, schema: { tags: ['movements'], params: idParams, response: { 200: m.zIndicator } } },
    async (req) => cat.getIndicator(req.ctx, req.params.id));
  app.post('/indicators', { ...auth, schema: { tags: ['movements'], body: m.zCreateIndicatorInput, response: { 201: m.zIndicator } } },
    async (req, reply) => reply.status(201).send(await cat.createIndicator(req.ctx, req.body)));
  app.patch('/indicators/:id', { ...auth, schema: { tags: ['movements'], params: idParams, body: m.zUpdateIndicatorInput, response: { 200: m.zIndicator } } },
    async (req) => cat.updateIndicator(req.ctx, req.params.id, req.body));
  app.get('/indicators/:id/targets', { ...auth, schema: { tags: ['movements'], params: idParams, querystring: z.object({ unit: c.zId }), response: { 200: z.array(m.zTarget) } } },
    async (req) => cat.listTargets(req.ctx, req.params.id, req.query.unit));
  app.put('/indicators/:id/targets', { ...auth, schema: { tags: ['movements'], summary: 'Set (or clear, with value null) a unit\'s target for a year', params: idParams, body: m.zTargetInput, response: { 204: z.null() } } },
    async (req, reply) => { await cat.setTarget(req.ctx, req.params.id, req.body); return reply.status(204).send(null); });

  // ---- movements and schedules
  app.get('/movements', { ...auth, schema: { tags: ['movements'], querystring: z.object({ unit: c.zId.optional() }), response: { 200: z.array(m.zMovement) } } },
    async (req) => cat.listMovements(req.ctx, { unit: req.query.unit }));
  app.get('/movements/:id', { ...auth, schema: { tags: ['movements'], params: idParams, response: { 200: m.zMovementDetail } } },
    async (req) => cat.getMovement(req.ctx, req.params.id));
  app.post('/movements', { ...auth, schema: { tags: ['movements'], body: m.zCreateMovementInput, response: { 201: m.zMovementDetail } } },
    async (req, reply) => reply.status(201).send(await cat.createMovement(req.ctx, req.body)));
  app.patch('/movements/:id', { ...auth, schema: { tags: ['movements'], params: idParams, body: m.zUpdateMovementInput, response: { 200: m.zMovementDetail } } },
    async (req) => cat.updateMovement(req.ctx, req.params.id, req.body));
  app.post('/movements/:id/schedules', { ...auth, schema: { tags: ['movements'], summary: 'A reporting schedule: creates a form per unit and period', params: idParams, body: m.zCreateScheduleInput,
    response: { 201: z.object({ id: z.number(), created: z.number() }) } } },
  async (req, reply) => reply.status(201).send(await cat.createSchedule(req.ctx, req.params.id, req.body)));

  // ---- forms and approvals
  app.get('/reports/forms', { ...auth, schema: { tags: ['reports'], summary: 'Forms in my scope (view=inbox: waiting for my approval; view=mine: to fill)', querystring: m.zFormListQuery,
    response: { 200: z.object({ total: z.number(), items: z.array(m.zFormSummary) }) } } },
  async (req) => forms.listForms(req.ctx, req.query));
  app.get('/reports/forms/:id', { ...auth, schema: { tags: ['reports'], params: idParams, response: { 200: m.zFormDetail } } },
    async (req) => forms.getForm(req.ctx, req.params.id));
  app.put('/reports/forms/:id', { ...auth, schema: { tags: ['reports'], summary: 'Save a draft (values listed are set; null clears)', params: idParams, body: m.zSaveFormInput, response: { 200: m.zFormDetail } } },
    async (req) => forms.saveForm(req.ctx, req.params.id, req.body));
  app.post('/reports/forms/:id/submit', { ...auth, schema: { tags: ['reports'], params: idParams, body: m.zFormActionInput, response: { 200: m.zFormDetail } } },
    async (req) => forms.submitForm(req.ctx, req.params.id, req.body));
  app.post('/reports/forms/:id/approve', { ...auth, schema: { tags: ['reports'], params: idParams, body: m.zFormActionInput, response: { 200: m.zFormDetail } } },
    async (req) => forms.approveForm(req.ctx, req.params.id, req.body));
  app.post('/reports/forms/:id/return', { ...auth, schema: { tags: ['reports'], params: idParams, body: m.zReturnInput, response: { 200: m.zFormDetail } } },
    async (req) => forms.returnForm(req.ctx, req.params.id, req.body));
  app.post('/reports/forms/:id/reopen', { ...auth, schema: { tags: ['reports'], params: idParams, body: m.zReopenInput, response: { 200: m.zFormDetail } } },
    async (req) => forms.reopenForm(req.ctx, req.params.id, req.body));
  app.post('/reports/forms/:id/attachments', { ...auth, schema: { tags: ['reports'], summary: 'Attach an uploaded file (POST /api/files first) as evidence', params: idParams, body: m.zAttachInput, response: { 201: m.zFormDetail } } },
    async (req, reply) => reply.status(201).send(await forms.attachFile(req.ctx, req.params.id, req.body)));
  const attParams = z.object({ id: c.zId, attachmentId: c.zId });
  app.get('/reports/forms/:id/attachments/:attachmentId', { ...auth, schema: { tags: ['reports'], params: attParams } }, async (req, reply) => {
    const fileId = await forms.getAttachment(req.ctx, req.params.id, req.params.attachmentId);
    const f = await findFile(req.ctx.db, fileId);
    if (!f) throw new AppError('ATTACHMENT_NOT_FOUND', 404, {}, 'error.not_found');
    return reply.header('content-type', f.mime).header('content-disposition', contentDisposition(f.name)).send(f.data);
  });
  app.delete('/reports/forms/:id/attachments/:attachmentId', { ...auth, schema: { tags: ['reports'], params: attParams, response: { 204: z.null() } } },
    async (req, reply) => { await forms.removeAttachment(req.ctx, req.params.id, req.params.attachmentId); return reply.status(204).send(null); });
  app.get('/reports/completeness', { ...auth, schema: { tags: ['reports'], summary: 'Who reported for a period: on time, late, not at all, by child unit', querystring: m.zCompletenessQuery, response: { 200: m.zCompleteness } } },
    async (req) => values.getCompleteness(req.ctx, req.query));
  app.post('/reports/remind', { ...auth, schema: { tags: ['reports'], summary: 'Remind the units of a subtree that have not reported (in-app and outbox)', body: z.object({ unit: c.zIdValue, movement: c.zIdValue.optional(), period: m.zPeriodKey.optional() }),
    response: { 200: z.object({ forms: z.number(), notifications: z.number(), emails: z.number() }) } } },
  async (req) => {
    const u = await loadAuthorized<{ id: number; path: string }>(req.ctx, 'movements.unit', req.body.unit, 'reports.approve');
    const where = sql`u.path <@ ${u.path}::ltree AND u.id <> ${u.id} ${req.body.movement ? sql`AND f.movement_id = ${req.body.movement}` : sql``} ${req.body.period ? sql`AND f.period_key = ${req.body.period}` : sql``}`;
    return sendReminders(req.ctx.db, { where, everyHours: 1, daysBefore: 3650 });
  });

  app.post('/reports/import', { ...auth, schema: { tags: ['reports'], summary: 'Import one period\'s figures from an uploaded .xlsx/.csv (one row per unit) as a background job; good rows kept, bad rows reported',
    body: z.object({ fileId: c.zIdValue, period: m.zPeriodKey, movement: z.string().trim().max(40).optional() }), response: { 202: z.object({ jobId: z.number() }) } } },
  async (req, reply) => {
    const actor = authorizeAnywhere(req.ctx, 'reports.fill');
    const meta = await findFileMeta(req.ctx.db, req.body.fileId);
    if (!meta || (meta.ownerId !== actor.userId && !actor.isAdmin)) throw new FieldValidationError([{ path: 'fileId', messageKey: 'movements.attachment.unknown_file' }]);
    if (!/\.(xlsx|csv)$/i.test(meta.name)) throw new FieldValidationError([{ path: 'fileId', messageKey: 'movements.import.file_type' }]);
    // What the zip's directory already shows (a bomb declaring its size, a damaged file) is refused now, not in the job.
    await checkUpload((await findFile(req.ctx.db, req.body.fileId))!, { field: 'fileId' });
    const job = await enqueueJob(req.ctx, { kind: 'movements.values-import', payload: req.body });
    return reply.status(202).send({ jobId: job.id });
  });

  // ---- flags
  app.get('/flags', { ...auth, schema: { tags: ['reports'], summary: 'Anomaly flags in my scope, with their reasons', querystring: m.zFlagListQuery, response: { 200: z.object({ total: z.number(), items: z.array(m.zFlag) }) } } },
    async (req) => flags.listFlags(req.ctx, req.query));
  app.post('/flags/:id/accept', { ...auth, schema: { tags: ['reports'], summary: 'The approver accepts a flag with a comment', params: idParams, body: m.zAcceptFlagInput, response: { 200: m.zFlag } } },
    async (req) => flags.acceptFlag(req.ctx, req.params.id, req.body.comment));
}
