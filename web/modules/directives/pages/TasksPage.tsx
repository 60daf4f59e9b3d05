import { useEffect, useState } from 'react';
import { Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useSearch } from '@tanstack/react-router';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatNumber } from '../../../kernel/format';
import { TASK_STATUSES, type TaskListQuery } from '../../../../common/directives';
import { taskExportUrl, useTasks, type TaskTable as TaskTableData } from '../directives.api';
import { TaskTable } from '../components/TaskTable';
import { ModuleNav } from '../components/ModuleNav';
import { EChart } from '../../../kernel/EChart';
import { NumberInput } from '../../../kernel/NumberInput';

type Filters = Partial<Pick<TaskListQuery, 'status' | 'flag' | 'year' | 'q' | 'unitId' | 'directiveId' | 'sort'>>;

/** The issuer's table: every task of every directive the user may see, by unit and status, filterable and exportable. */
export default function TasksPage() {
  const t = useT();
  const { me } = useAuth();
  const search = useSearch({ strict: false }) as { directive?: number; flag?: string };
  const key = `dv.directives.taskFilters.${me?.id ?? 0}`;
  const [filters, setFilters] = useState<Filters>(() => {
    const fromUrl: Filters = { ...(search.directive ? { directiveId: Number(search.directive) } : {}), ...(search.flag ? { flag: search.flag as Filters['flag'] } : {}) };
    if (Object.keys(fromUrl).length) return fromUrl;
    try { return JSON.parse(localStorage.getItem(key) ?? '{}') as Filters; } catch { return {}; }
  });
  useEffect(() => { try { localStorage.setItem(key, JSON.stringify(filters)); } catch { /* private mode */ } }, [key, filters]);
  const [page, setPage] = useState({ limit: 50, offset: 0 });
  const set = (f: Filters) => { setFilters((x) => ({ ...x, ...f })); setPage((p) => ({ ...p, offset: 0 })); };
  const q = useTasks({ ...filters, ...page });
  const data: TaskTableData | undefined = q.data;
  return (
    <RequirePermission permission="directives.read">
      <ModuleNav active="tasks" />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(['total', 'in_progress', 'done', 'overdue', 'atRisk'] as const).map((k) => (
          <Col xs={12} sm={8} md={4} key={k}>
            <Card size="small" hoverable onClick={() => set(k === 'total' ? { status: undefined, flag: undefined } : k === 'overdue' ? { flag: 'overdue', status: undefined } : k === 'atRisk' ? { flag: 'at_risk', status: undefined } : { status: k, flag: undefined })}>
              <Statistic title={t(`directives.stat.${k}`)} value={formatNumber(k === 'total' ? data?.total : k === 'overdue' ? data?.overdue : k === 'atRisk' ? data?.atRisk : data?.byStatus[k] ?? 0)}
                styles={{ content: k === 'overdue' && data?.overdue ? { color: '#cf1322' } : undefined }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t('directives.taskTable')}
        extra={<Button icon={<DownloadOutlined />} href={taskExportUrl({ ...filters })} data-testid="tasks-export">{t('common.exportXlsx')}</Button>}>
        <div className="dv-toolbar">
          <Input.Search className="dv-grow" allowClear defaultValue={filters.q} placeholder={t('directives.searchTasks')} onSearch={(v) => set({ q: v || undefined })} aria-label={t('directives.searchTasks')} />
          <Select allowClear placeholder={t('directives.col.status')} style={{ minWidth: 150 }} value={filters.status} onChange={(v) => set({ status: v })}
            options={TASK_STATUSES.map((s) => ({ value: s, label: t(`directives.status.${s}`) }))} data-testid="filter-status" />
          <Select allowClear placeholder={t('directives.flag')} style={{ minWidth: 150 }} value={filters.flag} onChange={(v) => set({ flag: v })}
            options={(['overdue', 'at_risk', 'open'] as const).map((s) => ({ value: s, label: t(`directives.flag.${s}`) }))} data-testid="filter-flag" />
          <NumberInput compact kind="count" grouping={false} placeholder={t('directives.year')} min={1990} max={2100} value={filters.year} onValue={(v) => set({ year: v ?? undefined })} aria-label={t('directives.year')} style={{ width: 110 }} />
          <div style={{ minWidth: 220 }}><UnitPickerInput value={filters.unitId} onChange={(v) => set({ unitId: v ?? undefined })} placeholder={t('directives.anyUnit')} /></div>
          <Select style={{ minWidth: 150 }} value={filters.sort ?? 'deadline'} onChange={(v) => set({ sort: v })}
            options={(['deadline', 'directive', 'unit', 'status'] as const).map((s) => ({ value: s, label: t(`directives.sort.${s}`) }))} />
        </div>
        {filters.directiveId ? <Space style={{ marginBottom: 8 }}><Typography.Text type="secondary">{t('directives.filteredByDirective')}</Typography.Text><Button size="small" onClick={() => set({ directiveId: undefined })}>{t('common.clear')}</Button></Space> : null}
        <TaskTable tasks={data?.items ?? []} loading={q.isFetching} showDirective
          pagination={{ total: data?.total ?? 0, pageSize: page.limit, current: page.offset / page.limit + 1, showSizeChanger: true, onChange: (p, s) => setPage({ limit: s, offset: (p - 1) * s }) }} />
      </Card>
      <Card size="small" title={t('directives.byUnit')} style={{ marginTop: 12 }}>
        {data && data.byUnit.length > 1 ? <ByUnitChart byUnit={data.byUnit} onPick={(unitId) => set({ unitId })} /> : null}
        <Table size="small" rowKey="unitId" dataSource={data?.byUnit ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => set({ unitId: r.unitId }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('directives.col.unit'), dataIndex: 'unitName' },
            { title: t('directives.stat.total'), dataIndex: 'total', align: 'right', width: 90, sorter: (a, b) => a.total - b.total },
            { title: t('directives.stat.done'), dataIndex: 'done', align: 'right', width: 90, sorter: (a, b) => a.done - b.done },
            { title: t('directives.stat.overdue'), dataIndex: 'overdue', align: 'right', width: 90, sorter: (a, b) => a.overdue - b.overdue, render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
          ]} />
      </Card>
    </RequirePermission>
  );
}

/** Done, open and overdue tasks of the busiest lead units, as stacked bars (ECharts, loaded on demand). */
function ByUnitChart({ byUnit, onPick }: { byUnit: TaskTableData['byUnit']; onPick: (unitId: number) => void }) {
  const t = useT();
  const top = byUnit.slice(0, 12).reverse();
  const option = {
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((u) => (u.unitName.length > 28 ? u.unitName.slice(0, 27) + '…' : u.unitName)) },
    series: [
      { name: t('directives.stat.done'), type: 'bar', stack: 'x', data: top.map((u) => u.done), itemStyle: { color: '#52c41a' } },
      { name: t('directives.flag.open'), type: 'bar', stack: 'x', data: top.map((u) => u.total - u.done - u.overdue), itemStyle: { color: '#1677ff' } },
      { name: t('directives.stat.overdue'), type: 'bar', stack: 'x', data: top.map((u) => u.overdue), itemStyle: { color: '#ff4d4f' } },
    ],
  };
  return <EChart option={option} height={Math.max(180, 28 * top.length + 60)} onClick={(p) => { if (typeof p.dataIndex === 'number') onPick(top[p.dataIndex].unitId); }} testId="tasks-by-unit-chart" />;
}
