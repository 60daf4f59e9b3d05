/** Routing rules: per category, kind and place, which body a case goes to (the most specific rule wins). */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { applyFieldErrors } from '../../../kernel/forms';
import { errorMessage } from '../../../kernel/api';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { deleteRule, saveRule, useCategories, useRouteTargets, useRules, type RoutingRule } from '../petitions.api';
import { fold } from '../../../kernel/format';
import { PlaceSelect } from '../components/PlaceSelect';
import { CasesNav } from '../components/CasesNav';
import { KINDS, kindText } from '../components/labels';
import { NumberInput } from '../../../kernel/NumberInput';

type Values = { ownerUnitId?: number | null; category?: string | null; kind?: string | null; commune?: string; areaCode?: string; targetUnitId?: number | null; priority: number; active: boolean; note?: string };

export default function RulesPage() {
  const t = useT();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const rules = useRules();
  const categories = useCategories();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const commune = Form.useWatch('commune', form);
  const areaCode = Form.useWatch('areaCode', form);
  const owner = Form.useWatch('ownerUnitId', form);
  const targets = useRouteTargets({ unitId: owner ?? undefined }, !!owner);
  const manage = can('cases.manage_routing');
  const open = (r: RoutingRule | 'new') => {
    setEditing(r);
    form.resetFields();
    if (r !== 'new') form.setFieldsValue({ ownerUnitId: r.ownerUnitId, category: r.category, kind: r.kind, commune: r.areaCode?.split('-')[0] ?? undefined, areaCode: r.areaCode?.includes('-') ? r.areaCode : undefined, targetUnitId: r.targetUnitId, priority: r.priority, active: r.active, note: r.note ?? undefined });
  };
  const catName = (code: string | null) => (code ? categories.data?.find((c) => c.code === code)?.name ?? code : t('petitions.rules.any'));
  return (
    <RequirePermission permission="cases.read">
      <CasesNav />
      <Card size="small" title={t('petitions.rules.title')} extra={manage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('petitions.rules.add')}</Button> : null}>
        <Typography.Paragraph type="secondary">{t('petitions.rules.hint')}</Typography.Paragraph>
        <Table<RoutingRule> rowKey="id" size="small" loading={rules.isLoading} dataSource={rules.data ?? []} scroll={{ x: 900 }} pagination={{ pageSize: 50 }}
          columns={[
            { title: t('petitions.rules.owner'), dataIndex: 'ownerUnitName', ellipsis: true },
            { title: t('petitions.col.category'), dataIndex: 'category', render: (v: string | null) => catName(v) },
            { title: t('petitions.col.kind'), dataIndex: 'kind', render: (v: string | null) => (v ? kindText(t, v) : t('petitions.rules.any')) },
            { title: t('petitions.col.place'), dataIndex: 'areaName', render: (v: string | null) => v ?? t('petitions.rules.any') },
            { title: t('petitions.rules.target'), dataIndex: 'targetUnitName', ellipsis: true },
            { title: t('petitions.rules.priority'), dataIndex: 'priority', width: 90, align: 'right' },
            { title: t('petitions.rules.active'), dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="green">{t('petitions.rules.on')}</Tag> : <Tag>{t('petitions.rules.off')}</Tag>) },
            ...(manage ? [{ title: '', key: 'a', width: 150, render: (_: unknown, r: RoutingRule) => (
              <Space>
                <Button size="small" onClick={() => open(r)}>{t('petitions.rules.edit')}</Button>
                <Popconfirm title={t('petitions.rules.deleteConfirm')} onConfirm={() => deleteRule(r.id).then(() => qc.invalidateQueries({ queryKey: ['cases', 'rules'] }), (e) => message.error(errorMessage(e)))}>
                  <Button size="small" danger>{t('petitions.rules.delete')}</Button>
                </Popconfirm>
              </Space>
            ) }] : []),
          ]} />
      </Card>
      <Modal open={!!editing} title={editing === 'new' ? t('petitions.rules.add') : t('petitions.rules.edit')} onCancel={() => setEditing(null)} destroyOnHidden forceRender
        onOk={() => form.validateFields().then(async (v) => {
          try {
            await saveRule(editing === 'new' ? null : (editing as RoutingRule).id, { ownerUnitId: v.ownerUnitId, category: v.category ?? null, kind: v.kind ?? null, areaCode: v.areaCode ?? v.commune ?? null, targetUnitId: v.targetUnitId, priority: v.priority, active: v.active, note: v.note ?? null });
            await qc.invalidateQueries({ queryKey: ['cases', 'rules'] });
            setEditing(null);
          } catch (e) { const rest = applyFieldErrors(form, e, { areaCode: 'commune' }); if (rest.length || !(e as { fields?: unknown[] }).fields?.length) message.error(rest.join(' ') || errorMessage(e)); }
        })}>
        <Form form={form} layout="vertical" initialValues={{ priority: 100, active: true }}>
          <Form.Item name="ownerUnitId" label={t('petitions.rules.owner')} rules={[{ required: true, message: t('petitions.form.required') }]}><UnitPickerInput /></Form.Item>
          <Form.Item name="category" label={t('petitions.col.category')}><Select allowClear placeholder={t('petitions.rules.any')} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} /></Form.Item>
          <Form.Item name="kind" label={t('petitions.col.kind')}><Select allowClear placeholder={t('petitions.rules.any')} options={KINDS.map((k) => ({ value: k, label: kindText(t, k) }))} /></Form.Item>
          <Form.Item label={t('petitions.col.place')} help={t('petitions.rules.placeHint')}>
            <Form.Item name="commune" noStyle><input type="hidden" /></Form.Item>
            <Form.Item name="areaCode" noStyle><input type="hidden" /></Form.Item>
            <PlaceSelect idPrefix="rule" commune={commune} area={areaCode} onCommune={(c) => form.setFieldsValue({ commune: c, areaCode: undefined })} onArea={(a) => form.setFieldsValue({ areaCode: a })} />
          </Form.Item>
          <Form.Item name="targetUnitId" label={t('petitions.rules.target')} rules={[{ required: true, message: t('petitions.form.required') }]}>
            <Select showSearch disabled={!owner} loading={targets.isLoading} filterOption={(input, o) => fold(String(o?.label ?? '')).includes(fold(input))}
              options={(targets.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="priority" label={t('petitions.rules.priority')}><NumberInput kind="count" max={1000} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="active" label={t('petitions.rules.active')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="note" label={t('petitions.detail.note')}><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </RequirePermission>
  );
}
