import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Input, List, Radio, Skeleton, Slider, Space, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link, useParams } from '@tanstack/react-router';
import { getLang, useT } from '../../../kernel/i18n';
import { measureLabel } from '../../../../common/measures';
import { LoadError } from '../../../kernel/guards';
import { formatDate, formatDateTime, formatNumber } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { api } from '../../../kernel/api';
import { useCancelTask, useReportProgress, useTask, type Task } from '../directives.api';
import { Deadline, Percent, TaskStatus } from '../components/bits';
import { NumberInput } from '../../../kernel/NumberInput';

export default function TaskPage() {
  const t = useT();
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useTask(Number(id));
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const task = q.data;
  return (
    <div style={{ maxWidth: 880 }}>
      <Card size="small" style={{ marginBottom: 12 }} extra={task.canManage && task.status !== 'cancelled' ? <CancelTask task={task} /> : null}
        title={<Space wrap><Link to="/directives/$id" params={{ id: String(task.directiveId) }}>{task.directiveNumber || t('directives.nav.directives')}</Link><span>· {t('directives.taskOrdinal', { n: task.ordinal })}</span></Space>}>
        <Typography.Paragraph style={{ fontSize: 15 }} data-testid="task-title">{task.title}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
          { key: 'l', label: t('directives.f.lead'), children: task.leadUnitName },
          { key: 'c', label: t('directives.f.coordinators'), children: task.coordinators.map((c) => c.unitName).join('; ') || '—' },
          { key: 'd', label: t('directives.col.deadline'), children: <Deadline task={task} /> },
          { key: 's', label: t('directives.col.status'), children: <TaskStatus task={task} /> },
          { key: 'p', label: t('directives.col.progress'), children: <Percent value={task.percent} status={task.status} /> },
          { key: 'e', label: t('directives.f.expectedResult'), children: task.expectedResult ?? '—' },
        ]} />
      </Card>
      {task.canReport || task.canCoordinate ? <ProgressForm task={task} /> : null}
      <Card size="small" title={t('directives.reports')}>
        {task.reports.length === 0 ? <Empty description={t('directives.noReports')} /> : (
          <List
            dataSource={task.reports}
            renderItem={(r) => (
              <List.Item>
                <List.Item.Meta
                  title={<Space wrap><span>{formatDate(r.reportedOn)}</span><Tag color={r.role === 'lead' ? 'blue' : 'default'}>{t(`directives.role.${r.role}`)}</Tag><span>{r.unitName}</span><Tag>{r.percent}%</Tag><Tag>{t(`directives.status.${r.status}`)}</Tag></Space>}
                  description={
                    <>
                      <div style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{r.narrative}</div>
                      {r.figures.length ? <Space wrap size={4} style={{ marginTop: 4 }}>{r.figures.map((f) => <Tag key={f.code}><a href={f.link} target="_blank" rel="noreferrer">{f.label}: {formatNumber(f.value)} {measureLabel(f.measure, getLang())}</a></Tag>)}</Space> : null}
                      {r.evidenceFileIds.length ? <div>{r.evidenceFileIds.map((fid) => <a key={fid} href={api.url(`/files/${fid}`)} style={{ marginRight: 8 }}>{t('directives.evidence')} #{fid}</a>)}</div> : null}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.createdByName ?? ''} · {formatDateTime(r.createdAt)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}

type Values = { status: 'not_started' | 'in_progress' | 'done'; percent: number; narrative: string };

/** The progress report form, usable on a phone: status, percent, a narrative and evidence files. */
function ProgressForm({ task }: { task: Task }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const draft = useRememberedForm<Values>(`directives.progress.${task.id}`, form, { defaults: { status: task.status === 'not_started' ? 'in_progress' : (task.status as Values['status']), percent: task.percent } });
  const report = useReportProgress(task.id);
  const onError = useApiErrorHandler();
  const [files, setFiles] = useState<{ uid: string; name: string; status?: string; response?: { id: number } }[]>([]);
  const submit = async (v: Values) => {
    try {
      await report.mutateAsync({ ...v, evidenceFileIds: files.map((f) => f.response?.id).filter((x): x is number => !!x) });
      draft.clear();
      form.resetFields();
      setFiles([]);
      message.success(t('directives.reported'));
    } catch (e) { onError(e, { form }); }
  };
  return (
    <Card size="small" title={task.canReport ? t('directives.reportAsLead') : t('directives.reportAsCoordinator')} style={{ marginBottom: 12 }} data-testid="progress-form">
      <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={(c, all) => {
        draft.onValuesChange(c, all);
        if ((c as Partial<Values>).status === 'done') form.setFieldValue('percent', 100);
      }} onFinish={submit}>
        <Form.Item name="status" label={t('directives.col.status')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={(['not_started', 'in_progress', 'done'] as const).map((s) => ({ value: s, label: t(`directives.status.${s}`) }))} data-testid="progress-status" />
        </Form.Item>
        <Form.Item label={t('directives.col.progress')}>
          <Space.Compact block>
            <Form.Item name="percent" noStyle><Slider min={0} max={100} step={5} style={{ flex: 1, margin: '10px 12px 0 4px' }} /></Form.Item>
            <Form.Item name="percent" noStyle><NumberInput compact kind="percent" maxFractionDigits={0} suffix="%" style={{ width: 110 }} data-testid="progress-percent" /></Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="narrative" label={t('directives.f.narrative')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('directives.f.narrativeHint')} data-testid="progress-narrative" />
        </Form.Item>
        <Form.Item label={t('directives.evidence')}>
          <Upload action={api.url('/files')} withCredentials name="file" fileList={files as never} onChange={({ fileList }) => setFiles(fileList as never)}>
            <Button icon={<UploadOutlined />}>{t('directives.attach')}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={report.isPending} data-testid="progress-submit">{t('directives.sendReport')}</Button>
      </Form>
    </Card>
  );
}

/** The issuing body cancels a task (a yearly task: its years not done too). */
function CancelTask({ task }: { task: Task }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const cancel = useCancelTask();
  const onError = useApiErrorHandler();
  return (
    <Button danger size="small" onClick={() => modal.confirm({
      title: t('directives.cancelTask'), content: t('directives.cancelTaskBody'), okButtonProps: { danger: true },
      onOk: () => cancel.mutateAsync({ id: task.id, version: task.version }).then(() => message.success(t('common.saved'))).catch((e) => onError(e)),
    })}>{t('directives.cancelTask')}</Button>
  );
}
