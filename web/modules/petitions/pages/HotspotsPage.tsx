/**
 * Possible mass complaints: the flagged clusters (list, with the cases behind each) and the case
 * points drawn on a plain latitude/longitude scatter — no map tiles are loaded (works offline).
 */
import { useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Alert, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { formatDate, formatNumber } from '../../../kernel/format';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useHotspots, useMapPoints, type Hotspot } from '../petitions.api';
import { CasesNav } from '../components/CasesNav';
import { EChart } from '../../../kernel/EChart';
import { NumberInput } from '../../../kernel/NumberInput';

export default function HotspotsPage() {
  const t = useT();
  const { can } = useAuth();
  const [unit, setUnit] = useState<number | null>(null);
  const [windowDays, setWindowDays] = useState(28);
  const hot = useHotspots({ unit: unit ?? undefined, windowDays });
  const pts = useMapPoints({ unit: unit ?? undefined });
  const option = useMemo(() => {
    const data = pts.data ?? [];
    return {
      tooltip: { formatter: (p: { data: [number, number, string, number] }) => `#${p.data[3]} · ${p.data[2]}` },
      legend: { data: [t('petitions.hot.normal'), t('petitions.hot.hot')], top: 0 },
      grid: { left: 50, right: 16, top: 32, bottom: 36 },
      xAxis: { type: 'value', name: t('petitions.hot.lng'), scale: true, nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'value', name: t('petitions.hot.lat'), scale: true },
      series: [
        { name: t('petitions.hot.normal'), type: 'scatter', symbolSize: 6, itemStyle: { color: '#5b8ff9', opacity: 0.6 }, data: data.filter((p) => !p.hot).map((p) => [p.lng, p.lat, p.category, p.id]) },
        { name: t('petitions.hot.hot'), type: 'scatter', symbolSize: 11, itemStyle: { color: '#e8453c' }, data: data.filter((p) => p.hot).map((p) => [p.lng, p.lat, p.category, p.id]) },
      ],
    };
  }, [pts.data, t]);
  const reasons = (h: Hotspot) => h.reasons.map((r) => <Tag key={r} color={r === 'many_signatories' ? 'purple' : r === 'surge' ? 'red' : 'orange'}>{t(`petitions.hot.reason.${r}`)}</Tag>);
  return (
    <RequirePermission permission="cases.aggregate">
      <CasesNav />
      <Card size="small" title={t('petitions.hot.title')} extra={
        <Space wrap>
          <div style={{ width: 240 }}><UnitPickerInput value={unit} onChange={setUnit} placeholder={t('petitions.filter.allMine')} /></div>
          <Space.Compact><NumberInput compact kind="count" min={7} max={90} value={windowDays} onValue={(v) => setWindowDays(v ?? 28)} style={{ width: 80 }} aria-label={t('petitions.hot.days')} /><Typography.Text style={{ padding: '4px 8px' }}>{t('petitions.hot.days')}</Typography.Text></Space.Compact>
        </Space>
      }>
        <Typography.Paragraph type="secondary">{t('petitions.hot.method')}</Typography.Paragraph>
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <Table<Hotspot> scroll={{ x: 900 }} rowKey={(h) => `${h.placeCode}-${h.category}`} size="small" loading={hot.isLoading} dataSource={hot.data ?? []} pagination={false} data-testid="hotspots-table"
              locale={{ emptyText: <Empty description={t('petitions.hot.none')} /> }}
              expandable={{ expandedRowRender: (h) => (
                <Space wrap>{h.caseIds.map((id) => (can('cases.read') ? <Link key={id} to="/cases/$id" params={{ id: String(id) }}>#{id}</Link> : <Tag key={id}>#{id}</Tag>))}</Space>
              ) }}
              columns={[
                { title: t('petitions.col.place'), dataIndex: 'placeName' },
                { title: t('petitions.col.category'), dataIndex: 'categoryName' },
                { title: t('petitions.hot.cases'), dataIndex: 'cases', align: 'right', render: (n: number) => formatNumber(n) },
                { title: t('petitions.hot.people'), dataIndex: 'signatories', align: 'right', render: (n: number) => formatNumber(n) },
                { title: t('petitions.hot.baseline'), dataIndex: 'baselinePer28Days', align: 'right' },
                { title: t('petitions.hot.why'), key: 'r', render: (_: unknown, h: Hotspot) => reasons(h) },
                { title: t('petitions.hot.period'), key: 'p', render: (_: unknown, h: Hotspot) => `${formatDate(h.firstAt)} – ${formatDate(h.lastAt)}` },
              ]}
            />
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('petitions.hot.map')}>
              {pts.data && !pts.data.length ? <Alert type="info" title={t('petitions.hot.noPoints')} /> : <EChart option={option} height={380} testId="hotspot-map" />}
            </Card>
          </Col>
        </Row>
      </Card>
    </RequirePermission>
  );
}
