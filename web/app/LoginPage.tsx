import { useEffect, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../kernel/auth';
import { useT } from '../kernel/i18n';
import { errorMessage } from '../kernel/api';
import { LanguageSwitch } from '../kernel/layout/LanguageSwitch';

/** Only paths of this app: never send the user elsewhere after login. */
const safeRedirect = (r?: string) => (r && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login') ? r : '/');

export default function LoginPage() {
  const t = useT();
  const { login, me } = useAuth();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { redirect?: string };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Already signed in (a bookmark, the back button): straight on.
  useEffect(() => {
    if (me && !busy) void navigate({ href: safeRedirect(search.redirect), replace: true } as never);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id]);

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username, v.password);
      void navigate({ href: safeRedirect(search.redirect), replace: true } as never);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dv-login">
      <div className="dv-login-lang"><LanguageSwitch /></div>
      <Card className="dv-login-card" variant="borderless">
        <div className="dv-login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        <Typography.Title level={4} style={{ marginTop: 8 }}>{t('login.title')}</Typography.Title>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>{t('login.footer')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
