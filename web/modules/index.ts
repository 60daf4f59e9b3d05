/**
 * Every web module, in order. A new module adds ONE import and ONE entry below; nothing else in
 * the shell changes.
 *
 * The contract (type in web/kernel/module.ts):
 *
 *   type WebModule = {
 *     name: string;                                    // folder name: web/modules/<name>/
 *     menu: { path: string; labelKey: string; icon?: ReactNode; requires?: string; order?: number;
 *             usedBy?: { roles?: string[]; orgKinds?: string[] }[] }[];
 *     routes: (parent: AnyRoute) => AnyRoute[];        // pages under the signed-in layout
 *     messages?: { vi: Record<string, string>; en: Record<string, string> };
 *   };
 *
 * - web/modules/<name>/index.tsx: `export default defineWebModule({...})`.
 * - routes: `createRoute({ getParentRoute: () => parent, path: 'members', component: lazyRouteComponent(() => import('./pages/MembersPage')) })`
 *   — pages are lazy so each route is its own chunk. Paths are relative to '/'.
 * - menu: shown when the user holds `requires` (a permission from GET /api/auth/me `can`), sorted
 *   by `order` (home 0, units 10, domain modules 100–800, users/audit/jobs 900+). `usedBy` says which
 *   roles and organization kinds use the item day to day (GET /api/me/shell `uses`): listed first for
 *   them, under "Thêm / More" for everyone else (and for all when absent).
 * - messages: `defineMessages(vi, en)` from web/kernel/i18n, keys prefixed with the module name;
 *   the compiler checks English has every Vietnamese key.
 * - <name>.api.ts: the module's fetchers and react-query hooks; pages/ and components/ beside it.
 * - Kernel pieces to reuse: api client (kernel/api), useT (kernel/i18n), useAuth (kernel/auth),
 *   UnitPicker / UnitPickerInput / useCurrentUnit (kernel/units), AreaPickerInput (kernel/areas),
 *   JobProgress / useJobParam (kernel/jobs), useRememberedForm / useApiErrorHandler (kernel/forms),
 *   formatDate / formatNumber (kernel/format), exportRows (kernel/export).
 */
import type { WebModule } from '../kernel/module';
import home from './home';
import units from './units';
import users from './users';
import audit from './audit';
import jobs from './jobs';
import profile from './profile';
import notifications from './notifications';
import members from './members';
import movements from './movements';
import petitions from './petitions';
import directives from './directives';

export const modules: WebModule[] = [
  home,
  units,
  users,
  audit,
  jobs,
  profile,
  notifications,
  members,
  movements,
  petitions,
  directives,
];
