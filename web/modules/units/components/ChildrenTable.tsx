import { useMemo, useState } from 'react';
import { Button, Dropdown, Input, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Unit } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { fold, formatDate, formatNumber } from '../../../kernel/format';
import { exportRows } from '../../../kernel/export';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useUnitChildren } from '../units.api';

/** The units directly below `parent` (or the user's top units), filterable and exportable. */
export function ChildrenTable({ parent, onOpen, filename }: { parent: number | null; onOpen: (id: number) => void; filename: string }) {
  const t = useT();
  const onError = useApiErrorHandler();
  const [includeClosed, setIncludeClosed] = useState(false);
  const [filter, setFilter] = useState('');
  const q = useUnitChildren(parent, includeClosed);
  const rows = useMemo(() => {
    const f = fold(filter.trim());
    const all = q.data ?? [];
    return f ? all.filter((u) => fold(`${u.name} ${u.code} ${u.areaName ?? ''}`).includes(f)) : all;
  }, [q.data, filter]);

  const columns: TableColumnsType<Unit> = [
    {
      title: t('units.col.name'), dataIndex: 'name', key: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (_: unknown, u) => (
        <div>
          <Typography.Link onClick={() => onOpen(u.id)} className={u.closedAt ? 'dv-tree-muted' : undefined}>{u.name}</Typography.Link>
          <div className="dv-show-mobile"><Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.code}{u.areaName ? ` · ${u.areaName}` : ''}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('units.col.code'), dataIndex: 'code', key: 'code', responsive: ['md'], width: 130 },
    { title: t('units.col.area'), dataIndex: 'areaName', key: 'area', responsive: ['xl'] },
    { title: t('units.col.kind'), dataIndex: 'kind', key: 'kind', responsive: ['xxl'], render: (k: string) => t(`unitKind.${k}`) },
    { title: t('units.col.children'), dataIndex: 'childCount', key: 'childCount', align: 'right', width: 96, sorter: (a, b) => a.childCount - b.childCount, render: (n: number) => formatNumber(n) },
    {
      title: t('common.status'), key: 'status', responsive: ['sm'], width: 130,
      render: (_: unknown, u) => (u.closedAt ? <Tag>{t('common.closed')} {formatDate(u.closedAt)}</Tag> : <Tag color="green">{t('common.active')}</Tag>),
    },
  ];

  const doExport = (format: 'csv' | 'xlsx') => exportRows(format, {
    filename,
    sheetName: t('units.children'),
    rows,
    columns: [
      { header: t('units.col.name'), value: (u) => u.name, width: 48 },
      { header: t('units.col.code'), value: (u) => u.code, width: 22 },
      { header: t('units.col.organization'), value: (u) => u.organizationName, width: 16 },
      { header: t('units.col.area'), value: (u) => u.areaName, width: 20 },
      { header: t('units.col.kind'), value: (u) => t(`unitKind.${u.kind}`), width: 24 },
      { header: t('units.col.children'), value: (u) => u.childCount },
      { header: t('common.status'), value: (u) => (u.closedAt ? `${t('common.closed')} ${formatDate(u.closedAt)}` : t('common.active')), width: 22 },
    ],
  }).catch((e) => onError(e));

  return (
    <div data-testid="children-table">
      <div className="dv-toolbar">
        <Input.Search className="dv-grow" allowClear placeholder={t('units.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t('units.filter')} />
        <label style={{ display: 'inline-flex', gap: 6, alignItems: 'center', whiteSpace: 'nowrap' }}>
          <Switch size="small" checked={includeClosed} onChange={setIncludeClosed} />
          {t('units.showClosed')}
        </label>
        <Dropdown
          trigger={['click']}
          menu={{ items: [{ key: 'xlsx', label: t('common.exportXlsx') }, { key: 'csv', label: t('common.exportCsv') }], onClick: ({ key }) => void doExport(key as 'csv' | 'xlsx') }}
          disabled={rows.length === 0}
        >
          <Button icon={<DownloadOutlined />}>{t('common.export')}</Button>
        </Dropdown>
      </div>
      <Table<Unit>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={q.isPending}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n: formatNumber(n) }) }}
        locale={{ emptyText: q.isError ? q.error.message : t('units.noChildren') }}
      />
    </div>
  );
}
