import { App, Alert, Button, Form, Input, Modal, Select } from 'antd';
import { UNIT_KINDS, type UnitDetail } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { AreaPickerInput } from '../../../kernel/areas';
import { useUnit } from '../../../kernel/units';
import { useCreateUnit, useUpdateUnit, type UnitKind } from '../units.api';

type Values = { name: string; code?: string; kind: UnitKind; areaId?: number | null };
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Create a unit below `unit` (mode create) or edit `unit` itself (mode edit, with its version). */
export function UnitFormModal({ mode, unit, onClose, onReload }: { mode: 'create' | 'edit'; unit: UnitDetail; onClose: () => void; onReload?: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const update = useUpdateUnit(unit.id);
  const parent = useUnit(mode === 'edit' ? unit.parentId : null);
  const draft = useRememberedForm<Values>(`units.create.${unit.id}`, form, {
    enabled: mode === 'create',
    defaults: mode === 'create' ? { kind: unit.depth >= 2 ? 'branch' : 'body' } : { name: unit.name, code: unit.code, kind: unit.kind, areaId: unit.areaId },
  });
  // The new unit's area lies within its parent's area.
  const rootAreaId = mode === 'create' ? unit.areaId : parent.data?.areaId ?? null;

  const onFinish = async (v: Values) => {
    const code = v.code?.trim() || undefined;
    try {
      if (mode === 'create') {
        const created = await create.mutateAsync({ parentId: unit.id, name: v.name.trim(), code, kind: v.kind, areaId: v.areaId ?? undefined });
        draft.clear();
        message.success(t('units.created', { name: created.name }));
      } else {
        await update.mutateAsync({ version: unit.version, name: v.name.trim(), code, kind: v.kind, areaId: v.areaId ?? null });
        message.success(t('common.saved'));
      }
      onClose();
    } catch (e) {
      onError(e, { form, onReload: () => { onReload?.(); onClose(); } });
    }
  };

  return (
    <Modal
      open
      title={mode === 'create' ? t('units.form.createTitle', { parent: unit.name }) : t('units.form.editTitle')}
      onCancel={onClose}
      okText={mode === 'create' ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      {draft.restored ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('form.draftRestored')}
          action={<Button size="small" onClick={() => { draft.clear(); form.resetFields(); form.setFieldsValue({ name: '', code: '', areaId: null }); }}>{t('form.discardDraft')}</Button>} />
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={onFinish} data-testid="unit-form">
        <Form.Item name="name" label={t('units.form.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('form.minChars', { n: 2 }) }]}>
          <Input autoFocus placeholder={t('units.form.namePlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item name="code" label={`${t('units.form.code')} ${mode === 'create' ? t('common.optional') : ''}`} extra={mode === 'create' ? t('units.form.codeHint') : undefined}
          rules={[{ pattern: CODE_RE, message: t('units.form.codeFormat') }]}>
          <Input maxLength={64} autoCapitalize="characters" />
        </Form.Item>
        <Form.Item name="kind" label={t('units.form.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="areaId" label={t('units.form.area')} extra={mode === 'create' ? t('units.form.areaHint', { area: unit.areaName ?? '' }) : undefined}>
          <AreaPickerInput rootAreaId={rootAreaId} placeholder={mode === 'create' ? unit.areaName ?? undefined : undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
