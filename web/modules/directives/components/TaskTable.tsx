import { Table, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { Link } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import type { Task } from '../directives.api';
import { Deadline, Percent, TaskStatus } from './bits';

/** Tasks with their lead and coordinating units, deadline, status and progress; each opens its page. */
export function TaskTable({ tasks, loading, pagination, showDirective }: { tasks: Task[]; loading?: boolean; pagination?: TablePaginationConfig | false; showDirective?: boolean }) {
  const t = useT();
  return (
    <Table<Task>
      rowKey="id" size="small" loading={loading} dataSource={tasks} pagination={pagination ?? false}
      rowClassName={(r) => (r.kind === 'series' ? 'dv-tree-muted' : '')}
      columns={[
        ...(showDirective ? [{ title: t('directives.col.number'), key: 'd', width: 110, responsive: ['lg' as const], render: (_: unknown, x: Task) => x.directiveNumber || x.directiveTitle.slice(0, 40) }] : []),
        { title: '#', dataIndex: 'ordinal', width: 56 },
        {
          title: t('directives.col.task'), key: 'title',
          render: (_, x) => (
            <div>
              <Link to="/tasks/$id" params={{ id: String(x.id) }} data-testid={`task-link-${x.id}`}>{x.title.length > 220 ? x.title.slice(0, 220) + '…' : x.title}</Link>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('directives.leadShort')}: {x.leadUnitName}{x.coordinators.length ? ` · ${t('directives.coordShort')}: ${x.coordinators.map((c) => c.unitName).join('; ')}` : ''}
              </Typography.Text></div>
            </div>
          ),
        },
        { title: t('directives.col.deadline'), key: 'deadline', width: 130, render: (_, x) => <Deadline task={x} /> },
        { title: t('directives.col.status'), key: 'status', width: 170, render: (_, x) => (x.kind === 'series' ? <Typography.Text type="secondary">{t('directives.rec.yearly')}</Typography.Text> : <TaskStatus task={x} />) },
        { title: t('directives.col.progress'), key: 'percent', width: 130, responsive: ['sm'], render: (_, x) => (x.kind === 'series' ? null : <Percent value={x.percent} status={x.status} />) },
      ]}
    />
  );
}
