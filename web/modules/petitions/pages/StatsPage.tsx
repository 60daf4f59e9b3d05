/** Counts by kind, category, status, commune; per responsible body: on-time rate, overdue, close to the limit, days to answer. */
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Row, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { formatNumber, formatPercent, isoDate } from '../../../kernel/format';
import { exportRows } from '../../../kernel/export';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useCaseStats, type CaseStats } from '../petitions.api';
import { CasesNav } from '../components/CasesNav';
import { EChart } from '../../../kernel/EChart';
import { kindText, statusText } from '../components/labels';

const bar = (labels: string[], values: number[], color: string) => ({
  tooltip: {}, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
  xAxis: { type: 'value' }, yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
  series: [{ type: 'bar', data: values, itemStyle: { color }, label: { show: true, position: 'right' } }],
});

export default function StatsPage() {
  const t = useT();
  const [unit, setUnit] = useState<number | null>(null);
  const [range, setRange] = useState<[unknown, unknown] | null>(null);
  const q = useCaseStats({ unit: unit ?? undefined, from: range?.[0] ? isoDate(range[0] as never) : undefined, to: range?.[1] ? isoDate(range[1] as never) : undefined });
  const s = q.data;
  const charts = useMemo(() => s && {
    kind: bar(s.byKind.map((x) => kindText(t, x.key)), s.byKind.map((x) => x.count), '#1f4e9c'),
    category: bar(s.byCategory.map((x) => x.label), s.byCategory.map((x) => x.count), '#2f9e6e'),
    status: bar(s.byStatus.map((x) => statusText(t, x.key)), s.byStatus.map((x) => x.count), '#d98c1f'),
    area: bar(s.byArea.slice(0, 15).map((x) => x.label), s.byArea.slice(0, 15).map((x) => x.count), '#7b5ea7'),
  }, [s, t]);
  type Body = CaseStats['byBody'][number];
  const cols = [
    { title: t('petitions.col.body'), dataIndex: 'name' },
    { title: t('petitions.stats.total'), dataIndex: 'total', align: 'right' as const, render: (n: number) => formatNumber(n) },
    { title: t('petitions.stats.answered'), dataIndex: 'answered', align: 'right' as const, render: (n: number) => formatNumber(n) },
    { title: t('petitions.stats.onTimeRate'), dataIndex: 'onTimeRate', align: 'right' as const, render: (n: number | null) => (n === null ? '—' : formatPercent(n / 100)) },
    { title: t('petitions.stats.overdue'), dataIndex: 'overdue', align: 'right' as const, render: (n: number) => (n ? <Tag color="red">{formatNumber(n)}</Tag> : 0) },
    { title: t('petitions.stats.near'), dataIndex: 'near', align: 'right' as const, render: (n: number) => (n ? <Tag color="orange">{formatNumber(n)}</Tag> : 0) },
    { title: t('petitions.stats.avgDays'), dataIndex: 'avgDaysToAnswer', align: 'right' as const, render: (n: number | null) => (n === null ? '—' : formatNumber(n, 1)) },
  ];
  return (
    <RequirePermission permission="cases.aggregate">
      <CasesNav />
      <Card size="small" title={t('petitions.stats.title')} loading={q.isLoading} extra={
        <Space wrap>
          <div style={{ width: 240 }}><UnitPickerInput value={unit} onChange={setUnit} placeholder={t('petitions.filter.allMine')} /></div>
          <DatePicker.RangePicker format="DD/MM/YYYY" onChange={(v) => setRange(v as never)} />
        </Space>
      }>
        {s && charts ? (
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}><Card size="small" title={t('petitions.stats.byKind')}><EChart option={charts.kind} height={200} /></Card></Col>
            <Col xs={24} md={12}><Card size="small" title={t('petitions.stats.byStatus')}><EChart option={charts.status} height={200} /></Card></Col>
            <Col xs={24} md={12}><Card size="small" title={t('petitions.stats.byCategory')}><EChart option={charts.category} height={320} /></Card></Col>
            <Col xs={24} md={12}><Card size="small" title={t('petitions.stats.byArea')}><EChart option={charts.area} height={320} /></Card></Col>
            <Col xs={24}>
              <Card size="small" title={t('petitions.stats.byBody')} extra={
                <Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: t('petitions.stats.file'), columns: cols.map((c) => ({ header: c.title, value: (r: Body) => (r as Record<string, unknown>)[c.dataIndex] as number | string | null })), rows: s.byBody })}>
                  {t('petitions.list.export')}
                </Button>}>
                <Table<Body> rowKey="unitId" size="small" dataSource={s.byBody} columns={cols} pagination={false} scroll={{ x: 700 }} data-testid="stats-bodies" />
              </Card>
            </Col>
          </Row>
        ) : null}
      </Card>
    </RequirePermission>
  );
}
