import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import * as c from '../../../common/petitions';
import { zId, zIdParams } from '../../../common/core';
import * as intake from './intake';
import * as svc from './cases.service';
import * as settings from './settings.service';
import { findHotspots, mapPoints } from './hotspots';
import { caseStats } from './stats';
import { forwardingLetter } from './letter';
import { casesXlsx } from './export';

const contentDisposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Public routes (`public: true`, no session); guarded by rate limits, a honeypot and proof of work. */
export async function publicRoutes(app: Api): Promise<void> {
  app.get('/public/case-categories', { config: { public: true }, schema: { tags: ['petitions (public)'], summary: 'Case categories (lĩnh vực)', response: { 200: z.array(c.zCaseCategory) } } },
    async (req) => intake.listCategories(req.ctx));
  app.get('/public/case-areas', { config: { public: true }, schema: { tags: ['petitions (public)'], summary: 'Communes (or, with parent, residential areas) for the public form', querystring: z.object({ parent: z.string().trim().max(32).optional() }),
    response: { 200: z.array(z.object({ code: z.string(), name: z.string(), type: z.string(), level: z.string() })) } } },
  async (req) => intake.publicAreas(req.ctx, req.query.parent));
  app.get('/public/cases/challenge', { config: { public: true }, schema: { tags: ['petitions (public)'], summary: 'A proof-of-work challenge for the public form', response: { 200: c.zPowChallenge } } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return intake.powChallenge(req.ctx); });
  app.post('/public/cases', { config: { public: true }, schema: { tags: ['petitions (public)'], summary: 'Submit feedback, a petition, a complaint or a denunciation', body: c.zPublicCaseInput, response: { 201: z.object({ trackingCode: z.string() }) } } },
    async (req, reply) => {
      const r = await intake.submitPublic(req.ctx, req.body, req.ip);
      return reply.status(201).send({ trackingCode: r.trackingCode });
    });
  app.get('/public/cases/:trackingCode', { config: { public: true }, schema: { tags: ['petitions (public)'], summary: 'Status and public steps of a case (no personal data)', params: z.object({ trackingCode: z.string().max(40) }), response: { 200: c.zPublicCase } } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return svc.publicCase(req.ctx, req.params.trackingCode, req.ip); });
}

