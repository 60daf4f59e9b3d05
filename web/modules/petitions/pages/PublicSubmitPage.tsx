/** The public form (no login, phone first): feedback, a voters' petition, a complaint or a denunciation. */
import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import { AimOutlined, CopyOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { applyFieldErrors, useRememberedForm } from '../../../kernel/forms';
import { errorMessage } from '../../../kernel/api';
import { fetchChallenge, solvePow, submitPublicCase, useCategories } from '../petitions.api';
import { PublicShell } from '../components/PublicShell';
import { PlaceSelect } from '../components/PlaceSelect';
import { KINDS, kindText } from '../components/labels';
import { NumberInput } from '../../../kernel/NumberInput';

type Values = {
  kind: (typeof KINDS)[number]; category?: string; commune?: string; areaCode?: string; text?: string; signatories?: number;
  name?: string; phone?: string; email?: string; address?: string; website?: string; consent?: boolean;
};

export default function PublicSubmitPage() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>('petitions.public', form, { defaults: { kind: 'feedback' }, exclude: ['name', 'phone', 'email', 'address', 'website', 'consent'] });
  const categories = useCategories();
  const kind = Form.useWatch('kind', form) ?? 'feedback';
  const commune = Form.useWatch('commune', form);
  const areaCode = Form.useWatch('areaCode', form);
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const identified = kind === 'complaint' || kind === 'denunciation';

  const locate = () => navigator.geolocation?.getCurrentPosition(
    (p) => setPoint({ lat: Math.round(p.coords.latitude * 1e5) / 1e5, lng: Math.round(p.coords.longitude * 1e5) / 1e5 }),
    () => setError(t('petitions.public.noLocation')), { enableHighAccuracy: true, timeout: 10_000 });

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const ch = await fetchChallenge();
      const nonce = await solvePow(ch.challenge, ch.bits);
      const r = await submitPublicCase({
        kind: v.kind, category: v.category, text: v.text, areaCode: v.areaCode ?? v.commune, signatories: v.kind === 'petition' ? v.signatories : undefined,
        name: v.name, phone: v.phone, email: v.email, address: v.address, website: v.website, lat: point?.lat, lng: point?.lng,
        pow: { challenge: ch.challenge, nonce },
      });
      draft.clear();
      setDone(r.trackingCode);
    } catch (e) {
      const rest = applyFieldErrors(form, e, { areaCode: 'commune' });
      setError(rest.length ? rest.join(' ') : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicShell>
        <Card>
          <Result
            status="success"
            title={t('petitions.public.sentTitle')}
            subTitle={t('petitions.public.sentBody')}
            extra={[
              <Typography.Title key="code" level={3} copyable={{ text: done, icon: <CopyOutlined /> }} data-testid="tracking-code" style={{ fontFamily: 'monospace' }}>{done}</Typography.Title>,
              <Link key="track" to="/tra-cuu" search={{ code: done }}><Button type="primary">{t('petitions.public.trackNow')}</Button></Link>,
            ]}
          />
        </Card>
      </PublicShell>
    );
  }

  return (
    <PublicShell>
      <Card title={t('petitions.public.title')} size="small">
        <Typography.Paragraph type="secondary">{t('petitions.public.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit} requiredMark="optional" data-testid="public-case-form">
          <Form.Item name="kind" label={t('petitions.form.kind')} rules={[{ required: true }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              {KINDS.map((k) => <Radio key={k} value={k} data-testid={`kind-${k}`}>{kindText(t, k)}<Typography.Text type="secondary" style={{ fontSize: 12 }}> — {t(`petitions.kind.${k}.hint`)}</Typography.Text></Radio>)}
            </Radio.Group>
          </Form.Item>
          {kind === 'denunciation' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('petitions.public.confidential')} /> : null}
          <Form.Item name="category" label={t('petitions.form.category')} rules={[{ required: true, message: t('petitions.form.required') }]}>
            <Select id="category" data-testid="category" loading={categories.isLoading} placeholder={t('petitions.form.categoryPick')} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
          <Form.Item label={t('petitions.form.place')} help={t('petitions.form.placeHint')}>
            <Form.Item name="commune" noStyle><input type="hidden" /></Form.Item>
            <Form.Item name="areaCode" noStyle><input type="hidden" /></Form.Item>
            <PlaceSelect commune={commune} area={areaCode} onCommune={(c) => form.setFieldsValue({ commune: c, areaCode: undefined })} onArea={(a) => form.setFieldsValue({ areaCode: a })} />
          </Form.Item>
          <Form.Item>
            <Space wrap>
              <Button icon={<AimOutlined />} onClick={locate}>{t('petitions.public.useLocation')}</Button>
              {point ? <Typography.Text type="secondary">{point.lat}, {point.lng} <Button size="small" type="link" onClick={() => setPoint(null)}>{t('petitions.public.removeLocation')}</Button></Typography.Text> : null}
            </Space>
          </Form.Item>
          <Form.Item name="text" label={t('petitions.form.text')} rules={[{ required: true, min: 10, message: t('petitions.form.textMin') }]}>
            <Input.TextArea id="text" data-testid="text" rows={5} maxLength={10000} showCount placeholder={t('petitions.form.textPlaceholder')} />
          </Form.Item>
          {kind === 'petition' ? (
            <Form.Item name="signatories" label={t('petitions.form.signatories')}>
              <NumberInput kind="count" min={1} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Typography.Title level={5}>{identified ? t('petitions.form.senderRequired') : t('petitions.form.senderOptional')}</Typography.Title>
          <Form.Item name="name" label={t('petitions.form.name')} rules={identified ? [{ required: true, message: t('petitions.form.required') }] : []}>
            <Input id="name" data-testid="name" autoComplete="name" maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('petitions.form.phone')} rules={[{ pattern: /^(\+84|0)\d{9,10}$/, message: t('petitions.form.phoneFormat') }]}>
            <Input id="phone" data-testid="phone" inputMode="tel" autoComplete="tel" maxLength={15} />
          </Form.Item>
          <Form.Item name="email" label={t('petitions.form.email')} rules={[{ type: 'email', message: t('petitions.form.emailFormat') }]}>
            <Input id="email" inputMode="email" autoComplete="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="address" label={t('petitions.form.address')}>
            <Input id="address" maxLength={500} autoComplete="street-address" />
          </Form.Item>
          {/* Honeypot: hidden from people, filled by bots. */}
          <div aria-hidden="true" style={{ position: 'absolute', left: -10000, top: 'auto', width: 1, height: 1, overflow: 'hidden' }}>
            <Form.Item name="website" label="Website"><Input tabIndex={-1} autoComplete="off" /></Form.Item>
          </div>
          <Form.Item name="consent" valuePropName="checked" rules={[{
            validator: (_, v) => {
              const vals = form.getFieldsValue();
              const personal = !!(vals.name || vals.phone || vals.email || vals.address);
              return !personal || v ? Promise.resolve() : Promise.reject(new Error(t('petitions.form.consentRequired')));
            },
          }]}>
            <Checkbox data-testid="consent">{t('petitions.form.consent')}</Checkbox>
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="submit-error" /> : null}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="submit-case">{t('petitions.public.send')}</Button>
        </Form>
      </Card>
    </PublicShell>
  );
}
