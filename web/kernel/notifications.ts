/**
 * The user's in-app notifications as the shell sees them: the unread count behind the bell (asked
 * every minute and when the window regains focus — a modest load on a weak network), the cache keys
 * the notifications page shares, and the browser's own notifications (the Notifications API, shown
 * while a tab of the app is open, when the user allowed them on the notifications page).
 *
 *   const unread = useUnreadCount();            // { unread, newest } | undefined
 *   const sys = useSystemNotifications();        // { supported, permission, enabled, enable(), disable() }
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { NotificationPage, UnreadCount } from '../../common/notifications';
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

export function useUnreadCount(): UnreadCount | undefined {
  const { me } = useAuth();
  const q = useQuery({
    queryKey: notificationKeys.unread(me?.id ?? 0),
    queryFn: () => api.get<UnreadCount>('/notifications/unread-count'),
    enabled: !!me,
    refetchInterval: POLL_MS,
    // Kept polling in a background tab, so a system notification can tell the user.
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: 'always',
    staleTime: 10_000,
    retry: false,
  });
  return q.data;
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
 * Mounted once in the shell: when a newer unread notification than any seen arrives, shows the new
 * ones as system notifications (if allowed); a click focuses the tab and opens the notification's
 * page. What was unread when the page opened is not shown again.
 */
export function useNotifyNewUnread(count: UnreadCount | undefined): void {
  const router = useRouter();
  const { lang } = useI18n();
  const seen = useRef<number | null | undefined>(undefined);
  const newest = count?.newest;
  useEffect(() => {
    if (newest === undefined) return;
    const before = seen.current;
    // First answer: the baseline. No unread now, or none newer: nothing to show.
    if (before === undefined || newest === null || (before !== null && newest <= before)) {
      if (before === undefined) seen.current = newest;
      return;
    }
    seen.current = newest;
    if (!systemNotificationsOn()) return;
    void api.get<NotificationPage>('/notifications', { unread: 'true', limit: 3 }).then((p) => {
      for (const n of p.items.filter((x) => before === null || x.id > before).reverse()) {
        const sys = new Notification(n.title, { body: n.body ?? undefined, tag: `dv-${n.id}`, lang, icon: '/favicon.svg' });
        sys.onclick = () => {
          window.focus();
          if (n.link) void router.navigate({ href: n.link } as never);
          sys.close();
        };
      }
    }).catch(() => { /* shown or not, the bell has the count */ });
  }, [newest, router, lang]);
}
