/** Who reported for a period, by child unit: on time, late, not at all — and reminders to those who did not. */
import { useState } from 'react';
import { App, Button, Card, Col, Progress, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { BellOutlined, DownloadOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { useI18n } from '../../../kernel/i18n';
import { PeriodSelect } from '../components/PeriodSelect';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useApiErrorHandler } from '../../../kernel/forms';
import { exportRows } from '../../../kernel/export';
import { periodLabel } from '../../../../common/movements';
import { remind, useCompleteness, useMovements, type Completeness } from '../movements.api';
import { Nav } from '../components/Nav';

type Row = Completeness['rows'][number];

export default function CompletenessPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const { unitId, setUnitId } = useCurrentUnit();
  const [movement, setMovement] = useState<number | undefined>();
  const [period, setPeriod] = useState<string>('');
  const movements = useMovements();
  const q = useCompleteness({ unit: unitId, movement, period: period || undefined }, !!unitId);
  const c = q.data;
  const pct = (a: number, n: number) => (n ? Math.round((a / n) * 100) : 0);
  return (
    <RequirePermission permission="movements.read">
      <Nav active="completeness" />
      <Card size="small" title={t('movements.completeness.title')}>
        <Row gutter={[8, 8]}>
          <Col xs={24} md={8}><UnitPickerInput value={unitId} onChange={(v) => setUnitId(v)} allowClear={false} /></Col>
          <Col xs={24} md={8}><Select style={{ width: '100%' }} allowClear placeholder={t('movements.col.movement')} value={movement} onChange={setMovement} options={(movements.data ?? []).map((m) => ({ value: m.id, label: m.name }))} /></Col>
          <Col xs={12} md={4}><PeriodSelect style={{ width: '100%' }} placeholder={t('movements.completeness.periodHint')} value={period} onChange={(v) => setPeriod(v ?? '')} /></Col>
          <Col xs={12} md={4}>
            {can('reports.approve') && unitId ? <Button icon={<BellOutlined />} block data-testid="remind" onClick={async () => {
              try { const r = await remind({ unit: unitId, movement, period: c?.periodKey ?? undefined }); void message.success(t('movements.completeness.reminded', { n: r.forms })); } catch (e) { onError(e); }
            }}>{t('movements.completeness.remind')}</Button> : null}
          </Col>
        </Row>
        {!unitId ? <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('movements.pickUnit')}</Typography.Paragraph> : null}
        {c ? (
          <Row gutter={[16, 8]} style={{ marginTop: 12 }}>
            <Col xs={12} md={4}><Statistic title={t('movements.col.period')} value={c.periodKey ? periodLabel(c.periodKey, lang) : '—'} valueStyle={{ fontSize: 18 }} /></Col>
            <Col xs={12} md={4}><Statistic title={t('movements.completeness.forms')} value={c.totals.forms} /></Col>
            <Col xs={12} md={4}><Statistic title={t('movements.completeness.approved')} value={c.totals.approved} suffix={`(${pct(c.totals.approved, c.totals.forms)}%)`} /></Col>
            <Col xs={12} md={4}><Statistic title={t('movements.completeness.onTime')} value={c.totals.onTime} /></Col>
            <Col xs={12} md={4}><Statistic title={t('movements.completeness.late')} value={c.totals.late} /></Col>
            <Col xs={12} md={4}><Statistic title={t('movements.completeness.overdue')} value={c.totals.overdue} valueStyle={{ color: c.totals.overdue ? '#cf1322' : undefined }} /></Col>
          </Row>
        ) : null}
      </Card>
      <Card size="small" style={{ marginTop: 12 }} extra={c ? <Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: `tinh-hinh-bao-cao-${c.periodKey ?? ''}`, rows: c.rows, columns: [
        { header: t('movements.col.unit'), value: (r) => r.unitName }, { header: t('movements.completeness.forms'), value: (r) => r.forms },
        { header: t('movements.completeness.approved'), value: (r) => r.approved }, { header: t('movements.completeness.submitted'), value: (r) => r.submitted },
        { header: t('movements.completeness.onTime'), value: (r) => r.onTime }, { header: t('movements.completeness.late'), value: (r) => r.late },
        { header: t('movements.completeness.missing'), value: (r) => r.missing }, { header: t('movements.completeness.overdue'), value: (r) => r.overdue }] })}>{t('movements.export')}</Button> : null}>
        <Table<Row> rowKey="unitId" size="small" loading={q.isFetching} dataSource={c?.rows ?? []} pagination={{ pageSize: 50 }} scroll={{ x: 700 }} data-testid="completeness-table"
          columns={[
            { title: t('movements.col.unit'), dataIndex: 'unitName', render: (v: string, r) => (r.unitId !== unitId ? <a onClick={() => setUnitId(r.unitId)}>{v}</a> : <b>{v}</b>) },
            { title: t('movements.completeness.progress'), key: 'p', width: 180, render: (_, r) => <Progress percent={pct(r.approved, r.forms)} success={{ percent: pct(r.approved, r.forms) }} size="small" format={() => `${r.approved}/${r.forms}`} /> },
            { title: t('movements.completeness.onTime'), dataIndex: 'onTime', width: 90, sorter: (a, b) => a.onTime - b.onTime },
            { title: t('movements.completeness.late'), dataIndex: 'late', width: 90, sorter: (a, b) => a.late - b.late },
            { title: t('movements.completeness.missing'), dataIndex: 'missing', width: 100, sorter: (a, b) => a.missing - b.missing, render: (v: number, r) => <Space>{v}{r.overdue ? <Typography.Text type="danger">({t('movements.completeness.overdueN', { n: r.overdue })})</Typography.Text> : null}</Space> },
          ]} />
      </Card>
    </RequirePermission>
  );
}
