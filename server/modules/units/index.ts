import { defineModule } from '../../kernel/module';
import { unitRoutes } from './units.routes';
import { unitsCli } from './units.cli';

export default defineModule({
  name: 'units',
  routes: unitRoutes,
  cli: unitsCli,
  messages: {
    'core.unit.code_format': { vi: 'Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch nối (tối đa 64 ký tự).', en: 'Code: letters, digits, dot, dash (max 64).' },
    'core.unit.code_taken': { vi: 'Mã đơn vị đã được dùng.', en: 'This unit code is already used.' },
    'core.unit.organization_unknown': { vi: 'Tổ chức không tồn tại.', en: 'Unknown organization.' },
    'core.unit.organization_required': { vi: 'Chọn tổ chức.', en: 'Choose an organization.' },
    'core.unit.organization_mismatch': { vi: 'Đơn vị cấp dưới phải cùng tổ chức với đơn vị cấp trên.', en: 'A unit must belong to its parent\'s organization.' },
    'core.unit.area_unknown': { vi: 'Địa bàn không tồn tại.', en: 'Unknown area.' },
    'core.unit.area_outside_parent': { vi: 'Địa bàn phải nằm trong địa bàn của đơn vị cấp trên.', en: 'The area must lie within the parent unit\'s area.' },
    'core.unit.area_outside_own': { vi: 'Địa bàn nằm ngoài địa bàn mà bạn được giao quản lý.', en: 'The area lies outside the area you manage.' },
    'core.unit.area_widens_grants': { vi: 'Đơn vị có người được giao giám sát theo địa bàn; chỉ người giám sát được địa bàn mới mới được mở rộng địa bàn này.', en: 'Someone supervises this unit\'s area; only a supervisor of the new area may widen it.' },
    'core.unit.move_into_itself': { vi: 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.', en: 'A unit cannot be moved under itself.' },
    'core.unit.parent_closed': { vi: 'Đơn vị cấp trên đã giải thể.', en: 'The parent unit is closed.' },
    'core.unit.already_closed': { vi: 'Đơn vị đã giải thể.', en: 'The unit is already closed.' },
  },
});
