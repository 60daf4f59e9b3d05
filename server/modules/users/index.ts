import { defineModule } from '../../kernel/module';
import { userRoutes } from './users.routes';
import { usersCli } from './users.cli';

export default defineModule({
  name: 'users',
  routes: userRoutes,
  cli: usersCli,
  messages: {
    // One answer for a wrong password, an unknown user and a locked account (no username enumeration).
    'core.auth.invalid': { vi: 'Tên đăng nhập hoặc mật khẩu không đúng. Đăng nhập sai nhiều lần thì tài khoản bị tạm khóa {minutes} phút: khi đó hãy thử lại sau.', en: 'Wrong username or password. After repeated failures an account is locked for {minutes} minutes: then try again later.' },
    'core.user.username_format': { vi: 'Tên đăng nhập 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch.', en: 'Username: 3–64 lower-case letters, digits, dot, dash.' },
    'core.user.username_taken': { vi: 'Tên đăng nhập đã được dùng.', en: 'This username is taken.' },
    'core.user.password_short': { vi: 'Mật khẩu cần ít nhất 8 ký tự.', en: 'Password must have at least 8 characters.' },
    'core.user.phone_format': { vi: 'Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.', en: 'Phone: 10–11 digits starting with 0.' },
    'core.user.role_not_assignable': { vi: 'Bạn không được trao vai trò này.', en: 'You may not grant this role.' },
    'core.user.role_not_held': { vi: 'Chỉ được trao vai trò và phạm vi mà chính bạn đang giữ tại đơn vị này hoặc cấp trên.', en: 'You may only grant a role and scope you hold yourself on this unit or above it.' },
    'core.user.cannot_change_own_grants': { vi: 'Không thể tự thêm hoặc bớt vai trò của chính mình.', en: 'You cannot add or remove your own roles.' },
    'core.user.grant_exists': { vi: 'Người dùng đã có vai trò này tại đơn vị này.', en: 'The user already has this role on this unit.' },
    'core.user.cannot_disable_self': { vi: 'Không thể tự khóa tài khoản của mình.', en: 'You cannot disable your own account.' },
    'core.user.current_password_wrong': { vi: 'Mật khẩu hiện tại không đúng.', en: 'Current password is wrong.' },
  },
});
