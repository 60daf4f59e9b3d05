import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { AuditOutlined, CarryOutOutlined, FileTextOutlined, TeamOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { messages } from './messages';

export default defineWebModule({
  name: 'directives',
  menu: [
    { path: '/directives', labelKey: 'directives.menu', icon: <AuditOutlined />, requires: 'directives.read', order: 500,
      usedBy: [{ roles: ['supervisor'] }, { orgKinds: ['party', 'mass_mobilization'], roles: ['unit_admin', 'officer'] }] },
    { path: '/tasks', labelKey: 'directives.menuTasks', icon: <CarryOutOutlined />, requires: 'directives.read', order: 510, usedBy: [{ roles: ['unit_admin', 'officer', 'supervisor'] }] },
    { path: '/programs', labelKey: 'directives.menuPrograms', icon: <TeamOutlined />, requires: 'directives.read', order: 520, usedBy: [{ roles: ['supervisor'] }] },
    { path: '/directives/reports', labelKey: 'directives.menuReports', icon: <FileTextOutlined />, requires: 'reports.generate', order: 530,
      usedBy: [{ roles: ['supervisor'] }, { orgKinds: ['party', 'mass_mobilization'], roles: ['unit_admin'] }] },
  ],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'directives', component: lazyRouteComponent(() => import('./pages/DirectivesPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'directives/reports', component: lazyRouteComponent(() => import('./pages/ReportsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'directives/reports/$id', component: lazyRouteComponent(() => import('./pages/StoredReportPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'directives/$id', component: lazyRouteComponent(() => import('./pages/DirectivePage')) }),
    createRoute({ getParentRoute: () => parent, path: 'tasks', component: lazyRouteComponent(() => import('./pages/TasksPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'tasks/$id', component: lazyRouteComponent(() => import('./pages/TaskPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'programs', component: lazyRouteComponent(() => import('./pages/ProgramsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'programs/$id', component: lazyRouteComponent(() => import('./pages/ProgramPage')) }),
  ],
  messages,
});
