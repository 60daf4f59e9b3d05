/** Fetchers and react-query hooks of the directives module. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, ApiError, type Query } from '../../kernel/api';
import { getLang } from '../../kernel/i18n';
import type {
  DirectiveDetail, DirectiveSummary, Task, TaskListQuery, Program, ReportDraft, ReportHeader, ReportSection, ReportKind,
  zTaskTable, zTaskReport, zTimelineEvent, zCoverage, zSession, zStoredReport, zStoredReportDetail, zFigureValue,
  CreateDirectiveInput, ProgressInput, TaskInput, SessionInput, ProgramInput, zReviewInput, zClauseUpdateInput,
} from '../../../common/directives';

export type { DirectiveDetail, DirectiveSummary, Task, Program, ReportDraft, ReportHeader, ReportSection, ReportKind };
export type TaskTable = z.infer<typeof zTaskTable>;
export type TaskReport = z.infer<typeof zTaskReport>;
export type TimelineEvent = z.infer<typeof zTimelineEvent>;
export type Coverage = z.infer<typeof zCoverage>;
export type Session = z.infer<typeof zSession>;
export type StoredReport = z.infer<typeof zStoredReport>;
export type StoredReportDetail = z.infer<typeof zStoredReportDetail>;
export type FigureValue = z.infer<typeof zFigureValue>;
export type ProgramListItem = Omit<Program, 'parties' | 'clauses' | 'reviews' | 'reviewsDue' | 'canManage' | 'body'> & { parties: string; clauseCount: number; clauseDone: number; lastReviewYear: number | null };

export const dKeys = {
  all: ['directives'] as const,
  list: (q: Query) => ['directives', 'list', q] as const,
  detail: (id: number) => ['directives', 'detail', id] as const,
  timeline: (id: number) => ['directives', 'timeline', id] as const,
  coverage: (id: number) => ['directives', 'coverage', id] as const,
  tasks: (q: Query) => ['directives', 'tasks', q] as const,
  task: (id: number) => ['directives', 'task', id] as const,
  programs: (q: Query) => ['directives', 'programs', q] as const,
  program: (id: number) => ['directives', 'program', id] as const,
  reports: ['directives', 'reports'] as const,
  report: (id: number) => ['directives', 'report', id] as const,
};

export const useDirectives = (q: Query) => useQuery({ queryKey: dKeys.list(q), queryFn: () => api.get<{ total: number; items: DirectiveSummary[] }>('/directives', q), placeholderData: (p) => p });
export const useDirective = (id: number) => useQuery({ queryKey: dKeys.detail(id), queryFn: () => api.get<DirectiveDetail>(`/directives/${id}`), retry: false });
export const useTimeline = (id: number) => useQuery({ queryKey: dKeys.timeline(id), queryFn: () => api.get<TimelineEvent[]>(`/directives/${id}/timeline`) });
export const useCoverage = (id: number) => useQuery({ queryKey: dKeys.coverage(id), queryFn: () => api.get<Coverage>(`/directives/${id}/dissemination`) });
export const useTasks = (q: Partial<TaskListQuery>) => useQuery({ queryKey: dKeys.tasks(q as Query), queryFn: () => api.get<TaskTable>('/tasks', q as Query), placeholderData: (p) => p });
export const useTask = (id: number) => useQuery({ queryKey: dKeys.task(id), queryFn: () => api.get<Task & { reports: TaskReport[] }>(`/tasks/${id}`), retry: false });
export const usePrograms = (q: Query) => useQuery({ queryKey: dKeys.programs(q), queryFn: () => api.get<{ total: number; items: ProgramListItem[] }>('/programs', q), placeholderData: (p) => p });
export const useProgram = (id: number) => useQuery({ queryKey: dKeys.program(id), queryFn: () => api.get<Program>(`/programs/${id}`), retry: false });
export const useStoredReports = () => useQuery({ queryKey: dKeys.reports, queryFn: () => api.get<{ total: number; items: StoredReport[] }>('/directives/reports', { limit: 50 }) });
export const useStoredReport = (id: number) => useQuery({ queryKey: dKeys.report(id), queryFn: () => api.get<StoredReportDetail>(`/directives/reports/${id}`), retry: false });

/** Every mutation refreshes the module's cached reads. */
function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: dKeys.all }) });
}

export const useCreateDirective = () => useInvalidating((v: CreateDirectiveInput) => api.post<DirectiveDetail>('/directives', v));
export const useAcknowledge = (id: number) => useInvalidating((unitId: number) => api.post<DirectiveDetail>(`/directives/${id}/acknowledge`, { unitId }));
export const useRemind = (id: number) => useInvalidating(() => api.post<{ reminded: number }>(`/directives/${id}/remind`, {}));
export const useAddTask = (id: number) => useInvalidating((v: TaskInput) => api.post<Task>(`/directives/${id}/tasks`, v));
export const useCancelTask = () => useInvalidating((v: { id: number; version: number }) => api.patch<Task>(`/tasks/${v.id}`, { version: v.version, status: 'cancelled' }));
export const useReportProgress = (taskId: number) => useInvalidating((v: ProgressInput) => api.post<TaskReport>(`/tasks/${taskId}/reports`, v));
export const useAddSession = (id: number) => useInvalidating((v: SessionInput) => api.post<Session>(`/directives/${id}/sessions`, v));
export const useDeleteSession = (id: number) => useInvalidating((sid: number) => api.del(`/directives/${id}/sessions/${sid}`));
export const useCreateProgram = () => useInvalidating((v: ProgramInput) => api.post<Program>('/programs', v));
export const useUpdateClause = (id: number) => useInvalidating((v: { clauseId: number } & z.infer<typeof zClauseUpdateInput>) => {
  const { clauseId, ...body } = v;
  return api.patch<Program>(`/programs/${id}/clauses/${clauseId}`, body);
});
export const useAddReview = (id: number) => useInvalidating((v: z.input<typeof zReviewInput>) => api.post<Program>(`/programs/${id}/reviews`, v));
export const previewReport = (v: { unitId: number; kind: ReportKind; period: string; header?: Partial<ReportHeader>; sections?: ReportSection[] }) =>
  api.post<ReportDraft>('/directives/reports/preview', v);

/** Save a file the browser received (a POST that returns a document). */
function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POST /api/reports/generate and save the file; returns the stored report's id. */
export async function generateReport(v: { unitId: number; kind: ReportKind; period: string; format: 'docx' | 'xlsx'; header?: Partial<ReportHeader>; sections?: ReportSection[] }): Promise<number> {
  const res = await fetch('/api/reports/generate', {
    method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-Lang': getLang() }, body: JSON.stringify(v),
  });
  if (!res.ok) {
    const b = await res.json().catch(() => ({}));
    throw new ApiError(res.status, b.code ?? `HTTP_${res.status}`, b.message ?? '', b.details ?? {});
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `bao-cao.${v.format}`;
  saveBlob(await res.blob(), name);
  return Number(res.headers.get('x-report-id'));
}

export const taskExportUrl = (q: Partial<TaskListQuery>) => api.url('/tasks/export.xlsx', q as Query);
