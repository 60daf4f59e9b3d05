import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Link } from '@tanstack/react-router';
import { useAuth } from './auth';
import { useT } from './i18n';
import { isApiError } from './api';

/** Renders children only for users holding `permission`; otherwise a "not allowed" page. */
export function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const { can } = useAuth();
  if (can(permission)) return <>{children}</>;
  return <Forbidden />;
}

export function Forbidden() {
  const t = useT();
  return <Result status="403" title="403" subTitle={t('error.forbidden')} extra={<Link to="/"><Button type="primary">{t('app.backHome')}</Button></Link>} />;
}

export function NotFoundResult({ message }: { message?: string }) {
  const t = useT();
  return <Result status="404" title="404" subTitle={message ?? t('error.notFound')} extra={<Link to="/"><Button>{t('app.backHome')}</Button></Link>} />;
}

/** The right result for a failed load: not found (also for out-of-scope ids), forbidden, or the message. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (isApiError(error) && error.isNotFound) return <NotFoundResult />;
  if (isApiError(error) && error.isForbidden) return <Forbidden />;
  return (
    <Result
      status="error"
      title={isApiError(error) ? error.message : t('error.unexpected')}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.reload')}</Button> : null}
    />
  );
}
