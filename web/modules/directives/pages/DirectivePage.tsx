import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Progress, Row, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { BellOutlined, CheckOutlined, PlusOutlined, DeleteOutlined } from '@ant-design/icons';
import { useParams } from '@tanstack/react-router';
import { useT } from '../../../kernel/i18n';
import { LoadError } from '../../../kernel/guards';
import { formatDate, formatNumber } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useCurrentUnit } from '../../../kernel/units';
import type { Dayjs } from 'dayjs';
import { useAcknowledge, useAddSession, useCoverage, useDeleteSession, useDirective, useRemind, useTimeline, type DirectiveDetail } from '../directives.api';
import { TaskTable } from '../components/TaskTable';
import { ModuleNav } from '../components/ModuleNav';
import { iso } from '../components/bits';
import { AddTaskModal } from '../components/AddTaskModal';
import { NumberInput } from '../../../kernel/NumberInput';

export default function DirectivePage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useDirective(Number(id));
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <>
      <ModuleNav active="directives" />
      <Header d={d} />
      <Tabs
        defaultActiveKey="tasks"
        items={[
          { key: 'tasks', label: t('directives.tab.tasks', { n: d.tasks.filter((x) => x.kind !== 'series').length }), children: <TasksTab d={d} /> },
          { key: 'timeline', label: t('directives.tab.timeline'), children: <TimelineTab id={d.id} /> },
          { key: 'dissemination', label: t('directives.tab.dissemination'), children: <DisseminationTab id={d.id} /> },
          { key: 'text', label: t('directives.tab.text'), children: <TextTab d={d} /> },
        ]}
      />
    </>
  );
}

