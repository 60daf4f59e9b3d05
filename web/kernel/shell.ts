/**
 * Where the signed-in user starts and what their grants are used for (GET /api/me/shell): the unit
 * picked when none is in the URL or remembered, and which menu items they use day to day.
 */
import { useQuery } from '@tanstack/react-query';
import type { Shell } from '../../common/home';
import { api } from './api';
import { useAuth } from './auth';
import type { WebMenuItem } from './module';

export type { Shell };

export function useShell(): Shell | undefined {
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['shell', me?.id ?? 0], queryFn: () => api.get<Shell>('/me/shell'), enabled: !!me, staleTime: 30 * 60_000, retry: 1 });
  return q.data;
}

/**
 * Does one of the user's grants match the item's `usedBy`? A system administrator is `admin` in any
 * organization. An item without `usedBy` is nobody's daily work: it stays under "More".
 */
export function usedDaily(item: WebMenuItem, uses: Shell['uses'], isAdmin: boolean): boolean {
  if (!item.usedBy) return false;
  const all = isAdmin ? [...uses, { role: 'admin', orgKind: null as string | null }] : uses;
  return item.usedBy.some((u) => all.some((g) =>
    (!u.roles || u.roles.includes(g.role)) && (!u.orgKinds || g.orgKind === null || u.orgKinds.includes(g.orgKind))));
}
