/** In-app notifications as their reader sees them: the bell's count, the list, marking read; and today's unread. */
import { defineModule } from '../../kernel/module';
import { notificationRoutes } from './notifications.routes';
import { countUnread } from './notifications.service';

export default defineModule({
  name: 'notifications',
  routes: notificationRoutes,
  today: async (ctx) => {
    const n = await countUnread(ctx);
    return n ? [{ kind: 'notifications.unread', titleKey: 'notifications.today.unread', params: { count: n }, count: n, link: '/notifications?filter=unread' }] : [];
  },
  messages: {
    'notifications.today.unread': { vi: '{count} thông báo chưa đọc', en: '{count} unread notifications' },
  },
});
