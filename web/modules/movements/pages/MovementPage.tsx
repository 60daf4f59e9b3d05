/** One movement: goals, its indicator set, its reporting schedules (add one: managers). */
import { useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography, App } from 'antd';
import dayjs from 'dayjs';
import { BarChartOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { RequirePermission, LoadError } from '../../../kernel/guards';
import { getLang, useT } from '../../../kernel/i18n';
import { organizationShort } from '../../../../common/organizations';
import { formatDate, isoDate } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useCreateSchedule, useIndicators, useMovement, useUpdateMovement, type Indicator, type MovementDetail } from '../movements.api';
import { Nav } from '../components/Nav';
import type { CreateScheduleInput } from '../../../../common/movements';
import { NumberInput } from '../../../kernel/NumberInput';

export default function MovementPage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const m = useMovement(Number(id));
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  if (m.error) return <LoadError error={m.error} onRetry={() => void m.refetch()} />;
  const d = m.data;
  return (
    <RequirePermission permission="movements.read">
      <Nav active="movements" />
      <Card size="small" loading={m.isLoading} title={d?.name} extra={d ? (
        <Space wrap>
          {d.canManage ? <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-movement">{t('movements.edit')}</Button> : null}
          <Link to="/movements/forms" search={{ movement: d.id } as never}><Button>{t('movements.nav.forms')}</Button></Link>
          <Link to="/movements/dashboard" search={{ unit: d.leadUnitId, movement: d.id } as never}><Button icon={<BarChartOutlined />}>{t('movements.nav.dashboard')}</Button></Link>
        </Space>) : null}>
        {d ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('movements.col.code')}>{d.code}</Descriptions.Item>
            <Descriptions.Item label={t('movements.col.kind')}>{t(`movements.kind.${d.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('movements.col.lead')}>{d.leadUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('movements.col.period')}>{formatDate(d.startsOn)} – {d.endsOn ? formatDate(d.endsOn) : '…'}</Descriptions.Item>
            <Descriptions.Item label={t('movements.form.organizations')} span={2}>{d.organizations.map((o) => <Tag key={o}>{organizationShort(o, getLang())}</Tag>)}</Descriptions.Item>
            {d.goals ? <Descriptions.Item label={t('movements.form.goals')} span={2}>{d.goals}</Descriptions.Item> : null}
            {d.description ? <Descriptions.Item label={t('movements.form.description')} span={2}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.description}</Typography.Paragraph></Descriptions.Item> : null}
          </Descriptions>
        ) : null}
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={t('movements.form.indicators')}>
        <Table<Indicator> rowKey="id" size="small" pagination={false} dataSource={d?.indicators ?? []} scroll={{ x: 640 }} columns={[
          { title: t('movements.col.code'), dataIndex: 'code', width: 150 },
          { title: t('movements.ind.name'), dataIndex: 'name', render: (v: string, i) => <Space size={4} wrap>{v}{i.source ? <Tag color="blue">{t('movements.ind.fromRecords')}</Tag> : null}</Space> },
          { title: t('movements.ind.measure'), dataIndex: 'measure', width: 100 },
          { title: t('movements.ind.aggregation'), dataIndex: 'aggregation', width: 160, render: (v: string, i) => `${t(`movements.agg.${v}`)}${i.weightCode ? ` (${i.weightCode})` : ''}` },
        ]} />
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={t('movements.schedules')} extra={d?.canManage ? <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-schedule">{t('movements.schedule.add')}</Button> : null}>
        <Table rowKey="id" size="small" pagination={false} dataSource={d?.schedules ?? []} columns={[
          { title: t('movements.schedule.frequency'), dataIndex: 'frequency', render: (v: string) => t(`movements.freq.${v}`) },
          { title: t('movements.schedule.first'), dataIndex: 'firstPeriod' },
          { title: t('movements.schedule.last'), dataIndex: 'lastPeriod', render: (v: string | null) => v ?? '…' },
          { title: t('movements.schedule.due'), dataIndex: 'dueDays', render: (v: number) => t('movements.schedule.dueDays', { n: v }) },
          { title: t('movements.col.forms'), dataIndex: 'formCount' },
        ]} />
      </Card>
      {editing && d ? <EditMovement d={d} onClose={() => setEditing(false)} /> : null}
      {adding && d ? <AddSchedule movementId={d.id} onClose={() => setAdding(false)} /> : null}
    </RequirePermission>
  );
}

function AddSchedule({ movementId, onClose }: { movementId: number; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<CreateScheduleInput>();
  const create = useCreateSchedule(movementId);
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  return (
    <Modal open title={t('movements.schedule.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ frequency: 'quarter', dueDays: 15, minDepth: 1, maxDepth: 2 }}
        onFinish={async (v) => {
          try {
            const r = await create.mutateAsync(v);
            void message.success(t('movements.schedule.created', { n: r.created }));
            onClose();
          } catch (e) { onError(e, { form }); }
        }}>
        <Form.Item name="frequency" label={t('movements.schedule.frequency')}><Select options={['month', 'quarter', 'half', 'year'].map((f) => ({ value: f, label: t(`movements.freq.${f}`) }))} /></Form.Item>
        <Form.Item name="firstPeriod" label={t('movements.schedule.first')} rules={[{ required: true }]} extra={t('movements.schedule.periodHint')}><Input placeholder="2026-Q1" /></Form.Item>
        <Form.Item name="lastPeriod" label={t('movements.schedule.last')}><Input placeholder="2030-Q4" /></Form.Item>
        <Form.Item name="dueDays" label={t('movements.schedule.dueLabel')}><NumberInput kind="count" max={120} style={{ width: 100 }} /></Form.Item>
        <Space>
          <Form.Item name="minDepth" label={t('movements.schedule.minDepth')}><NumberInput kind="count" max={10} style={{ width: 100 }} /></Form.Item>
          <Form.Item name="maxDepth" label={t('movements.schedule.maxDepth')}><NumberInput kind="count" max={10} style={{ width: 100 }} /></Form.Item>
        </Space>
        <Typography.Text type="secondary">{t('movements.schedule.depthHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

const ORGS = ['MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN', 'BTGDV'];
type EditForm = { name: string; kind: 'movement' | 'campaign'; organizations: string[]; range: [dayjs.Dayjs, dayjs.Dayjs | null]; goals?: string | null; description?: string | null; indicators: string[] };

function EditMovement({ d, onClose }: { d: MovementDetail; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const update = useUpdateMovement(d.id);
  const indicators = useIndicators();
  const onError = useApiErrorHandler();
  return (
    <Modal open title={`${t('movements.edit')}: ${d.name}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={update.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: d.name, kind: d.kind, organizations: d.organizations, goals: d.goals, description: d.description,
        range: [dayjs(d.startsOn), d.endsOn ? dayjs(d.endsOn) : null], indicators: d.indicators.map((i) => i.code) }}
        onFinish={async (v) => {
          try {
            await update.mutateAsync({ version: d.version, name: v.name, kind: v.kind, organizations: v.organizations, goals: v.goals || null, description: v.description || null,
              startsOn: isoDate(v.range[0]) ?? d.startsOn, endsOn: v.range[1] ? isoDate(v.range[1]) ?? null : null, indicators: v.indicators });
            void message.success(t('movements.saved'));
            onClose();
          } catch (e) { onError(e, { form, rename: { startsOn: 'range', endsOn: 'range' } }); }
        }}>
        <Form.Item name="name" label={t('movements.col.name')} rules={[{ required: true, min: 3 }]}><Input /></Form.Item>
        <Form.Item name="kind" label={t('movements.col.kind')}><Select options={[{ value: 'movement', label: t('movements.kind.movement') }, { value: 'campaign', label: t('movements.kind.campaign') }]} /></Form.Item>
        <Form.Item name="organizations" label={t('movements.form.organizations')}><Select mode="multiple" options={ORGS.map((o) => ({ value: o, label: organizationShort(o, getLang()) }))} /></Form.Item>
        <Form.Item name="range" label={t('movements.col.period')} rules={[{ required: true }]}><DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[false, true]} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="indicators" label={t('movements.form.indicators')}><Select mode="multiple" optionFilterProp="label" options={(indicators.data ?? []).map((i) => ({ value: i.code, label: `${i.code} — ${i.name}` }))} /></Form.Item>
        <Form.Item name="goals" label={t('movements.form.goals')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="description" label={t('movements.form.description')}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}
