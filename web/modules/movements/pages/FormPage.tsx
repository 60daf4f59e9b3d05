/**
 * One reporting form, built for a phone: one field per indicator, record-derived figures shown (not
 * typed), a draft kept in the browser while typing and saved on the server with "Lưu nháp",
 * evidence photos/files, submit; the level above approves, returns or reopens; flags with reasons.
 */
import { useMemo, useState } from 'react';
import { useParams, Link } from '@tanstack/react-router';
import {
  Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Radio, Space, Tag, Timeline, Typography, Upload,
} from 'antd';
import { CheckOutlined, PaperClipOutlined, RollbackOutlined, SaveOutlined, SendOutlined, UnlockOutlined, UploadOutlined } from '@ant-design/icons';
import { LoadError, RequirePermission } from '../../../kernel/guards';
import { useI18n, useT } from '../../../kernel/i18n';
import { actorLabel } from '../../../../common/audit-labels';
import { measureLabel } from '../../../../common/measures';
import { organizationShort } from '../../../../common/organizations';
import { api } from '../../../kernel/api';
import { formatDate, formatDateTime } from '../../../kernel/format';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { NumberInput, isInvalidNumber } from '../../../kernel/NumberInput';
import { mvKeys, uploadFile, useForm as useReportForm, useFormAction, type FormDetail } from '../movements.api';
import { useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../../kernel/auth';
import { Nav } from '../components/Nav';
import { StatusTag, fmtValue } from '../components/labels';
import { FlagList } from '../components/FlagList';

type Values = Record<string, number | string | null | undefined>;
const keyOf = (code: string, disagg: string) => (disagg ? `${code}|${disagg}` : code);
/** The parts an indicator is broken down into on this form: by gender, by the movement's organizations. */
const partsOf = (i: { disaggregations: string[] }, orgs: string[]) => [
  ...(i.disaggregations.includes('gender') ? ['gender:male', 'gender:female'] : []),
  ...(i.disaggregations.includes('organization') ? orgs.map((o) => `org:${o}`) : []),
];

function toFormValues(d: FormDetail): Values {
  const out: Values = {};
  for (const v of d.values) if (v.source === 'entered') out[keyOf(v.code, v.disagg)] = v.textValue ?? v.value;
  return out;
}

export default function FormPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useReportForm(Number(id));
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card loading />;
  // Remount the editor when the server version changes (after save/submit/approve).
  return <RequirePermission permission="movements.read"><Nav active="forms" /><FormEditor key={`${q.data.id}-${q.data.version}`} d={q.data} /></RequirePermission>;
}

