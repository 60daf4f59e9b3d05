import { useEffect, useState } from 'react';
import { Button, Card, Input, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { RequirePermission } from '../../../kernel/guards';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useCurrentUnit } from '../../../kernel/units';
import { formatDateTime, formatNumber } from '../../../kernel/format';
import { useUsers, type User } from '../users.api';
import { RoleTag } from '../components/RoleSelect';
import { CreateUserDrawer } from '../components/CreateUserDrawer';
import { EditUserDrawer } from '../components/EditUserDrawer';

const PAGE = 20;

export default function UsersPage() {
  return (
    <RequirePermission permission="users.read">
      <UsersList />
    </RequirePermission>
  );
}

function UsersList() {
  const t = useT();
  const { can } = useAuth();
  const { unitId, setUnitId } = useCurrentUnit();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  useEffect(() => {
    const h = setTimeout(() => { setQ(text.trim()); setPage(1); }, 300);
    return () => clearTimeout(h);
  }, [text]);
  useEffect(() => setPage(1), [unitId]);
  const list = useUsers({ q: q || undefined, unit: unitId, limit: pageSize, offset: (page - 1) * pageSize });

  const columns: TableColumnsType<User> = [
    {
      title: t('users.col.name'), key: 'name',
      render: (_: unknown, u) => (
        <div>
          <Typography.Link onClick={() => setEditing(u.id)}>{u.fullName}</Typography.Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.username}</Typography.Text></div>
        </div>
      ),
    },
    {
      title: t('users.col.grants'), key: 'grants', responsive: ['md'],
      render: (_: unknown, u) => (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          {u.grants.map((g) => <div key={g.id}><RoleTag role={g.role} /><Typography.Text style={{ fontSize: 13 }}>{g.unitName ?? t('users.allUnits')}</Typography.Text></div>)}
        </div>
      ),
    },
    {
      title: t('common.status'), key: 'status', width: 130,
      render: (_: unknown, u) => (!u.isActive ? <Tag>{t('common.inactive')}</Tag> : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? <Tag color="orange">{t('users.locked')}</Tag> : <Tag color="green">{t('common.active')}</Tag>),
    },
    { title: t('users.col.lastLogin'), key: 'lastLogin', dataIndex: 'lastLoginAt', responsive: ['lg'], width: 150, render: (v: string | null) => (v ? formatDateTime(v) : t('users.never')) },
  ];

  return (
    <Card
      size="small"
      title={<Typography.Title level={4} style={{ margin: '6px 0' }}>{t('users.title')}</Typography.Title>}
      extra={can('users.manage') ? <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)}>{t('users.create')}</Button> : null}
    >
      <div className="dv-toolbar">
        <Input.Search className="dv-grow" allowClear placeholder={t('users.search')} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('users.search')} />
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <UnitPickerInput value={unitId} onChange={(id) => setUnitId(id)} placeholder={t('users.anyUnit')} />
        </div>
      </div>
      <Table<User>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: list.isError ? list.error.message : t('common.noData') }}
        pagination={{
          current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          showTotal: (n, [a, b]) => t('common.rangeTotal', { from: formatNumber(a), to: formatNumber(b), total: formatNumber(n) }),
          onChange: (p, s) => { setPage(s !== pageSize ? 1 : p); setPageSize(s); },
        }}
      />
      {creating ? <CreateUserDrawer defaultUnitId={unitId} onClose={(id) => { setCreating(false); if (id) setEditing(id); }} /> : null}
      {editing ? <EditUserDrawer id={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
