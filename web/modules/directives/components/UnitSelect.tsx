/**
 * Pick units of any organization (a directive assigns tasks across trees): remote search by name
 * or code through GET /api/directives/units, labels of chosen ids fetched by id.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../kernel/api';
import { useT } from '../../../kernel/i18n';

type U = { id: number; code: string; name: string; organizationName: string; areaName: string | null };

type Props = { value?: number | number[] | null; onChange?: (v: number | number[] | null) => void; multiple?: boolean; placeholder?: string; id?: string; testId?: string };

export function UnitSelect({ value, onChange, multiple, placeholder, id, testId }: Props) {
  const t = useT();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setDebounced(q.trim()), 250);
    return () => { if (timer.current) clearTimeout(timer.current); };
  }, [q]);
  const ids = (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
  const found = useQuery({ queryKey: ['directives', 'units', debounced], queryFn: () => api.get<U[]>('/directives/units', { q: debounced || undefined }), staleTime: 60_000 });
  const chosen = useQuery({ queryKey: ['directives', 'units', 'ids', ids.join(',')], queryFn: () => api.get<U[]>('/directives/units', { ids: ids.join(',') }), enabled: ids.length > 0, staleTime: 300_000 });
  const options = useMemo(() => {
    const m = new Map<number, U>();
    for (const u of [...(chosen.data ?? []), ...(found.data ?? [])]) m.set(u.id, u);
    return [...m.values()].map((u) => ({
      value: u.id, title: u.name,
      label: <span>{u.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.code}</Typography.Text></span>,
    }));
  }, [chosen.data, found.data]);
  return (
    <Select
      id={id}
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={multiple ? ids : (ids[0] ?? null)}
      onChange={(v) => onChange?.((v ?? (multiple ? [] : null)) as number | number[] | null)}
      options={options}
      loading={found.isFetching}
      placeholder={placeholder ?? t('directives.pickUnit')}
      notFoundContent={found.isFetching ? null : t('directives.noUnit')}
      optionLabelProp="title"
      style={{ width: '100%' }}
      onBlur={() => setQ('')}
    />
  );
}
