/** Tabs between the module's pages: directives, the task table, programs, reports. */
import { Segmented } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';

const PAGES = [
  { key: 'directives', to: '/directives' },
  { key: 'tasks', to: '/tasks' },
  { key: 'programs', to: '/programs' },
  { key: 'reports', to: '/directives/reports' },
] as const;

export function ModuleNav({ active }: { active: (typeof PAGES)[number]['key'] }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <div style={{ marginBottom: 12, overflowX: 'auto' }}>
      <Segmented
        value={active}
        options={PAGES.map((p) => ({ value: p.key, label: t(`directives.nav.${p.key}`) }))}
        onChange={(v) => { const p = PAGES.find((x) => x.key === v)!; void navigate({ to: p.to, search: (prev: Record<string, unknown>) => ({ unit: prev.unit }) } as never); }}
      />
    </div>
  );
}
