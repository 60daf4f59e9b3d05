/** The indicator catalogue: filter, export, create and edit (managers). */
import { useMemo, useState } from 'react';
import { App, Button, Card, Form, Grid, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { AimOutlined, DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { TargetsEditor } from '../components/TargetsEditor';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { fold } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { exportRows } from '../../../kernel/export';
import { AGGREGATIONS, VALUE_TYPES } from '../../../../common/movements';
import { useIndicators, useSaveIndicator, type Indicator } from '../movements.api';
import { Nav } from '../components/Nav';
import { NumberInput } from '../../../kernel/NumberInput';

export default function IndicatorsPage() {
  const t = useT();
  const { can } = useAuth();
  const list = useIndicators();
  const phone = !Grid.useBreakpoint().md;
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Indicator | 'new' | null>(null);
  const [targets, setTargets] = useState<Indicator | null>(null);
  const rows = useMemo(() => (list.data ?? []).filter((i) => !q || fold(`${i.code} ${i.name} ${i.measure}`).includes(fold(q))), [list.data, q]);
  return (
    <RequirePermission permission="movements.read">
      <Nav active="indicators" />
      <Card size="small" title={t('movements.ind.title')} extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: 'danh-muc-chi-tieu', rows, columns: [
            { header: 'code', value: (i) => i.code }, { header: 'name', value: (i) => i.name }, { header: 'measure', value: (i) => i.measure },
            { header: 'type', value: (i) => i.valueType }, { header: 'aggregation', value: (i) => i.aggregation }, { header: 'weight', value: (i) => i.weightCode ?? '' },
            { header: 'per capita', value: (i) => i.perCapitaCode ?? '' }, { header: 'source', value: (i) => i.source ?? '' }, { header: 'source mode', value: (i) => i.sourceMode ?? '' },
            { header: 'disaggregations', value: (i) => i.disaggregations.join(',') }, { header: 'min', value: (i) => i.rules.min ?? '' }, { header: 'max', value: (i) => i.rules.max ?? '' },
            { header: 'lte', value: (i) => (i.rules.lte ?? []).join(',') }, { header: 'description', value: (i) => i.description ?? '' }] })}>{t('movements.export')}</Button>
          {can('movements.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-indicator">{t('movements.ind.new')}</Button> : null}
        </Space>}>
        <Typography.Paragraph type="secondary">{t('movements.ind.importHint')}</Typography.Paragraph>
        <Input.Search allowClear placeholder={t('movements.ind.search')} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} aria-label={t('movements.ind.search')} />
        <Table<Indicator> rowKey="id" size="small" loading={list.isFetching} dataSource={rows} pagination={{ pageSize: 50 }} columns={[
          { title: t('movements.col.code'), dataIndex: 'code', width: 170, responsive: ['md' as const], render: (v: string, i) => <Space size={2}>{v}{!i.active ? <Tag>{t('movements.ind.inactive')}</Tag> : null}</Space> },
          { title: t('movements.ind.name'), dataIndex: 'name', render: (v: string, i) => (
            <div>
              <Space size={4} wrap>{v}{i.source ? <Tag color="blue">{i.sourceMode === 'fill' ? t('movements.ind.fromRecords') : t('movements.ind.checked')}</Tag> : null}</Space>
              {phone ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.code} · {t(`movements.agg.${i.aggregation}`)}</Typography.Text></div> : null}
            </div>) },
          { title: t('movements.ind.measure'), dataIndex: 'measure', width: 90 },
          { title: t('movements.ind.type'), dataIndex: 'valueType', width: 110, responsive: ['lg' as const], render: (v: string) => t(`movements.type.${v}`) },
          { title: t('movements.ind.aggregation'), dataIndex: 'aggregation', width: 170, responsive: ['md' as const], render: (v: string, i) => `${t(`movements.agg.${v}`)}${i.weightCode ? ` (${i.weightCode})` : ''}` },
          ...(can('movements.manage') ? [{ title: '', key: 'e', width: 84, render: (_: unknown, i: Indicator) => (
            <Space size={4}>
              <Button size="small" icon={<EditOutlined />} aria-label={t('movements.ind.edit')} title={t('movements.ind.edit')} onClick={() => setEditing(i)} />
              {i.valueType !== 'text' ? <Button size="small" icon={<AimOutlined />} aria-label={t('movements.targets.open')} title={t('movements.targets.open')} onClick={() => setTargets(i)} /> : null}
            </Space>) }] : []),
        ]} />
      </Card>
      {targets ? <TargetsEditor indicator={targets} onClose={() => setTargets(null)} /> : null}
      {editing ? <IndicatorForm indicator={editing === 'new' ? null : editing} all={list.data ?? []} onClose={() => setEditing(null)} /> : null}
    </RequirePermission>
  );
}

type IndForm = { code: string; name: string; measure: string; valueType: string; aggregation: string; weightCode?: string | null; perCapitaCode?: string | null;
  source?: string | null; sourceMode?: string | null; disaggregations?: string[]; min?: number | null; max?: number | null; lte?: string[]; description?: string | null; ownerUnitId?: number | null };

