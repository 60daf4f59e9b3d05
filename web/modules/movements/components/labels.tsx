import { Tag } from 'antd';
import type { TFunction } from '../../../kernel/i18n';
import { formatNumber } from '../../../kernel/format';
import { getLang } from '../../../kernel/i18n';
import { measureLabel } from '../../../../common/measures';

export const STATUS_COLORS: Record<string, string> = { draft: 'default', submitted: 'processing', approved: 'success', returned: 'warning' };
export function StatusTag({ t, status }: { t: TFunction; status: string }) {
  return <Tag color={STATUS_COLORS[status]} data-testid="form-status">{t(`movements.status.${status}`)}</Tag>;
}
export const SEVERITY_COLORS: Record<string, string> = { low: 'default', medium: 'orange', high: 'red' };

/** A figure with its measure, Vietnamese grouping, up to 2 decimals (1 for percentages). */
export function fmtValue(v: number | null | undefined, measure?: string, valueType?: string): string {
  if (v === null || v === undefined) return '—';
  if (valueType === 'percent') return `${formatNumber(v, 1)} %`;
  const digits = Number.isInteger(v) ? 0 : Math.abs(v) < 10 ? 2 : 1;
  return `${formatNumber(v, digits)}${measure ? ` ${measureLabel(measure, getLang())}` : ''}`;
}

/** This year, January to December (a quarter or year in progress is inside it). */
export function defaultRange(): { from: string; to: string } {
  const y = new Date().getFullYear();
  return { from: `${y}-01`, to: `${y}-12` };
}
