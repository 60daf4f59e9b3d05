/** Tabs between the module's pages. */
import { Segmented } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';

const PAGES = [
  { key: 'movements', to: '/movements', requires: 'movements.read' },
  { key: 'forms', to: '/movements/forms', requires: 'movements.read' },
  { key: 'completeness', to: '/movements/completeness', requires: 'movements.read' },
  { key: 'dashboard', to: '/movements/dashboard', requires: 'indicators.aggregate' },
  { key: 'flags', to: '/movements/flags', requires: 'movements.read' },
  { key: 'indicators', to: '/movements/indicators', requires: 'movements.read' },
] as const;
export type NavKey = (typeof PAGES)[number]['key'];

export function Nav({ active }: { active: NavKey }) {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <div style={{ marginBottom: 12, overflowX: 'auto' }}>
      <Segmented
        value={active}
        options={PAGES.filter((p) => can(p.requires)).map((p) => ({ value: p.key, label: t(`movements.nav.${p.key}`) }))}
        onChange={(v) => { const p = PAGES.find((x) => x.key === v)!; void navigate({ to: p.to, search: (prev: Record<string, unknown>) => ({ unit: prev.unit }) } as never); }}
        data-testid="movements-nav"
      />
    </div>
  );
}
