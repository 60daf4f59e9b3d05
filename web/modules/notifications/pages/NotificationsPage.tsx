/** My notifications: all or unread, newest first, a page at a time; one tap reads one and opens its page. */
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useRouter, useSearch } from '@tanstack/react-router';
import { Alert, Badge, Button, Card, Empty, Pagination, Segmented, Space, Spin, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { formatDateTime } from '../../../kernel/format';
import { LoadError } from '../../../kernel/guards';
import { useSystemNotifications, useUnreadCount, type NotificationView } from '../../../kernel/notifications';
import { useMarkAllRead, useMarkRead, useNotifications, type NotificationFilter } from '../notifications.api';

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const router = useRouter();
  const search = useSearch({ strict: false }) as { filter?: string };
  const filter: NotificationFilter = search.filter === 'unread' ? 'unread' : 'all';
  const [page, setPage] = useState(1);
  const list = useNotifications(filter, page, PAGE_SIZE);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread ?? 0;
  // The bell polls; when its count or newest one moves, the list follows.
  const count = useUnreadCount();
  const bell = count ? `${count.unread}:${count.newest}` : undefined;
  const seenBell = useRef(bell);
  const { refetch } = list;
  useEffect(() => {
    if (bell === undefined || bell === seenBell.current) return;
    seenBell.current = bell;
    void refetch();
  }, [bell, refetch]);

  const setFilter = (f: NotificationFilter) => {
    setPage(1);
    void navigate({ to: '.', search: (prev: Record<string, unknown>) => ({ ...prev, filter: f === 'unread' ? 'unread' : undefined }) } as never);
  };
  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) void router.navigate({ href: n.link } as never);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={<Typography.Title level={4} style={{ margin: '6px 0' }}>{t('notifications.title')}</Typography.Title>}
        extra={unread ? <Typography.Text type="secondary" data-testid="notifications-unread">{t('notifications.unreadCount', { count: unread })}</Typography.Text> : null}>
        <div className="dv-toolbar">
          <Segmented<NotificationFilter> value={filter} onChange={setFilter} data-testid="notifications-filter"
            options={[{ value: 'all', label: t('notifications.all') }, { value: 'unread', label: t('notifications.unread') }]} />
          <div className="dv-grow" />
          <Button icon={<CheckOutlined />} disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="mark-all-read">
            {t('notifications.markAllRead')}
          </Button>
        </div>
        {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} />
          : list.isPending ? <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>
          : list.data.items.length === 0
            ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filter === 'unread' ? 'notifications.emptyUnread' : 'notifications.empty')} />
            : (
              <div className="dv-notifications" data-testid="notifications-list">
                {list.data.items.map((n) => (
                  <div key={n.id} className={n.readAt ? 'dv-notification' : 'dv-notification dv-notification-unread'} data-testid="notification" data-read={n.readAt ? 'true' : 'false'}>
                    <button type="button" className="dv-notification-main" onClick={() => open(n)}>
                      <Badge status={n.readAt ? 'default' : 'processing'} />
                      <span className="dv-notification-text">
                        <span className="dv-notification-title">{n.title}</span>
                        {n.body ? <span className="dv-notification-body">{n.body}</span> : null}
                        <span className="dv-notification-time">{formatDateTime(n.createdAt)}</span>
                      </span>
                    </button>
                    {n.readAt ? null : (
                      <Button type="text" size="small" icon={<CheckOutlined />} aria-label={t('notifications.markRead')} title={t('notifications.markRead')}
                        onClick={() => markRead.mutate(n.id)} data-testid="mark-read" />
                    )}
                  </div>
                ))}
              </div>
            )}
        {list.data && list.data.total > PAGE_SIZE ? (
          <Pagination simple size="small" current={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} style={{ marginTop: 12, textAlign: 'center' }} />
        ) : null}
      </Card>
      <SystemNotificationsCard />
    </Space>
  );
}

/** The browser's own notifications, asked for by a button (browsers refuse a request that no click started). */
function SystemNotificationsCard() {
  const t = useT();
  const sys = useSystemNotifications();
  return (
    <Card size="small" title={<Space><BellOutlined />{t('notifications.system.title')}</Space>} data-testid="system-notifications">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('notifications.system.intro')}</Typography.Paragraph>
      {!sys.supported ? <Alert type="info" showIcon title={t('notifications.system.unsupported')} />
        : sys.permission === 'denied' ? <Alert type="warning" showIcon title={t('notifications.system.denied')} />
        : sys.enabled ? (
          <Space wrap>
            <Typography.Text type="success">{t('notifications.system.on')}</Typography.Text>
            <Button onClick={sys.disable} data-testid="system-off">{t('notifications.system.disable')}</Button>
          </Space>
        ) : <Button type="primary" onClick={() => void sys.enable()} data-testid="system-on">{t('notifications.system.enable')}</Button>}
    </Card>
  );
}
