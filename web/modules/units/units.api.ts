/** Units and residential areas: queries and mutations of the units pages (the tree itself is in kernel/units). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Area, UnitDetail } from '../../../common/core';
import { api } from '../../kernel/api';
import { fetchUnitChildren, invalidateUnits, unitKeys } from '../../kernel/units';
import { invalidateAreas } from '../../kernel/areas';

export type UnitKind = UnitDetail['kind'];
export type CreateUnitBody = { parentId: number; name: string; code?: string; kind: UnitKind; areaId?: number | null };
export type UpdateUnitBody = { version: number; name?: string; code?: string; kind?: UnitKind; areaId?: number | null };

export function useUnitChildren(id: number | null, includeClosed: boolean) {
  return useQuery({ queryKey: unitKeys.children(id, includeClosed), queryFn: () => fetchUnitChildren(id, includeClosed), staleTime: 30_000, retry: false });
}

function useUnitMutation<V, R extends UnitDetail = UnitDetail>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (u) => {
      qc.setQueryData(unitKeys.detail(u.id), u);
      await invalidateUnits(qc);
    },
  });
}

export const useCreateUnit = () => useUnitMutation((b: CreateUnitBody) => api.post<UnitDetail>('/units', b));
export const useUpdateUnit = (id: number) => useUnitMutation((b: UpdateUnitBody) => api.patch<UnitDetail>(`/units/${id}`, b));
export const useMoveUnit = (id: number) => useUnitMutation((b: { version: number; parentId: number }) => api.post<UnitDetail & { moved: number }>(`/units/${id}/move`, b));
export const useCloseUnit = (id: number) => useUnitMutation((b: { version: number; reason: string }) => api.post<UnitDetail & { closed: number }>(`/units/${id}/close`, b));
export const useReopenUnit = (id: number) => useUnitMutation((b: { version: number }) => api.post<UnitDetail>(`/units/${id}/reopen`, b));

export type CreateAreaBody = { parentId: number; name: string; type: string };
export function useCreateArea() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: CreateAreaBody) => api.post<Area>('/areas', b),
    onSuccess: () => invalidateAreas(qc),
  });
}
