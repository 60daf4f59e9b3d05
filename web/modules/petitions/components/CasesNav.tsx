/** Links between the module's staff pages. */
import { Link, useLocation } from '@tanstack/react-router';
import { Segmented } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';

export function CasesNav() {
  const t = useT();
  const { can } = useAuth();
  const path = useLocation().pathname;
  const navigate = useNavigate();
  const items = [
    { value: '/cases', label: t('petitions.nav.list'), show: can('cases.read') },
    { value: '/cases/hotspots', label: t('petitions.nav.hotspots'), show: can('cases.aggregate') },
    { value: '/cases/stats', label: t('petitions.nav.stats'), show: can('cases.aggregate') },
    { value: '/cases/rules', label: t('petitions.nav.rules'), show: can('cases.read') },
    { value: '/cases/holidays', label: t('petitions.nav.holidays'), show: can('cases.read') },
  ].filter((i) => i.show);
  return (
    <div style={{ overflowX: 'auto', marginBottom: 12 }}>
      <Segmented value={items.find((i) => i.value === path)?.value ?? '/cases'} options={items.map(({ value, label }) => ({ value, label }))} onChange={(v) => void navigate({ to: v as string })} />
      <Link to="/tra-cuu" style={{ marginLeft: 12, whiteSpace: 'nowrap' }}>{t('petitions.public.trackLink')}</Link>
    </div>
  );
}
