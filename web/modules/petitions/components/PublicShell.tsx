/** The frame of the public pages: a small header (name, language), the page, a footer link. Phone first. */
import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { Layout, Space, Typography } from 'antd';
import { useT } from '../../../kernel/i18n';
import { LanguageSwitch } from '../../../kernel/layout/LanguageSwitch';

export function PublicShell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f3f5f9' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff', padding: '0 12px', height: 56, borderBottom: '1px solid #e5e8ef' }}>
        <Link to="/phan-anh" style={{ display: 'flex', alignItems: 'center', gap: 8, color: 'inherit' }}>
          <img src="/favicon.svg" alt="" width={26} height={26} />
          <Typography.Text strong style={{ fontSize: 15 }}>{t('petitions.public.brand')}</Typography.Text>
        </Link>
        <LanguageSwitch compact />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, width: '100%', maxWidth: 720, margin: '0 auto' }}>{children}</Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', padding: 12, background: 'transparent' }}>
        <Space wrap size="middle">
          <Link to="/phan-anh">{t('petitions.public.sendLink')}</Link>
          <Link to="/tra-cuu">{t('petitions.public.trackLink')}</Link>
        </Space>
      </Layout.Footer>
    </Layout>
  );
}
