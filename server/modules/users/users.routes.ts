import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import * as c from '../../../common/core';
import * as svc from './users.service';

export async function userRoutes(app: Api): Promise<void> {
  const auth = { preHandler: requireLogin };
  app.get('/users', { ...auth, schema: { tags: ['users'], querystring: c.zUserListQuery, response: { 200: z.object({ total: z.number(), items: z.array(c.zUser) }) } } },
    async (req) => svc.listUsers(req.ctx, req.query));
  app.get('/users/:id', { ...auth, schema: { tags: ['users'], params: c.zIdParams, response: { 200: c.zUser } } }, async (req) => svc.getUser(req.ctx, req.params.id));
  app.post('/users', { ...auth, schema: { tags: ['users'], summary: 'Create a user with at least one grant', body: c.zCreateUserInput, response: { 201: c.zUser } } },
    async (req, reply) => reply.status(201).send(await svc.createUser(req.ctx, req.body)));
  app.patch('/users/:id', { ...auth, schema: { tags: ['users'], params: c.zIdParams, body: c.zUpdateUserInput, response: { 200: c.zUser } } },
    async (req) => svc.updateUser(req.ctx, req.params.id, req.body));
  app.post('/users/:id/grants', { ...auth, schema: { tags: ['users'], summary: 'Give the user a role on a unit', params: c.zIdParams, body: c.zGrantInput, response: { 201: c.zUser } } },
    async (req, reply) => reply.status(201).send(await svc.addGrant(req.ctx, req.params.id, req.body)));
  app.delete('/users/:id/grants/:grantId', { ...auth, schema: { tags: ['users'], params: z.object({ id: c.zId, grantId: c.zId }), response: { 200: c.zUser } } },
    async (req) => svc.removeGrant(req.ctx, req.params.id, req.params.grantId));
}
