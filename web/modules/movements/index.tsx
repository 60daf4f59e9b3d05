import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { FlagOutlined, FormOutlined, LineChartOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { messages } from './messages';

export default defineWebModule({
  name: 'movements',
  menu: [
    { path: '/movements', labelKey: 'movements.menu', icon: <FlagOutlined />, requires: 'movements.read', order: 300,
      usedBy: [{ orgKinds: ['front', 'socio_political'], roles: ['unit_admin'] }] },
    { path: '/movements/forms', labelKey: 'movements.menuForms', icon: <FormOutlined />, requires: 'movements.read', order: 310,
      usedBy: [{ orgKinds: ['front', 'socio_political'], roles: ['unit_admin', 'officer'] }] },
    { path: '/movements/dashboard', labelKey: 'movements.menuDashboard', icon: <LineChartOutlined />, requires: 'indicators.aggregate', order: 320,
      usedBy: [{ roles: ['supervisor'] }, { orgKinds: ['front', 'socio_political'], roles: ['unit_admin'] }] },
  ],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'movements', component: lazyRouteComponent(() => import('./pages/MovementsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/indicators', component: lazyRouteComponent(() => import('./pages/IndicatorsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/forms', component: lazyRouteComponent(() => import('./pages/FormsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/forms/$id', component: lazyRouteComponent(() => import('./pages/FormPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/completeness', component: lazyRouteComponent(() => import('./pages/CompletenessPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/dashboard', component: lazyRouteComponent(() => import('./pages/DashboardPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/flags', component: lazyRouteComponent(() => import('./pages/FlagsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'movements/$id', component: lazyRouteComponent(() => import('./pages/MovementPage')) }),
  ],
  messages,
});
