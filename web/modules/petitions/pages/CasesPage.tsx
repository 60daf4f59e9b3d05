/** Cases in my scope: filters (remembered), server-side paging, export to .xlsx. */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import { Badge, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useRememberedForm } from '../../../kernel/forms';
import { api } from '../../../kernel/api';
import { formatDate, formatNumber, isoDate } from '../../../kernel/format';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { FilterBlock, usePhone } from '../../../kernel/FilterBlock';
import { useAuth } from '../../../kernel/auth';
import { useCases, useCaseStats, useCategories, type CaseListItem } from '../petitions.api';
import { fold } from '../../../kernel/format';
import { KINDS, STATUSES, STATUS_COLORS, kindText, statusText } from '../components/labels';
import { CasesNav } from '../components/CasesNav';

type Filters = { q?: string; status?: string[]; kind?: string; category?: string; body?: number | null; unit?: number | null; deadline?: string; range?: [unknown, unknown] | null };

export default function CasesPage() {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Filters>();
  const draft = useRememberedForm<Filters>('petitions.filters', form, { exclude: ['range'] });
  const [filters, setFilters] = useState<Filters>(draft.initialValues as Filters);
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const categories = useCategories();
  // Responsible bodies that have cases in my scope (they are often outside my own unit tree).
  const bodies = useCaseStats({ from: '2000-01-01' });
  const query = useMemo(() => ({
    q: filters.q || undefined, status: filters.status?.length ? filters.status.join(',') : undefined, kind: filters.kind, category: filters.category,
    body: filters.body ?? undefined, unit: filters.unit ?? undefined, deadline: filters.deadline,
    from: filters.range?.[0] ? isoDate(filters.range[0] as never) : undefined, to: filters.range?.[1] ? isoDate(filters.range[1] as never) : undefined,
  }), [filters]);
  const q = useCases({ ...query, limit: page.pageSize, offset: (page.current - 1) * page.pageSize });
  const exportUrl = api.url('/cases/export.xlsx', query);
  const phone = usePhone();

  // Status and deadline come right after the code: they are what the list is read for, and they must
  // never be the columns pushed out of sight (at 1280 px they were, behind a sideways scroll).
  const columns = [
    { title: t('petitions.col.code'), dataIndex: 'trackingCode', width: 150, render: (v: string, r: CaseListItem) => <Link to="/cases/$id" params={{ id: String(r.id) }} data-testid="case-link"><Typography.Text code className="dv-nowrap">{v}</Typography.Text></Link> },
    { title: t('petitions.col.status'), dataIndex: 'status', width: 120, render: (v: string) => <Tag color={STATUS_COLORS[v]}>{statusText(t, v)}</Tag> },
    { title: t('petitions.col.due'), dataIndex: 'dueDate', width: 115, render: (v: string | null, r: CaseListItem) => (v ? <Badge status={r.overdue ? 'error' : 'processing'} text={<span className="dv-nowrap">{formatDate(v)}</span>} /> : '—') },
    { title: t('petitions.col.received'), dataIndex: 'receivedAt', width: 105, responsive: ['sm' as const], render: (v: string) => <span className="dv-nowrap">{formatDate(v)}</span> },
    { title: t('petitions.col.kind'), dataIndex: 'kind', width: 130, responsive: ['lg' as const], render: (v: string, r: CaseListItem) => <Space size={4}>{r.confidential ? <Tooltip title={t('petitions.confidential')}><LockOutlined /></Tooltip> : null}{kindText(t, v)}</Space> },
    { title: t('petitions.col.category'), dataIndex: 'categoryName', width: 180, ellipsis: true, responsive: ['xl' as const] },
    { title: t('petitions.col.text'), dataIndex: 'excerpt', ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('petitions.confidentialText')}</Typography.Text> },
    { title: t('petitions.col.place'), dataIndex: 'areaName', width: 180, ellipsis: true, responsive: ['xxl' as const], render: (v: string | null) => v ?? '—' },
    { title: t('petitions.col.body'), dataIndex: 'responsibleUnitName', width: 180, ellipsis: true, responsive: ['xxl' as const], render: (v: string | null) => v ?? <Tag>{t('petitions.notRouted')}</Tag> },
  ];

  return (
    <RequirePermission permission="cases.read">
      <CasesNav />
      <Card size="small" title={t('petitions.list.title')}>
        <Space wrap style={{ marginBottom: 12 }}>
          {can('cases.handle') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate({ to: '/cases/new' })} data-testid="new-case">{t('petitions.list.new')}</Button> : null}
          <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="export-cases">{t('petitions.list.export')}</Button>
        </Space>
        <FilterBlock active={Object.entries(filters).filter(([k, x]) => k !== 'q' && x !== undefined && x !== null && x !== '' && !(Array.isArray(x) && x.length === 0)).length}>
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange}
          onFinish={(v) => { setFilters(v); setPage((p) => ({ ...p, current: 1 })); }}>
          <Row gutter={[8, 0]}>
            <Col xs={24} md={8}><Form.Item name="q" label={t('petitions.filter.q')}><Input allowClear placeholder={t('petitions.filter.qHint')} data-testid="filter-q" /></Form.Item></Col>
            <Col xs={12} md={4}><Form.Item name="status" label={t('petitions.col.status')}><Select mode="multiple" allowClear maxTagCount={1} options={STATUSES.map((s) => ({ value: s, label: statusText(t, s) }))} /></Form.Item></Col>
            <Col xs={12} md={4}><Form.Item name="kind" label={t('petitions.col.kind')}><Select allowClear options={KINDS.map((k) => ({ value: k, label: kindText(t, k) }))} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="category" label={t('petitions.col.category')}><Select allowClear options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="body" label={t('petitions.filter.body')}>
              <Select allowClear showSearch loading={bodies.isLoading} filterOption={(input, o) => fold(String(o?.label ?? '')).includes(fold(input))}
                options={(bodies.data?.byBody ?? []).map((b) => ({ value: b.unitId, label: b.name }))} />
            </Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="unit" label={t('petitions.filter.unit')}><UnitPickerInput /></Form.Item></Col>
            <Col xs={12} md={4}><Form.Item name="deadline" label={t('petitions.filter.deadline')}><Select allowClear options={[{ value: 'overdue', label: t('petitions.filter.overdue') }, { value: 'near', label: t('petitions.filter.near') }]} data-testid="filter-deadline" /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="range" label={t('petitions.filter.range')}><DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="filter-apply">{t('petitions.filter.apply')}</Button>
            <Button icon={<ReloadOutlined />} onClick={() => { form.resetFields(); draft.clear(); setFilters({}); }}>{t('petitions.filter.reset')}</Button>
          </Space>
        </Form>
        </FilterBlock>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Table<CaseListItem>
          rowKey="id" size="small" columns={columns} dataSource={q.data?.items ?? []} loading={q.isFetching} scroll={phone ? { x: 560 } : undefined} data-testid="cases-table"
          pagination={{ ...page, total: q.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => (q.data?.totalCapped ? t('petitions.list.totalCapped', { n: formatNumber(n) }) : t('petitions.list.total', { n: formatNumber(n) })),
            onChange: (current, pageSize) => setPage({ current, pageSize }) }}
          onRow={(r) => ({ onDoubleClick: () => void navigate({ to: '/cases/$id', params: { id: String(r.id) } }) })}
        />
      </Card>
    </RequirePermission>
  );
}
