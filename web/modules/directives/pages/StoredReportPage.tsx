import { Button, Card, Col, Descriptions, Row, Skeleton, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useParams } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { LoadError } from '../../../kernel/guards';
import { api } from '../../../kernel/api';
import { formatDate, formatDateTime } from '../../../kernel/format';
import { useStoredReport } from '../directives.api';
import { ModuleNav } from '../components/ModuleNav';
import { FiguresTable } from '../components/FiguresTable';

/** A generated report: its header, its sections as exported, and the provenance of each figure. */
export default function StoredReportPage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useStoredReport(Number(id));
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  return (
    <>
      <ModuleNav active="reports" />
      <Card size="small" title={r.title} style={{ marginBottom: 12 }}
        extra={r.fileId ? <Button type="primary" icon={<DownloadOutlined />} href={api.url(`/directives/reports/${r.id}/file`)}>{t('directives.report.download', { format: r.format })}</Button> : null}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'u', label: t('directives.col.unit'), children: r.unitName },
          { key: 'p', label: t('directives.report.period'), children: r.period },
          { key: 'n', label: t('directives.f.number'), children: `Số ${r.header.number || '…'}-${r.header.symbol}, ${r.header.place}, ${formatDate(r.header.date)}` },
          { key: 'c', label: t('directives.col.created'), children: `${formatDateTime(r.createdAt)}${r.createdByName ? ` · ${r.createdByName}` : ''}` },
        ]} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={13}>
          <Card size="small" title={t('directives.report.sections')}>
            {r.sections.filter((s) => s.enabled).map((s) => (
              <div key={s.key} style={{ marginBottom: 12 }}>
                {s.title ? <Typography.Text strong>{s.title}</Typography.Text> : null}
                {s.text ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{s.text}</Typography.Paragraph> : null}
              </div>
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card size="small" title={t('directives.report.figures')}><FiguresTable figures={r.figures} /></Card>
        </Col>
      </Row>
    </>
  );
}
