import { App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useT, type Lang } from '../../../kernel/i18n';
import { useAuth, useSwitchLanguage } from '../../../kernel/auth';
import { useApiErrorHandler } from '../../../kernel/forms';
import { RoleTagPlain } from '../RoleTagPlain';

export default function ProfilePage() {
  const t = useT();
  const { me, updateMe } = useAuth();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const switchLang = useSwitchLanguage();
  const [info] = Form.useForm<{ fullName: string; locale: Lang }>();
  const [pw] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  if (!me) return null;

  const saveInfo = async (v: { fullName: string; locale: Lang }) => {
    try {
      await updateMe({ fullName: v.fullName.trim(), locale: v.locale });
      switchLang(v.locale);
      message.success(t('common.saved'));
    } catch (e) {
      onError(e, { form: info });
    }
  };
  const savePassword = async (v: { currentPassword: string; newPassword: string }) => {
    try {
      await updateMe({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      pw.resetFields();
      message.success(t('profile.passwordChanged'));
    } catch (e) {
      onError(e, { form: pw });
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('profile.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.info')}>
            <Form form={info} layout="vertical" onFinish={saveInfo} initialValues={{ fullName: me.fullName, locale: me.locale }} data-testid="profile-form">
              <Form.Item label={t('login.username')}><Input value={me.username} disabled /></Form.Item>
              <Form.Item name="fullName" label={t('profile.fullName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="locale" label={t('layout.language')}>
                <Select options={[{ value: 'vi', label: t('lang.vi') }, { value: 'en', label: t('lang.en') }]} />
              </Form.Item>
              <Button type="primary" htmlType="submit">{t('common.save')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.changePassword')}>
            <Form form={pw} layout="vertical" onFinish={savePassword} data-testid="password-form">
              <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item name="newPassword" label={t('profile.newPassword')} rules={[{ required: true, message: t('common.required') }, { min: 8, message: t('profile.passwordShort') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item name="confirm" label={t('profile.confirmPassword')} dependencies={['newPassword']}
                rules={[{ required: true, message: t('common.required') }, ({ getFieldValue }) => ({
                  validator: async (_, v) => { if (v && v !== getFieldValue('newPassword')) throw new Error(t('profile.passwordMismatch')); },
                })]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit">{t('profile.changePassword')}</Button>
            </Form>
          </Card>
          <Card size="small" title={t('home.myRoles')} style={{ marginTop: 16 }}>
            <Space orientation="vertical" size={6}>
              {me.grants.map((g) => <div key={g.id}><RoleTagPlain role={g.role} /> {g.unitName ?? t('home.allUnits')}</div>)}
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
