/** The issuing body adds a task to an existing directive. */
import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { useAddTask } from '../directives.api';
import { UnitSelect } from './UnitSelect';
import { iso, thisYear } from './bits';
import { NumberInput } from '../../../kernel/NumberInput';

type Values = { ordinal: string; parentOrdinal?: string; title: string; leadUnitId: number; coordinatorUnitIds?: number[]; recurrence: 'none' | 'yearly'; deadline?: Dayjs; dueMonthDay?: string; startYear?: number; expectedResult?: string };

export function AddTaskModal({ directiveId, nextOrdinal, onClose }: { directiveId: number; nextOrdinal: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>(`directives.addTask.${directiveId}`, form, { defaults: { ordinal: nextOrdinal, recurrence: 'none' } });
  const add = useAddTask(directiveId);
  const onError = useApiErrorHandler();
  const recurrence = Form.useWatch('recurrence', form);
  const submit = async (v: Values) => {
    try {
      await add.mutateAsync({
        ordinal: v.ordinal, parentOrdinal: v.parentOrdinal || null, title: v.title, leadUnitId: v.leadUnitId, coordinatorUnitIds: v.coordinatorUnitIds ?? [],
        recurrence: v.recurrence, deadline: v.recurrence === 'yearly' ? null : iso(v.deadline), dueMonthDay: v.recurrence === 'yearly' ? v.dueMonthDay ?? null : null,
        startYear: v.recurrence === 'yearly' ? v.startYear ?? thisYear() : null, expectedResult: v.expectedResult || null, indicatorCodes: [],
      });
      draft.clear();
      message.success(t('common.saved'));
      onClose();
    } catch (e) { onError(e, { form }); }
  };
  return (
    <Modal open title={t('directives.addTask')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={add.isPending} okText={t('common.save')} destroyOnHidden width={680}>
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit}>
        <Row gutter={8}>
          <Col xs={8} md={5}><Form.Item name="ordinal" label={t('directives.f.ordinal')} rules={[{ required: true, message: t('common.required') }]}><Input /></Form.Item></Col>
          <Col xs={8} md={5}><Form.Item name="parentOrdinal" label={t('directives.f.parentOrdinal')}><Input /></Form.Item></Col>
          <Col xs={8} md={6}><Form.Item name="recurrence" label={t('directives.f.recurrence')}><Select options={[{ value: 'none', label: t('directives.rec.none') }, { value: 'yearly', label: t('directives.rec.yearly') }]} /></Form.Item></Col>
          {recurrence === 'yearly' ? (
            <>
              <Col xs={12} md={4}><Form.Item name="dueMonthDay" label={t('directives.f.dueMonthDay')}><Input placeholder="12-15" /></Form.Item></Col>
              <Col xs={12} md={4}><Form.Item name="startYear" label={t('directives.f.startYear')}><NumberInput kind="count" grouping={false} min={2000} max={2100} style={{ width: '100%' }} /></Form.Item></Col>
            </>
          ) : (
            <Col xs={24} md={8}><Form.Item name="deadline" label={t('directives.f.deadline')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
          )}
          <Col xs={24}><Form.Item name="title" label={t('directives.f.taskTitle')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="leadUnitId" label={t('directives.f.lead')} rules={[{ required: true, message: t('common.required') }]}><UnitSelect testId="add-task-lead" /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="coordinatorUnitIds" label={t('directives.f.coordinators')}><UnitSelect multiple /></Form.Item></Col>
          <Col xs={24}><Form.Item name="expectedResult" label={t('directives.f.expectedResult')}><Input /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}
