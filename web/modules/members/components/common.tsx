/** Small pieces shared by the member pages: the tabs, labels, the chart. */
import { Segmented, Tag } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';

const PAGES = [
  { key: 'list', to: '/members', label: 'members.title', requires: 'members.aggregate' },
  { key: 'import', to: '/members/import', label: 'members.import', requires: 'members.write' },
  { key: 'transfers', to: '/members/transfers', label: 'members.transfers', requires: 'members.write' },
  { key: 'ratings', to: '/members/ratings', label: 'members.ratings', requires: 'members.aggregate' },
  { key: 'gathering', to: '/members/gathering', label: 'members.gathering', requires: 'members.aggregate' },
  { key: 'rules', to: '/members/rules', label: 'members.rules', requires: 'members.aggregate' },
] as const;

export function MembersNav({ active }: { active: (typeof PAGES)[number]['key'] }) {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <div style={{ marginBottom: 12, overflowX: 'auto' }}>
      <Segmented value={active} data-testid="members-nav"
        options={PAGES.filter((p) => can(p.requires)).map((p) => ({ value: p.key, label: t(p.label) }))}
        onChange={(v) => { const p = PAGES.find((x) => x.key === v)!; void navigate({ to: p.to, search: (prev: Record<string, unknown>) => ({ unit: prev.unit }) } as never); }} />
    </div>
  );
}

const STATUS_COLOR: Record<string, string> = { active: 'green', suspended: 'orange', left: 'default', deceased: 'default', transferred: 'blue' };
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`members.status.${status}`)}</Tag>;
}

export const STATUSES = ['active', 'suspended', 'left', 'deceased', 'transferred'] as const;
export const ROLES = ['member', 'core', 'officer'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;

/** ECharts, loaded only on the page that draws a chart. */
/** The shared chart component (ECharts, lazy-loaded). */
export { EChart } from '../../../kernel/EChart';
