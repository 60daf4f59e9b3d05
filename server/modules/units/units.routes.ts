import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import * as c from '../../../common/core';
import * as svc from './units.service';

export async function unitRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  app.get('/units', { ...auth, schema: { tags: ['units'], summary: 'Children of a unit, or my top-level units', querystring: c.zUnitListQuery, response: { 200: z.array(c.zUnit) } } },
    async (req) => svc.listChildren(req.ctx, { parent: req.query.parent, organization: req.query.organization, includeClosed: req.query.includeClosed === 'true' }));

  app.get('/units/search', { ...auth, schema: { tags: ['units'], querystring: c.zUnitSearchQuery, response: { 200: z.array(c.zUnit.extend({ ancestorNames: z.array(z.string()) })) } } },
    async (req) => svc.searchUnits(req.ctx, req.query.q, req.query.limit));

  app.get('/units/:id', { ...auth, schema: { tags: ['units'], params: c.zIdParams, response: { 200: c.zUnitDetail } } },
    async (req) => svc.getUnit(req.ctx, req.params.id));

  app.get('/units/:id/count', { ...auth, schema: { tags: ['units'], summary: 'Number of units in the subtree (without the unit itself)', params: c.zIdParams, response: { 200: z.object({ count: z.number() }) } } },
    async (req) => ({ count: await svc.countSubtree(req.ctx, req.params.id) }));

  app.post('/units', { ...auth, schema: { tags: ['units'], body: c.zCreateUnitInput, response: { 201: c.zUnitDetail } } },
    async (req, reply) => reply.status(201).send(await svc.createUnit(req.ctx, req.body)));

  app.patch('/units/:id', { ...auth, schema: { tags: ['units'], summary: 'Rename or edit a unit (409 if `version` is stale)', params: c.zIdParams, body: c.zUpdateUnitInput, response: { 200: c.zUnitDetail } } },
    async (req) => svc.updateUnit(req.ctx, req.params.id, req.body));

  app.post('/units/:id/move', { ...auth, schema: { tags: ['units'], summary: 'Move a unit and its subtree under another parent', params: c.zIdParams, body: c.zMoveUnitInput, response: { 200: c.zUnitDetail.extend({ moved: z.number() }) } } },
    async (req) => svc.moveUnit(req.ctx, req.params.id, req.body));

  app.post('/units/:id/close', { ...auth, schema: { tags: ['units'], summary: 'Close a unit and its subtree (history kept)', params: c.zIdParams, body: c.zCloseUnitInput, response: { 200: c.zUnitDetail.extend({ closed: z.number() }) } } },
    async (req) => svc.closeUnit(req.ctx, req.params.id, req.body));

  app.post('/units/:id/reopen', { ...auth, schema: { tags: ['units'], params: c.zIdParams, body: z.object({ version: z.number().int().positive() }), response: { 200: c.zUnitDetail } } },
    async (req) => svc.reopenUnit(req.ctx, req.params.id, req.body.version));
}
