/** A cadre records a case heard at a meeting, a reception day, a voters' meeting, by letter or phone. */
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { getLang } from '../../../kernel/i18n';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { applyFieldErrors, useRememberedForm } from '../../../kernel/forms';
import { api, errorMessage } from '../../../kernel/api';
import { isoDate } from '../../../kernel/format';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useCurrentUnit } from '../../../kernel/units';
import { createStaffCase, useCategories } from '../petitions.api';
import { PlaceSelect } from '../components/PlaceSelect';
import { CasesNav } from '../components/CasesNav';
import { KINDS, channelText, kindText } from '../components/labels';
import { NumberInput } from '../../../kernel/NumberInput';

const CHANNELS = ['meeting', 'reception_day', 'voters_meeting', 'letter', 'phone'] as const;
type Values = {
  receivingUnitId?: number | null; channel: string; kind: string; category?: string; commune?: string; areaCode?: string; text?: string;
  signatories?: number; receivedOn?: unknown; remote?: boolean; name?: string; phone?: string; email?: string; address?: string;
};

export default function CaseNewPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { unitId } = useCurrentUnit();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>('petitions.staff', form, { defaults: { channel: 'meeting', kind: 'petition', signatories: 1, receivingUnitId: unitId ?? null }, exclude: ['receivedOn'] });
  const categories = useCategories();
  const commune = Form.useWatch('commune', form);
  const areaCode = Form.useWatch('areaCode', form);
  const kind = Form.useWatch('kind', form);
  const [files, setFiles] = useState<UploadFile<{ id: number }>[]>([]);
  return (
    <RequirePermission permission="cases.handle">
      <CasesNav />
      <Card size="small" title={t('petitions.new.title')}>
        {draft.restored ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('form.draftRestored')} /> : null}
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={async (v) => {
          try {
            const c = await createStaffCase({
              receivingUnitId: v.receivingUnitId, channel: v.channel, kind: v.kind, category: v.category, text: v.text, areaCode: v.areaCode ?? v.commune,
              signatories: v.signatories ?? 1, receivedOn: v.receivedOn ? isoDate(v.receivedOn as never) : undefined, remote: !!v.remote,
              name: v.name, phone: v.phone, email: v.email, address: v.address,
              attachmentIds: files.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response!.id),
            });
            setFiles([]);
            draft.clear();
            message.success(t('petitions.new.created', { code: c.trackingCode }));
            void navigate({ to: '/cases/$id', params: { id: String(c.id) } });
          } catch (e) {
            const rest = applyFieldErrors(form, e, { areaCode: 'commune' });
            if (rest.length || !(e as { fields?: unknown[] }).fields?.length) message.error(rest.join(' ') || errorMessage(e));
          }
        }}>
          <Row gutter={[12, 0]}>
            <Col xs={24} md={12}><Form.Item name="receivingUnitId" label={t('petitions.col.receivedBy')} rules={[{ required: true, message: t('petitions.form.required') }]}><UnitPickerInput /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="channel" label={t('petitions.col.channel')}><Select options={CHANNELS.map((c) => ({ value: c, label: channelText(t, c) }))} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="receivedOn" label={t('petitions.new.receivedOn')}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="kind" label={t('petitions.form.kind')}><Select options={KINDS.map((k) => ({ value: k, label: kindText(t, k) }))} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="signatories" label={t('petitions.form.signatories')}><NumberInput kind="count" min={1} max={100000} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="category" label={t('petitions.form.category')} rules={[{ required: true, message: t('petitions.form.required') }]}><Select options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} /></Form.Item></Col>
            <Col xs={24}>
              <Form.Item label={t('petitions.form.place')}>
                <Form.Item name="commune" noStyle><input type="hidden" /></Form.Item>
                <Form.Item name="areaCode" noStyle><input type="hidden" /></Form.Item>
                <PlaceSelect idPrefix="staff" commune={commune} area={areaCode} onCommune={(c) => form.setFieldsValue({ commune: c, areaCode: undefined })} onArea={(a) => form.setFieldsValue({ areaCode: a })} />
              </Form.Item>
            </Col>
            <Col xs={24}><Form.Item name="text" label={t('petitions.form.text')} rules={[{ required: true, min: 10, message: t('petitions.form.textMin') }]}><Input.TextArea rows={5} maxLength={10000} showCount /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="name" label={t('petitions.form.name')} rules={kind === 'complaint' || kind === 'denunciation' ? [{ required: true, message: t('petitions.form.required') }] : []}><Input maxLength={200} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="phone" label={t('petitions.form.phone')} rules={[{ pattern: /^(\+84|0)\d{9,10}$/, message: t('petitions.form.phoneFormat') }]}><Input inputMode="tel" maxLength={15} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="email" label={t('petitions.form.email')} rules={[{ type: 'email', message: t('petitions.form.emailFormat') }]}><Input maxLength={200} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="address" label={t('petitions.form.address')}><Input maxLength={500} /></Form.Item></Col>
            <Col xs={24}>
              <Form.Item label={t('petitions.new.attachments')} help={t('petitions.new.attachmentsHint')}>
                <Upload action={api.url('/files')} name="file" withCredentials headers={{ 'X-Lang': getLang() }} fileList={files} onChange={({ fileList }) => setFiles(fileList)} multiple maxCount={20}>
                  <Button icon={<PaperClipOutlined />}>{t('petitions.new.attach')}</Button>
                </Upload>
              </Form.Item>
            </Col>
            <Col xs={24}><Form.Item name="remote" valuePropName="checked"><Checkbox>{t('petitions.new.remote')}</Checkbox></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit">{t('petitions.new.save')}</Button>
            <Button onClick={() => { form.resetFields(); draft.clear(); }}>{t('petitions.filter.reset')}</Button>
          </Space>
        </Form>
      </Card>
    </RequirePermission>
  );
}
