import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

const messages = defineMessages({
  'notifications.title': 'Thông báo',
  'notifications.all': 'Tất cả',
  'notifications.unread': 'Chưa đọc',
  'notifications.unreadCount': '{count} chưa đọc',
  'notifications.markAllRead': 'Đánh dấu đã đọc tất cả',
  'notifications.markRead': 'Đánh dấu đã đọc',
  'notifications.empty': 'Không có thông báo nào.',
  'notifications.emptyUnread': 'Bạn đã đọc hết thông báo.',
  'notifications.system.title': 'Thông báo trên máy',
  'notifications.system.intro': 'Khi trang Dân Vận đang mở, thông báo mới hiện lên ở góc màn hình như tin nhắn, kể cả khi bạn đang ở thẻ khác.',
  'notifications.system.enable': 'Bật thông báo trên máy',
  'notifications.system.disable': 'Tắt thông báo trên máy',
  'notifications.system.on': 'Đang bật trên máy này.',
  'notifications.system.denied': 'Trình duyệt đang chặn thông báo của trang này: mở cài đặt trang web của trình duyệt để cho phép.',
  'notifications.system.unsupported': 'Trình duyệt này không hỗ trợ thông báo.',
}, {
  'notifications.title': 'Notifications',
  'notifications.all': 'All',
  'notifications.unread': 'Unread',
  'notifications.unreadCount': '{count} unread',
  'notifications.markAllRead': 'Mark all as read',
  'notifications.markRead': 'Mark as read',
  'notifications.empty': 'No notifications.',
  'notifications.emptyUnread': 'You have read every notification.',
  'notifications.system.title': 'Notifications on this device',
  'notifications.system.intro': 'While Dân Vận is open, new notifications pop up in a corner of the screen like messages, even from another tab.',
  'notifications.system.enable': 'Turn on device notifications',
  'notifications.system.disable': 'Turn off device notifications',
  'notifications.system.on': 'On for this device.',
  'notifications.system.denied': "The browser blocks this site's notifications: allow them in the browser's site settings.",
  'notifications.system.unsupported': 'This browser does not support notifications.',
});

/** The notifications page; its entry is the bell in the header, not a menu item. */
export default defineWebModule({
  name: 'notifications',
  menu: [],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'notifications', component: lazyRouteComponent(() => import('./pages/NotificationsPage')) }),
  ],
  messages,
});
