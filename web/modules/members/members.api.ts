/** Member registry: fetchers and react-query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateMemberInput, ImportOptions, ImportPreview, MemberDetail, MemberListQuery, OrgRules, RatingSheet, UpdateMemberInput,
  zGatheringRow, zMemberList, zRatingSummary, zStats, zTransfer,
} from '../../../common/members';
import { api, request } from '../../kernel/api';

export type MemberList = z.infer<typeof zMemberList>;
export type RatingSummary = z.infer<typeof zRatingSummary>;
export type GatheringRow = z.infer<typeof zGatheringRow>;
export type Transfer = z.infer<typeof zTransfer>;
export type Stats = z.infer<typeof zStats>;
export type { MemberDetail, ImportPreview, OrgRules, RatingSheet };
/** One organization's rules as GET /members/rules returns them (the rating scale always filled in). */
export type OrgRulesRow = { organizationCode: string; organizationName: string; rules: OrgRules };

export const memberKeys = {
  all: ['members'] as const,
  list: (q: Partial<MemberListQuery>) => ['members', 'list', q] as const,
  one: (id: number) => ['members', 'one', id] as const,
  ratings: (unit: number, year: number) => ['members', 'ratings', unit, year] as const,
  ratingSheet: (unit: number, year: number) => ['members', 'ratingSheet', unit, year] as const,
  rules: ['members', 'rules'] as const,
  gathering: (unit: number, year: number) => ['members', 'gathering', unit, year] as const,
  transfers: (direction: string) => ['members', 'transfers', direction] as const,
  stats: (unit: number) => ['members', 'stats', unit] as const,
};

type Q = Record<string, string | number | boolean | null | undefined>;
export const useMemberList = (q: Partial<MemberListQuery>) =>
  useQuery({ queryKey: memberKeys.list(q), queryFn: () => api.get<MemberList>('/members', q as Q), placeholderData: (p) => p, retry: false });
export const useMember = (id: number) => useQuery({ queryKey: memberKeys.one(id), queryFn: () => api.get<MemberDetail>(`/members/${id}`), retry: false });
export const useRatings = (unit: number | undefined, year: number) =>
  useQuery({ queryKey: memberKeys.ratings(unit ?? 0, year), queryFn: () => api.get<RatingSummary>('/members/ratings', { unit, year }), enabled: !!unit, retry: false });
export const useRatingSheet = (unit: number | undefined, year: number) =>
  useQuery({ queryKey: memberKeys.ratingSheet(unit ?? 0, year), queryFn: () => api.get<RatingSheet>('/members/ratings/sheet', { unit, year }), enabled: !!unit, retry: false });
export const useRules = () => useQuery({ queryKey: memberKeys.rules, queryFn: () => api.get<OrgRulesRow[]>('/members/rules') });
export const useGathering = (unit: number | undefined, year: number) =>
  useQuery({ queryKey: memberKeys.gathering(unit ?? 0, year), queryFn: () => api.get<GatheringRow[]>('/members/gathering', { unit, year }), enabled: !!unit, retry: false });
export const useTransfers = (direction: 'incoming' | 'outgoing') =>
  useQuery({ queryKey: memberKeys.transfers(direction), queryFn: () => api.get<Transfer[]>('/members/transfers', { direction }) });
export const useStats = (unit: number | undefined) =>
  useQuery({ queryKey: memberKeys.stats(unit ?? 0), queryFn: () => api.get<Stats>('/members/stats', { unit }), enabled: !!unit, retry: false });

function useMemberMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }) });
}
export const useCreateMember = () => useMemberMutation((b: CreateMemberInput) => api.post<MemberDetail>('/members', b));
export const useUpdateMember = (id: number) => useMemberMutation((b: UpdateMemberInput) => api.patch<MemberDetail>(`/members/${id}`, b));
export const useLifecycle = (id: number) => useMemberMutation((v: { action: string; body: Record<string, unknown> }) => api.post<MemberDetail>(`/members/${id}/${v.action}`, v.body));
export const useDecideTransfer = () => useMemberMutation((v: { id: number; accept: boolean }) => api.post(`/members/transfers/${v.id}/${v.accept ? 'accept' : 'reject'}`, v.accept ? undefined : {}));
export const useErase = (id: number) => useMemberMutation((reason: string) => api.post(`/members/${id}/erase`, { reason }));
export const useSetEligible = () => useMemberMutation((b: { areaId: number; organizationId: number; year: number; count: number }) => api.put('/members/eligible', b));
export const useSetRules = () => useMemberMutation((v: { code: string; rules: OrgRules }) => api.put<OrgRules>(`/members/rules/${encodeURIComponent(v.code)}`, v.rules));
export const useBulkRate = () => useMemberMutation((b: { year: number; items: { memberId: number; level: string }[] }) => api.post<{ rated: number }>('/members/ratings', b));

export const uploadFile = async (file: File) => {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return request<{ id: number; name: string; size: number }>('POST', '/files', { body: fd });
};
export const previewImport = (b: Partial<ImportOptions>) => api.post<ImportPreview>('/members/import/preview', b);
export const startImport = (b: ImportOptions) => api.post<{ jobId: number }>('/members/import', b);
export const startExport = (q: Partial<MemberListQuery>) => {
  const { limit: _l, offset: _o, ...rest } = q;
  return api.post<{ jobId: number }>('/members/export', rest);
};

/** Data-subject export: a POST that returns a file, saved by the browser. */
export async function downloadSubjectExport(id: number, format: 'json' | 'xlsx') {
  const res = await fetch(api.url(`/members/${id}/subject-export`, { format }), { method: 'POST', credentials: 'include', headers: { 'X-Lang': document.documentElement.lang || 'vi' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = format === 'json' ? new Blob([JSON.stringify(await res.json(), null, 2)], { type: 'application/json' }) : await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `du-lieu-ca-nhan-${id}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
