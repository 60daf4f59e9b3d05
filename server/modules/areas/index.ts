import { defineModule } from '../../kernel/module';
import { areaRoutes } from './areas.routes';

export default defineModule({
  name: 'areas',
  routes: areaRoutes,
  messages: {
    'core.area.parent_not_commune': { vi: 'Khu dân cư phải thuộc một xã, phường hoặc đặc khu.', en: 'A residential area must be under a commune.' },
    'core.area.name_taken': { vi: 'Xã này đã có khu dân cư cùng tên.', en: 'This commune already has an area with that name.' },
    'core.area.official_readonly': { vi: 'Tỉnh, xã là danh mục chính thức, không sửa được.', en: 'Provinces and communes are official and read-only.' },
  },
});
