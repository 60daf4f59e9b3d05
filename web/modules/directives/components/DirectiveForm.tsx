/** Record a directive with its tasks: the issuing body's form (remembered while typing). */
import { Button, Card, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography, App } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { DIRECTIVE_KINDS, type CreateDirectiveInput } from '../../../../common/directives';
import { useCreateDirective } from '../directives.api';
import { iso, thisYear } from './bits';
import { UnitSelect } from './UnitSelect';
import { NumberInput } from '../../../kernel/NumberInput';

type TaskValues = {
  ordinal: string; parentOrdinal?: string; title: string; leadUnitId: number; coordinatorUnitIds?: (number | null)[];
  recurrence: 'none' | 'yearly'; deadline?: Dayjs; dueMonthDay?: string; startYear?: number; endYear?: number; expectedResult?: string;
};
type Values = Omit<CreateDirectiveInput, 'issuedOn' | 'tasks' | 'recipientUnitIds'> & { issuedOn?: Dayjs; recipientUnitIds?: (number | null)[]; tasks?: TaskValues[] };

export function DirectiveForm({ open, onClose, issuerUnitId }: { open: boolean; onClose: () => void; issuerUnitId?: number }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>('directives.create', form, { defaults: { kind: 'notice', issuerUnitId, tasks: [{ ordinal: '1', recurrence: 'none' } as TaskValues] } as Partial<Values> });
  const create = useCreateDirective();
  const onError = useApiErrorHandler();

  const submit = async (v: Values) => {
    const input: CreateDirectiveInput = {
      ...v,
      issuedOn: iso(v.issuedOn),
      recipientUnitIds: (v.recipientUnitIds ?? []).filter((x): x is number => !!x),
      tasks: (v.tasks ?? []).map((x) => ({
        ...x,
        parentOrdinal: x.parentOrdinal || null,
        coordinatorUnitIds: (x.coordinatorUnitIds ?? []).filter((u): u is number => !!u),
        deadline: x.recurrence === 'yearly' ? null : iso(x.deadline),
        dueMonthDay: x.recurrence === 'yearly' ? x.dueMonthDay ?? null : null,
        startYear: x.recurrence === 'yearly' ? x.startYear ?? thisYear() : null,
        endYear: x.recurrence === 'yearly' ? x.endYear ?? null : null,
        indicatorCodes: [],
      })),
    };
    try {
      const d = await create.mutateAsync(input);
      draft.clear();
      form.resetFields();
      message.success(t('directives.created'));
      onClose();
      void navigate({ to: '/directives/$id', params: { id: String(d.id) } } as never);
    } catch (e) { onError(e, { form }); }
  };

  return (
    <Drawer open={open} onClose={onClose} title={t('directives.new')} width="min(860px, 100vw)" destroyOnHidden
      extra={<Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="directive-save">{t('common.save')}</Button>}>
      {draft.restored ? <Typography.Paragraph type="secondary">{t('directives.draftRestored')}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit} scrollToFirstError>
        <Row gutter={12}>
          <Col xs={24} md={12}><Form.Item name="issuerUnitId" label={t('directives.f.issuerUnit')} rules={[{ required: true, message: t('common.required') }]}><UnitPickerInput /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="issuingBody" label={t('directives.f.issuingBody')} rules={[{ required: true, message: t('common.required') }]}><Input placeholder="Thường trực Tỉnh ủy" data-testid="f-issuingBody" /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="kind" label={t('directives.f.kind')}><Select options={DIRECTIVE_KINDS.map((k) => ({ value: k, label: t(`directives.kind.${k}`) }))} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="number" label={t('directives.f.number')}><Input placeholder="123" data-testid="f-number" /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="symbol" label={t('directives.f.symbol')}><Input placeholder="TB/TU" data-testid="f-symbol" /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="issuedOn" label={t('directives.f.issuedOn')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24}><Form.Item name="title" label={t('directives.f.title')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize={{ minRows: 2 }} data-testid="f-title" /></Form.Item></Col>
          <Col xs={12}><Form.Item name="signer" label={t('directives.f.signer')}><Input /></Form.Item></Col>
          <Col xs={12}><Form.Item name="signerTitle" label={t('directives.f.signerTitle')}><Input /></Form.Item></Col>
          <Col xs={24}><Form.Item name="body" label={t('directives.f.body')}><Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} /></Form.Item></Col>
          <Col xs={24}><Form.Item name="recipientsText" label={t('directives.f.recipientsText')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder={'- Ban Thường vụ Tỉnh ủy;\n- Lưu Văn phòng.'} /></Form.Item></Col>
        </Row>
        <Form.Item name="recipientUnitIds" label={t('directives.f.recipientUnits')}><UnitSelect multiple testId="f-recipients" /></Form.Item>
        <Typography.Title level={5}>{t('directives.tasks')}</Typography.Title>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 12 }} data-testid={`task-card-${i}`}
                  title={t('directives.taskN', { n: i + 1 })} extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />}>
                  <Row gutter={8}>
                    <Col xs={8} md={4}><Form.Item name={[f.name, 'ordinal']} label={t('directives.f.ordinal')} rules={[{ required: true, message: t('common.required') }]}><Input data-testid={`t-ordinal-${i}`} /></Form.Item></Col>
                    <Col xs={8} md={4}><Form.Item name={[f.name, 'parentOrdinal']} label={t('directives.f.parentOrdinal')}><Input /></Form.Item></Col>
                    <Col xs={8} md={6}><Form.Item name={[f.name, 'recurrence']} label={t('directives.f.recurrence')}><Select options={[{ value: 'none', label: t('directives.rec.none') }, { value: 'yearly', label: t('directives.rec.yearly') }]} /></Form.Item></Col>
                    <Col xs={24} md={10}>
                      <Form.Item noStyle shouldUpdate>
                        {() => form.getFieldValue(['tasks', f.name, 'recurrence']) === 'yearly' ? (
                          <Space.Compact block>
                            <Form.Item name={[f.name, 'dueMonthDay']} label={t('directives.f.dueMonthDay')} style={{ flex: 1 }}><Input placeholder="12-15" /></Form.Item>
                            <Form.Item name={[f.name, 'startYear']} label={t('directives.f.startYear')} style={{ flex: 1 }}><NumberInput kind="count" grouping={false} min={2000} max={2100} style={{ width: '100%' }} /></Form.Item>
                          </Space.Compact>
                        ) : (
                          <Form.Item name={[f.name, 'deadline']} label={t('directives.f.deadline')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} data-testid={`t-deadline-${i}`} /></Form.Item>
                        )}
                      </Form.Item>
                    </Col>
                    <Col xs={24}><Form.Item name={[f.name, 'title']} label={t('directives.f.taskTitle')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize={{ minRows: 2 }} data-testid={`t-title-${i}`} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name={[f.name, 'leadUnitId']} label={t('directives.f.lead')} rules={[{ required: true, message: t('common.required') }]}><UnitSelect testId={`t-lead-${i}`} /></Form.Item></Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[f.name, 'coordinatorUnitIds']} label={t('directives.f.coordinators')}><UnitSelect multiple testId={`t-coord-${i}`} /></Form.Item>
                    </Col>
                    <Col xs={24}><Form.Item name={[f.name, 'expectedResult']} label={t('directives.f.expectedResult')}><Input /></Form.Item></Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ordinal: String(fields.length + 1), recurrence: 'none' })} data-testid="add-task">{t('directives.addTask')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
