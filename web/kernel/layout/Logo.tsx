import { Link } from '@tanstack/react-router';
import { useT } from '../i18n';

export function Logo({ collapsed, inline }: { collapsed?: boolean; inline?: boolean }) {
  const t = useT();
  return (
    <Link to="/" className={inline ? 'dv-logo dv-logo-inline' : 'dv-logo'} aria-label={t('app.name')}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {collapsed ? null : <span>{t('app.name')}</span>}
    </Link>
  );
}
