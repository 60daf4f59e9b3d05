/** Following a case by its tracking code: status, clock and public steps only. */
import { useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useT } from '../../../kernel/i18n';
import { errorMessage, isApiError } from '../../../kernel/api';
import { formatDate, formatDateTime } from '../../../kernel/format';
import { fetchPublicCase } from '../petitions.api';
import { PublicShell } from '../components/PublicShell';
import { Clocks } from '../components/Clocks';
import { STATUS_COLORS, actionText, kindText, statusText } from '../components/labels';

export default function PublicTrackPage() {
  const t = useT();
  const search = useSearch({ strict: false }) as { code?: string };
  const navigate = useNavigate();
  const [code, setCode] = useState(search.code ?? '');
  const q = useQuery({ queryKey: ['cases', 'public', search.code], queryFn: () => fetchPublicCase(search.code!), enabled: !!search.code, retry: false });
  const c = q.data;
  return (
    <PublicShell>
      <Card title={t('petitions.track.title')} size="small">
        <Space.Compact style={{ width: '100%' }}>
          <Input id="tracking-code" data-testid="track-input" value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXX-XXXX-XXXX" maxLength={20} style={{ fontFamily: 'monospace', textTransform: 'uppercase' }}
            onPressEnter={() => void navigate({ to: '/tra-cuu', search: { code: code.trim() } })} />
          <Button type="primary" data-testid="track-go" onClick={() => void navigate({ to: '/tra-cuu', search: { code: code.trim() } })}>{t('petitions.track.go')}</Button>
        </Space.Compact>
      </Card>
      {q.isFetching ? <Spin style={{ display: 'block', margin: 24 }} /> : null}
      {q.error ? (
        <Alert style={{ marginTop: 12 }} type={isApiError(q.error) && q.error.isNotFound ? 'warning' : 'error'} showIcon title={errorMessage(q.error)} />
      ) : null}
      {c ? (
        <Card size="small" style={{ marginTop: 12 }} data-testid="track-result">
          <Descriptions column={1} size="small" items={[
            { key: 'code', label: t('petitions.col.code'), children: <Typography.Text code>{c.trackingCode}</Typography.Text> },
            { key: 'kind', label: t('petitions.col.kind'), children: `${kindText(t, c.kind)} — ${c.categoryName}` },
            { key: 'status', label: t('petitions.col.status'), children: <Tag color={STATUS_COLORS[c.status]} data-testid="track-status">{statusText(t, c.status)}</Tag> },
            { key: 'received', label: t('petitions.col.received'), children: formatDate(c.receivedAt) },
            { key: 'body', label: t('petitions.col.body'), children: c.responsibleBody ?? '—' },
            { key: 'clock', label: t('petitions.col.deadline'), children: <Clocks deadlines={c.deadlines} /> },
          ]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('petitions.track.steps')}</Typography.Title>
          <Timeline items={c.steps.map((s, i) => ({
            key: i,
            color: s.status ? STATUS_COLORS[s.status] === 'default' ? 'gray' : STATUS_COLORS[s.status] : 'gray',
            children: (
              <div data-testid="track-step">
                <Typography.Text strong>{s.status ? statusText(t, s.status) : actionText(t, s.action)}</Typography.Text>{' '}
                <Typography.Text type="secondary">{formatDateTime(s.at)}{s.body ? ` · ${s.body}` : ''}</Typography.Text>
                {s.note ? <div>{s.note}</div> : null}
              </div>
            ),
          }))} />
        </Card>
      ) : null}
    </PublicShell>
  );
}
