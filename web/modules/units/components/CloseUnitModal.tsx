import { Alert, App, Form, Input, Modal } from 'antd';
import type { UnitDetail } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler } from '../../../kernel/forms';
import { formatNumber } from '../../../kernel/format';
import { useCloseUnit } from '../units.api';

/** Close (dissolve) a unit and its subtree; rows and history stay, it can be reopened. */
export function CloseUnitModal({ unit, onClose, onReload }: { unit: UnitDetail; onClose: () => void; onReload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ reason: string }>();
  const close = useCloseUnit(unit.id);
  const onFinish = async (v: { reason: string }) => {
    try {
      const r = await close.mutateAsync({ version: unit.version, reason: v.reason.trim() });
      message.success(t('units.close.done', { n: formatNumber(r.closed) }));
      onClose();
    } catch (e) {
      onError(e, { form, onReload: () => { onReload(); onClose(); } });
    }
  };
  return (
    <Modal open title={t('units.close.title', { name: unit.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('units.action.close')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} confirmLoading={close.isPending} destroyOnHidden>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('units.close.body', { n: formatNumber(unit.descendantCount) })} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="reason" label={t('units.close.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('form.minChars', { n: 2 }) }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
