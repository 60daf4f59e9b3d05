/** One case: what it is, its clocks, the sender (or the confidential reveal), the actions, the steps. */
import { useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, FileWordOutlined, LockOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { LoadError, RequirePermission } from '../../../kernel/guards';
import { api, errorMessage, isApiError } from '../../../kernel/api';
import { applyFieldErrors } from '../../../kernel/forms';
import { formatDate, formatDateTime, formatNumber } from '../../../kernel/format';
import { revealIdentity, useAssignable, useAssignCase, useCase, useCaseStep, useRouteCase, useRouteTargets, type CaseDetail } from '../petitions.api';
import { fold } from '../../../kernel/format';
import { Clocks } from '../components/Clocks';
import { STATUS_COLORS, actionText, channelText, kindText, statusText } from '../components/labels';
import { formatCoordinates } from '../../../../common/numbers';

type StepAction = 'accept' | 'start' | 'answer' | 'close' | 'reopen' | 'note' | 'extend';
const NEEDS_ACCEPT = ['complaint', 'denunciation'];

function allowedActions(c: CaseDetail): StepAction[] {
  const out: StepAction[] = [];
  const s = c.status;
  if (s === 'received') out.push('accept');
  if (s === 'accepted' || s === 'reopened' || (s === 'received' && !NEEDS_ACCEPT.includes(c.kind))) out.push('start');
  if (['accepted', 'in_progress', 'reopened'].includes(s) || (s === 'received' && !NEEDS_ACCEPT.includes(c.kind))) out.push('answer');
  if (s === 'answered') out.push('close');
  if (s === 'answered' || s === 'closed') out.push('reopen');
  if (c.kind === 'denunciation' && ['received', 'accepted', 'in_progress'].includes(s)) out.push('extend');
  out.push('note');
  return out;
}

function StepModal({ c, action, onClose }: { c: CaseDetail; action: StepAction | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string; isPublic: boolean; complex?: boolean }>();
  const step = useCaseStep(c.id);
  if (!action) return null;
  const noteRequired = action === 'answer' || action === 'note' || action === 'reopen';
  return (
    <Modal open title={actionText(t, action)} onCancel={onClose} okText={t('petitions.detail.save')} confirmLoading={step.isPending} destroyOnHidden
      onOk={() => form.validateFields().then(async (v) => {
        try {
          await step.mutateAsync({ action, note: v.note || undefined, isPublic: v.isPublic, complex: v.complex });
          // Say where the message to the sender went: with no gateway it only waits in the outbox.
          message.success(v.isPublic && c.hasContact && c.messagesVia === 'outbox' ? t('petitions.detail.savedOutbox') : t('petitions.detail.saved'));
          onClose();
        } catch (e) {
          const rest = applyFieldErrors(form, e);
          if (rest.length || !(e as { fields?: unknown[] }).fields?.length) message.error(errorMessage(e));
        }
      })}>
      <Form form={form} layout="vertical" initialValues={{ isPublic: action !== 'note' }} data-testid="step-form">
        {action === 'answer' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="answer-hint"
          title={t(!c.hasContact ? 'petitions.detail.answerHintNoContact' : c.messagesVia === 'outbox' ? 'petitions.detail.answerHintOutbox' : 'petitions.detail.answerHint')} /> : null}
        <Form.Item name="note" label={action === 'answer' ? t('petitions.detail.answerText') : t('petitions.detail.note')} rules={noteRequired ? [{ required: true, message: t('petitions.form.required') }] : []}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="step-note" />
        </Form.Item>
        {action === 'accept' && NEEDS_ACCEPT.includes(c.kind) ? (
          <Form.Item name="complex" valuePropName="checked"><Checkbox>{t('petitions.detail.complex')}</Checkbox></Form.Item>
        ) : null}
        <Form.Item name="isPublic" valuePropName="checked"><Checkbox data-testid="step-public">{t('petitions.detail.public')}</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}

function RouteCard({ c }: { c: CaseDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitId?: number | null; note?: string; isPublic: boolean }>();
  const route = useRouteCase(c.id);
  const targets = useRouteTargets({ caseId: c.id });
  return (
    <Card size="small" title={<Space><SendOutlined />{t('petitions.detail.route')}</Space>} data-testid="route-card">
      <Form form={form} layout="vertical" initialValues={{ isPublic: true }} onFinish={async (v) => {
        try {
          await route.mutateAsync({ unitId: v.unitId!, note: v.note || undefined, isPublic: v.isPublic });
          message.success(t('petitions.detail.routed'));
          form.resetFields();
        } catch (e) { const rest = applyFieldErrors(form, e); message.error(rest.length ? rest.join(' ') : isApiError(e) && e.fields.length ? t('form.fixErrors') : errorMessage(e)); }
      }}>
        <Form.Item name="unitId" label={t('petitions.detail.routeTo')} rules={[{ required: true, message: t('petitions.form.required') }]}>
          <Select showSearch data-testid="route-target" loading={targets.isLoading} placeholder={c.responsibleUnitName ?? undefined}
            filterOption={(input, o) => fold(String(o?.label ?? '')).includes(fold(input))}
            options={(targets.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="note" label={t('petitions.detail.note')}><Input maxLength={2000} /></Form.Item>
        <Form.Item name="isPublic" valuePropName="checked"><Checkbox>{t('petitions.detail.public')}</Checkbox></Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={route.isPending} data-testid="route-submit">{t('petitions.detail.routeDo')}</Button>
          {c.responsibleUnitId ? <Button icon={<FileWordOutlined />} href={api.url(`/cases/${c.id}/forwarding-letter.docx`)} data-testid="letter">{t('petitions.detail.letter')}</Button> : null}
        </Space>
      </Form>
    </Card>
  );
}

function AssignCard({ c }: { c: CaseDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const users = useAssignable(c.id, c.can.assign);
  const assign = useAssignCase(c.id);
  const [ids, setIds] = useState<number[]>(c.assignees.map((a) => a.userId));
  return (
    <Card size="small" title={<Space><TeamOutlined />{t('petitions.detail.assignees')}</Space>}>
      {c.can.assign ? (
        <Space.Compact style={{ width: '100%' }}>
          <Select mode="multiple" style={{ width: '100%' }} value={ids} onChange={setIds} loading={users.isLoading} data-testid="assignees"
            options={(users.data ?? []).map((u) => ({ value: u.userId, label: `${u.fullName} (${u.username})` }))} />
          <Button type="primary" loading={assign.isPending} onClick={() => assign.mutateAsync(ids).then(() => message.success(t('petitions.detail.saved')), (e) => message.error(errorMessage(e)))}>{t('petitions.detail.save')}</Button>
        </Space.Compact>
      ) : c.assignees.length ? c.assignees.map((a) => <Tag key={a.userId}>{a.fullName}</Tag>) : <Typography.Text type="secondary">{t('petitions.detail.noAssignees')}</Typography.Text>}
    </Card>
  );
}

function ConfidentialCard({ c }: { c: CaseDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const [shown, setShown] = useState<Awaited<ReturnType<typeof revealIdentity>> | null>(null);
  return (
    <Card size="small" title={<Space><LockOutlined />{t('petitions.detail.confidential')}</Space>}>
      <Typography.Paragraph type="secondary">{t('petitions.detail.confidentialHint')}</Typography.Paragraph>
      {shown ? (
        <Descriptions column={1} size="small" data-testid="revealed" items={[
          { key: 'name', label: t('petitions.form.name'), children: shown.sender.name ?? '—' },
          { key: 'phone', label: t('petitions.form.phone'), children: shown.sender.phone ?? '—' },
          { key: 'email', label: t('petitions.form.email'), children: shown.sender.email ?? '—' },
          { key: 'address', label: t('petitions.form.address'), children: shown.sender.address ?? '—' },
          { key: 'text', label: t('petitions.form.text'), children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{shown.text}</Typography.Paragraph> },
          ...(shown.lat !== null && shown.lng !== null ? [{ key: 'point', label: t('petitions.detail.point'), children: formatCoordinates(shown.lat, shown.lng) }] : []),
        ]} />
      ) : c.can.revealIdentity ? (
        <Button icon={<EyeOutlined />} data-testid="reveal" onClick={() => revealIdentity(c.id).then(setShown, (e) => message.error(errorMessage(e)))}>{t('petitions.detail.reveal')}</Button>
      ) : <Alert type="warning" showIcon title={t('petitions.detail.notAssigned')} />}
    </Card>
  );
}

export default function CaseDetailPage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useCase(Number(id));
  const [action, setAction] = useState<StepAction | null>(null);
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <RequirePermission permission="cases.read">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/cases"><Button icon={<ArrowLeftOutlined />}>{t('petitions.detail.back')}</Button></Link>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
          <Typography.Text code>{c.trackingCode}</Typography.Text> {kindText(t, c.kind)}
        </Typography.Title>
        <Tag color={STATUS_COLORS[c.status]} data-testid="case-status">{statusText(t, c.status)}</Tag>
        {c.confidential ? <Tag icon={<LockOutlined />} color="purple">{t('petitions.confidential')}</Tag> : null}
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={[
                { key: 'cat', label: t('petitions.col.category'), children: c.categoryName },
                { key: 'channel', label: t('petitions.col.channel'), children: channelText(t, c.channel) },
                { key: 'received', label: t('petitions.col.received'), children: formatDateTime(c.receivedAt) },
                { key: 'place', label: t('petitions.col.place'), children: c.areaName ?? '—' },
                { key: 'sig', label: t('petitions.form.signatories'), children: formatNumber(c.signatories) },
                { key: 'recv', label: t('petitions.col.receivedBy'), children: c.receivingUnitName },
                { key: 'body', label: t('petitions.col.body'), children: c.responsibleUnitName ? <span data-testid="case-body">{c.responsibleUnitName}{c.routedByRule ? <Tag style={{ marginLeft: 6 }}>{t('petitions.detail.byRule', { n: c.routedByRule })}</Tag> : null}</span> : <Tag>{t('petitions.notRouted')}</Tag> },
                { key: 'answered', label: t('petitions.col.answered'), children: c.answeredAt ? formatDate(c.answeredAt) : '—' },
              ]} />
            </Card>
            <Card size="small" title={t('petitions.col.deadline')}><Clocks deadlines={c.deadlines} /></Card>
            {c.confidential ? <ConfidentialCard c={c} /> : (
              <Card size="small" title={t('petitions.form.text')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-text">{c.text}</Typography.Paragraph>
                {c.sender && (c.sender.name || c.sender.phone || c.sender.email) ? (
                  <Descriptions column={{ xs: 1, sm: 2 }} size="small" title={t('petitions.detail.sender')} items={[
                    { key: 'name', label: t('petitions.form.name'), children: c.sender.name ?? '—' },
                    { key: 'phone', label: t('petitions.form.phone'), children: c.sender.phone ?? '—' },
                    { key: 'email', label: t('petitions.form.email'), children: c.sender.email ?? '—' },
                    { key: 'address', label: t('petitions.form.address'), children: c.sender.address ?? '—' },
                  ]} />
                ) : <Typography.Text type="secondary">{t('petitions.detail.anonymous')}</Typography.Text>}
                {c.lat !== null && c.lng !== null ? <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('petitions.detail.point')}: {formatCoordinates(c.lat, c.lng)}</Typography.Paragraph> : null}
                {c.attachments.length ? <div style={{ marginTop: 8 }}>{c.attachments.map((a) => <a key={a.fileId} href={api.url(`/cases/${c.id}/attachments/${a.fileId}`)} style={{ marginRight: 12 }}>{a.name}</a>)}</div> : null}
              </Card>
            )}
            <Card size="small" title={t('petitions.detail.steps')}>
              <Timeline items={c.steps.map((s) => ({
                key: s.id,
                color: s.isPublic ? 'blue' : 'gray',
                children: (
                  <div data-testid="case-step">
                    <Typography.Text strong>{s.status ? statusText(t, s.status) : actionText(t, s.action)}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{formatDateTime(s.at)}{s.actorName ? ` · ${s.actorName}` : ''}{s.unitName ? ` · ${s.unitName}` : ''}</Typography.Text>{' '}
                    <Tag color={s.isPublic ? 'blue' : undefined}>{s.isPublic ? t('petitions.detail.publicTag') : t('petitions.detail.internalTag')}</Tag>
                    {s.note ? <div>{s.note}</div> : null}
                  </div>
                ),
              }))} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {c.can.handle ? (
              <Card size="small" title={t('petitions.detail.actions')}>
                <Space wrap>
                  {allowedActions(c).map((a) => <Button key={a} type={a === 'answer' || a === 'accept' ? 'primary' : 'default'} onClick={() => setAction(a)} data-testid={`action-${a}`}>{actionText(t, a)}</Button>)}
                </Space>
              </Card>
            ) : null}
            {c.can.handle && c.status !== 'closed' && c.status !== 'answered' ? <RouteCard c={c} /> : null}
            <AssignCard key={c.assignees.map((a) => a.userId).join(',')} c={c} />
          </Space>
        </Col>
      </Row>
      <StepModal c={c} action={action} onClose={() => setAction(null)} />
    </RequirePermission>
  );
}
