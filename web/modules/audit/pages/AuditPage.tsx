import { useEffect, useState } from 'react';
import { AutoComplete, Card, DatePicker, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../../kernel/i18n';
import { AUDIT_ENTITY_LABELS, actorLabel, auditActionLabel, auditEntityLabel } from '../../../../common/audit-labels';
import { useAuth } from '../../../kernel/auth';
import { RequirePermission } from '../../../kernel/guards';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useCurrentUnit } from '../../../kernel/units';
import { DATE_FORMAT, formatDateTime, formatNumber, isoDate } from '../../../kernel/format';
import { useAudit, useUserOptions, type AuditRow } from '../audit.api';
import { AuditDiff } from '../components/AuditDiff';

const ENTITIES = Object.keys(AUDIT_ENTITY_LABELS);

export default function AuditPage() {
  return (
    <RequirePermission permission="audit.read">
      <AuditLog />
    </RequirePermission>
  );
}

function AuditLog() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { unitId, setUnitId } = useCurrentUnit();
  const [user, setUser] = useState<number | undefined>();
  const [userText, setUserText] = useState('');
  const [entity, setEntity] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  useEffect(() => setPage(1), [unitId, user, entity, range]);
  const users = useUserOptions(userText.trim(), can('users.read'));
  const list = useAudit({
    unit: unitId, user, entity: entity.trim() || undefined,
    from: isoDate(range?.[0]), to: isoDate(range?.[1]),
    limit: pageSize, offset: (page - 1) * pageSize,
  });

  const actionLabel = (a: string) => auditActionLabel(a, lang);
  const entityLabel = (e: string) => auditEntityLabel(e, lang);

  const columns: TableColumnsType<AuditRow> = [
    { title: t('audit.col.at'), dataIndex: 'at', key: 'at', width: 104, render: (v: string) => formatDateTime(v) },
    { title: t('audit.col.actor'), dataIndex: 'actorName', key: 'actor', responsive: ['md'], render: (v: string | null) => actorLabel(v, lang) },
    {
      title: t('audit.col.action'), key: 'action',
      render: (_: unknown, r) => (
        <div>
          <Tag color={r.action.endsWith('.create') ? 'green' : r.action.endsWith('.close') || r.action.endsWith('.delete') ? 'red' : 'blue'}>{actionLabel(r.action)}</Tag>
          <div className="dv-show-mobile"><Typography.Text type="secondary" style={{ fontSize: 12 }}>{actorLabel(r.actorName, lang)} · {entityLabel(r.entity)}{r.entityId ? ` #${r.entityId}` : ''}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('audit.col.entity'), key: 'entity', responsive: ['md'], render: (_: unknown, r) => <span>{entityLabel(r.entity)}{r.entityId ? ` #${r.entityId}` : ''}</span> },
    { title: t('audit.col.unit'), dataIndex: 'unitName', key: 'unit', responsive: ['lg'], render: (v: string | null) => v ?? '' },
  ];

  return (
    <Card size="small" title={<Typography.Title level={4} style={{ margin: '6px 0' }}>{t('audit.title')}</Typography.Title>}>
      <div className="dv-toolbar">
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <UnitPickerInput value={unitId} onChange={(id) => setUnitId(id)} placeholder={t('audit.anyUnit')} />
        </div>
        {can('users.read') ? (
          <Select
            style={{ flex: '1 1 200px', minWidth: 0 }}
            allowClear
            showSearch={{ filterOption: false, onSearch: setUserText }}
            placeholder={t('audit.filter.user')}
            value={user}
            onChange={(v) => setUser(v ?? undefined)}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))}
            notFoundContent={users.isFetching ? t('app.loading') : t('common.noData')}
          />
        ) : null}
        <AutoComplete
          style={{ flex: '1 1 160px', minWidth: 0 }}
          allowClear
          placeholder={t('audit.filter.entity')}
          value={entity}
          onChange={(v) => setEntity(v ?? '')}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
        />
        <DatePicker.RangePicker
          style={{ flex: '1 1 240px' }}
          format={DATE_FORMAT}
          value={range}
          onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
          placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
        />
      </div>
      <Table<AuditRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: list.isError ? list.error.message : t('common.noData') }}
        expandable={{ expandedRowRender: (r) => <AuditDiff before={r.before} after={r.after} />, rowExpandable: (r) => r.before != null || r.after != null }}
        pagination={{
          current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          showTotal: (n, [a, b]) => t('common.rangeTotal', { from: formatNumber(a), to: formatNumber(b), total: formatNumber(n) }),
          onChange: (p, s) => { setPage(s !== pageSize ? 1 : p); setPageSize(s); },
        }}
        data-testid="audit-table"
      />
    </Card>
  );
}
