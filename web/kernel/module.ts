/** The shape of a web module; see web/modules/index.ts for the contract in words. */
import type { ReactNode } from 'react';
import type { AnyRoute } from '@tanstack/react-router';
import type { Messages } from './i18n';

export type WebMenuItem = {
  /** Where the item leads, e.g. '/members'. The side menu highlights it for this path and below. */
  path: string;
  /** i18n key of the label (in the module's `messages`). */
  labelKey: string;
  icon?: ReactNode;
  /** Permission from GET /api/auth/me `can` (e.g. 'members.read'); the item is hidden without it. */
  requires?: string;
  /** Position in the side menu (home 0, units 10, domain modules 100+, users/audit/jobs 900+). */
  order?: number;
  /**
   * Who uses the item day to day: any entry matching one of the user's grants (its role and its
   * organization's kind: party, mass_mobilization, government, front, socio_political, other; a
   * missing list matches all). Shown at the top of the menu for them; for everyone else (and for
   * all when absent) it is under "Thêm / More". It never grants or hides anything: `requires` does.
   */
  usedBy?: { roles?: string[]; orgKinds?: string[] }[];
};

export type WebModule = {
  name: string;
  menu: WebMenuItem[];
  /** The module's pages, as children of the signed-in layout (`parent`). Paths are relative: 'members', 'members/$id'. */
  routes: (parent: AnyRoute) => AnyRoute[];
  /** Optional pages reachable without signing in (children of the root, outside the signed-in layout), e.g. a public form. */
  publicRoutes?: (root: AnyRoute) => AnyRoute[];
  messages?: Messages;
};

export function defineWebModule(m: WebModule): WebModule {
  return m;
}
