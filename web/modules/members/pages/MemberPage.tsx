import { useState } from 'react';
import { useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Dropdown, Empty, Form, Input, Modal, Row, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { LoadError } from '../../../kernel/guards';
import { useI18n, useT } from '../../../kernel/i18n';
import { DATE_FORMAT, formatDate, formatDateTime } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { downloadSubjectExport, useErase, useLifecycle, useMember, useUpdateMember, type MemberDetail } from '../members.api';
import { levelLabel, MembersNav, StatusTag } from '../components/common';
import { cleanValues, MEMBERSHIP_FIELDS, MemberFormFields, type MemberFormValues } from '../components/MemberForm';
import type { UpdateMemberInput } from '../../../../common/members';
import { NumberInput } from '../../../kernel/NumberInput';

type Action = 'suspend' | 'resume' | 'leave' | 'death' | 'transfer' | 'rating';

export default function MemberPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useMember(Number(id));
  if (q.isLoading) return <Spin />;
  if (q.isError || !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <MemberView m={q.data} />;
}

function MemberView({ m }: { m: MemberDetail }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | 'edit' | 'erase' | null>(null);
  const onError = useApiErrorHandler();
  const dash = (v: unknown) => (v == null || v === '' ? '—' : String(v));
  const yes = (v: boolean | null) => (v == null ? '—' : v ? '✓' : '✗');
  const actions = [
    m.status === 'active' && { key: 'suspend', label: t('members.act.suspend') },
    m.status === 'suspended' && { key: 'resume', label: t('members.act.resume') },
    m.status === 'active' && !m.pendingTransfer && { key: 'transfer', label: t('members.act.transfer') },
    (m.status === 'active' || m.status === 'suspended') && { key: 'leave', label: t('members.act.leave') },
    (m.status === 'active' || m.status === 'suspended') && { key: 'death', label: t('members.act.death') },
    { key: 'rating', label: t('members.act.rating') },
    m.canPersonal && { type: 'divider' as const },
    m.canPersonal && { key: 'subject-json', label: t('members.act.subjectJson') },
    m.canPersonal && { key: 'subject-xlsx', label: t('members.act.subjectXlsx') },
    m.canPersonal && m.canEditPerson && { key: 'erase', label: t('members.act.erase'), danger: true },
  ].filter(Boolean) as { key: string; label: string }[];
  return (
    <>
      <MembersNav active="list" />
      <Card size="small" data-testid="member-page"
        title={<Space wrap><Typography.Title level={4} style={{ margin: 0 }}>{m.fullName}</Typography.Title><StatusTag status={m.status} />
          {m.role !== 'member' ? <Tag color="purple">{t(`members.role.${m.role}`)}</Tag> : null}</Space>}
        extra={m.canWrite && !m.erased ? <Space>
          <Button onClick={() => setAction('edit')} data-testid="member-edit">{t('members.act.edit')}</Button>
          <Dropdown trigger={['click']} menu={{ items: actions, onClick: async ({ key }) => {
            if (key === 'subject-json' || key === 'subject-xlsx') {
              try { await downloadSubjectExport(m.id, key === 'subject-json' ? 'json' : 'xlsx'); } catch (e) { onError(e); }
            } else setAction(key as Action);
          } }}><Button icon={<MoreOutlined />} data-testid="member-actions" /></Dropdown>
        </Space> : null}>
        {m.erased ? <Alert type="info" showIcon title={t('members.page.erased')} style={{ marginBottom: 12 }} /> : null}
        {m.masked && !m.erased ? <Alert type="warning" showIcon title={t('members.masked')} style={{ marginBottom: 12 }} /> : null}
        {m.pendingTransfer ? <Alert type="info" showIcon title={t('members.page.pending', { unit: m.pendingTransfer.toUnitName, date: formatDate(m.pendingTransfer.onDate) })} style={{ marginBottom: 12 }} /> : null}
        {m.flags.length ? <Alert type="warning" showIcon title={t('members.page.flags')} description={m.flags.map((f) => f.message).join('; ')} style={{ marginBottom: 12 }} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} title={t('members.page.person')}>
              <Descriptions.Item label={t('members.f.birthDate')}><span className="dv-nowrap">{m.birthDate ? formatDate(m.birthDate) : dash(m.birthYear)}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.f.gender')}>{m.gender ? t(`members.gender.${m.gender}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.cccd')}><span className="dv-nowrap">{dash(m.cccd)}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.f.phone')}><span className="dv-nowrap">{dash(m.phone)}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.f.ethnicity')}>{dash(m.ethnicity)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.religion')}>{dash(m.religion)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.area')}>{dash(m.areaName)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.address')}>{dash(m.address)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.occupation')}>{dash(m.occupation)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.education')}>{dash(m.education)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.theoryLevel')}>{dash(m.theoryLevel)}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.partyMember')}>{yes(m.partyMember)}</Descriptions.Item>
            </Descriptions>
            <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} title={t('members.page.membership')} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('members.f.unit')}>{m.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('members.f.joinedOn')}><span className="dv-nowrap">{formatDate(m.joinedOn) || '—'}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.page.started')}><span className="dv-nowrap">{formatDate(m.startedOn)}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.page.ended')}><span className="dv-nowrap">{formatDate(m.endedOn) || '—'}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.f.cardNo')}><span className="dv-nowrap">{dash(m.cardNo)}</span></Descriptions.Item>
              <Descriptions.Item label={t('members.f.role')}>{t(`members.role.${m.role}`)}</Descriptions.Item>
            </Descriptions>
            {m.otherMemberships.length ? (
              <Card size="small" title={t('members.page.others')} style={{ marginTop: 16 }}>
                {m.otherMemberships.map((o) => <div key={o.id}>{o.organizationName}{o.visible ? ` — ${o.unitName}` : ''} <StatusTag status={o.status} /></div>)}
              </Card>
            ) : null}
            <Card size="small" title={t('members.page.ratings')} style={{ marginTop: 16 }}>
              {m.ratings.length ? m.ratings.map((r) => <div key={r.year}>{r.year}: <b>{levelLabel({ code: r.level, label: r.label }, lang)}</b></div>) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('members.page.timeline')}>
              <Timeline data-testid="member-timeline" items={m.events.map((e) => ({
                key: e.id,
                color: e.kind === 'leave' || e.kind === 'death' || e.kind === 'erase' ? 'red' : e.kind.startsWith('transfer') ? 'blue' : 'green',
                content: (
                  <div>
                    <b className="dv-nowrap">{formatDate(e.onDate)}</b> · {t(`members.event.${e.kind}`)}{e.unitName ? ` — ${e.unitName}` : ''}
                    {e.reason ? <div>{e.reason}</div> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.recordedBy ? t('members.event.by', { name: e.recordedBy }) : ''} {formatDateTime(e.recordedAt)}</Typography.Text>
                  </div>
                ),
              }))} />
            </Card>
          </Col>
        </Row>
      </Card>
      {action === 'edit' ? <EditModal m={m} onClose={() => setAction(null)} /> : null}
      {action === 'erase' ? <EraseModal m={m} onClose={() => setAction(null)} /> : null}
      {action && action !== 'edit' && action !== 'erase' ? <ActionModal m={m} action={action} onClose={() => setAction(null)} onDone={() => { setAction(null); message.success(t('members.act.done')); }} /> : null}
    </>
  );
}

