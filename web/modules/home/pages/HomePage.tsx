/** The user's work for today: what is due or overdue, what waits for them, what is new — each one tap from its page. */
import type { MouseEvent, ReactNode } from 'react';
import { useRouter } from '@tanstack/react-router';
import { Badge, Card, Empty, Space, Spin, Typography } from 'antd';
import { BellOutlined, CarryOutOutlined, CheckCircleOutlined, FormOutlined, MessageOutlined, RightOutlined, SwapOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useAuth } from '../../../kernel/auth';
import { useT } from '../../../kernel/i18n';
import { formatDate } from '../../../kernel/format';
import { LoadError } from '../../../kernel/guards';
import { UnitName, useCurrentUnit } from '../../../kernel/units';
import { useToday, type TodayEntry } from '../home.api';

const ICONS: Record<string, ReactNode> = {
  movements: <FormOutlined />, petitions: <MessageOutlined />, directives: <CarryOutOutlined />, members: <SwapOutlined />, notifications: <BellOutlined />,
};

export default function HomePage() {
  const t = useT();
  const { me } = useAuth();
  const { unitId } = useCurrentUnit();
  const today = useToday();
  if (!me) return null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('home.hello', { name: me.fullName })}</Typography.Title>
        <Typography.Text type="secondary">
          {today.data ? t('home.todayIs', { date: formatDate(today.data.date) }) : null}
          {unitId ? <> · <UnitName id={unitId} /></> : null}
        </Typography.Text>
      </div>
      <Card size="small" title={t('home.today')} data-testid="today">
        {today.isError ? <LoadError error={today.error} onRetry={() => void today.refetch()} />
          : today.isPending ? <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>
          : today.data.items.length === 0
            ? <Empty image={<CheckCircleOutlined style={{ fontSize: 40, color: '#52c41a' }} />} description={t('home.nothingDue')} data-testid="today-empty" />
            : <div className="dv-today">{today.data.items.map((i) => <TodayRow key={`${i.kind}:${i.link}`} item={i} />)}</div>}
      </Card>
    </Space>
  );
}

function TodayRow({ item }: { item: TodayEntry }) {
  const t = useT();
  const router = useRouter();
  const go = (e: MouseEvent) => {
    e.preventDefault();
    void router.navigate({ href: item.link } as never);
  };
  const meta = item.dueOn ? t(item.overdue ? 'home.overdueSince' : 'home.dueOn', { date: formatDate(item.dueOn) }) : null;
  return (
    <a href={item.link} onClick={go} className={item.overdue ? 'dv-today-item dv-today-overdue' : 'dv-today-item'} data-testid="today-item" data-kind={item.kind}>
      <span className="dv-today-icon">{ICONS[item.module] ?? <UnorderedListOutlined />}</span>
      <span className="dv-today-text">
        <span className="dv-today-title">{item.title}</span>
        {meta ? <span className="dv-today-meta">{meta}</span> : null}
      </span>
      {item.count > 1 ? <Badge count={item.count} overflowCount={999} color={item.overdue ? '#cf1322' : '#1f4e9c'} /> : null}
      <RightOutlined style={{ color: '#bfbfbf', fontSize: 12 }} />
    </a>
  );
}
