import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { HomeOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

const messages = defineMessages({
  'home.menu': 'Trang chủ',
  'home.hello': 'Xin chào, {name}',
  'home.todayIs': 'Hôm nay {date}',
  'home.today': 'Việc hôm nay',
  'home.nothingDue': 'Không có việc nào đến hạn hay chờ bạn.',
  'home.dueOn': 'Hạn {date}',
  'home.overdueSince': 'Quá hạn từ {date}',
  // Also used by the profile page.
  'home.myRoles': 'Quyền của tôi',
  'home.allUnits': 'Toàn hệ thống',
}, {
  'home.menu': 'Home',
  'home.hello': 'Hello, {name}',
  'home.todayIs': 'Today is {date}',
  'home.today': "Today's work",
  'home.nothingDue': 'Nothing is due or waiting for you.',
  'home.dueOn': 'Due {date}',
  'home.overdueSince': 'Overdue since {date}',
  'home.myRoles': 'My roles',
  'home.allUnits': 'Whole system',
});

export default defineWebModule({
  name: 'home',
  menu: [{ path: '/', labelKey: 'home.menu', icon: <HomeOutlined />, order: 0, usedBy: [{}] }],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: '/', component: lazyRouteComponent(() => import('./pages/HomePage')) }),
  ],
  messages,
});
