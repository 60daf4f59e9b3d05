/** Users and their grants: queries and mutations. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleCode, User } from '../../../common/core';
import { api } from '../../kernel/api';

export type { User, RoleCode };
export type UserListQuery = { q?: string; unit?: number; limit: number; offset: number };
export type CreateUserBody = {
  username: string; fullName: string; password: string; email?: string | null; phone?: string | null;
  locale: 'vi' | 'en'; grants: { unitId: number; role: RoleCode }[];
};
export type UpdateUserBody = {
  version: number; fullName?: string; email?: string | null; phone?: string | null; locale?: 'vi' | 'en'; isActive?: boolean; password?: string;
};

export const userKeys = {
  all: ['users'] as const,
  list: (q: UserListQuery) => ['users', 'list', q] as const,
  one: (id: number) => ['users', 'one', id] as const,
  pick: (q: string) => ['users', 'pick', q] as const,
};

export function useUsers(q: UserListQuery) {
  return useQuery({
    queryKey: userKeys.list(q),
    queryFn: () => api.get<{ total: number; items: User[] }>('/users', q),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useUser(id: number | null) {
  return useQuery({ queryKey: userKeys.one(id ?? 0), queryFn: () => api.get<User>(`/users/${id}`), enabled: !!id, retry: false });
}

function useUserMutation<V>(fn: (v: V) => Promise<User>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (u) => {
      qc.setQueryData(userKeys.one(u.id), u);
      await qc.invalidateQueries({ queryKey: ['users', 'list'] });
    },
  });
}

export const useCreateUser = () => useUserMutation((b: CreateUserBody) => api.post<User>('/users', b));
export const useUpdateUser = (id: number) => useUserMutation((b: UpdateUserBody) => api.patch<User>(`/users/${id}`, b));
export const useAddGrant = (id: number) => useUserMutation((b: { unitId: number; role: RoleCode }) => api.post<User>(`/users/${id}/grants`, b));
export const useRemoveGrant = (id: number) => useUserMutation((grantId: number) => api.del<User>(`/users/${id}/grants/${grantId}`));

/** A strong random password to hand over (12 characters, no look-alikes). */
export function generatePassword(length = 12): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789@#%+';
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}