function EditModal({ m, onClose }: { m: MemberDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<MemberFormValues>();
  const update = useUpdateMember(m.id);
  const onError = useApiErrorHandler();
  const initial: MemberFormValues = {
    fullName: m.fullName, birthDate: m.birthDate, birthYear: m.birthDate ? null : m.birthYear, gender: m.gender, ethnicity: m.ethnicity, religion: m.religion,
    cccd: m.cccd, phone: m.phone, areaId: m.areaId, address: m.address, occupation: m.occupation, employer: m.employer, education: m.education,
    theoryLevel: m.theoryLevel, partyMember: !!m.partyMember, veteran: !!m.veteran, joinedOn: m.joinedOn ?? undefined, cardNo: m.cardNo, role: m.role,
  };
  return (
    <Modal open width={900} title={t('members.form.editTitle')} onCancel={onClose} okText={t('common.save')} confirmLoading={update.isPending} onOk={() => form.submit()}>
      {m.canEditPerson ? null : <Alert type="info" showIcon title={t('members.form.personShared')} style={{ marginBottom: 12 }} data-testid="person-shared" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={async (v) => {
        const body = cleanValues(v);
        // Masked fields are not sent back (they would overwrite the real values).
        if (m.masked) for (const k of ['cccd', 'phone', 'birthDate', 'birthYear', 'ethnicity', 'religion', 'address', 'partyMember']) delete body[k];
        // A person shared with units out of the caller's reach: only this membership's fields are sent.
        if (!m.canEditPerson) for (const k of Object.keys(body)) if (!MEMBERSHIP_FIELDS.includes(k)) delete body[k];
        try { await update.mutateAsync({ ...body, version: m.version } as UpdateMemberInput); onClose(); } catch (e) { onError(e, { form }); }
      }}>
        <MemberFormFields form={form} withUnit={false} personLocked={!m.canEditPerson} />
      </Form>
    </Modal>
  );
}

function ActionModal({ m, action, onClose, onDone }: { m: MemberDetail; action: Action; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const life = useLifecycle(m.id);
  const onError = useApiErrorHandler();
  const title = t(`members.act.${action}`);
  return (
    <Modal open title={title} onCancel={onClose} okText={t('common.confirm')} confirmLoading={life.isPending} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(), year: new Date().getFullYear() - 1, level: 'good' }} onFinish={async (v) => {
        const body: Record<string, unknown> = action === 'rating' ? { year: v.year, level: v.level } : { version: m.version, date: dayjs(v.date).format('YYYY-MM-DD'), reason: v.reason || undefined };
        if (action === 'transfer') body.toUnitId = v.toUnitId;
        try { await life.mutateAsync({ action, body }); onDone(); } catch (e) { onError(e, { form }); }
      }}>
        {action === 'rating' ? (
          <>
            <Form.Item name="year" label={t('members.f.year')} rules={[{ required: true }]}><NumberInput kind="count" grouping={false} min={2000} max={2100} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="level" label={t('members.f.level')} rules={[{ required: true }]}>
              <Select options={['excellent', 'good', 'done', 'not_done'].map((l) => ({ value: l, label: t(`members.rating.${l}`) }))} />
            </Form.Item>
          </>
        ) : (
          <>
            {action === 'transfer' ? <Form.Item name="toUnitId" label={t('members.f.toUnit')} extra={t('members.act.transferHint')} rules={[{ required: true }]}><UnitPickerInput /></Form.Item> : null}
            <Form.Item name="date" label={t('members.f.date')} rules={[{ required: true }]}><DatePicker format={DATE_FORMAT} /></Form.Item>
            <Form.Item name="reason" label={t('members.f.reason')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function EraseModal({ m, onClose }: { m: MemberDetail; onClose: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const erase = useErase(m.id);
  const onError = useApiErrorHandler();
  return (
    <Modal open title={t('members.act.erase')} okButtonProps={{ danger: true, disabled: reason.trim().length < 3 }} confirmLoading={erase.isPending} onCancel={onClose}
      onOk={async () => { try { await erase.mutateAsync(reason); onClose(); } catch (e) { onError(e); } }}>
      <p>{t('members.act.eraseBody')}</p>
      <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('members.f.reason')} />
    </Modal>
  );
}
