/** Anomaly flags in my scope, newest period first, with their reasons; the approver accepts with a comment. */
import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Button, Card, Col, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../../kernel/guards';
import { useI18n } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { exportRows } from '../../../kernel/export';
import { FLAG_RULES, periodLabel } from '../../../../common/movements';
import { useFlags, type Flag } from '../movements.api';
import { Nav } from '../components/Nav';
import { FlagList } from '../components/FlagList';
import { SEVERITY_COLORS } from '../components/labels';

export default function FlagsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { unitId, setUnitId } = useCurrentUnit();
  const [rule, setRule] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>('open');
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const q = useFlags({ unit: unitId, rule, status, limit: page.pageSize, offset: (page.current - 1) * page.pageSize });
  return (
    <RequirePermission permission="movements.read">
      <Nav active="flags" />
      <Card size="small" title={t('movements.flags.title')} extra={<Button icon={<DownloadOutlined />} onClick={() => void exportRows('xlsx', { filename: 'canh-bao-bat-thuong', rows: q.data?.items ?? [], columns: [
        { header: t('movements.col.unit'), value: (f) => f.unitName }, { header: t('movements.col.parentUnit'), value: (f) => f.parentUnitName ?? '' }, { header: t('movements.col.period'), value: (f) => periodLabel(f.periodKey, lang) },
        { header: t('movements.flags.rule'), value: (f) => t(`movements.rule.${f.rule}`) }, { header: t('movements.ind.name'), value: (f) => f.indicatorName ?? '' },
        { header: t('movements.flags.reason'), value: (f) => f.message }, { header: t('movements.col.status'), value: (f) => t(`movements.flagStatus.${f.status}`) },
        { header: t('movements.flags.comment'), value: (f) => f.comment ?? '' }] })}>{t('movements.export')}</Button>}>
        <Row gutter={[8, 8]}>
          <Col xs={24} md={10}><UnitPickerInput value={unitId} onChange={(v) => setUnitId(v)} /></Col>
          <Col xs={12} md={7}><Select style={{ width: '100%' }} allowClear placeholder={t('movements.flags.rule')} value={rule} onChange={setRule} options={FLAG_RULES.map((r) => ({ value: r, label: t(`movements.rule.${r}`) }))} /></Col>
          <Col xs={12} md={7}><Select style={{ width: '100%' }} allowClear placeholder={t('movements.col.status')} value={status} onChange={setStatus} options={['open', 'accepted'].map((s) => ({ value: s, label: t(`movements.flagStatus.${s}`) }))} /></Col>
        </Row>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Table<Flag> rowKey="id" size="small" loading={q.isFetching} dataSource={q.data?.items ?? []} data-testid="flags-table"
          pagination={{ ...page, total: q.data?.total ?? 0, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
          expandable={{ expandedRowRender: (f) => <FlagList flags={[f]} canAccept={can('reports.approve')} /> }}
          columns={[
            // On a phone the rule and the status go under the unit's name: one column, nothing cut at the edge.
            { title: t('movements.col.unit'), key: 'u', render: (_, f) => <div><Link to="/movements/forms/$id" params={{ id: String(f.formId) }}>{f.unitName}</Link>{f.parentUnitName ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('movements.under', { name: f.parentUnitName })}</Typography.Text></div> : null}<div><Typography.Text type="secondary" style={{ fontSize: 12 }} className="dv-nowrap">{periodLabel(f.periodKey, lang)}</Typography.Text></div>
              <div className="dv-show-mobile" style={{ marginTop: 4 }}><Space size={4} wrap><Tag color={SEVERITY_COLORS[f.severity]}>{t(`movements.rule.${f.rule}`)}</Tag><Tag color={f.status === 'open' ? 'orange' : 'green'}>{t(`movements.flagStatus.${f.status}`)}</Tag></Space></div></div> },
            { title: t('movements.flags.rule'), dataIndex: 'rule', width: 150, responsive: ['md' as const], render: (r: string, f) => <Tag color={SEVERITY_COLORS[f.severity]}>{t(`movements.rule.${r}`)}</Tag> },
            { title: t('movements.flags.reason'), dataIndex: 'message', responsive: ['md' as const], render: (m: string, f) => <Space direction="vertical" size={0}>{f.indicatorName ? <b>{f.indicatorName}</b> : null}<span>{m}</span></Space> },
            { title: t('movements.col.status'), dataIndex: 'status', width: 110, responsive: ['md' as const], render: (s: string) => <Tag color={s === 'open' ? 'orange' : 'green'}>{t(`movements.flagStatus.${s}`)}</Tag> },
          ]} />
      </Card>
    </RequirePermission>
  );
}
