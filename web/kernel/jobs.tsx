/**
 * Background jobs (imports, exports, reports) as the user sees them.
 *
 *   const [jobId, setJobId] = useJobParam();          // ?job=ID in the URL: survives a reload
 *   const job = await api.post<Job>('/members/import', form); setJobId(job.id);
 *   {jobId ? <JobProgress jobId={jobId} onDone={(j) => refetch()} /> : null}
 *
 * `<JobProgress>` polls GET /api/jobs/:id every second until the job is done or failed, shows a
 * progress bar with the job's message, the error if it failed, and a download button when the
 * job produced a file.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Alert, Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Job } from '../../common/core';
import { api, isApiError } from './api';
import { useT, type TFunction } from './i18n';
import { formatDateTime, formatNumber } from './format';

export type { Job };
export const jobKeys = {
  all: ['jobs'] as const,
  mine: ['jobs', 'mine'] as const,
  one: (id: number) => ['jobs', 'one', id] as const,
};

export const fetchJob = (id: number) => api.get<Job>(`/jobs/${id}`);
export const fetchMyJobs = () => api.get<Job[]>('/jobs');
export const jobFileUrl = (id: number) => api.url(`/jobs/${id}/file`);
export const isJobActive = (j: Pick<Job, 'status'>) => j.status === 'queued' || j.status === 'running';

const STATUS_COLOR: Record<Job['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

export function JobStatusTag({ status }: { status: Job['status'] }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`job.status.${status}`)}</Tag>;
}

export function jobPercent(j: Job): number {
  if (j.status === 'done') return 100;
  if (!j.progressTotal) return 0;
  return Math.min(100, Math.floor((j.progressDone / j.progressTotal) * 100));
}

export function jobProgressText(j: Job, t: TFunction): string {
  return j.progressTotal
    ? t('job.progress', { done: formatNumber(j.progressDone), total: formatNumber(j.progressTotal) })
    : t('job.progressNoTotal', { done: formatNumber(j.progressDone) });
}

/** A job's progress bar with its message and, when finished, the error or the file to download. */
export function JobBar({ job }: { job: Job }) {
  const t = useT();
  const status = job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active';
  return (
    <div data-testid={`job-${job.id}`} data-status={job.status}>
      <Progress percent={jobPercent(job)} status={status} size="small" />
      <Space wrap size={[8, 4]} style={{ fontSize: 13 }}>
        <JobStatusTag status={job.status} />
        {/* A job that says what it counts (rows, files) says it in its message; the raw numbers may be
            bytes of the file read (an import), which must not pass for rows. */}
        {job.message ? null : <Typography.Text type="secondary">{jobProgressText(job, t)}</Typography.Text>}
        {job.message ? <Typography.Text>{job.message}</Typography.Text> : null}
      </Space>
      {job.status === 'failed' && job.error ? <Alert type="error" showIcon title={job.error} style={{ marginTop: 8 }} /> : null}
      {job.resultFileId ? (
        <div style={{ marginTop: 8 }}>
          <Button type="primary" icon={<DownloadOutlined />} href={jobFileUrl(job.id)}>{t('job.download')}</Button>
        </div>
      ) : null}
    </div>
  );
}

export function useJob(jobId: number | null | undefined) {
  return useQuery({
    queryKey: jobKeys.one(jobId ?? 0),
    queryFn: () => fetchJob(jobId!),
    enabled: !!jobId,
    retry: (n, e) => !(isApiError(e) && e.status < 500) && n < 3,
    refetchInterval: (q) => (q.state.data && !isJobActive(q.state.data) ? false : q.state.error ? false : 1000),
    refetchIntervalInBackground: true,
  });
}

export type JobProgressProps = {
  jobId: number;
  /** Called once when the job ends (done or failed). */
  onDone?: (job: Job) => void;
  /** Wrap in a card with the job's title (default true). */
  card?: boolean;
  title?: React.ReactNode;
};

export function JobProgress({ jobId, onDone, card = true, title }: JobProgressProps) {
  const t = useT();
  const q = useJob(jobId);
  const notified = useRef<number | null>(null);
  useEffect(() => {
    if (q.data && !isJobActive(q.data) && notified.current !== jobId) {
      notified.current = jobId;
      onDone?.(q.data);
    }
  }, [q.data, jobId, onDone]);
  const body = q.isError ? (
    <Alert type="warning" showIcon title={isApiError(q.error) && q.error.isNotFound ? t('job.notFound', { id: jobId }) : q.error.message} />
  ) : q.data ? <JobBar job={q.data} /> : <Progress percent={0} size="small" status="active" />;
  if (!card) return body;
  return (
    <Card size="small" title={title ?? t('job.title', { id: jobId })} extra={q.data ? <Typography.Text type="secondary">{formatDateTime(q.data.createdAt)}</Typography.Text> : null}>
      {body}
    </Card>
  );
}

/** The job id kept in the URL (`?job=ID` by default) so the progress survives a reload. */
export function useJobParam(name = 'job'): [number | undefined, (id: number | null | undefined) => void] {
  const search = useSearch({ strict: false }) as Record<string, unknown>;
  const navigate = useNavigate();
  const raw = search[name];
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const set = useCallback((v: number | null | undefined) => {
    void navigate({ to: '.', search: (prev: Record<string, unknown>) => ({ ...prev, [name]: v ?? undefined }) } as never);
  }, [navigate, name]);
  return [id, set];
}
