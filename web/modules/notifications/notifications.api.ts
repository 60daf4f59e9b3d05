import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../kernel/api';
import { useAuth } from '../../kernel/auth';
import { useI18n } from '../../kernel/i18n';
import { invalidateNotifications, notificationKeys, type NotificationPage } from '../../kernel/notifications';

export type NotificationFilter = 'all' | 'unread';

/** One page of my notifications, in the interface language (the server renders them); refreshed when the bell's count moves. */
export function useNotifications(filter: NotificationFilter, page: number, pageSize: number) {
  const { me } = useAuth();
  const { lang } = useI18n();
  const q = { unread: filter === 'unread' ? 'true' : undefined, limit: pageSize, offset: (page - 1) * pageSize };
  return useQuery({
    queryKey: notificationKeys.page(me?.id ?? 0, lang, q),
    queryFn: () => api.get<NotificationPage>('/notifications', q),
    enabled: !!me,
    placeholderData: (prev) => prev,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(`/notifications/${id}/read`),
    onSettled: () => invalidateNotifications(qc),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/notifications/read-all'),
    onSettled: () => invalidateNotifications(qc),
  });
}
