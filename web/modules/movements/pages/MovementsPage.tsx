/** Movements and campaigns reaching my units; create one (managers). */
import { useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, App } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { getLang, useT } from '../../../kernel/i18n';
import { organizationShort } from '../../../../common/organizations';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatDate, fold, isoDate } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { exportRows } from '../../../kernel/export';
import { useCreateMovement, useIndicators, useMovements, type Movement } from '../movements.api';
import { Nav } from '../components/Nav';

const ORGS = ['MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN', 'BTGDV'];

export default function MovementsPage() {
  const t = useT();
  const { can } = useAuth();
  const { unitId } = useCurrentUnit();
  const list = useMovements();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => (list.data ?? []).filter((m) => !q || fold(`${m.name} ${m.code} ${m.leadUnitName}`).includes(fold(q))), [list.data, q]);
  const columns = [
    { title: t('movements.col.name'), key: 'name', render: (_: unknown, m: Movement) => (
      <div>
        <Link to="/movements/$id" params={{ id: String(m.id) }} search={unitId ? { unit: unitId } : undefined} data-testid={`movement-${m.code}`}>{m.name}</Link>
        <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.code} · {m.leadUnitName}</Typography.Text></div>
      </div>) },
    { title: t('movements.col.kind'), dataIndex: 'kind', width: 120, responsive: ['md' as const], render: (v: string) => <Tag>{t(`movements.kind.${v}`)}</Tag> },
    { title: t('movements.col.period'), key: 'p', width: 190, responsive: ['md' as const], render: (_: unknown, m: Movement) => `${formatDate(m.startsOn)} – ${m.endsOn ? formatDate(m.endsOn) : '…'}` },
    { title: t('movements.col.indicators'), dataIndex: 'indicatorCount', width: 90, responsive: ['sm' as const] },
    { title: t('movements.col.forms'), key: 'f', width: 120, render: (_: unknown, m: Movement) => t('movements.approvedOf', { a: m.approvedCount, n: m.formCount }) },
  ];
  return (
    <RequirePermission permission="movements.read">
      <Nav active="movements" />
      <Card size="small" title={t('movements.list.title')} extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: 'phong-trao', columns: [
            { header: t('movements.col.code'), value: (m) => m.code }, { header: t('movements.col.name'), value: (m) => m.name },
            { header: t('movements.col.lead'), value: (m) => m.leadUnitName }, { header: t('movements.col.kind'), value: (m) => t(`movements.kind.${m.kind}`) },
            { header: t('movements.col.start'), value: (m) => formatDate(m.startsOn) }, { header: t('movements.col.indicators'), value: (m) => m.indicatorCount },
            { header: t('movements.col.formsTotal'), value: (m) => m.formCount }, { header: t('movements.col.approved'), value: (m) => m.approvedCount }], rows })}>{t('movements.export')}</Button>
          {can('movements.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-movement">{t('movements.list.new')}</Button> : null}
        </Space>}>
        <div className="dv-toolbar" style={{ marginBottom: 8 }}>
          <Input.Search allowClear placeholder={t('movements.list.search')} onChange={(e) => setQ(e.target.value)} aria-label={t('movements.list.search')} />
        </div>
        <Table<Movement> rowKey="id" size="small" loading={list.isFetching} dataSource={rows} columns={columns} pagination={{ pageSize: 20 }} />
      </Card>
      {creating ? <CreateMovement onClose={() => setCreating(false)} leadUnitId={unitId} /> : null}
    </RequirePermission>
  );
}

type MovementForm = { code: string; name: string; kind: 'movement' | 'campaign'; leadUnitId: number | null; organizations: string[]; range: [unknown, unknown] | null; goals?: string; description?: string; indicators: string[] };

function CreateMovement({ onClose, leadUnitId }: { onClose: () => void; leadUnitId?: number }) {
  const t = useT();
  const [form] = Form.useForm<MovementForm>();
  const draft = useRememberedForm<MovementForm>('movements.create', form, { defaults: { kind: 'movement', leadUnitId: leadUnitId ?? null, organizations: [], indicators: [] }, exclude: ['range'] });
  const create = useCreateMovement();
  const indicators = useIndicators();
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  return (
    <Modal open title={t('movements.list.new')} onCancel={onClose} okText={t('movements.save')} confirmLoading={create.isPending} onOk={() => form.submit()} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange}
        onFinish={async (v) => {
          try {
            await create.mutateAsync({ code: v.code, name: v.name, kind: v.kind, leadUnitId: v.leadUnitId!, organizations: v.organizations ?? [],
              startsOn: isoDate(v.range?.[0] as never) ?? '', endsOn: isoDate(v.range?.[1] as never) ?? null, goals: v.goals || null, description: v.description || null, indicators: v.indicators ?? [] });
            draft.clear();
            void message.success(t('movements.created'));
            onClose();
          } catch (e) {
            onError(e, { form, rename: { startsOn: 'range', endsOn: 'range' } });
          }
        }}>
        <Form.Item name="name" label={t('movements.col.name')} rules={[{ required: true, min: 3 }]}><Input placeholder="Chung sức xây dựng nông thôn mới" /></Form.Item>
        <Space.Compact block>
          <Form.Item name="code" label={t('movements.col.code')} rules={[{ required: true }]} style={{ width: '50%' }}><Input placeholder="CS-NTM" /></Form.Item>
          <Form.Item name="kind" label={t('movements.col.kind')} style={{ width: '50%' }}><Select options={[{ value: 'movement', label: t('movements.kind.movement') }, { value: 'campaign', label: t('movements.kind.campaign') }]} /></Form.Item>
        </Space.Compact>
        <Form.Item name="leadUnitId" label={t('movements.col.lead')} rules={[{ required: true }]} extra={t('movements.form.leadHint')}><UnitPickerInput /></Form.Item>
        <Form.Item name="organizations" label={t('movements.form.organizations')}><Select mode="multiple" options={ORGS.map((o) => ({ value: o, label: organizationShort(o, getLang()) }))} /></Form.Item>
        <Form.Item name="range" label={t('movements.col.period')} rules={[{ required: true }]}><DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[false, true]} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="indicators" label={t('movements.form.indicators')}><Select mode="multiple" optionFilterProp="label" options={(indicators.data ?? []).map((i) => ({ value: i.code, label: `${i.code} — ${i.name}` }))} /></Form.Item>
        <Form.Item name="goals" label={t('movements.form.goals')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="description" label={t('movements.form.description')}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}
