import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useParams } from '@tanstack/react-router';
import type { Dayjs } from 'dayjs';
import { useT } from '../../../kernel/i18n';
import { LoadError } from '../../../kernel/guards';
import { formatDate } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { CLAUSE_STATUSES } from '../../../../common/directives';
import { useAddReview, useProgram, useUpdateClause, type Program } from '../directives.api';
import { ModuleNav } from '../components/ModuleNav';
import { iso } from '../components/bits';
import { NumberInput } from '../../../kernel/NumberInput';

const CLAUSE_COLOR: Record<string, string> = { open: 'processing', done: 'success', dropped: 'default' };

export default function ProgramPage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useProgram(Number(id));
  const [reviewing, setReviewing] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  return (
    <>
      <ModuleNav active="programs" />
      <Card size="small" style={{ marginBottom: 12 }} title={<span><Tag color="blue">{t(`directives.pkind.${p.kind}`)}</Tag>{p.number ?? ''}</span>}
        extra={p.canManage ? <Button icon={<PlusOutlined />} onClick={() => setReviewing(true)}>{t('directives.addReview')}</Button> : null}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{p.title}</Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { key: 'u', label: t('directives.f.programUnit'), children: p.unitName },
          { key: 'p', label: t('directives.col.period'), children: `${formatDate(p.periodFrom)} – ${formatDate(p.periodTo)}` },
          { key: 's', label: t('directives.f.signedOn'), children: p.signedOn ? formatDate(p.signedOn) : '—' },
          { key: 'x', label: t('directives.parties'), children: p.parties.map((x) => `${x.label}: ${x.unitName}`).join('; ') },
        ]} />
        {p.body ? <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{p.body}</Typography.Paragraph> : null}
        {p.reviewsDue.length ? <Alert type="warning" showIcon title={t('directives.reviewsDue', { years: p.reviewsDue.join(', ') })} /> : null}
      </Card>
      <Card size="small" title={t('directives.clauses')} style={{ marginBottom: 12 }}><Clauses p={p} /></Card>
      <Card size="small" title={t('directives.reviews')}>
        {p.reviews.length === 0 ? <Empty /> : (
          <List dataSource={p.reviews} renderItem={(r) => (
            <List.Item>
              <List.Item.Meta title={`${t('directives.reviewOf', { year: r.year })} — ${formatDate(r.heldOn)}`}
                description={<><div style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</div>{r.nextSteps ? <div><Typography.Text type="secondary">{t('directives.f.nextSteps')}: {r.nextSteps}</Typography.Text></div> : null}</>} />
            </List.Item>
          )} />
        )}
      </Card>
      {reviewing ? <ReviewModal p={p} onClose={() => setReviewing(false)} /> : null}
    </>
  );
}

function Clauses({ p }: { p: Program }) {
  const t = useT();
  const upd = useUpdateClause(p.id);
  const onError = useApiErrorHandler();
  return (
    <Table size="small" rowKey="id" pagination={false} dataSource={p.clauses} columns={[
      { title: '#', dataIndex: 'ordinal', width: 50 },
      { title: t('directives.f.clauseText'), dataIndex: 'text', render: (v: string, c) => <div>{v}{c.note ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.note}</Typography.Text></div> : null}</div> },
      { title: t('directives.f.owner'), dataIndex: 'ownerUnitName', responsive: ['md'] },
      { title: t('directives.f.deadline'), dataIndex: 'deadline', width: 110, responsive: ['sm'], render: (v: string | null) => (v ? formatDate(v) : '—') },
      {
        title: t('directives.col.status'), key: 's', width: 150,
        render: (_, c) => (c.canUpdate ? (
          <Select size="small" value={c.status as (typeof CLAUSE_STATUSES)[number]} style={{ width: 140 }} loading={upd.isPending}
            onChange={(v: (typeof CLAUSE_STATUSES)[number]) => upd.mutate({ clauseId: c.id, version: c.version, status: v }, { onError: (e) => onError(e) })}
            options={CLAUSE_STATUSES.map((s) => ({ value: s, label: t(`directives.clause.${s}`) }))} />
        ) : <Tag color={CLAUSE_COLOR[c.status]}>{t(`directives.clause.${c.status}`)}</Tag>),
      },
    ]} />
  );
}

type ReviewValues = { year: number; heldOn: Dayjs; summary: string; nextSteps?: string };

function ReviewModal({ p, onClose }: { p: Program; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReviewValues>();
  const draft = useRememberedForm<ReviewValues>(`directives.review.${p.id}`, form, { defaults: { year: p.reviewsDue[0] ?? new Date().getFullYear() } });
  const add = useAddReview(p.id);
  const onError = useApiErrorHandler();
  const submit = async (v: ReviewValues) => {
    try {
      await add.mutateAsync({ year: v.year, heldOn: iso(v.heldOn)!, summary: v.summary, nextSteps: v.nextSteps || null });
      draft.clear();
      message.success(t('common.saved'));
      onClose();
    } catch (e) { onError(e, { form }); }
  };
  return (
    <Modal open title={t('directives.addReview')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={add.isPending} okText={t('common.save')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={submit}>
        <Form.Item name="year" label={t('directives.year')} rules={[{ required: true, message: t('common.required') }]}><NumberInput kind="count" grouping={false} min={2000} max={2100} style={{ width: 120 }} /></Form.Item>
        <Form.Item name="heldOn" label={t('directives.f.heldOn')} rules={[{ required: true, message: t('common.required') }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="summary" label={t('directives.f.reviewSummary')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>
        <Form.Item name="nextSteps" label={t('directives.f.nextSteps')}><Input.TextArea autoSize /></Form.Item>
      </Form>
    </Modal>
  );
}