function IndicatorForm({ indicator, all, onClose }: { indicator: Indicator | null; all: Indicator[]; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const { unitId } = useCurrentUnit();
  const [form] = Form.useForm<IndForm>();
  const save = useSaveIndicator();
  const onError = useApiErrorHandler();
  const agg = Form.useWatch('aggregation', form);
  const codes = all.filter((i) => i.code !== indicator?.code).map((i) => ({ value: i.code, label: `${i.code} — ${i.name}` }));
  const init: IndForm = indicator ? { ...indicator, min: indicator.rules.min ?? null, max: indicator.rules.max ?? null, lte: indicator.rules.lte ?? [] }
    : { code: '', name: '', measure: '', valueType: 'number', aggregation: 'sum', disaggregations: [], lte: [], ownerUnitId: unitId ?? null };
  return (
    <Modal open title={indicator ? t('movements.ind.edit') : t('movements.ind.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={init} onFinish={async (v) => {
        const body = { name: v.name, measure: v.measure, valueType: v.valueType, aggregation: v.aggregation, weightCode: v.weightCode || null, perCapitaCode: v.perCapitaCode || null,
          source: v.source || null, sourceMode: v.source ? v.sourceMode ?? 'fill' : null, disaggregations: v.disaggregations ?? [], description: v.description || null,
          rules: { min: v.min ?? null, max: v.max ?? null, lte: v.lte ?? [] } };
        try {
          await save.mutateAsync(indicator ? { id: indicator.id, body: { ...body, version: indicator.version } as never } : { body: { ...body, code: v.code, ownerUnitId: v.ownerUnitId! } as never });
          void message.success(t('movements.saved'));
          onClose();
        } catch (e) { onError(e, { form, rename: { 'rules.min': 'min', 'rules.max': 'max', 'rules.lte': 'lte' } }); }
      }}>
        <Space.Compact block>
          <Form.Item name="code" label={t('movements.col.code')} rules={[{ required: true }]} style={{ width: '40%' }}><Input disabled={!!indicator} placeholder="GT_KM_BE_TONG" /></Form.Item>
          <Form.Item name="measure" label={t('movements.ind.measure')} rules={[{ required: true }]} style={{ width: '60%' }}><Input placeholder="km, đồng, ngày công, hộ, người, m², công trình" /></Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('movements.ind.name')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
        {!indicator ? <Form.Item name="ownerUnitId" label={t('movements.ind.owner')} rules={[{ required: true }]}><UnitPickerInput /></Form.Item> : null}
        <Space.Compact block>
          <Form.Item name="valueType" label={t('movements.ind.type')} style={{ width: '50%' }}><Select options={VALUE_TYPES.map((v) => ({ value: v, label: t(`movements.type.${v}`) }))} /></Form.Item>
          <Form.Item name="aggregation" label={t('movements.ind.aggregation')} style={{ width: '50%' }} extra={agg ? t(`movements.aggHelp.${agg}`) : undefined}><Select options={AGGREGATIONS.map((v) => ({ value: v, label: t(`movements.agg.${v}`) }))} /></Form.Item>
        </Space.Compact>
        {agg === 'weighted_avg' ? <Form.Item name="weightCode" label={t('movements.ind.weight')} rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={codes} /></Form.Item> : null}
        <Form.Item name="perCapitaCode" label={t('movements.ind.perCapita')} extra={t('movements.ind.perCapitaHelp')}><Select allowClear showSearch optionFilterProp="label" options={codes} /></Form.Item>
        <Space.Compact block>
          <Form.Item name="source" label={t('movements.ind.source')} style={{ width: '60%' }} extra={t('movements.ind.sourceHelp')}><Input placeholder="members.memberships" allowClear /></Form.Item>
          <Form.Item name="sourceMode" label={t('movements.ind.sourceMode')} style={{ width: '40%' }}><Select allowClear options={[{ value: 'fill', label: t('movements.ind.fromRecords') }, { value: 'check', label: t('movements.ind.checked') }]} /></Form.Item>
        </Space.Compact>
        <Form.Item name="disaggregations" label={t('movements.ind.disagg')}><Select mode="multiple" options={[{ value: 'gender', label: t('movements.ind.byGender') }, { value: 'organization', label: t('movements.ind.byOrg') }]} /></Form.Item>
        <Space wrap>
          <Form.Item name="min" label={t('movements.ind.min')}><NumberInput kind="signed" style={{ width: 160 }} /></Form.Item>
          <Form.Item name="max" label={t('movements.ind.max')}><NumberInput kind="signed" style={{ width: 160 }} /></Form.Item>
          <Form.Item name="lte" label={t('movements.ind.lte')} style={{ minWidth: 240 }}><Select mode="multiple" options={codes} /></Form.Item>
        </Space>
        <Form.Item name="description" label={t('movements.form.description')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}
