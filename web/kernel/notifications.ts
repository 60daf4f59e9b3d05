/**
 * The user's in-app notifications as the shell sees them: the unread count behind the bell (asked
 * every minute and when the window regains focus — a modest load on a weak network), the cache keys
 * the notifications page shares, and the browser's own notifications (the Notifications API, shown
 * while a tab of the app is open, when the user allowed them on the notifications page).
 *
 *   const unread = useUnreadCount();            // number | undefined
 *   const sys = useSystemNotifications();        // { supported, permission, enabled, enable(), disable() }
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { NotificationPage } from '../../common/notifications';
import { api } from './api';
import { useAuth } from './auth';
import { useI18n } from './i18n';

export type { NotificationPage };
export type { NotificationView } from '../../common/notifications';

export const POLL_MS = 60_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: (userId: number) => ['notifications', 'unread', userId] as const,
  page: (userId: number, lang: string, q: Record<string, unknown>) => ['notifications', 'page', userId, lang, q] as const,
};

/** After a notification is read (or all are): the bell and every list. */
export function invalidateNotifications(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useUnreadCount(): number | undefined {
  const { me } = useAuth();
  const q = useQuery({
    queryKey: notificationKeys.unread(me?.id ?? 0),
    queryFn: () => api.get<{ unread: number }>('/notifications/unread-count'),
    enabled: !!me,
    refetchInterval: POLL_MS,
    // Kept polling in a background tab, so a system notification can tell the user.
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: 'always',
    staleTime: 10_000,
    retry: false,
  });
  return q.data?.unread;
}

const PREF_KEY = 'dv.systemNotifications';
const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** The user's choice on this device: system notifications on (when the browser allows them) or off. */
export function useSystemNotifications() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(supported() ? Notification.permission : 'unsupported');
  const [enabled, setEnabled] = useState<boolean>(() => {
    try { return localStorage.getItem(PREF_KEY) === 'on'; } catch { return false; }
  });
  const save = (on: boolean) => {
    try { localStorage.setItem(PREF_KEY, on ? 'on' : 'off'); } catch { /* private mode */ }
    setEnabled(on);
  };
  const enable = useCallback(async () => {
    if (!supported()) return;
    const p = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    setPermission(p);
    save(p === 'granted');
  }, []);
  const disable = useCallback(() => save(false), []);
  return { supported: supported(), permission, enabled: enabled && permission === 'granted', enable, disable };
}

function systemNotificationsOn(): boolean {
  if (!supported() || Notification.permission !== 'granted') return false;
  try { return localStorage.getItem(PREF_KEY) === 'on'; } catch { return false; }
}

/**
 * Mounted once in the shell: when the unread count rises, shows the new ones as system notifications
 * (if allowed); a click focuses the tab and opens the notification's page. What was unread before
 * the page opened is not shown again.
 */
export function useNotifyNewUnread(unread: number | undefined): void {
  const router = useRouter();
  const { lang } = useI18n();
  const seen = useRef<{ count: number; maxId: number } | null>(null);
  useEffect(() => {
    if (unread === undefined) return;
    const prev = seen.current;
    if (prev === null) {
      seen.current = { count: unread, maxId: Number.MAX_SAFE_INTEGER };
      // The newest id now, so that only later ones are announced.
      void api.get<NotificationPage>('/notifications', { limit: 1 }).then((p) => {
        if (seen.current) seen.current.maxId = p.items[0]?.id ?? 0;
      }).catch(() => { if (seen.current) seen.current.maxId = 0; });
      return;
    }
    seen.current = { ...prev, count: unread };
    if (unread <= prev.count || !systemNotificationsOn()) return;
    void api.get<NotificationPage>('/notifications', { unread: 'true', limit: Math.min(unread - prev.count, 3) }).then((p) => {
      const fresh = p.items.filter((n) => n.id > (seen.current?.maxId ?? 0));
      for (const n of fresh.reverse()) {
        const sys = new Notification(n.title, { body: n.body ?? undefined, tag: `dv-${n.id}`, lang, icon: '/favicon.svg' });
        sys.onclick = () => {
          window.focus();
          if (n.link) void router.navigate({ href: n.link });
          sys.close();
        };
      }
      if (seen.current && fresh.length) seen.current.maxId = Math.max(seen.current.maxId, ...fresh.map((n) => n.id));
    }).catch(() => { /* the next poll tries again */ });
  }, [unread, router, lang]);
}
