/** The rating distribution of a unit and of each unit directly below it, for a year: a stacked bar chart and a table. */
import { useMemo } from 'react';
import { Button, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../../kernel/i18n';
import { formatNumber } from '../../../kernel/format';
import { exportRows } from '../../../kernel/export';
import { LoadError } from '../../../kernel/guards';
import { useCurrentUnit } from '../../../kernel/units';
import { useRatings, type RatingSummary } from '../members.api';
import { localLevels, EChart } from './common';

type Row = RatingSummary['rows'][number];

/** Colours of the default scale; an organization's own levels take the chart's palette. */
const LEVEL_COLOR: Record<string, string> = { excellent: '#389e0d', good: '#1677ff', done: '#faad14', not_done: '#cf1322' };

export function RatingDistribution({ unitId, year }: { unitId: number; year: number }) {
  const { t, lang } = useI18n();
  const { setUnitId } = useCurrentUnit();
  const q = useRatings(unitId, year);
  const levels = useMemo(() => localLevels(q.data?.levels ?? [], lang), [q.data, lang]);
  const data = useMemo(() => q.data?.rows ?? [], [q.data]);
  // The unit itself first, then its children: the chart shows the children (or the unit alone).
  const bars = data.length > 1 ? data.slice(1) : data;
  const option = useMemo(() => ({
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: bars.map((r) => r.unitName), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      ...levels.map((l) => ({ type: 'bar', stack: 'n', name: l.label, data: bars.map((r) => r.counts[l.code] ?? 0), ...(LEVEL_COLOR[l.code] ? { itemStyle: { color: LEVEL_COLOR[l.code] } } : {}) })),
      { type: 'bar', stack: 'n', name: t('members.rs.unrated'), data: bars.map((r) => r.members - r.rated), itemStyle: { color: '#d9d9d9' } },
    ],
  }), [bars, levels, t]);
  const pct = (n: number, of: number) => (of ? ` (${formatNumber((n / of) * 100, 1)}%)` : '');
  const columns = [
    { title: t('members.col.unit'), dataIndex: 'unitName', fixed: 'left' as const, width: 200, render: (v: string, r: Row, i: number) => (i === 0 ? <b>{v}</b> : <a onClick={() => setUnitId(r.unitId)}>{v}</a>) },
    { title: t('members.rt.members'), dataIndex: 'members', width: 100, render: (n: number) => formatNumber(n) },
    { title: t('members.rt.rated'), dataIndex: 'rated', width: 120, render: (n: number, r: Row) => <span data-testid={`rated-${r.unitId}`}>{formatNumber(n) + pct(n, r.members)}</span> },
    ...levels.map((l) => ({ title: l.label, key: l.code, width: 150, render: (_: unknown, r: Row) => <span data-testid={`rated-${r.unitId}-${l.code}`}>{formatNumber(r.counts[l.code] ?? 0) + pct(r.counts[l.code] ?? 0, r.rated)}</span> })),
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div data-testid="rating-distribution">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text strong>{t('members.rt.title')} — {year}</Typography.Text>
        <Button icon={<DownloadOutlined />} disabled={!q.data} onClick={() => void exportRows('xlsx', {
          filename: `${t('members.rt.file')}-${year}`, rows: data,
          columns: [{ header: t('members.col.unit'), value: (r: Row) => r.unitName }, { header: t('members.rt.members'), value: (r: Row) => r.members },
            { header: t('members.rt.rated'), value: (r: Row) => r.rated }, ...levels.map((l) => ({ header: l.label, value: (r: Row) => r.counts[l.code] ?? 0 }))],
        })}>{t('members.export')}</Button>
      </Space>
      {bars.length ? <EChart option={option} height={Math.max(180, bars.length * 30 + 70)} testId="ratings-chart" /> : null}
      <Table<Row> rowKey="unitId" size="small" loading={q.isFetching} dataSource={data} columns={columns} scroll={{ x: 900 }} pagination={false} data-testid="ratings-table" />
    </div>
  );
}