export async function staffRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  const T = ['cases'];
  app.get('/cases', { ...auth, schema: { tags: T, summary: 'Cases in my scope, filtered', querystring: c.zCaseListQuery, response: { 200: c.zCaseList } } },
    async (req) => svc.listCases(req.ctx, req.query));
  app.get('/cases/export.xlsx', { ...auth, schema: { tags: T, summary: 'The filtered list as .xlsx (no confidential content)', querystring: c.zCaseListQuery.omit({ limit: true, offset: true }) } },
    async (req, reply) => {
      const f = await casesXlsx(req.ctx, req.query);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', contentDisposition(f.name)).send(f.data);
    });
  app.post('/cases', { ...auth, schema: { tags: T, summary: 'Record a case heard at a meeting, a reception day, a voters’ meeting, by letter or phone', body: c.zStaffCaseInput, response: { 201: c.zCaseDetail } } },
    async (req, reply) => reply.status(201).send(await svc.getCase(req.ctx, await intake.createStaffCase(req.ctx, req.body))));
  app.get('/cases/hotspots', { ...auth, schema: { tags: T, summary: 'Possible mass complaints: clusters by place and topic', querystring: c.zHotspotQuery, response: { 200: z.array(c.zHotspot) } } },
    async (req) => findHotspots(req.ctx, req.query));
  app.get('/cases/map', { ...auth, schema: { tags: T, summary: 'Case points for the map', querystring: c.zStatsQuery, response: { 200: z.array(c.zMapPoint) } } },
    async (req) => mapPoints(req.ctx, req.query) as never);
  app.get('/cases/stats', { ...auth, schema: { tags: T, summary: 'Counts and on-time rates', querystring: c.zStatsQuery, response: { 200: c.zCaseStats } } },
    async (req) => caseStats(req.ctx, req.query));
  app.get('/cases/routing-rules', { ...auth, schema: { tags: T, response: { 200: z.array(c.zRoutingRule) } } }, async (req) => settings.listRules(req.ctx));
  app.post('/cases/routing-rules', { ...auth, schema: { tags: T, body: c.zRoutingRuleInput, response: { 201: c.zRoutingRule } } },
    async (req, reply) => reply.status(201).send(await settings.createRule(req.ctx, req.body)));
  app.put('/cases/routing-rules/:id', { ...auth, schema: { tags: T, params: zIdParams, body: c.zRoutingRuleInput, response: { 200: c.zRoutingRule } } },
    async (req) => settings.updateRule(req.ctx, req.params.id, req.body));
  app.delete('/cases/routing-rules/:id', { ...auth, schema: { tags: T, params: zIdParams, response: { 204: z.null() } } },
    async (req, reply) => { await settings.deleteRule(req.ctx, req.params.id); return reply.status(204).send(null); });
  app.get('/cases/holidays/:year', { ...auth, schema: { tags: T, summary: 'Holidays, compensatory days and make-up working days of a year', params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: z.array(c.zHoliday) } } },
    async (req) => settings.listHolidays(req.ctx, req.params.year));
  app.put('/cases/holidays/:year', { ...auth, schema: { tags: T, summary: 'Replace a year’s calendar (administrators)', params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), body: c.zHolidayYearInput, response: { 200: z.array(c.zHoliday) } } },
    async (req) => settings.replaceHolidays(req.ctx, req.params.year, req.body.days));
  app.get('/cases/route-targets', { ...auth, schema: { tags: T, summary: 'Bodies a case (caseId) or a unit’s rules (unitId) can route to', querystring: z.object({ caseId: zId.optional(), unitId: zId.optional() }),
    response: { 200: z.array(z.object({ id: z.number(), name: z.string(), organization: z.string() })) } } },
  async (req) => settings.routeTargets(req.ctx, req.query));
  app.get('/cases/:id', { ...auth, schema: { tags: T, params: zIdParams, response: { 200: c.zCaseDetail } } }, async (req) => svc.getCase(req.ctx, req.params.id));
  app.post('/cases/:id/steps', { ...auth, schema: { tags: T, summary: 'accept, start, answer, close, reopen, note, extend', params: zIdParams, body: c.zCaseStepInput, response: { 200: c.zCaseDetail } } },
    async (req) => svc.addStep(req.ctx, req.params.id, req.body));
  app.post('/cases/:id/route', { ...auth, schema: { tags: T, summary: 'Assign the competent body (overrides the rules)', params: zIdParams, body: c.zRouteInput, response: { 200: c.zCaseDetail } } },
    async (req) => svc.routeCase(req.ctx, req.params.id, req.body));
  app.post('/cases/:id/assign', { ...auth, schema: { tags: T, summary: 'Set the users handling the case', params: zIdParams, body: c.zAssignInput, response: { 200: c.zCaseDetail } } },
    async (req) => svc.assignCase(req.ctx, req.params.id, req.body.userIds));
  app.get('/cases/:id/assignable', { ...auth, schema: { tags: T, params: zIdParams, response: { 200: z.array(z.object({ userId: z.number(), fullName: z.string(), username: z.string() })) } } },
    async (req) => svc.assignableUsers(req.ctx, req.params.id));
  app.post('/cases/:id/identity', { ...auth, schema: { tags: T, summary: 'Reveal a confidential case’s sender and text to an assigned handler (logged)', params: zIdParams, response: { 200: z.object({ sender: c.zSender, text: z.string(), lat: z.number().nullable(), lng: z.number().nullable() }) } } },
    async (req) => svc.revealIdentity(req.ctx, req.params.id));
  app.get('/cases/:id/forwarding-letter.docx', { ...auth, schema: { tags: T, summary: 'Forwarding letter to the responsible body (.docx)', params: zIdParams } },
    async (req, reply) => {
      const f = await forwardingLetter(req.ctx, req.params.id);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', contentDisposition(f.name)).send(f.data);
    });
  app.get('/cases/:id/attachments/:fileId', { ...auth, schema: { tags: T, params: z.object({ id: zId, fileId: zId }) } },
    async (req, reply) => {
      const f = await svc.attachmentFile(req.ctx, req.params.id, req.params.fileId);
      return reply.header('content-type', f.mime).header('content-disposition', contentDisposition(f.name)).send(f.data);
    });
}
