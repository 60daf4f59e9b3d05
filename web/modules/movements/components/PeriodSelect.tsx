/**
 * A reporting period picked by its name ("Quý 3/2026", "Q3 2026"), never typed as a code: the
 * periods of this year and the last two (years, halves, quarters, months), searchable without diacritics.
 */
import { useMemo } from 'react';
import { Select } from 'antd';
import { useI18n } from '../../../kernel/i18n';
import { fold } from '../../../kernel/format';
import { periodLabel } from '../../../../common/movements';

export function periodKeys(thisYear: number): string[] {
  const out: string[] = [];
  for (let y = thisYear; y >= thisYear - 2; y--) {
    out.push(String(y), `${y}-H2`, `${y}-H1`, `${y}-Q4`, `${y}-Q3`, `${y}-Q2`, `${y}-Q1`);
    for (let m = 12; m >= 1; m--) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

export function PeriodSelect({ value, onChange, placeholder, style }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; style?: React.CSSProperties }) {
  const { lang } = useI18n();
  const options = useMemo(() => periodKeys(new Date().getFullYear()).map((k) => ({ value: k, label: periodLabel(k, lang) })), [lang]);
  return (
    <Select allowClear showSearch style={style} value={value || undefined} placeholder={placeholder} onChange={(v) => onChange?.(v ?? undefined)}
      options={options} filterOption={(input, o) => fold(String(o?.label ?? '')).includes(fold(input))} />
  );
}
