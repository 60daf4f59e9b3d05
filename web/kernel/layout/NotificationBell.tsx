import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../i18n';
import { useNotifyNewUnread, useUnreadCount } from '../notifications';

/** The bell in the header: the unread count, one tap to the notifications page. */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const count = useUnreadCount();
  useNotifyNewUnread(count);
  const unread = count?.unread;
  const label = unread ? t('layout.notificationsUnread', { count: unread }) : t('layout.notifications');
  return (
    <Button type="text" aria-label={label} title={label} data-testid="bell" data-count={unread ?? 0}
      onClick={() => void navigate({ to: '/notifications' })} style={{ paddingInline: 6 }}>
      <Badge count={unread ?? 0} size="small" overflowCount={99} offset={[2, -2]}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
