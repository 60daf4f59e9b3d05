import { useState } from 'react';
import { Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from '@tanstack/react-router';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit } from '../../../kernel/units';
import { formatDate } from '../../../kernel/format';
import { useDirectives, type DirectiveSummary } from '../directives.api';
import { DirectiveForm } from '../components/DirectiveForm';
import { ModuleNav } from '../components/ModuleNav';
import { NumberInput } from '../../../kernel/NumberInput';

export default function DirectivesPage() {
  const t = useT();
  const { can } = useAuth();
  const { unitId } = useCurrentUnit();
  const [q, setQ] = useState('');
  const [year, setYear] = useState<number | null>(null);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [creating, setCreating] = useState(false);
  const list = useDirectives({ q: q || undefined, year: year ?? undefined, ...page });
  return (
    <RequirePermission permission="directives.read">
      <ModuleNav active="directives" />
      <Card size="small" title={t('directives.listTitle')}
        extra={can('directives.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-directive">{t('directives.new')}</Button> : null}>
        <div className="dv-toolbar">
          <Input.Search className="dv-grow" allowClear placeholder={t('directives.search')} onSearch={(v) => { setQ(v); setPage((p) => ({ ...p, offset: 0 })); }} aria-label={t('directives.search')} />
          <NumberInput compact kind="count" grouping={false} placeholder={t('directives.year')} min={1990} max={2100} value={year} onValue={(v) => setYear(v)} aria-label={t('directives.year')} style={{ width: 110 }} />
        </div>
        <Table<DirectiveSummary>
          rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []}
          pagination={{ total: list.data?.total ?? 0, pageSize: page.limit, current: page.offset / page.limit + 1, onChange: (p, s) => setPage({ limit: s, offset: (p - 1) * s }), showSizeChanger: true }}
          columns={[
            { title: t('directives.col.number'), key: 'n', width: 130, render: (_, d) => d.numberSymbol || <Typography.Text type="secondary">{t('directives.noNumber')}</Typography.Text> },
            { title: t('directives.col.date'), dataIndex: 'issuedOn', width: 110, responsive: ['md'], render: (v: string | null) => (v ? formatDate(v) : '—') },
            {
              title: t('directives.col.title'), key: 'title',
              render: (_, d) => (
                <div>
                  <Link to="/directives/$id" params={{ id: String(d.id) }} search={unitId ? { unit: unitId } : undefined} data-testid={`directive-link-${d.id}`}>{d.title}</Link>
                  <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.issuingBody} · {d.issuerUnitName}</Typography.Text></div>
                </div>
              ),
            },
            {
              title: t('directives.col.tasks'), key: 'tasks', width: 150,
              render: (_, d) => (
                <Space size={4} wrap>
                  <Tag>{t('directives.doneOf', { done: d.doneCount, total: d.taskCount })}</Tag>
                  {d.overdueCount ? <Tag color="error">{t('directives.overdueN', { n: d.overdueCount })}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? <DirectiveForm open onClose={() => setCreating(false)} issuerUnitId={unitId} /> : null}
    </RequirePermission>
  );
}