function FormEditor({ d }: { d: FormDetail }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const server = useMemo(() => toFormValues(d), [d]);
  const draft = useRememberedForm<Values>(`movements.form.${d.id}`, form, { defaults: server, enabled: d.canFill });
  const act = useFormAction(d.id);
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<null | 'return' | 'reopen'>(null);
  const [comment, setComment] = useState('');
  const fields = d.indicators.filter((i) => !(i.source && i.sourceMode === 'fill'));

  const collect = (): { indicator: string; disagg: string; value: number | string | null }[] => {
    const v = form.getFieldsValue(true) as Values;
    const out: { indicator: string; disagg: string; value: number | string | null }[] = [];
    for (const i of fields) {
      const parts = ['', ...partsOf(i, d.organizations)];
      for (const p of parts) {
        const raw = v[keyOf(i.code, p)];
        out.push({ indicator: i.code, disagg: p, value: raw === undefined || raw === '' ? null : (raw as number | string | null) });
      }
    }
    return out;
  };
  const save = async (): Promise<FormDetail | null> => {
    // A number field whose text is not a number says why under itself; nothing is sent until it is fixed.
    const numeric = new Set(fields.filter((i) => i.valueType !== 'text' && i.valueType !== 'boolean').map((i) => i.code));
    const bad = collect().filter((x) => numeric.has(x.indicator) && isInvalidNumber(x.value));
    if (bad.length) {
      void message.error(t('movements.form.fixNumbers', { n: bad.length }));
      form.scrollToField(keyOf(bad[0].indicator, bad[0].disagg));
      return null;
    }
    try {
      const r = await act.mutateAsync({ action: 'save', body: { version: d.version, values: collect() } });
      draft.clear();
      return r;
    } catch (e) {
      onError(e, { form, rename: Object.fromEntries(collect().map((x, k) => [`values.${k}.value`, keyOf(x.indicator, x.disagg)])) });
      return null;
    }
  };
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try { await fn(); void message.success(ok); } catch (e) { onError(e); }
  };

  return (
    <>
      <Card size="small" title={<div><Space wrap size={4}><span>{d.unitName}</span><StatusTag t={t} status={d.status} /></Space>
        {d.parentUnitName ? <div><Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>{t('movements.under', { name: d.parentUnitName })}</Typography.Text></div> : null}</div>}
        extra={<Link to="/movements/forms" search={{} as never}>{t('movements.form.back')}</Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('movements.col.movement')}>{d.movementName}</Descriptions.Item>
          <Descriptions.Item label={t('movements.col.period')}>{d.periodLabel}</Descriptions.Item>
          <Descriptions.Item label={t('movements.col.due')}>{formatDate(d.dueOn)} {d.late && d.status !== 'approved' ? <Tag color="red">{t('movements.late')}</Tag> : null}</Descriptions.Item>
        </Descriptions>
        {d.returnedComment ? <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('movements.form.returned')} description={d.returnedComment} /> : null}
        {draft.restored && d.canFill ? <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('movements.form.draftRestored')} /> : null}
        {d.warnings.length ? <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('movements.form.warnings')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{d.warnings.map((w, k) => <li key={k}>{w.message}</li>)}</ul>} /> : null}
      </Card>

      {d.flags.length ? (
        <Card size="small" style={{ marginTop: 12 }} title={t('movements.flags.onForm', { n: d.flags.filter((f) => f.status === 'open').length })}>
          <FlagList flags={d.flags} canAccept={d.status === 'submitted' && d.canApprove} />
        </Card>
      ) : null}

      <Card size="small" style={{ marginTop: 12 }} title={t('movements.form.figures')}>
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} disabled={!d.canFill} data-testid="report-form">
          {d.indicators.map((i) => {
            const hint = [i.target !== null ? t('movements.form.target', { v: fmtValue(i.target, i.measure, i.valueType) }) : null,
              i.sourceMode === 'check' && i.recordValue !== null ? t('movements.form.recordsSay', { v: fmtValue(i.recordValue, i.measure) }) + (i.recordBasis ? ` (${i.recordBasis})` : '') : null].filter(Boolean).join(' · ');
            if (i.source && i.sourceMode === 'fill') {
              return (
                <Form.Item key={i.code} label={<Space size={4} wrap>{i.name}<Tag color="blue">{t('movements.ind.fromRecords')}</Tag></Space>} extra={i.sourceAvailable ? t('movements.form.recordHint') : t('movements.form.recordMissing')}>
                  <Typography.Text strong data-testid={`record-${i.code}`}>{fmtValue(i.recordValue, i.measure, i.valueType)}</Typography.Text>
                  {i.recordBasis ? <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid={`record-basis-${i.code}`}>{i.recordBasis}</Typography.Text> : null}
                </Form.Item>
              );
            }
            const parts = partsOf(i, d.organizations);
            return (
              <div key={i.code}>
                <Form.Item name={i.code} label={`${i.name}${i.valueType === 'percent' ? '' : ` (${measureLabel(i.measure, lang)})`}`} extra={hint || undefined}>
                  <FieldInput valueType={i.valueType} code={i.code} />
                </Form.Item>
                {parts.length ? (
                  <Space wrap style={{ marginTop: -12, marginBottom: 12 }}>
                    {parts.map((p) => (
                      <Form.Item key={p} name={keyOf(i.code, p)} label={p.startsWith('org:') ? organizationShort(p.slice(4), lang) : t(`movements.disagg.${p}`)} style={{ marginBottom: 0 }}>
                        <FieldInput valueType={i.valueType} code={keyOf(i.code, p)} />
                      </Form.Item>
                    ))}
                  </Space>
                ) : null}
              </div>
            );
          })}
          {d.canFill ? (
            <div className="mv-actions" style={{ position: 'sticky', bottom: 0, background: 'var(--ant-color-bg-container, #fff)', padding: '8px 0', display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <Button icon={<SaveOutlined />} loading={act.isPending} onClick={async () => { if (await save()) void message.success(t('movements.form.saved')); }} data-testid="save-draft">{t('movements.form.saveDraft')}</Button>
              <Button type="primary" icon={<SendOutlined />} loading={act.isPending} data-testid="submit-form" onClick={async () => {
                const saved = await save();
                if (saved) await run(() => act.mutateAsync({ action: 'submit', body: { version: saved.version } }), t('movements.form.submitted'));
              }}>{t('movements.form.submit')}</Button>
            </div>
          ) : null}
        </Form>
        {d.canApprove ? (
          <Space wrap style={{ marginTop: 8 }}>
            <Button type="primary" icon={<CheckOutlined />} loading={act.isPending} data-testid="approve-form"
              onClick={() => void run(() => act.mutateAsync({ action: 'approve', body: { version: d.version } }), t('movements.form.approvedMsg'))}>{t('movements.form.approve')}</Button>
            <Button icon={<RollbackOutlined />} onClick={() => { setComment(''); setDialog('return'); }} data-testid="return-form">{t('movements.form.return')}</Button>
          </Space>
        ) : null}
        {d.status === 'approved' ? (
          <ReopenButton d={d} onOpen={() => { setComment(''); setDialog('reopen'); }} />
        ) : null}
      </Card>

      <Card size="small" style={{ marginTop: 12 }} title={<Space><PaperClipOutlined />{t('movements.form.evidence')}</Space>}>
        <List size="small" dataSource={d.attachments} locale={{ emptyText: t('movements.form.noEvidence') }} renderItem={(a) => (
          <List.Item actions={d.canFill ? [<Button key="x" type="link" danger size="small" onClick={() => void run(async () => { await api.del(`/reports/forms/${d.id}/attachments/${a.id}`); await qc.invalidateQueries({ queryKey: mvKeys.form(d.id) }); }, t('movements.form.removed'))}>{t('movements.form.remove')}</Button>] : undefined}>
            <a href={api.url(`/reports/forms/${d.id}/attachments/${a.id}`)} target="_blank" rel="noreferrer">{a.name}</a>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{a.note ?? ''}</Typography.Text>
          </List.Item>)} />
        {d.canFill ? (
          <Upload accept="image/*,.pdf,.doc,.docx,.xls,.xlsx" showUploadList={false} customRequest={async ({ file, onSuccess, onError: fail }) => {
            try {
              const f = await uploadFile(file as File);
              await act.mutateAsync({ action: 'attach', body: { fileId: f.id } });
              onSuccess?.({});
              void message.success(t('movements.form.attached'));
            } catch (e) { fail?.(e as Error); onError(e); }
          }}>
            <Button icon={<UploadOutlined />} style={{ marginTop: 8 }} data-testid="attach-evidence">{t('movements.form.attach')}</Button>
          </Upload>
        ) : null}
      </Card>

      {d.events.length ? (
        <Card size="small" style={{ marginTop: 12 }} title={t('movements.form.history')}>
          <Timeline items={d.events.map((e) => ({ children: <span><b>{t(`movements.event.${e.action}`)}</b> · {actorLabel(e.actorName, lang)} · {formatDateTime(e.at)}{e.comment ? <div><Typography.Text type="secondary">{e.comment}</Typography.Text></div> : null}</span> }))} />
        </Card>
      ) : null}

      <Modal open={dialog !== null} title={dialog === 'return' ? t('movements.form.return') : t('movements.form.reopen')} onCancel={() => setDialog(null)} okButtonProps={{ disabled: comment.trim().length < 3, 'data-testid': 'dialog-ok' } as never}
        onOk={() => void run(async () => {
          if (dialog === 'return') await act.mutateAsync({ action: 'return', body: { version: d.version, comment } });
          else await act.mutateAsync({ action: 'reopen', body: { version: d.version, reason: comment } });
          setDialog(null);
        }, dialog === 'return' ? t('movements.form.returnedMsg') : t('movements.form.reopenedMsg'))}>
        <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={dialog === 'return' ? t('movements.form.returnHint') : t('movements.form.reopenHint')} data-testid="dialog-comment" />
      </Modal>
    </>
  );
}

