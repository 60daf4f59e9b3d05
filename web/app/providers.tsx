/** Providers around the app: react-query, i18n, Ant Design (vi_VN / en_US), antd's App context, auth. */
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from '../kernel/i18n';
import { AuthProvider } from '../kernel/auth';
import { isApiError } from '../kernel/api';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not change by asking again.
        retry: (count, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

export const theme = {
  token: {
    colorPrimary: '#1f4e9c',
    colorLink: '#1f4e9c',
    borderRadius: 6,
    fontFamily: "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 12px', siderBg: '#ffffff', bodyBg: '#f3f5f9' },
  },
};

function AntdConfig({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <I18nProvider>
        <AntdConfig>
          <AuthProvider>{children}</AuthProvider>
        </AntdConfig>
      </I18nProvider>
    </QueryClientProvider>
  );
}
