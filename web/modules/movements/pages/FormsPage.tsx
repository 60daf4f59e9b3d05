/** Forms: mine to fill, waiting for my approval, or all in scope — filter by unit, movement, period, status. */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { Badge, Button, Card, Col, Form, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ImportValues } from '../components/ImportValues';
import { PeriodSelect } from '../components/PeriodSelect';
import { FilterBlock } from '../../../kernel/FilterBlock';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatDate, formatNumber } from '../../../kernel/format';
import { useRememberedForm } from '../../../kernel/forms';
import { useCurrentUnit } from '../../../kernel/units';
import { exportRows } from '../../../kernel/export';
import { useForms, useMovements, type FormSummary } from '../movements.api';
import { Nav } from '../components/Nav';
import { StatusTag } from '../components/labels';

type Filters = { unit?: number | null; movement?: number; period?: string; status?: string };
/** The unit is the app's current unit (URL and header picker), not a filter of its own: the other filters are remembered here. */
const withoutUnit = ({ unit: _u, ...rest }: Filters): Filters => rest;

export default function FormsPage() {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { view?: string; movement?: number };
  const [view, setView] = useState<string>(search.view ?? (can('reports.fill') ? 'mine' : 'all'));
  const [form] = Form.useForm<Filters>();
  const draft = useRememberedForm<Filters>('movements.forms.filters', form);
  const { unitId, setUnitId } = useCurrentUnit();
  const [filters, setFilters] = useState<Filters>({ ...withoutUnit((draft.initialValues ?? {}) as Filters), ...(search.movement ? { movement: search.movement } : {}) });
  // The header's unit (or a link's ?unit=) is the list's unit; the filter field shows it.
  useEffect(() => { form.setFieldValue('unit', unitId ?? null); setPage((p) => ({ ...p, current: 1 })); }, [form, unitId]);
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const movements = useMovements();
  const query = useMemo(() => ({ view, unit: unitId, movement: filters.movement, period: filters.period || undefined, status: filters.status,
    limit: page.pageSize, offset: (page.current - 1) * page.pageSize }), [view, unitId, filters, page]);
  const list = useForms(query);
  const [importing, setImporting] = useState(false);
  const columns = [
    { title: t('movements.col.unit'), key: 'unit', render: (_: unknown, f: FormSummary) => (
      <div>
        <Link to="/movements/forms/$id" params={{ id: String(f.id) }} data-testid={`form-link-${f.unitCode}`}>{f.unitName}</Link>
        {/* Whose "thôn 1" it is: the unit above (the commune's committee) under the name. */}
        {f.parentUnitName ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="form-parent">{t('movements.under', { name: f.parentUnitName })}</Typography.Text></div> : null}
        <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.movementName}</Typography.Text></div>
        <div className="dv-show-mobile"><Typography.Text type="secondary" style={{ fontSize: 12 }} className="dv-nowrap">{f.periodLabel}</Typography.Text></div>
      </div>) },
    { title: t('movements.col.period'), dataIndex: 'periodLabel', width: 120, responsive: ['sm' as const] },
    { title: t('movements.col.due'), dataIndex: 'dueOn', width: 110, responsive: ['md' as const], render: (v: string, f: FormSummary) => <Badge status={f.late && f.status !== 'approved' ? 'error' : 'default'} text={formatDate(v)} /> },
    { title: t('movements.col.status'), dataIndex: 'status', width: 120, render: (v: string, f: FormSummary) => <Space size={2} wrap><StatusTag t={t} status={v} />{f.openFlags ? <Tag color="red">{t('movements.flagsN', { n: f.openFlags })}</Tag> : null}</Space> },
  ];
  return (
    <RequirePermission permission="movements.read">
      <Nav active="forms" />
      <Card size="small" title={t('movements.forms.title')} extra={<Space wrap>
        {can('reports.fill') ? <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-values">{t('movements.import.title')}</Button> : null}
        <Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: 'bieu-mau-bao-cao', rows: list.data?.items ?? [], columns: [
          { header: t('movements.col.unit'), value: (f) => f.unitName }, { header: t('movements.col.unitCode'), value: (f) => f.unitCode },
          { header: t('movements.col.movement'), value: (f) => f.movementName }, { header: t('movements.col.period'), value: (f) => f.periodLabel },
          { header: t('movements.col.due'), value: (f) => formatDate(f.dueOn) }, { header: t('movements.col.status'), value: (f) => t(`movements.status.${f.status}`) },
          { header: t('movements.col.submittedAt'), value: (f) => (f.submittedAt ? formatDate(f.submittedAt) : '') }, { header: t('movements.col.flags'), value: (f) => f.openFlags }] })}>{t('movements.export')}</Button></Space>}>
        <Segmented value={view} onChange={(v) => { setView(String(v)); setPage((p) => ({ ...p, current: 1 })); }} style={{ marginBottom: 12 }} data-testid="forms-view"
          options={[...(can('reports.fill') ? [{ value: 'mine', label: t('movements.forms.mine') }] : []), ...(can('reports.approve') ? [{ value: 'inbox', label: t('movements.forms.inbox') }] : []), { value: 'all', label: t('movements.forms.all') }]} />
        <FilterBlock active={Object.values(filters).filter((x) => x !== undefined && x !== null && x !== '').length}>
        <Form form={form} layout="vertical" initialValues={{ ...withoutUnit((draft.initialValues ?? {}) as Filters), unit: unitId ?? null }} onValuesChange={(c, all) => draft.onValuesChange(withoutUnit(c), withoutUnit(all))}
          onFinish={(v) => { setFilters(withoutUnit(v)); if ((v.unit ?? undefined) !== unitId) setUnitId(v.unit); setPage((p) => ({ ...p, current: 1 })); }}>
          <Row gutter={[8, 0]}>
            <Col xs={24} md={7}><Form.Item name="unit" label={t('movements.col.unit')}><UnitPickerInput /></Form.Item></Col>
            <Col xs={24} md={7}><Form.Item name="movement" label={t('movements.col.movement')}><Select allowClear options={(movements.data ?? []).map((m) => ({ value: m.id, label: m.name }))} /></Form.Item></Col>
            <Col xs={12} md={5}><Form.Item name="period" label={t('movements.col.period')}><PeriodSelect /></Form.Item></Col>
            <Col xs={12} md={5}><Form.Item name="status" label={t('movements.col.status')}><Select allowClear options={['draft', 'submitted', 'approved', 'returned'].map((s) => ({ value: s, label: t(`movements.status.${s}`) }))} /></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit">{t('movements.filter.apply')}</Button>
            <Button icon={<ReloadOutlined />} onClick={() => { form.resetFields(); form.setFieldValue('unit', unitId ?? null); draft.clear(); setFilters({}); }}>{t('movements.filter.reset')}</Button>
          </Space>
        </Form>
        </FilterBlock>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Table<FormSummary> rowKey="id" size="small" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} data-testid="forms-table"
          onRow={(f) => ({ onDoubleClick: () => void navigate({ to: '/movements/forms/$id', params: { id: String(f.id) } } as never) })}
          pagination={{ ...page, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('movements.total', { n: formatNumber(n) }), onChange: (current, pageSize) => setPage({ current, pageSize }) }} />
      </Card>
      {importing ? <ImportValues onClose={() => setImporting(false)} /> : null}
    </RequirePermission>
  );
}
