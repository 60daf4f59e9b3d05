/** Small shared pieces: status tags, number-symbol, date helpers for forms. */
import { Progress, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../../kernel/i18n';
import { formatDate } from '../../../kernel/format';
import type { Task } from '../directives.api';

const STATUS_COLOR: Record<string, string> = { not_started: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' };

export function TaskStatus({ task }: { task: Pick<Task, 'status' | 'overdue' | 'atRisk'> }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOR[task.status]}>{t(`directives.status.${task.status}`)}</Tag>
      {task.overdue ? <Tag color="error" data-testid="tag-overdue">{t('directives.overdue')}</Tag> : null}
      {task.atRisk ? <Tag color="warning">{t('directives.atRisk')}</Tag> : null}
    </Space>
  );
}

export function Percent({ value, status }: { value: number; status?: string }) {
  return <Progress percent={value} size="small" status={status === 'done' ? 'success' : undefined} style={{ minWidth: 90, margin: 0 }} />;
}

export function Deadline({ task }: { task: Pick<Task, 'deadline' | 'recurrence' | 'dueMonthDay' | 'kind' | 'periodYear'> }) {
  const t = useT();
  if (task.kind === 'series') return <>{t('directives.yearlyOn', { day: task.dueMonthDay ? `${task.dueMonthDay.slice(3)}/${task.dueMonthDay.slice(0, 2)}` : '' })}</>;
  return <>{task.deadline ? formatDate(task.deadline) : t('directives.noDeadline')}{task.periodYear ? <Tag style={{ marginLeft: 6 }}>{task.periodYear}</Tag> : null}</>;
}

/** dayjs (from a DatePicker) → "YYYY-MM-DD", or null. */
export const iso = (d: Dayjs | string | null | undefined): string | null => (d ? dayjs(d).format('YYYY-MM-DD') : null);
export const thisYear = () => new Date().getFullYear();
