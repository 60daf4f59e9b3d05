import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import * as c from '../../../common/core';
import * as svc from './areas.service';

const zMapping = z.object({ oldCode: z.string().nullable(), oldName: z.string().nullable(), oldDistrict: z.string().nullable(), oldProvince: z.string().nullable(), newCode: z.string(), newName: z.string(), newProvince: z.string() });

export async function areaRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  app.get('/areas', { ...auth, schema: { tags: ['areas'], querystring: z.object({ parent: c.zId.optional() }), response: { 200: z.array(c.zArea) } } },
    async (req) => svc.listAreas(req.ctx, req.query.parent));
  app.get('/areas/search', { ...auth, schema: { tags: ['areas'], querystring: z.object({ q: z.string().trim().min(1).max(100), level: z.enum(c.AREA_LEVELS).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.array(c.zArea.extend({ parentName: z.string().nullable() })) } } },
    async (req) => svc.searchAreas(req.ctx, req.query.q, req.query.level, req.query.limit));
  app.get('/areas/mappings', { ...auth, schema: { tags: ['areas'], summary: 'Pre-2025 commune → 2025 commune', querystring: z.object({ code: z.string().max(16).optional(), name: z.string().max(100).optional(), district: z.string().max(100).optional(), province: z.string().max(100).optional() }), response: { 200: z.array(zMapping) } } },
    async (req) => svc.mapOldCommune(req.ctx, req.query) as Promise<z.infer<typeof zMapping>[]>);
  app.get('/areas/:id', { ...auth, schema: { tags: ['areas'], params: c.zIdParams, response: { 200: c.zArea } } },
    async (req) => svc.getArea(req.ctx, req.params.id));
  app.post('/areas', { ...auth, schema: { tags: ['areas'], summary: 'Add a residential area under a commune', body: c.zCreateAreaInput, response: { 201: c.zArea } } },
    async (req, reply) => reply.status(201).send(await svc.createResidentialArea(req.ctx, req.body)));
  app.patch('/areas/:id', { ...auth, schema: { tags: ['areas'], params: c.zIdParams, body: c.zUpdateAreaInput, response: { 200: c.zArea } } },
    async (req) => svc.updateResidentialArea(req.ctx, req.params.id, req.body));
}
