import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

const messages = defineMessages({
  'profile.title': 'Tài khoản của tôi',
  'profile.info': 'Thông tin cá nhân',
  'profile.fullName': 'Họ và tên',
  'profile.changePassword': 'Đổi mật khẩu',
  'profile.currentPassword': 'Mật khẩu hiện tại',
  'profile.newPassword': 'Mật khẩu mới',
  'profile.confirmPassword': 'Nhập lại mật khẩu mới',
  'profile.passwordShort': 'Mật khẩu cần ít nhất 8 ký tự.',
  'profile.passwordMismatch': 'Hai mật khẩu không khớp.',
  'profile.passwordChanged': 'Đã đổi mật khẩu.',
}, {
  'profile.title': 'My account',
  'profile.info': 'Personal details',
  'profile.fullName': 'Full name',
  'profile.changePassword': 'Change password',
  'profile.currentPassword': 'Current password',
  'profile.newPassword': 'New password',
  'profile.confirmPassword': 'New password again',
  'profile.passwordShort': 'The password needs at least 8 characters.',
  'profile.passwordMismatch': 'The two passwords differ.',
  'profile.passwordChanged': 'Password changed.',
});

/** The user's own account; reached from the user menu, so no side-menu item. */
export default defineWebModule({
  name: 'profile',
  menu: [],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'profile', component: lazyRouteComponent(() => import('./pages/ProfilePage')) }),
  ],
  messages,
});
