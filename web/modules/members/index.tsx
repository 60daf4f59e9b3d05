import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { SafetyCertificateOutlined, StarOutlined, TeamOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { messages } from './messages';

export default defineWebModule({
  name: 'members',
  menu: [
    { path: '/members', labelKey: 'members.menu', icon: <TeamOutlined />, requires: 'members.aggregate', order: 100,
      usedBy: [{ orgKinds: ['front', 'socio_political'], roles: ['unit_admin', 'officer', 'viewer'] }] },
    // Ratings (once a year) and eligibility rules (when a charter changes) are nobody's daily work: under "More".
    { path: '/members/ratings', labelKey: 'members.menuRatings', icon: <StarOutlined />, requires: 'members.aggregate', order: 110 },
    { path: '/members/rules', labelKey: 'members.menuRules', icon: <SafetyCertificateOutlined />, requires: 'members.aggregate', order: 120 },
  ],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'members', component: lazyRouteComponent(() => import('./pages/MembersPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/new', component: lazyRouteComponent(() => import('./pages/MemberNewPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/import', component: lazyRouteComponent(() => import('./pages/ImportPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/transfers', component: lazyRouteComponent(() => import('./pages/TransfersPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/ratings', component: lazyRouteComponent(() => import('./pages/RatingsPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/rules', component: lazyRouteComponent(() => import('./pages/RulesPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/gathering', component: lazyRouteComponent(() => import('./pages/GatheringPage')) }),
    createRoute({ getParentRoute: () => parent, path: 'members/$id', component: lazyRouteComponent(() => import('./pages/MemberPage')) }),
  ],
  messages,
});