function ReopenButton({ d, onOpen }: { d: FormDetail; onOpen: () => void }) {
  const t = useT();
  const { can } = useAuth();
  // Shown to those who approve somewhere; the server checks it is the level above (403 otherwise).
  if (d.status !== 'approved' || !can('reports.approve')) return null;
  return <Button icon={<UnlockOutlined />} style={{ marginTop: 8 }} onClick={onOpen} data-testid="reopen-form">{t('movements.form.reopen')}</Button>;
}

function FieldInput({ valueType, code, value, onChange, disabled }: { valueType: string; code: string; value?: number | string | null; onChange?: (v: number | string | null) => void; disabled?: boolean }) {
  const t = useT();
  if (valueType === 'boolean') {
    return (
      <Radio.Group value={value === null || value === undefined ? undefined : Number(value)} onChange={(e) => onChange?.(e.target.value)} disabled={disabled} optionType="button" data-testid={`value-${code}`}
        options={[{ value: 1, label: t('movements.yes') }, { value: 0, label: t('movements.no') }]} />
    );
  }
  if (valueType === 'text') return <Input.TextArea rows={2} value={(value as string) ?? ''} onChange={(e) => onChange?.(e.target.value)} disabled={disabled} data-testid={`value-${code}`} />;
  return (
    <NumberInput style={{ width: '100%', maxWidth: 260 }} value={value} onChange={onChange} disabled={disabled}
      kind={valueType === 'percent' ? 'percent' : valueType === 'integer' ? 'count' : 'signed'}
      suffix={valueType === 'percent' ? '%' : undefined} data-testid={`value-${code}`} />
  );
}
