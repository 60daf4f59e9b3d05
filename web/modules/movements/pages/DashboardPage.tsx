/**
 * Dashboard: a movement's indicators at a unit over a month range — totals, targets, trends — and a
 * drill-down from any figure to the child units behind it, down to the residential areas.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearch } from '@tanstack/react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { RequirePermission } from '../../../kernel/guards';
import { useI18n, useT } from '../../../kernel/i18n';
import { formatNumber } from '../../../kernel/format';
import { usePhone } from '../../../kernel/FilterBlock';
import { api } from '../../../kernel/api';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { periodLabel } from '../../../../common/movements';
import { useDashboard, useMovements, useValues, type Dashboard } from '../movements.api';
import { Nav } from '../components/Nav';
import { EChart } from '../../../kernel/EChart';
import { defaultRange, fmtValue } from '../components/labels';

type Item = Dashboard['items'][number];

export default function DashboardPage() {
  const t = useT();
  const search = useSearch({ strict: false }) as { movement?: number; indicator?: string; from?: string; to?: string };
  const { unitId, setUnitId } = useCurrentUnit();
  const movements = useMovements();
  const [movement, setMovement] = useState<number | undefined>(search.movement);
  useEffect(() => { if (!movement && movements.data?.length) setMovement(movements.data[0].id); }, [movements.data, movement]);
  const [range, setRange] = useState(() => (/^\d{4}-\d{2}$/.test(String(search.from)) && /^\d{4}-\d{2}$/.test(String(search.to)) ? { from: String(search.from), to: String(search.to) } : defaultRange()));
  const [selected, setSelected] = useState<string | undefined>(search.indicator);
  const dash = useDashboard({ unit: unitId, from: range.from, to: range.to, movement }, !!unitId && !!movement);
  const items = dash.data?.items ?? [];
  const current = items.find((i) => i.code === selected) ?? items[0];

  return (
    <RequirePermission permission="indicators.aggregate">
      <Nav active="dashboard" />
      <Card size="small" title={t('movements.dashboard.title')}>
        <Row gutter={[8, 8]}>
          <Col xs={24} md={8}><UnitPickerInput value={unitId} onChange={(v) => setUnitId(v)} allowClear={false} /></Col>
          <Col xs={24} md={8}><Select style={{ width: '100%' }} value={movement} onChange={(v) => { setMovement(v); setSelected(undefined); }} placeholder={t('movements.col.movement')} options={(movements.data ?? []).map((m) => ({ value: m.id, label: m.name }))} data-testid="dashboard-movement" /></Col>
          <Col xs={24} md={8}>
            <DatePicker.RangePicker picker="month" format="MM/YYYY" allowClear={false} style={{ width: '100%' }} value={[dayjs(`${range.from}-01`), dayjs(`${range.to}-01`)]}
              onChange={(v) => { if (v?.[0] && v[1]) setRange({ from: v[0].format('YYYY-MM'), to: v[1].format('YYYY-MM') }); }} />
          </Col>
        </Row>
        {!unitId ? <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('movements.pickUnit')}</Typography.Paragraph> : null}
        {dash.data?.openFlags ? (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon icon={<WarningOutlined />} title={t('movements.dashboard.flags', { n: dash.data.openFlags })}
            action={<Link to="/movements/flags" search={{ unit: unitId } as never}><Button size="small">{t('movements.nav.flags')}</Button></Link>} />
        ) : null}
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }} data-testid="kpis">
        {items.map((i) => (
          <Col key={i.code} xs={24} sm={12} lg={8} xl={6}>
            <Kpi item={i} active={current?.code === i.code} onClick={() => setSelected(i.code)} />
          </Col>
        ))}
        {dash.isSuccess && items.length === 0 ? <Col span={24}><Card size="small"><Empty description={t('movements.dashboard.empty')} /></Card></Col> : null}
      </Row>
      {current && unitId ? <DrillDown code={current.code} unit={unitId} from={range.from} to={range.to} onPick={(id) => setUnitId(id)} /> : null}
    </RequirePermission>
  );
}

function Kpi({ item, active, onClick }: { item: Item; active: boolean; onClick: () => void }) {
  const { t, lang } = useI18n();
  const option = useMemo(() => ({
    grid: { left: 4, right: 4, top: 8, bottom: 4 }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', show: false, data: item.trend.map((p) => periodLabel(p.periodKey, lang)) },
    yAxis: { type: 'value', show: false, scale: true },
    series: [{ type: 'line', smooth: true, symbol: 'none', areaStyle: { opacity: 0.15 }, data: item.trend.map((p) => p.value) }],
  }), [item.trend, lang]);
  const pct = item.target && item.value !== null ? Math.round((item.value / item.target) * 100) : null;
  return (
    <Card size="small" hoverable onClick={onClick} style={{ borderColor: active ? '#1677ff' : undefined, height: '100%' }} data-testid={`kpi-${item.code}`}>
      <Typography.Text type="secondary" ellipsis={{ tooltip: item.name }} style={{ display: 'block' }}>{item.name}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600 }} data-testid={`kpi-value-${item.code}`}>{fmtValue(item.value, item.valueType === 'percent' ? undefined : item.measure, item.valueType)}</div>
      <Space size={4} wrap style={{ fontSize: 12 }}>
        <Tag>{t(`movements.agg.${item.aggregation}`)}</Tag>
        <Typography.Text type="secondary">{t('movements.dashboard.reported', { n: item.reported })}</Typography.Text>
      </Space>
      {pct !== null ? <Progress percent={Math.min(100, pct)} size="small" format={() => `${pct}% ${t('movements.dashboard.ofTarget')}`} /> : null}
      {item.trend.length > 1 ? <EChart option={option} height={60} /> : null}
    </Card>
  );
}

function DrillDown({ code, unit, from, to, onPick }: { code: string; unit: number; from: string; to: string; onPick: (id: number) => void }) {
  const { t, lang } = useI18n();
  const phone = usePhone();
  const byChild = useValues({ indicator: code, unit, from, to, by: 'child' }, true);
  const byPeriod = useValues({ indicator: code, unit, from, to, by: 'period' }, true);
  const v = byChild.data;
  const rows = v?.rows ?? [];
  const short = useMemo(() => shortLabels(rows.map((r) => r.label)), [rows]);
  const bar = useMemo(() => ({
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
    // Few, grouped ticks that never overlap: on a phone "1,0002,0003,000" was one unreadable label.
    xAxis: { type: 'value', splitNumber: phone ? 3 : 5, axisLabel: { hideOverlap: true, formatter: (x: number) => formatNumber(x) } },
    yAxis: { type: 'category', inverse: true, data: short.slice(0, 30), axisLabel: { width: phone ? 96 : 140, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.slice(0, 30).map((r) => ({ value: r.value, unitId: r.unitId, itemStyle: r.openFlags ? { color: '#fa541c' } : undefined })) },
      ...(rows.some((r) => r.target !== null) ? [{ type: 'scatter', symbol: 'diamond', data: rows.slice(0, 30).map((r) => r.target), name: t('movements.dashboard.target') }] : [])],
  }), [rows, short, t, phone]);
  const trend = useMemo(() => ({
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: (byPeriod.data?.rows ?? []).map((r) => periodLabel(r.periodKey ?? r.key, lang)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', splitNumber: phone ? 3 : 5, axisLabel: { hideOverlap: true, formatter: (x: number) => formatNumber(x) } },
    series: [{ type: 'bar', data: (byPeriod.data?.rows ?? []).map((r) => r.value) }],
  }), [byPeriod.data, lang, phone]);
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="drilldown"
      title={v ? <span>{v.indicator.name} — <b data-testid="drill-total">{fmtValue(v.value, v.indicator.measure, v.indicator.valueType)}</b>{v.target !== null ? <Typography.Text type="secondary"> / {fmtValue(v.target, v.indicator.measure, v.indicator.valueType)}</Typography.Text> : null}</span> : null}
      extra={<Button icon={<DownloadOutlined />} href={api.url('/indicators/values/export', { indicator: code, unit, from, to })}>{t('movements.export')}</Button>}>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('movements.dashboard.byChild')}</Typography.Text>
          {rows.length ? <EChart option={bar} height={Math.max(200, Math.min(30, rows.length) * 22)} onClick={(p) => { const id = (p.data as { unitId?: number } | undefined)?.unitId; if (id && id !== unit) onPick(id); }} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('movements.dashboard.byPeriod')}</Typography.Text>
          <EChart option={trend} height={260} />
        </Col>
      </Row>
      <Table size="small" rowKey="key" style={{ marginTop: 12 }} loading={byChild.isFetching} dataSource={rows} pagination={{ pageSize: 20 }} data-testid="drill-table"
        columns={[
          { title: t('movements.col.unit'), dataIndex: 'label', render: (l: string, r) => (r.unitId && r.unitId !== unit && r.hasChildren ? <a onClick={() => onPick(r.unitId!)} data-testid="drill-link">{l}</a> : l) },
          { title: t('movements.dashboard.value'), dataIndex: 'value', align: 'right' as const, sorter: (a, b) => (a.value ?? 0) - (b.value ?? 0), render: (x: number | null) => fmtValue(x, undefined, v?.indicator.valueType) },
          { title: t('movements.dashboard.target'), dataIndex: 'target', align: 'right' as const, responsive: ['md' as const], render: (x: number | null) => fmtValue(x, undefined, v?.indicator.valueType) },
          { title: t('movements.dashboard.reports'), dataIndex: 'reported', align: 'right' as const, responsive: ['md' as const] },
          { title: t('movements.col.flags'), dataIndex: 'openFlags', align: 'right' as const, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : '') },
        ]} />
    </Card>
  );
}

/** "Ủy ban MTTQ Việt Nam phường An Hải", "… phường Hòa Cường" → "phường An Hải", "phường Hòa Cường": the shared leading words go. */
function shortLabels(labels: string[]): string[] {
  if (labels.length < 2) return labels;
  const words = labels.map((l) => l.split(' '));
  let n = 0;
  while (words.every((w) => w.length > n + 1 && w[n] === words[0][n])) n++;
  return words.map((w) => w.slice(n).join(' '));
}
