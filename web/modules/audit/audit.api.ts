import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../kernel/api';

export type AuditRow = {
  id: number; at: string; actorId: number | null; actorName: string | null; action: string; entity: string; entityId: string | null;
  unitId: number | null; unitName: string | null; before: unknown; after: unknown;
};
export type AuditQuery = { unit?: number; user?: number; entity?: string; entityId?: string; from?: string; to?: string; limit: number; offset: number };

export function useAudit(q: AuditQuery) {
  return useQuery({
    queryKey: ['audit', q],
    queryFn: () => api.get<{ total: number; items: AuditRow[] }>('/audit', q),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useUserOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'pick', q],
    queryFn: () => api.get<{ total: number; items: { id: number; fullName: string; username: string }[] }>('/users', { q: q || undefined, limit: 20, offset: 0 }),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}
