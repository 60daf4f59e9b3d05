import { useState } from 'react';
import { Alert, Button, Card, InputNumber, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { RequirePermission, LoadError } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { formatNumber } from '../../../kernel/format';
import { exportRows } from '../../../kernel/export';
import { useCurrentUnit, UnitName } from '../../../kernel/units';
import { useRatings, type RatingSummary } from '../members.api';
import { MembersNav } from '../components/common';

type Row = RatingSummary['rows'][number];

/** The rating distribution of a unit and of each unit directly below it, for a year. */
export default function RatingsPage() {
  const t = useT();
  const { unitId } = useCurrentUnit();
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const q = useRatings(unitId, year);
  const levels = q.data?.levels ?? [];
  const pct = (n: number, of: number) => (of ? ` (${formatNumber((n / of) * 100, 1)}%)` : '');
  const columns = [
    { title: t('members.col.unit'), dataIndex: 'unitName', fixed: 'left' as const, width: 220 },
    { title: t('members.rt.members'), dataIndex: 'members', width: 100, render: (n: number) => formatNumber(n) },
    { title: t('members.rt.rated'), dataIndex: 'rated', width: 120, render: (n: number, r: Row) => formatNumber(n) + pct(n, r.members) },
    ...levels.map((l) => ({ title: l.label, key: l.code, width: 150, render: (_: unknown, r: Row) => formatNumber(r.counts[l.code] ?? 0) + pct(r.counts[l.code] ?? 0, r.rated) })),
  ];
  return (
    <RequirePermission permission="members.aggregate">
      <MembersNav active="ratings" />
      <Card size="small" title={<Space wrap>{t('members.rt.title')}{unitId ? <span>— <UnitName id={unitId} /></span> : null}</Space>}
        extra={<Space>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={t('members.f.year')} />
          <Button icon={<DownloadOutlined />} disabled={!q.data} onClick={() => void exportRows('xlsx', {
            filename: `${t('members.rt.file')}-${year}`, rows: q.data?.rows ?? [],
            columns: [{ header: t('members.col.unit'), value: (r: Row) => r.unitName }, { header: t('members.rt.members'), value: (r: Row) => r.members },
              { header: t('members.rt.rated'), value: (r: Row) => r.rated }, ...levels.map((l) => ({ header: l.label, value: (r: Row) => r.counts[l.code] ?? 0 }))],
          })}>{t('members.export')}</Button>
        </Space>}>
        {!unitId ? <Alert type="info" showIcon title={t('members.chooseUnit')} /> : q.isError ? <LoadError error={q.error} /> : (
          <Table<Row> rowKey="unitId" size="small" loading={q.isFetching} dataSource={q.data?.rows ?? []} columns={columns} scroll={{ x: 900 }} pagination={false} data-testid="ratings-table" />
        )}
      </Card>
    </RequirePermission>
  );
}
