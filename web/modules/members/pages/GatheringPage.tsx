import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import { RequirePermission, LoadError } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { formatNumber } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useCurrentUnit, UnitName } from '../../../kernel/units';
import { useGathering, useSetEligible, type GatheringRow } from '../members.api';
import { EChart, MembersNav } from '../components/common';
import { NumberInput } from '../../../kernel/NumberInput';

/** Members / eligible people for the unit and each unit below it, as a table and a chart over the tree. */
export default function GatheringPage() {
  const t = useT();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { unitId, setUnitId } = useCurrentUnit();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useGathering(unitId, year);
  const setEligible = useSetEligible();
  const onError = useApiErrorHandler();
  const [edits, setEdits] = useState<Record<number, number | null>>({});
  const kids = (q.data ?? []).slice(1);
  const option = useMemo(() => ({
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: kids.map((k) => k.unitName), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [{ type: 'bar', data: kids.map((k) => k.rate ?? 0), label: { show: true, position: 'right', formatter: '{c}%' }, itemStyle: { color: '#c41d7f' } }],
  }), [kids]);
  return (
    <RequirePermission permission="members.aggregate">
      <MembersNav active="gathering" />
      <Card size="small" title={<Space wrap>{t('members.g.title')}{unitId ? <span>— <UnitName id={unitId} /></span> : null}</Space>}
        extra={<NumberInput compact kind="count" grouping={false} min={2000} max={2100} value={year} onValue={(v) => v !== null && setYear(v)} aria-label={t('members.f.year')} style={{ width: 110 }} />}>
        {!unitId ? <Alert type="info" showIcon title={t('members.chooseUnit')} /> : q.isError ? <LoadError error={q.error} /> : (
          <>
            {kids.length ? <Card size="small" title={t('members.g.chart')} style={{ marginBottom: 12 }}><EChart option={option} height={Math.max(200, kids.length * 28 + 40)} testId="gathering-chart" /></Card> : null}
            <Table<GatheringRow> rowKey="unitId" size="small" loading={q.isFetching} dataSource={q.data ?? []} pagination={false} scroll={{ x: 700 }} data-testid="gathering-table"
              columns={[
                { title: t('members.col.unit'), dataIndex: 'unitName', render: (v: string, r: GatheringRow, i: number) => (i > 0 && r.childCount ? <a onClick={() => setUnitId(r.unitId)}>{v}</a> : i === 0 ? <b>{v}</b> : v) },
                { title: t('members.g.members'), dataIndex: 'people', width: 110, render: (n: number) => formatNumber(n) },
                { title: t('members.g.eligible'), key: 'e', width: 240, render: (_: unknown, r: GatheringRow) => (can('members.write') && r.areaId ? (
                  <Space.Compact>
                    <NumberInput compact kind="count" value={edits[r.unitId] !== undefined ? edits[r.unitId] : r.eligible} onValue={(v) => setEdits({ ...edits, [r.unitId]: v })} style={{ width: 120 }} />
                    <Button disabled={edits[r.unitId] == null} onClick={async () => {
                      try {
                        await setEligible.mutateAsync({ areaId: r.areaId!, organizationId: r.organizationId, year, count: edits[r.unitId]! });
                        setEdits({ ...edits, [r.unitId]: undefined as never });
                        message.success(t('members.act.done'));
                      } catch (e) { onError(e); }
                    }}>{t('members.g.set')}</Button>
                  </Space.Compact>) : r.areaId ? formatNumber(r.eligible) : t('members.g.noArea')) },
                { title: t('members.g.rate'), dataIndex: 'rate', width: 100, render: (v: number | null) => (v == null ? '—' : `${formatNumber(v, 1)}%`) },
              ]} />
          </>
        )}
      </Card>
    </RequirePermission>
  );
}
