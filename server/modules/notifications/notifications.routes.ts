import { z } from 'zod';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { zIdParams } from '../../../common/core';
import { zNotificationPage, zNotificationQuery, zUnreadCount } from '../../../common/notifications';
import * as svc from './notifications.service';

export async function notificationRoutes(app: Api) {
  const auth = { preHandler: requireLogin };
  const tags = ['notifications'];
  app.get('/notifications', { ...auth, schema: { tags, summary: 'My in-app notifications, newest first, in my language', querystring: zNotificationQuery, response: { 200: zNotificationPage } } },
    async (req) => svc.listNotifications(req.ctx, req.query));
  app.get('/notifications/unread-count', { ...auth, schema: { tags, summary: 'How many of my notifications are unread, and the newest unread id (the bell)', response: { 200: zUnreadCount } } },
    async (req) => svc.unreadSummary(req.ctx));
  app.post('/notifications/read-all', { ...auth, schema: { tags, summary: 'Mark all my notifications read', response: { 200: z.object({ marked: z.number() }) } } },
    async (req) => ({ marked: await svc.markAllRead(req.ctx) }));
  app.post('/notifications/:id/read', { ...auth, schema: { tags, summary: 'Mark one of my notifications read', params: zIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await svc.markRead(req.ctx, req.params.id);
      return reply.status(204).send(null);
    });
}