function TasksTab({ d }: { d: DirectiveDetail }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const top = d.tasks.filter((x) => !x.parentId && x.kind !== 'instance').map((x) => Number(x.ordinal)).filter((n) => Number.isFinite(n));
  return (
    <Card size="small" extra={d.canManage ? <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-task-to-directive">{t('directives.addTask')}</Button> : null}>
      <TaskTable tasks={d.tasks} />
      {adding ? <AddTaskModal directiveId={d.id} nextOrdinal={String((top.length ? Math.max(...top) : 0) + 1)} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}

function Header({ d }: { d: DirectiveDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const remind = useRemind(d.id);
  const ack = useAcknowledge(d.id);
  const onError = useApiErrorHandler();
  const pct = d.taskCount ? Math.round((d.doneCount * 100) / d.taskCount) : 0;
  return (
    <Card size="small" style={{ marginBottom: 12 }}
      title={<Space wrap><Tag color="blue">{t(`directives.kind.${d.kind}`)}</Tag><span>{d.numberSymbol ? `${t('directives.no')} ${d.numberSymbol}` : t('directives.noNumber')}</span></Space>}
      extra={
        <Space wrap>
          {d.canAcknowledge.map((u) => (
            <Button key={u} icon={<CheckOutlined />} loading={ack.isPending} onClick={() => ack.mutate(u, { onSuccess: () => message.success(t('directives.acknowledged')), onError: (e) => onError(e) })}>
              {t('directives.acknowledgeAs', { unit: d.recipients.find((r) => r.unitId === u)?.unitName ?? u })}
            </Button>
          ))}
          {d.canManage ? (
            <Button icon={<BellOutlined />} loading={remind.isPending} onClick={() => remind.mutate(undefined, { onSuccess: (r) => message.success(t('directives.reminded', { n: r.reminded })), onError: (e) => onError(e) })}>{t('directives.remind')}</Button>
          ) : null}
        </Space>
      }>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="directive-title">{d.title}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
            { key: 'b', label: t('directives.f.issuingBody'), children: d.issuingBody },
            { key: 'u', label: t('directives.f.issuerUnit'), children: d.issuerUnitName },
            { key: 'd', label: t('directives.f.issuedOn'), children: d.issuedOn ? formatDate(d.issuedOn) : '—' },
            { key: 's', label: t('directives.f.signer'), children: [d.signerTitle, d.signer].filter(Boolean).join(' ') || '—' },
          ]} />
        </Col>
        <Col xs={24} md={8}>
          <Progress type="dashboard" percent={pct} size={90} format={() => `${d.doneCount}/${d.taskCount}`} />
          {d.overdueCount ? <Tag color="error" style={{ marginLeft: 12 }}>{t('directives.overdueN', { n: d.overdueCount })}</Tag> : null}
        </Col>
      </Row>
    </Card>
  );
}

const EVENT_COLOR: Record<string, string> = { issued: 'blue', acknowledged: 'cyan', session: 'purple', report: 'green', deadline: 'gray', done: 'green' };

function TimelineTab({ id }: { id: number }) {
  const t = useT();
  const q = useTimeline(id);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} />;
  if (q.data.length === 0) return <Empty />;
  return (
    <Card size="small">
      <Timeline
        items={q.data.map((e, i) => ({
          key: i,
          color: EVENT_COLOR[e.kind],
          children: (
            <div>
              <Typography.Text strong>{formatDate(e.at)}</Typography.Text> · <Tag>{t(`directives.event.${e.kind}`)}</Tag>
              {e.ordinal ? <Tag>{t('directives.taskOrdinal', { n: e.ordinal })}</Tag> : null}
              <div>{e.unitName ? <Typography.Text type="secondary">{e.unitName}: </Typography.Text> : null}{e.text.length > 200 ? e.text.slice(0, 200) + '…' : e.text}</div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}

type SessionValues = { unitId: number; heldOn: Dayjs; audience: string; groups?: { name: string; count: number }[]; names?: string; materials?: string };

function DisseminationTab({ id }: { id: number }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const q = useCoverage(id);
  const add = useAddSession(id);
  const del = useDeleteSession(id);
  const onError = useApiErrorHandler();
  const { unitId } = useCurrentUnit();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<SessionValues>();
  const draft = useRememberedForm<SessionValues>(`directives.session.${id}`, form, { defaults: { unitId, groups: [{ name: 'Hội viên', count: 0 }] } as Partial<SessionValues> });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} />;
  const c = q.data;
  const submit = async (v: SessionValues) => {
    const attendanceByGroup = Object.fromEntries((v.groups ?? []).filter((g) => g?.name).map((g) => [g.name, g.count ?? 0]));
    const attendees = (v.names ?? '').split('\n').map((s) => s.trim()).filter(Boolean).map((name) => ({ name }));
    try {
      await add.mutateAsync({ unitId: v.unitId, heldOn: iso(v.heldOn)!, audience: v.audience, attendanceByGroup, attendees, materials: v.materials || null });
      draft.clear(); form.resetFields(); setOpen(false);
      message.success(t('common.saved'));
    } catch (e) { onError(e, { form }); }
  };
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('directives.coverage', { covered: c.covered, expected: c.expected })}>
          <Progress percent={c.expected ? Math.round((c.covered * 100) / c.expected) : 0} />
          <Table size="small" rowKey="unitId" pagination={false} dataSource={c.coverage} columns={[
            { title: t('directives.col.unit'), dataIndex: 'unitName' },
            { title: t('directives.col.sessions'), dataIndex: 'sessions', width: 80, align: 'right', render: (n: number) => (n ? n : <Tag color="warning">0</Tag>) },
            { title: t('directives.col.attendance'), dataIndex: 'attendance', width: 90, align: 'right', render: (n: number) => formatNumber(n) },
          ]} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('directives.sessions')} extra={<Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="add-session">{t('directives.addSession')}</Button>}>
          {c.sessions.length === 0 ? <Empty /> : c.sessions.map((s) => (
            <Card key={s.id} size="small" type="inner" style={{ marginBottom: 8 }}
              title={<Space wrap><span>{formatDate(s.heldOn)}</span><Typography.Text type="secondary">{s.unitName}</Typography.Text></Space>}
              extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => modal.confirm({ title: t('directives.deleteSession'), onOk: () => del.mutateAsync(s.id).catch(onError) })} />}>
              <div>{s.audience} — <strong>{formatNumber(s.attendanceTotal)}</strong> {t('directives.people')}</div>
              <Space wrap size={4}>{Object.entries(s.attendanceByGroup).map(([g, n]) => <Tag key={g}>{g}: {formatNumber(n)}</Tag>)}</Space>
              {s.attendees ? (s.attendees.length ? <div><Typography.Text type="secondary">{s.attendees.map((a) => a.name).join(', ')}</Typography.Text></div> : null)
                : s.attendeeCount ? <div><Typography.Text type="secondary">{t('directives.namesHidden', { n: s.attendeeCount })}</Typography.Text></div> : null}
              {s.materials ? <div><Typography.Text type="secondary">{t('directives.f.materials')}: {s.materials}</Typography.Text></div> : null}
            </Card>
          ))}
        </Card>
      </Col>
      <Modal open={open} title={t('directives.addSession')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={add.isPending} destroyOnHidden okText={t('common.save')}>
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit}>
          <Form.Item name="unitId" label={t('directives.f.sessionUnit')} rules={[{ required: true, message: t('common.required') }]}><UnitPickerInput /></Form.Item>
          <Form.Item name="heldOn" label={t('directives.f.heldOn')} rules={[{ required: true, message: t('common.required') }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="audience" label={t('directives.f.audience')} rules={[{ required: true, message: t('common.required') }]}><Input /></Form.Item>
          <Typography.Text>{t('directives.f.groups')}</Typography.Text>
          <Form.List name="groups">
            {(fields, { add: addG, remove }) => (
              <>
                {fields.map((f) => (
                  <Space.Compact key={f.key} style={{ width: '100%', marginTop: 6 }}>
                    <Form.Item name={[f.name, 'name']} noStyle><Input placeholder={t('directives.f.group')} /></Form.Item>
                    <Form.Item name={[f.name, 'count']} noStyle><NumberInput compact kind="count" placeholder="0" style={{ width: 110 }} /></Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                  </Space.Compact>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addG({ name: '', count: 0 })} style={{ margin: '6px 0 12px' }}>{t('directives.f.addGroup')}</Button>
              </>
            )}
          </Form.List>
          <Form.Item name="names" label={t('directives.f.names')} extra={t('directives.f.namesHint')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} /></Form.Item>
          <Form.Item name="materials" label={t('directives.f.materials')}><Input /></Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

function TextTab({ d }: { d: DirectiveDetail }) {
  const t = useT();
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('directives.f.body')}>
          {d.body ? <div style={{ whiteSpace: 'pre-wrap', fontFamily: '"Times New Roman", serif', fontSize: 15, lineHeight: 1.5 }}>{d.body}</div> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('directives.f.recipientsText')} style={{ marginBottom: 12 }}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{d.recipientsText || '—'}</div>
        </Card>
        <Card size="small" title={t('directives.f.recipientUnits')}>
          <Table size="small" rowKey="unitId" pagination={false} dataSource={d.recipients} columns={[
            { title: t('directives.col.unit'), dataIndex: 'unitName' },
            { title: t('directives.col.received'), dataIndex: 'acknowledgedAt', width: 120, render: (v: string | null) => (v ? <Tag color="success">{formatDate(v)}</Tag> : <Tag>{t('directives.notYet')}</Tag>) },
          ]} />
        </Card>
      </Col>
    </Row>
  );
}
