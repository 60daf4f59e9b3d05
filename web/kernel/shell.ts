/**
 * Where the signed-in user starts and what their grants are used for (GET /api/me/shell): the unit
 * picked when none is in the URL or remembered, and which menu items they use day to day. The last
 * answer is kept on the device, so the menu has its final shape at once on the next visit.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Shell } from '../../common/home';
import { api } from './api';
import { useAuth } from './auth';
import type { WebMenuItem } from './module';

export type { Shell };

const storageKey = (userId: number) => `dv.shell.${userId}`;

function remembered(userId: number): Shell | undefined {
  try {
    const v = localStorage.getItem(storageKey(userId));
    return v ? (JSON.parse(v) as Shell) : undefined;
  } catch { return undefined; }
}

/** `shell`: the server's answer (or the one remembered while it comes); `ready`: the server's. */
export function useShell(): { shell: Shell | undefined; ready: boolean } {
  const { me } = useAuth();
  const q = useQuery({
    queryKey: ['shell', me?.id ?? 0], queryFn: () => api.get<Shell>('/me/shell'), enabled: !!me, staleTime: 30 * 60_000, retry: 1,
    placeholderData: () => (me ? remembered(me.id) : undefined),
  });
  const ready = !!q.data && !q.isPlaceholderData;
  useEffect(() => {
    if (!me || !ready) return;
    try { localStorage.setItem(storageKey(me.id), JSON.stringify(q.data)); } catch { /* private mode */ }
  }, [me, ready, q.data]);
  return { shell: q.data, ready };
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
