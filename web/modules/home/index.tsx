import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { HomeOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

const messages = defineMessages({
  'home.menu': 'Trang chủ',
  'home.hello': 'Xin chào, {name}',
  'home.intro': 'Chọn một mục ở danh mục bên trái để bắt đầu, hoặc chọn đơn vị làm việc ở đầu trang.',
  'home.myRoles': 'Quyền của tôi',
  'home.allUnits': 'Toàn hệ thống',
  'home.shortcuts': 'Truy cập nhanh',
  'home.currentUnit': 'Đơn vị đang làm việc',
  'home.openUnit': 'Mở trang đơn vị',
}, {
  'home.menu': 'Home',
  'home.hello': 'Hello, {name}',
  'home.intro': 'Choose an item in the menu to begin, or pick the unit you work on at the top of the page.',
  'home.myRoles': 'My roles',
  'home.allUnits': 'Whole system',
  'home.shortcuts': 'Shortcuts',
  'home.currentUnit': 'Current unit',
  'home.openUnit': "Open the unit's page",
});

export default defineWebModule({
  name: 'home',
  menu: [{ path: '/', labelKey: 'home.menu', icon: <HomeOutlined />, order: 0 }],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: '/', component: lazyRouteComponent(() => import('./pages/HomePage')) }),
  ],
  messages,
});
