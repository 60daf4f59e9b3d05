import { z } from 'zod';
import { defineModule, type Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import * as c from '../../../common/core';
import * as svc from './organizations.service';

async function routes(app: Api) {
  const auth = { preHandler: requireLogin };
  app.get('/organizations', { ...auth, schema: { tags: ['organizations'], response: { 200: z.array(c.zOrganization) } } }, async (req) => svc.listOrganizations(req.ctx));
  app.post('/organizations', { ...auth, schema: { tags: ['organizations'], summary: 'Add an organization (admin)', body: c.zCreateOrganizationInput, response: { 201: c.zOrganization } } },
    async (req, reply) => reply.status(201).send(await svc.createOrganization(req.ctx, req.body)));
  app.patch('/organizations/:id', { ...auth, schema: { tags: ['organizations'], params: c.zIdParams, body: c.zUpdateOrganizationInput, response: { 200: c.zOrganization } } },
    async (req) => svc.updateOrganization(req.ctx, req.params.id, req.body));
}

export default defineModule({
  name: 'organizations',
  routes,
  messages: {
    'core.organization.code_format': { vi: 'Mã viết hoa không dấu, 2–32 ký tự (VD: HOICTD).', en: 'Upper-case code, 2–32 characters.' },
    'core.organization.code_taken': { vi: 'Mã tổ chức đã tồn tại.', en: 'This organization code exists.' },
  },
});
