import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from '@tanstack/react-router';
import type { Dayjs } from 'dayjs';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit, UnitName } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatDate } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { useCreateProgram, usePrograms, type ProgramListItem } from '../directives.api';
import { ModuleNav } from '../components/ModuleNav';
import { UnitSelect } from '../components/UnitSelect';
import { iso } from '../components/bits';

export default function ProgramsPage() {
  const t = useT();
  const { can } = useAuth();
  const { unitId } = useCurrentUnit();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = usePrograms({ q: q || undefined, limit: 100 });
  return (
    <RequirePermission permission="directives.read">
      <ModuleNav active="programs" />
      <Card size="small" title={t('directives.programs')}
        extra={can('programs.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('directives.newProgram')}</Button> : null}>
        <div className="dv-toolbar"><Input.Search className="dv-grow" allowClear placeholder={t('directives.search')} onSearch={setQ} /></div>
        <Table<ProgramListItem> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('directives.col.title'), key: 't', render: (_, p) => (
              <div>
                <Link to="/programs/$id" params={{ id: String(p.id) }}>{p.title}</Link>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.number ? `${p.number} · ` : ''}{p.parties}</Typography.Text></div>
              </div>
            ) },
            { title: t('directives.col.period'), key: 'p', width: 200, responsive: ['md'], render: (_, p) => `${formatDate(p.periodFrom)} – ${formatDate(p.periodTo)}` },
            { title: t('directives.col.clauses'), key: 'c', width: 110, render: (_, p) => <Tag>{t('directives.doneOf', { done: p.clauseDone, total: p.clauseCount })}</Tag> },
            { title: t('directives.col.lastReview'), dataIndex: 'lastReviewYear', width: 120, render: (y: number | null) => (y ? <Tag color="success">{y}</Tag> : <Tag>{t('directives.notYet')}</Tag>) },
          ]} />
      </Card>
      {creating ? <ProgramForm onClose={() => setCreating(false)} unitId={unitId} /> : null}
    </RequirePermission>
  );
}

type Values = {
  unitId: number; kind: 'regulation' | 'program'; number?: string; title: string; signedOn?: Dayjs; period?: [Dayjs, Dayjs]; body?: string;
  parties?: { unitId: number; label: string }[]; clauses?: { ordinal: string; text: string; ownerUnitId: number; deadline?: Dayjs }[];
};

function ProgramForm({ onClose, unitId }: { onClose: () => void; unitId?: number }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>('directives.program', form, { defaults: { unitId, kind: 'regulation', parties: [{ unitId: unitId!, label: 'Bên A' }, { unitId: undefined as never, label: 'Bên B' }], clauses: [] } as Partial<Values> });
  const create = useCreateProgram();
  const onError = useApiErrorHandler();
  const parties = Form.useWatch('parties', form) ?? [];
  const submit = async (v: Values) => {
    try {
      const p = await create.mutateAsync({
        unitId: v.unitId, kind: v.kind, number: v.number || null, title: v.title, signedOn: iso(v.signedOn), body: v.body || null,
        periodFrom: iso(v.period?.[0])!, periodTo: iso(v.period?.[1])!,
        parties: (v.parties ?? []).filter((x) => x?.unitId), clauses: (v.clauses ?? []).map((c) => ({ ...c, deadline: iso(c.deadline) })),
      });
      draft.clear();
      message.success(t('common.saved'));
      onClose();
      void navigate({ to: '/programs/$id', params: { id: String(p.id) } } as never);
    } catch (e) { onError(e, { form, rename: { periodFrom: 'period', periodTo: 'period' } }); }
  };
  return (
    <Drawer open onClose={onClose} title={t('directives.newProgram')} width="min(820px, 100vw)" destroyOnHidden
      extra={<Button type="primary" loading={create.isPending} onClick={() => form.submit()}>{t('common.save')}</Button>}>
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit}>
        <Row gutter={12}>
          <Col xs={24} md={12}><Form.Item name="unitId" label={t('directives.f.programUnit')} rules={[{ required: true, message: t('common.required') }]}><UnitPickerInput /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="kind" label={t('directives.f.kind')}><Select options={[{ value: 'regulation', label: t('directives.pkind.regulation') }, { value: 'program', label: t('directives.pkind.program') }]} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="number" label={t('directives.f.number')}><Input /></Form.Item></Col>
          <Col xs={24}><Form.Item name="title" label={t('directives.f.title')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item name="signedOn" label={t('directives.f.signedOn')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24} md={16}><Form.Item name="period" label={t('directives.col.period')} rules={[{ required: true, message: t('common.required') }]}><DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24}><Form.Item name="body" label={t('directives.f.body')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} /></Form.Item></Col>
        </Row>
        <Typography.Title level={5}>{t('directives.parties')}</Typography.Title>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'label']} noStyle><Input style={{ width: 100 }} /></Form.Item>
                  <Form.Item name={[f.name, 'unitId']} noStyle><UnitSelect /></Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Space.Compact>
              ))}
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: `Bên ${String.fromCharCode(65 + fields.length)}` })}>{t('directives.addParty')}</Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('directives.clauses')}</Typography.Title>
        <Form.List name="clauses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />}>
                  <Row gutter={8}>
                    <Col xs={6} md={3}><Form.Item name={[f.name, 'ordinal']} label="#" rules={[{ required: true, message: t('common.required') }]}><Input /></Form.Item></Col>
                    <Col xs={18} md={11}><Form.Item name={[f.name, 'ownerUnitId']} label={t('directives.f.owner')} rules={[{ required: true, message: t('common.required') }]}>
                      <Select options={parties.filter((p) => p?.unitId).map((p) => ({ value: p.unitId, label: <span>{p.label}: <UnitName id={p.unitId} /></span> }))} />
                    </Form.Item></Col>
                    <Col xs={24} md={10}><Form.Item name={[f.name, 'deadline']} label={t('directives.f.deadline')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={24}><Form.Item name={[f.name, 'text']} label={t('directives.f.clauseText')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize /></Form.Item></Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ordinal: String(fields.length + 1) })}>{t('directives.addClause')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
