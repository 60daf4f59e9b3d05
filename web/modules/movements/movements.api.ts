/** Fetchers and react-query hooks of the movements module. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../kernel/api';
import type {
  Completeness, CreateIndicatorInput, CreateMovementInput, CreateScheduleInput, Dashboard, Flag, FormDetail, FormSummary, Indicator,
  Movement, MovementDetail, SaveFormInput, ValuesResult,
} from '../../../common/movements';

export type { Completeness, Dashboard, Flag, FormDetail, FormSummary, Indicator, Movement, MovementDetail, ValuesResult };
export type Page<T> = { total: number; items: T[] };

export const mvKeys = {
  all: ['movements'] as const,
  movements: (unit?: number) => ['movements', 'list', unit ?? 0] as const,
  movement: (id: number) => ['movements', 'one', id] as const,
  indicators: ['movements', 'indicators'] as const,
  forms: (q: Query) => ['movements', 'forms', q] as const,
  form: (id: number) => ['movements', 'form', id] as const,
  flags: (q: Query) => ['movements', 'flags', q] as const,
};

export const useMovements = (unit?: number) => useQuery({ queryKey: mvKeys.movements(unit), queryFn: () => api.get<Movement[]>('/movements', { unit }) });
export const useMovement = (id: number) => useQuery({ queryKey: mvKeys.movement(id), queryFn: () => api.get<MovementDetail>(`/movements/${id}`) });
export const useIndicators = () => useQuery({ queryKey: mvKeys.indicators, queryFn: () => api.get<Indicator[]>('/indicators'), staleTime: 60_000 });
export const useForms = (q: Query) => useQuery({ queryKey: mvKeys.forms(q), queryFn: () => api.get<Page<FormSummary>>('/reports/forms', q), placeholderData: keepPreviousData });
export const useForm = (id: number) => useQuery({ queryKey: mvKeys.form(id), queryFn: () => api.get<FormDetail>(`/reports/forms/${id}`) });
export const useFlags = (q: Query) => useQuery({ queryKey: mvKeys.flags(q), queryFn: () => api.get<Page<Flag>>('/flags', q), placeholderData: keepPreviousData });
export const useCompleteness = (q: Query, enabled: boolean) =>
  useQuery({ queryKey: ['movements', 'completeness', q], queryFn: () => api.get<Completeness>('/reports/completeness', q), enabled });
export const useDashboard = (q: Query, enabled: boolean) =>
  useQuery({ queryKey: ['movements', 'dashboard', q], queryFn: () => api.get<Dashboard>('/indicators/dashboard', q), enabled, placeholderData: keepPreviousData });
export const useValues = (q: Query, enabled: boolean) =>
  useQuery({ queryKey: ['movements', 'values', q], queryFn: () => api.get<ValuesResult>('/indicators/values', q), enabled, placeholderData: keepPreviousData });

export function useCreateMovement() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: CreateMovementInput) => api.post<MovementDetail>('/movements', b), onSuccess: () => qc.invalidateQueries({ queryKey: ['movements', 'list'] }) });
}
export function useUpdateMovement(id: number) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: Partial<CreateMovementInput> & { version: number }) => api.patch<MovementDetail>(`/movements/${id}`, b),
    onSuccess: (d) => { qc.setQueryData(mvKeys.movement(id), d); void qc.invalidateQueries({ queryKey: ['movements', 'list'] }); } });
}
export function useCreateSchedule(movementId: number) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: CreateScheduleInput) => api.post<{ id: number; created: number }>(`/movements/${movementId}/schedules`, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: mvKeys.movement(movementId) }) });
}
export function useSaveIndicator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id?: number; body: Partial<CreateIndicatorInput> & { version?: number } }) =>
      (b.id ? api.patch<Indicator>(`/indicators/${b.id}`, b.body) : api.post<Indicator>('/indicators', b.body)),
    onSuccess: () => qc.invalidateQueries({ queryKey: mvKeys.indicators }),
  });
}

/** Form actions: each returns the fresh form, put straight into the cache. */
export function useFormAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { action: 'save'; body: SaveFormInput } | { action: 'submit' | 'approve'; body: { version: number; comment?: string | null } }
      | { action: 'return'; body: { version: number; comment: string } } | { action: 'reopen'; body: { version: number; reason: string } }
      | { action: 'attach'; body: { fileId: number; note?: string | null } }) =>
      a.action === 'save' ? api.put<FormDetail>(`/reports/forms/${id}`, a.body)
        : a.action === 'attach' ? api.post<FormDetail>(`/reports/forms/${id}/attachments`, a.body)
          : api.post<FormDetail>(`/reports/forms/${id}/${a.action}`, a.body),
    onSuccess: (d) => {
      qc.setQueryData(mvKeys.form(id), d);
      void qc.invalidateQueries({ queryKey: ['movements', 'forms'] });
      void qc.invalidateQueries({ queryKey: ['movements', 'dashboard'] });
      void qc.invalidateQueries({ queryKey: ['movements', 'values'] });
    },
  });
}
export function useAcceptFlag() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: { id: number; comment: string }) => api.post<Flag>(`/flags/${b.id}/accept`, { comment: b.comment }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['movements'] }); } });
}
export const uploadFile = async (file: File) => {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return api.post<{ id: number; name: string; size: number; mime: string }>('/files', fd);
};
export const remind = (body: { unit: number; movement?: number; period?: string }) => api.post<{ forms: number; notifications: number; emails: number }>('/reports/remind', body);
