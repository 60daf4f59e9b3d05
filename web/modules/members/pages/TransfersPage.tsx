import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { App, Button, Card, Segmented, Space, Table } from 'antd';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { formatDate } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useDecideTransfer, useTransfers, type Transfer } from '../members.api';
import { MembersNav } from '../components/common';

/** Transfers waiting for the caller's units to accept them, and those the caller's units sent. */
export default function TransfersPage() {
  const t = useT();
  const { message } = App.useApp();
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>('incoming');
  const q = useTransfers(direction);
  const decide = useDecideTransfer();
  const onError = useApiErrorHandler();
  const act = async (id: number, accept: boolean) => {
    try { await decide.mutateAsync({ id, accept }); message.success(t('members.act.done')); } catch (e) { onError(e); }
  };
  return (
    <RequirePermission permission="members.write">
      <MembersNav active="transfers" />
      <Card size="small" title={t('members.transfers')} extra={<Segmented value={direction} onChange={(v) => setDirection(v as never)}
        options={[{ value: 'incoming', label: t('members.tr.incoming') }, { value: 'outgoing', label: t('members.tr.outgoing') }]} />}>
        <Table<Transfer> rowKey="id" size="small" loading={q.isFetching} dataSource={q.data ?? []} scroll={{ x: 700 }} locale={{ emptyText: t('members.tr.none') }}
          columns={[
            { title: t('members.col.name'), dataIndex: 'fullName', render: (v: string, r: Transfer) => (direction === 'outgoing' ? <Link to="/members/$id" params={{ id: String(r.memberId) }}>{v}</Link> : v) },
            { title: t('members.tr.from'), dataIndex: 'fromUnitName' },
            { title: t('members.tr.to'), dataIndex: 'toUnitName' },
            { title: t('members.f.date'), dataIndex: 'onDate', width: 110, render: (d: string) => formatDate(d) },
            { title: t('members.f.reason'), dataIndex: 'reason' },
            { title: '', key: 'a', width: 190, render: (_: unknown, r: Transfer) => (
              <Space>
                {direction === 'incoming' ? <Button size="small" type="primary" onClick={() => void act(r.id, true)}>{t('members.tr.accept')}</Button> : null}
                <Button size="small" danger onClick={() => void act(r.id, false)}>{t('members.tr.reject')}</Button>
              </Space>) },
          ]} />
      </Card>
    </RequirePermission>
  );
}
