import { App, Form, Modal, Typography } from 'antd';
import type { UnitDetail } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler } from '../../../kernel/forms';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatNumber } from '../../../kernel/format';
import { useMoveUnit } from '../units.api';

/** Move a unit (and everything below it) under another unit of the same organization. */
export function MoveUnitModal({ unit, onClose, onReload }: { unit: UnitDetail; onClose: () => void; onReload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ parentId: number }>();
  const move = useMoveUnit(unit.id);
  const onFinish = async (v: { parentId: number }) => {
    try {
      const r = await move.mutateAsync({ version: unit.version, parentId: v.parentId });
      message.success(t('units.move.done', { n: formatNumber(r.moved) }));
      onClose();
    } catch (e) {
      onError(e, { form, onReload: () => { onReload(); onClose(); } });
    }
  };
  return (
    <Modal open title={t('units.move.title', { name: unit.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('units.action.move')} cancelText={t('common.cancel')} confirmLoading={move.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('units.move.body', { n: formatNumber(unit.descendantCount) })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="parentId" label={t('units.move.newParent')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitPickerInput allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
