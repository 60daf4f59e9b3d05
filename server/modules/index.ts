/**
 * Every module, in load order. A new module adds one line here (and `web/modules/index.ts`).
 * The core's own parts come first; domain modules follow.
 */
import type { ModuleManifest } from '../kernel/module';
import areas from './areas';
import organizations from './organizations';
import units from './units';
import users from './users';
import audit from './audit';
import jobs from './jobs';
import backup from './backup';
import notifications from './notifications';
import home from './home';
import members from './members';
import movements from './movements';
import petitions from './petitions';
import directives from './directives';

export const modules: ModuleManifest[] = [areas, organizations, units, users, audit, jobs, backup, notifications, home, members, movements, petitions, directives];
