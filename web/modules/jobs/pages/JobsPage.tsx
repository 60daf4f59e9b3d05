import { Card, Empty, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { hasMessage, useT } from '../../../kernel/i18n';
import { formatDateTime } from '../../../kernel/format';
import { JobBar, JobProgress, useJobParam, type Job } from '../../../kernel/jobs';
import { useMyJobs } from '../jobs.api';

export default function JobsPage() {
  const t = useT();
  const [jobId, setJobId] = useJobParam();
  const jobs = useMyJobs();
  const kind = (k: string) => (hasMessage(`jobs.kind.${k}`) ? t(`jobs.kind.${k}`) : k);
  const columns: TableColumnsType<Job> = [
    {
      title: t('jobs.col.job'), key: 'job', width: '34%',
      render: (_: unknown, j) => (
        <div>
          <Typography.Link onClick={() => setJobId(j.id)}>{kind(j.kind)}</Typography.Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>#{j.id} · {formatDateTime(j.createdAt)}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('jobs.col.progress'), key: 'progress', render: (_: unknown, j) => <JobBar job={j} /> },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {jobId ? <JobProgress jobId={jobId} /> : null}
      <Card size="small" title={<Typography.Title level={4} style={{ margin: '6px 0' }}>{t('jobs.title')}</Typography.Title>}>
        <Typography.Paragraph type="secondary">{t('jobs.intro')}</Typography.Paragraph>
        <Table<Job>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={jobs.data ?? []}
          loading={jobs.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('jobs.empty')} /> }}
          data-testid="jobs-table"
        />
      </Card>
    </Space>
  );
}
