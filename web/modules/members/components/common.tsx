/** Small pieces shared by the member pages: the tabs, labels, the chart. */
import { Segmented, Tag } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { hasMessage, translate, useT, type Lang } from '../../../kernel/i18n';
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

/**
 * A rating level's label in the reader's language: the organizations' default levels (their labels
 * stored in Vietnamese) read in English in the English interface; a label an organization wrote
 * itself is shown as written.
 */
export function levelLabel(l: { code: string; label: string }, lang: Lang): string {
  const key = `members.rating.${l.code}`;
  if (lang === 'vi' || !hasMessage(key) || translate('vi', key) !== l.label) return l.label;
  return translate(lang, key);
}
export function localLevels<L extends { code: string; label: string }>(levels: L[], lang: Lang): L[] {
  return levels.map((l) => ({ ...l, label: levelLabel(l, lang) }));
}

/**
 * What an organization calls its members and its grassroots branch: a Youth Union (DOAN) has
 * "đoàn viên" in a "chi đoàn", a trade union "đoàn viên công đoàn", the associations "hội viên" in a
 * "chi hội". Without a known organization, null (callers keep their neutral wording).
 */
export function memberWord(t: (k: string) => string, org: string | null | undefined): string | null {
  if (!org) return null;
  return t(hasMessage(`members.word.${org}`) ? `members.word.${org}` : 'members.word.default');
}
export function branchWord(t: (k: string) => string, org: string | null | undefined): string | null {
  if (!org) return null;
  return t(hasMessage(`members.branch.${org}`) ? `members.branch.${org}` : 'members.branch.default');
}
