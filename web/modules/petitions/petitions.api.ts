/** Fetchers and react-query hooks of the people's-voice module. */
import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { api, type Query } from '../../kernel/api';
import { sha256 } from './components/sha256';
import type {
  CaseCategory, CaseDetail, CaseListItem, CaseStepInput, Holiday, Hotspot, PublicCase, RoutingRule,
} from '../../../common/petitions';

export type { CaseCategory, CaseDetail, CaseListItem, Holiday, Hotspot, PublicCase, RoutingRule };
export type CaseList = { items: CaseListItem[]; total: number; totalCapped: boolean };
export type PublicArea = { code: string; name: string; type: string; level: string };
export type CaseStats = {
  byKind: { key: string; count: number }[];
  byCategory: { key: string; label: string; count: number }[];
  byStatus: { key: string; count: number }[];
  byArea: { key: string; label: string; count: number }[];
  byBody: { unitId: number; name: string; total: number; answered: number; onTime: number; overdue: number; near: number; onTimeRate: number | null; avgDaysToAnswer: number | null }[];
};
export type MapPoint = { id: number; lat: number; lng: number; kind: string; category: string; status: string; hot: boolean };

export const caseKeys = {
  all: ['cases'] as const,
  list: (q: Query) => ['cases', 'list', q] as const,
  one: (id: number) => ['cases', 'one', id] as const,
  categories: ['cases', 'categories'] as const,
};

// ---- public (no login)
export const fetchCategories = () => api.get<CaseCategory[]>('/public/case-categories');
export const fetchPublicAreas = (parent?: string) => api.get<PublicArea[]>('/public/case-areas', { parent });
export const fetchChallenge = () => api.get<{ challenge: string; bits: number }>('/public/cases/challenge');
export const submitPublicCase = (body: Record<string, unknown>) => api.post<{ trackingCode: string }>('/public/cases', body);
export const fetchPublicCase = (code: string) => api.get<PublicCase>(`/public/cases/${encodeURIComponent(code)}`);

export function useCategories() {
  return useQuery({ queryKey: caseKeys.categories, queryFn: fetchCategories, staleTime: 600_000 });
}
export function usePublicAreas(parent?: string) {
  return useQuery({ queryKey: ['cases', 'public-areas', parent ?? ''], queryFn: () => fetchPublicAreas(parent), staleTime: 600_000, enabled: parent !== '' });
}

// ---- staff
export function useCases(q: Query) {
  return useQuery({ queryKey: caseKeys.list(q), queryFn: () => api.get<CaseList>('/cases', q), placeholderData: keepPreviousData });
}
export function useCase(id: number) {
  return useQuery({ queryKey: caseKeys.one(id), queryFn: () => api.get<CaseDetail>(`/cases/${id}`) });
}
function useCaseMutation<I>(id: number, fn: (input: I) => Promise<CaseDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (d) => { qc.setQueryData(caseKeys.one(id), d); void qc.invalidateQueries({ queryKey: ['cases', 'list'] }); },
  });
}
export const useCaseStep = (id: number) => useCaseMutation(id, (input: CaseStepInput) => api.post<CaseDetail>(`/cases/${id}/steps`, input));
export const useRouteCase = (id: number) => useCaseMutation(id, (input: { unitId: number; note?: string; isPublic: boolean }) => api.post<CaseDetail>(`/cases/${id}/route`, input));
export const useAssignCase = (id: number) => useCaseMutation(id, (userIds: number[]) => api.post<CaseDetail>(`/cases/${id}/assign`, { userIds }));
export const useAssignable = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['cases', 'assignable', id], queryFn: () => api.get<{ userId: number; fullName: string; username: string }[]>(`/cases/${id}/assignable`), enabled });
export const revealIdentity = (id: number) => api.post<{ sender: { name: string | null; phone: string | null; email: string | null; address: string | null }; text: string; lat: number | null; lng: number | null }>(`/cases/${id}/identity`);
export const useRouteTargets = (q: { caseId?: number; unitId?: number }, enabled = true) =>
  useQuery({ queryKey: ['cases', 'targets', q], queryFn: () => api.get<{ id: number; name: string; organization: string }[]>('/cases/route-targets', q), enabled });
export const createStaffCase = (body: Record<string, unknown>) => api.post<CaseDetail>('/cases', body);

export const useHotspots = (q: Query) => useQuery({ queryKey: ['cases', 'hotspots', q], queryFn: () => api.get<Hotspot[]>('/cases/hotspots', q) });
export const useMapPoints = (q: Query) => useQuery({ queryKey: ['cases', 'map', q], queryFn: () => api.get<MapPoint[]>('/cases/map', q) });
export const useCaseStats = (q: Query) => useQuery({ queryKey: ['cases', 'stats', q], queryFn: () => api.get<CaseStats>('/cases/stats', q) });

export const useRules = () => useQuery({ queryKey: ['cases', 'rules'], queryFn: () => api.get<RoutingRule[]>('/cases/routing-rules') });
export const saveRule = (id: number | null, body: Record<string, unknown>) =>
  (id ? api.put<RoutingRule>(`/cases/routing-rules/${id}`, body) : api.post<RoutingRule>('/cases/routing-rules', body));
export const deleteRule = (id: number) => api.del<void>(`/cases/routing-rules/${id}`);

export const useHolidays = (year: number) => useQuery({ queryKey: ['cases', 'holidays', year], queryFn: () => api.get<Holiday[]>(`/cases/holidays/${year}`) });
export const saveHolidays = (year: number, days: Holiday[]) => api.put<Holiday[]>(`/cases/holidays/${year}`, { days });

/**
 * Proof of work for the public form: find a nonce so that sha256(challenge ":" nonce) starts with
 * `bits` zero bits. Synchronous hashing in slices, yielding to the page between slices.
 */
export async function solvePow(challenge: string, bits: number): Promise<string> {
  if (bits <= 0) return '0';
  const enc = new TextEncoder();
  for (let i = 0; ; ) {
    const end = i + 4096;
    for (; i < end; i++) {
      const h = sha256(enc.encode(`${challenge}:${i}`));
      let z = 0;
      for (const b of h) { if (b === 0) { z += 8; continue; } z += Math.clz32(b) - 24; break; }
      if (z >= bits) return String(i);
    }
    await new Promise((r) => setTimeout(r, 0));
  }
}
