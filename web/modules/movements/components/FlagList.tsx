/** Flags with their reasons; the approver accepts one with a comment. */
import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useAcceptFlag, type Flag } from '../movements.api';
import { SEVERITY_COLORS } from './labels';

export function FlagList({ flags, canAccept }: { flags: Flag[]; canAccept: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const accept = useAcceptFlag();
  const onError = useApiErrorHandler();
  const [current, setCurrent] = useState<Flag | null>(null);
  const [comment, setComment] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="flag-list">
      {flags.map((f) => (
        <Alert key={f.id} type={f.status === 'accepted' ? 'success' : f.severity === 'high' ? 'error' : 'warning'} showIcon
          title={<Space wrap size={4}><Tag color={SEVERITY_COLORS[f.severity]}>{t(`movements.rule.${f.rule}`)}</Tag>{f.indicatorName ? <b>{f.indicatorName}</b> : null}</Space>}
          description={<div>
            <div>{f.message}</div>
            {f.status === 'accepted' ? <Typography.Text type="secondary">{t('movements.flags.acceptedBy', { who: f.acceptedByName ?? '' })}: {f.comment}</Typography.Text> : null}
          </div>}
          action={canAccept && f.status === 'open' ? <Button size="small" onClick={() => { setCurrent(f); setComment(''); }}>{t('movements.flags.accept')}</Button> : undefined} />
      ))}
      <Modal open={!!current} title={t('movements.flags.accept')} onCancel={() => setCurrent(null)} okButtonProps={{ disabled: comment.trim().length < 3 }}
        onOk={async () => {
          try { await accept.mutateAsync({ id: current!.id, comment }); void message.success(t('movements.flags.acceptedMsg')); setCurrent(null); } catch (e) { onError(e); }
        }}>
        <Typography.Paragraph>{current?.message}</Typography.Paragraph>
        <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('movements.flags.commentHint')} />
      </Modal>
    </Space>
  );
}
