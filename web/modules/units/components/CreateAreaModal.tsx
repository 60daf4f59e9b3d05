import { App, Form, Input, Modal, Select, Skeleton, Typography } from 'antd';
import { RESIDENTIAL_TYPES, type UnitDetail } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler } from '../../../kernel/forms';
import { AreaPickerInput, areaLabel, useArea } from '../../../kernel/areas';
import { useCreateArea } from '../units.api';

type Values = { parentId?: number | null; type: string; name: string };

/**
 * Add a residential area (thôn, tổ dân phố…) under the commune where the unit is: the unit's own
 * commune, its residential area's commune, or, for a province unit, a commune the user picks.
 */
export function CreateAreaModal({ unit, onClose }: { unit: UnitDetail; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const create = useCreateArea();
  const area = useArea(unit.areaId);
  const fixedCommuneId = area.data?.level === 'commune' ? area.data.id : area.data?.level === 'residential' ? area.data.parentId : null;
  const commune = useArea(fixedCommuneId);

  const onFinish = async (v: Values) => {
    const parentId = fixedCommuneId ?? v.parentId;
    if (!parentId) return;
    try {
      const a = await create.mutateAsync({ parentId, type: v.type, name: v.name.trim() });
      message.success(t('units.area.created', { name: areaLabel(a) }));
      onClose();
    } catch (e) {
      onError(e, { form });
    }
  };

  const defaultType = commune.data?.type === 'Xã' ? 'Thôn' : 'Tổ dân phố';
  return (
    <Modal open title={t('units.area.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      {area.isPending || (fixedCommuneId && commune.isPending) ? <Skeleton active /> : (
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ type: defaultType }} data-testid="area-form">
          {fixedCommuneId ? (
            <Typography.Paragraph>
              {t('units.area.commune')}: <Typography.Text strong>{commune.data ? areaLabel(commune.data) : ''}</Typography.Text>
            </Typography.Paragraph>
          ) : (
            <Form.Item name="parentId" label={t('units.area.commune')} rules={[{ required: true, message: t('common.required') }]}>
              <AreaPickerInput rootAreaId={unit.areaId} selectableLevels={['commune']} allowClear={false} />
            </Form.Item>
          )}
          <Form.Item name="type" label={t('units.area.type')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={RESIDENTIAL_TYPES.map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="name" label={t('units.area.name')} extra={t('units.area.nameHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input autoFocus maxLength={200} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
