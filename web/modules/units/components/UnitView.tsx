import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Descriptions, Dropdown, Skeleton, Space, Tag, Typography } from 'antd';
import { DragOutlined, EditOutlined, EnvironmentOutlined, MoreOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import type { UnitDetail } from '../../../../common/core';
import { useT } from '../../../kernel/i18n';
import { formatDate, formatNumber } from '../../../kernel/format';
import { LoadError } from '../../../kernel/guards';
import { AreaName } from '../../../kernel/areas';
import { useApiErrorHandler } from '../../../kernel/forms';
import { fetchUnitChildren, unitKeys, useUnit } from '../../../kernel/units';
import { useReopenUnit } from '../units.api';
import { ChildrenTable } from './ChildrenTable';
import { UnitFormModal } from './UnitFormModal';
import { MoveUnitModal } from './MoveUnitModal';
import { CloseUnitModal } from './CloseUnitModal';
import { CreateAreaModal } from './CreateAreaModal';

type Dialog = null | 'create' | 'edit' | 'move' | 'close' | 'area';

/** Ancestors the user may open: from the first one among their top-level units. */
function useOpenableAncestors(u: UnitDetail | undefined): Set<number> {
  const roots = useQuery({ queryKey: unitKeys.children(null), queryFn: () => fetchUnitChildren(null), staleTime: 60_000 });
  return useMemo(() => {
    const ids = new Set<number>();
    if (!u || !roots.data) return ids;
    const rootIds = new Set(roots.data.map((r) => r.id));
    const start = u.ancestors.findIndex((a) => rootIds.has(a.id));
    if (start >= 0) u.ancestors.slice(start).forEach((a) => ids.add(a.id));
    return ids;
  }, [u, roots.data]);
}

export function UnitView({ id, onOpen }: { id: number; onOpen: (id: number) => void }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const onError = useApiErrorHandler();
  const q = useUnit(id);
  const u = q.data;
  const openable = useOpenableAncestors(u);
  const [dialog, setDialog] = useState<Dialog>(null);
  const reopen = useReopenUnit(id);

  if (q.isPending) return <Card><Skeleton active /></Card>;
  if (q.isError || !u) return <Card><LoadError error={q.error} onRetry={() => q.refetch()} /></Card>;

  const confirmReopen = () => modal.confirm({
    title: t('units.reopen.title', { name: u.name }),
    content: t('units.reopen.body'),
    okText: t('units.action.reopen'),
    cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        await reopen.mutateAsync({ version: u.version });
        message.success(t('units.reopen.done'));
      } catch (e) {
        onError(e, { onReload: () => q.refetch() });
      }
    },
  });

  const more = [
    { key: 'edit', icon: <EditOutlined />, label: t('units.action.edit') },
    ...(u.parentId ? [{ key: 'move', icon: <DragOutlined />, label: t('units.action.move') }] : []),
    u.closedAt
      ? { key: 'reopen', icon: <UndoOutlined />, label: t('units.action.reopen') }
      : { key: 'close', icon: <StopOutlined />, label: t('units.action.close'), danger: true },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="unit-view" data-unit-id={u.id}>
      <Breadcrumb
        items={[
          ...u.ancestors.map((a) => ({
            key: a.id,
            title: openable.has(a.id) ? <Typography.Link onClick={() => onOpen(a.id)}>{a.name}</Typography.Link> : <span>{a.name}</span>,
          })),
          { key: u.id, title: <span>{u.name}</span> },
        ]}
      />
      <Card
        size="small"
        title={
          <div style={{ whiteSpace: 'normal', padding: '6px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-title">{u.name}</Typography.Title>
            {u.closedAt ? <Tag style={{ marginTop: 4 }}>{t('common.closed')} {formatDate(u.closedAt)}</Tag> : null}
          </div>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, xl: 3 }}
          items={[
            { key: 'code', label: t('units.col.code'), children: <Typography.Text copyable>{u.code}</Typography.Text> },
            { key: 'org', label: t('units.col.organization'), children: u.organizationName },
            { key: 'area', label: t('units.col.area'), children: u.areaId ? <AreaName id={u.areaId} /> : t('common.none') },
            { key: 'kind', label: t('units.col.kind'), children: t(`unitKind.${u.kind}`) },
            { key: 'children', label: t('units.directChildren'), children: formatNumber(u.childCount) },
            { key: 'desc', label: t('units.descendants'), children: <span data-testid="descendant-count">{formatNumber(u.descendantCount)}</span> },
            ...(u.closedAt ? [{ key: 'reason', label: t('units.closedReason'), children: u.closedReason ?? '' }] : []),
          ]}
        />
        {u.canManage ? (
          <Space wrap style={{ marginTop: 12 }}>
            {!u.closedAt ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>{t('units.action.create')}</Button> : null}
            {!u.closedAt && u.areaId ? <Button icon={<EnvironmentOutlined />} onClick={() => setDialog('area')}>{t('units.action.createArea')}</Button> : null}
            <Dropdown
              trigger={['click']}
              menu={{ items: more, onClick: ({ key }) => (key === 'reopen' ? confirmReopen() : setDialog(key as Dialog)) }}
            >
              <Button icon={<MoreOutlined />} data-testid="unit-more">{t('units.action.more')}</Button>
            </Dropdown>
          </Space>
        ) : null}
      </Card>
      <Card size="small" title={t('units.children')}>
        <ChildrenTable parent={u.id} onOpen={onOpen} filename={`${u.code}-${t('units.childrenFile')}`} />
      </Card>
      {dialog === 'create' ? <UnitFormModal mode="create" unit={u} onClose={() => setDialog(null)} /> : null}
      {dialog === 'edit' ? <UnitFormModal mode="edit" unit={u} onClose={() => setDialog(null)} onReload={() => q.refetch()} /> : null}
      {dialog === 'move' ? <MoveUnitModal unit={u} onClose={() => setDialog(null)} onReload={() => q.refetch()} /> : null}
      {dialog === 'close' ? <CloseUnitModal unit={u} onClose={() => setDialog(null)} onReload={() => q.refetch()} /> : null}
      {dialog === 'area' ? <CreateAreaModal unit={u} onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
