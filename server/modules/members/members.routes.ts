import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { zIdParams } from '../../../common/core';
import * as c from '../../../common/members';
import * as svc from './members.service';
import * as io from './members.io';
import { ratingSheet } from './members.ratingsheet';
import { contentDisposition } from '../jobs';
import { XLSX_MIME } from '../../kernel/files';

const zJobRef = z.object({ jobId: z.number() });

export async function memberRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  const tags = ['members'];

  app.get('/members', { ...auth, schema: { tags, summary: 'Members (memberships) in the caller’s scope, filtered, searched, paged; personal fields masked without members.personal', querystring: c.zMemberListQuery, response: { 200: c.zMemberList } } },
    async (req) => svc.listMembers(req.ctx, req.query));

  app.post('/members', { ...auth, schema: { tags, summary: 'Register a member: a new person (or the person with this CCCD) and a membership', body: c.zCreateMemberInput, response: { 201: c.zMemberDetail } } },
    async (req, reply) => reply.status(201).send(await svc.createMember(req.ctx, req.body)));

  // Static paths before /members/:id.
  app.get('/members/stats', { ...auth, schema: { tags, summary: 'Counts for a unit’s subtree as of a date (số lượt, số người, joined, left, core)', querystring: c.zStatsQuery, response: { 200: c.zStats } } },
    async (req) => svc.stats(req.ctx, req.query.unit, req.query.asOf, req.query.from));

  app.get('/members/transfers', { ...auth, schema: { tags, summary: 'Transfers waiting for (incoming) or sent by (outgoing) the caller’s units', querystring: c.zTransferQuery, response: { 200: z.array(c.zTransfer) } } },
    async (req) => svc.listTransfers(req.ctx, req.query));
  app.post('/members/transfers/:id/accept', { ...auth, schema: { tags, summary: 'The receiving unit accepts a transfer', params: zIdParams, response: { 200: z.object({ id: z.number(), status: z.string(), newMemberId: z.number().nullable() }) } } },
    async (req) => svc.decideTransfer(req.ctx, req.params.id, true));
  app.post('/members/transfers/:id/reject', { ...auth, schema: { tags, summary: 'The receiving unit rejects (or the sender withdraws) a transfer', params: zIdParams, body: z.object({ reason: z.string().trim().max(500).optional() }).optional(), response: { 200: z.object({ id: z.number(), status: z.string(), newMemberId: z.number().nullable() }) } } },
    async (req) => svc.decideTransfer(req.ctx, req.params.id, false, req.body?.reason));

  app.get('/members/ratings', { ...auth, schema: { tags, summary: 'Rating distribution per child unit for a year', querystring: z.object({ unit: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: c.zRatingSummary } } },
    async (req) => svc.ratingSummary(req.ctx, req.query.unit, req.query.year));
  app.get('/members/ratings/sheet', { ...auth, schema: { tags, summary: 'The rating sheet: members of a unit (active at year end) with last year’s and this year’s rating, and whether the caller may rate them', querystring: c.zRatingSheetQuery, response: { 200: c.zRatingSheet } } },
    async (req) => ratingSheet(req.ctx, req.query.unit, req.query.year));
  app.post('/members/ratings', { ...auth, schema: { tags, summary: 'Rate many members for a year', body: c.zBulkRatingInput, response: { 200: z.object({ rated: z.number() }) } } },
    async (req) => svc.bulkRate(req.ctx, req.body));

  app.get('/members/gathering', { ...auth, schema: { tags, summary: 'Gathering rate (members / eligible people) of a unit and its children', querystring: z.object({ unit: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: z.array(c.zGatheringRow) } } },
    async (req) => svc.gathering(req.ctx, req.query.unit, req.query.year));
  app.put('/members/eligible', { ...auth, schema: { tags, summary: 'Set the eligible population of an area for an organization and year', body: c.zEligibleInput, response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req) => svc.setEligible(req.ctx, req.body));

  app.get('/members/rules', { ...auth, schema: { tags, summary: 'Eligibility rules and rating scales per organization', response: { 200: z.array(z.object({ organizationCode: z.string(), organizationName: z.string(), rules: c.zOrgRules })) } } },
    async (req) => svc.listRules(req.ctx));
  app.put('/members/rules/:code', { ...auth, schema: { tags, summary: 'Change an organization’s rules (admin)', params: z.object({ code: z.string().max(32) }), body: c.zOrgRules, response: { 200: c.zOrgRules } } },
    async (req) => svc.setRules(req.ctx, req.params.code, req.body));

  app.get('/members/import/template', { ...auth, schema: { tags, summary: 'An empty .xlsx with the recognised column headers' } },
    async (_req, reply) => reply.header('content-type', XLSX_MIME).header('content-disposition', contentDisposition('mau-nhap-hoi-vien.xlsx')).send(await io.templateXlsx()));
  app.post('/members/import/preview', { ...auth, schema: { tags, summary: 'Header row, proposed column mapping and the first rows normalized, with errors and duplicates', body: c.zImportOptions.partial({ duplicates: true }), response: { 200: c.zImportPreview } } },
    async (req) => io.previewImport(req.ctx, req.body as c.ImportOptions));
  app.post('/members/import', { ...auth, schema: { tags, summary: 'Import an uploaded .xlsx/.csv as a background job. Policy: good rows are kept, every bad row is reported (job result + .xlsx reject report); re-running the same file changes nothing.', body: c.zImportOptions, response: { 202: zJobRef } } },
    async (req, reply) => reply.status(202).send(await io.startImport(req.ctx, req.body)));
  app.post('/members/export', { ...auth, schema: { tags, summary: 'Export the current list (same filters as GET /members) to .xlsx as a background job', body: c.zExportInput, response: { 202: zJobRef } } },
    async (req, reply) => reply.status(202).send(await io.startExport(req.ctx, req.body)));

  app.get('/members/:id', { ...auth, schema: { tags, summary: 'One member with the person, other memberships, ratings and timeline', params: zIdParams, response: { 200: c.zMemberDetail } } },
    async (req) => svc.getMember(req.ctx, req.params.id));
  app.patch('/members/:id', { ...auth, schema: { tags, summary: 'Edit the person and the membership (409 if `version` is stale)', params: zIdParams, body: c.zUpdateMemberInput, response: { 200: c.zMemberDetail } } },
    async (req) => svc.updateMember(req.ctx, req.params.id, req.body));

  for (const action of ['suspend', 'resume', 'leave', 'death'] as const) {
    app.post(`/members/:id/${action}`, { ...auth, schema: { tags, summary: `Lifecycle: ${action}`, params: zIdParams, body: c.zLifecycleInput, response: { 200: c.zMemberDetail } } },
      async (req) => svc.changeStatus(req.ctx, req.params.id, action, req.body));
  }
  app.post('/members/:id/transfer', { ...auth, schema: { tags, summary: 'Ask to transfer the member to another unit of the same organization (the receiving unit accepts)', params: zIdParams, body: c.zTransferInput, response: { 200: c.zMemberDetail } } },
    async (req) => svc.requestTransfer(req.ctx, req.params.id, req.body));
  app.post('/members/:id/rating', { ...auth, schema: { tags, summary: 'Rate the member for a year', params: zIdParams, body: c.zRatingInput, response: { 200: c.zMemberDetail } } },
    async (req) => svc.rateMember(req.ctx, req.params.id, req.body));
  app.post('/members/:id/subject-export', { ...auth, schema: { tags, summary: 'Data-subject export: everything held about the person (JSON, or .xlsx with ?format=xlsx)', params: zIdParams, querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }) } },
    async (req, reply) => {
      const data = await svc.subjectExport(req.ctx, req.params.id);
      if (req.query.format === 'json') return data;
      return reply.header('content-type', XLSX_MIME).header('content-disposition', contentDisposition(`du-lieu-ca-nhan-${data.person.id}.xlsx`)).send(await io.subjectXlsx(data));
    });
  app.post('/members/:id/erase', { ...auth, schema: { tags, summary: 'Erase the person’s personal data (counts stay, anonymous)', params: zIdParams, body: c.zEraseInput, response: { 200: z.object({ personId: z.number(), erased: z.boolean() }) } } },
    async (req) => svc.erasePerson(req.ctx, req.params.id, req.body));
}
