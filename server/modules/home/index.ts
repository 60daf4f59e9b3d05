/** The home page's server side: GET /api/me/shell (start unit, what the user's roles use) and GET /api/me/today. */
import { defineModule, type Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { zShell, zToday } from '../../../common/home';
import { getShell, getToday } from './home.service';

async function routes(app: Api) {
  const auth = { preHandler: requireLogin };
  app.get('/me/shell', { ...auth, schema: { tags: ['home'], summary: 'Where I start (my own unit) and the role/organization kinds of my grants', response: { 200: zShell } } },
    async (req) => getShell(req.ctx));
  app.get('/me/today', { ...auth, schema: { tags: ['home'], summary: 'My work for today from every module: forms due, approvals, cases, tasks, notifications', response: { 200: zToday } } },
    async (req) => getToday(req.ctx));
}

export default defineModule({ name: 'home', routes });
