import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { ScheduleOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

/** Job kinds are labelled by the modules that queue them: `jobs.kind.<kind>` in their messages. */
const messages = defineMessages({
  'jobs.menu': 'Công việc nền',
  'jobs.title': 'Công việc nền của tôi',
  'jobs.intro': 'Nhập, xuất dữ liệu và lập báo cáo lớn chạy nền; bạn có thể rời trang và quay lại sau.',
  'jobs.empty': 'Chưa có công việc nào.',
  'jobs.col.job': 'Công việc',
  'jobs.col.progress': 'Tiến độ',
}, {
  'jobs.menu': 'Background jobs',
  'jobs.title': 'My background jobs',
  'jobs.intro': 'Large imports, exports and reports run in the background; you may leave the page and come back.',
  'jobs.empty': 'No jobs yet.',
  'jobs.col.job': 'Job',
  'jobs.col.progress': 'Progress',
});

export default defineWebModule({
  name: 'jobs',
  menu: [{ path: '/jobs', labelKey: 'jobs.menu', icon: <ScheduleOutlined />, requires: 'jobs.read', order: 920, usedBy: [{ roles: ['admin'] }] }],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'jobs', component: lazyRouteComponent(() => import('./pages/JobsPage')) }),
  ],
  messages,
});
