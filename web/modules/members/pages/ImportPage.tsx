import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Radio, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { MEMBER_FIELDS, type DuplicateChoice, type ImportPreview, type MemberField } from '../../../../common/members';
import { RequirePermission } from '../../../kernel/guards';
import { hasMessage, useT } from '../../../kernel/i18n';
import { api } from '../../../kernel/api';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { usePhone } from '../../../kernel/FilterBlock';
import { JobProgress, useJob, useJobParam } from '../../../kernel/jobs';
import { formatDate, formatNumber } from '../../../kernel/format';
import { previewImport, startImport, uploadFile } from '../members.api';
import { MembersNav } from '../components/common';

type Row = ImportPreview['rows'][number];
type Summary = { inserted: number; updated: number; skipped: number; rejected: number; errors: { row: number; field: string; message: string }[]; errorCount?: number; warningCount?: number; rows?: number };

export default function ImportPage() {
  const t = useT();
  const phone = usePhone();
  const { unitId: current } = useCurrentUnit();
  const [jobId, setJobId] = useJobParam();
  const [unitId, setUnitId] = useState<number | undefined>(current);
  const [file, setFile] = useState<{ id: number; name: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, MemberField | null>>({});
  const [duplicates, setDuplicates] = useState<DuplicateChoice>('merge');
  const [overrides, setOverrides] = useState<Record<string, DuplicateChoice>>({});
  const [busy, setBusy] = useState(false);
  const onError = useApiErrorHandler();
  const step = jobId ? 2 : preview ? 1 : 0;

  const runPreview = async (fileId: number, map?: Record<string, MemberField | null>) => {
    if (!unitId) return;
    setBusy(true);
    try {
      const p = await previewImport({ fileId, unitId, headerRow: map ? preview?.headerRow : undefined, mapping: map });
      setPreview(p);
      setMapping(Object.fromEntries(p.columns.map((c) => [String(c.index), c.field])));
    } catch (e) { onError(e); } finally { setBusy(false); }
  };

  const fieldOptions = useMemo(() => [{ value: '', label: t('members.imp.ignore') }, ...MEMBER_FIELDS.map((f) => ({ value: f, label: t(f === 'commune' ? 'members.f.area' : `members.f.${f}`) }))], [t]);

  return (
    <RequirePermission permission="members.write">
      <MembersNav active="import" />
      <Card size="small" title={t('members.imp.title')} extra={<Button icon={<DownloadOutlined />} href={api.url('/members/import/template')}>{t('members.imp.template')}</Button>}>
        <Steps size="small" current={step} style={{ marginBottom: 16 }} items={[{ title: t('members.imp.step.file') }, { title: t('members.imp.step.map') }, { title: t('members.imp.step.run') }]} />
        <Alert type="info" showIcon title={t('members.imp.policy')} style={{ marginBottom: 16 }} />
        {step === 0 ? (
          <Form layout="vertical" style={{ maxWidth: 640 }}>
            <Form.Item label={t('members.imp.unit')} required><UnitPickerInput value={unitId} onChange={(v) => setUnitId(v ?? undefined)} /></Form.Item>
            <Form.Item label={t('members.imp.file')} required>
              <Upload.Dragger accept=".xlsx,.csv" maxCount={1} disabled={!unitId || busy} data-testid="import-file"
                customRequest={async ({ file: f, onSuccess, onError: fail }) => {
                  try {
                    const up = await uploadFile(f as File);
                    setFile({ id: up.id, name: up.name });
                    onSuccess?.(up);
                    await runPreview(up.id);
                  } catch (e) { fail?.(e as Error); onError(e); }
                }}>
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                <p>{t('members.imp.pick')}</p>
              </Upload.Dragger>
            </Form.Item>
          </Form>
        ) : null}
        {step === 1 && preview && file ? (
          <div data-testid="import-preview">
            <Typography.Paragraph>
              <b>{file.name}</b> · {t('members.imp.headerRow', { n: preview.headerRow })} · {t('members.imp.scanned', { n: preview.rows.length })}
            </Typography.Paragraph>
            <Table size="small" rowKey="index" pagination={false} scroll={phone ? undefined : { x: 500 }} style={{ marginBottom: 16 }} dataSource={preview.columns}
              columns={[
                { title: t('members.imp.column'), dataIndex: 'header', responsive: ['sm' as const] },
                { title: t('members.imp.field'), key: 'field', width: phone ? undefined : 260, render: (_: unknown, c: ImportPreview['columns'][number]) => (<>
                  {phone ? <div><Typography.Text type="secondary">{c.header}</Typography.Text></div> : null}
                  <Select style={{ width: '100%' }} value={mapping[String(c.index)] ?? ''} options={fieldOptions} data-testid={`map-${c.index}`}
                    onChange={(v) => setMapping({ ...mapping, [String(c.index)]: (v || null) as MemberField | null })} /></>) },
              ]} />
            <Space style={{ marginBottom: 12 }} wrap>
              <Button onClick={() => void runPreview(file.id, mapping)} loading={busy}>{t('members.imp.preview')}</Button>
            </Space>
            <Form layout="vertical">
              <Form.Item label={t('members.imp.duplicates')}>
                <Radio.Group value={duplicates} onChange={(e) => setDuplicates(e.target.value)}
                  options={(['merge', 'skip', 'new'] as const).map((d) => ({ value: d, label: t(`members.imp.dup.${d}`) }))} />
              </Form.Item>
            </Form>
            <Table<Row> size="small" rowKey="row" dataSource={preview.rows} scroll={phone ? undefined : { x: 800 }} pagination={{ pageSize: 20 }} data-testid="preview-table"
              rowClassName={(r) => (r.errors.length ? 'row-error' : '')}
              columns={phone ? [
                // A phone reads one row as one block (who, born, CCCD, then its problems): nothing to scroll sideways.
                { title: t('members.imp.row'), key: 'all', render: (_: unknown, r: Row) => (
                  <div>
                    <div><Typography.Text type="secondary">{r.row}.</Typography.Text> <b>{String(r.values.fullName ?? '')}</b></div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}><span className="dv-nowrap">{r.values.birthDate ? formatDate(String(r.values.birthDate)) : String(r.values.birthYear ?? '')}</span>{r.values.cccd ? <> · <span className="dv-nowrap">{String(r.values.cccd)}</span></> : null}</Typography.Text>
                    {r.errors.map((e, i) => <div key={`e${i}`}><Typography.Text type="danger">{e.message}</Typography.Text></div>)}
                    {r.warnings.map((w, i) => <div key={`w${i}`}><Typography.Text type="warning">{w.message}</Typography.Text></div>)}
                    {r.duplicate ? <div style={{ marginTop: 4 }}>
                      <Tag color="orange" style={{ whiteSpace: 'normal' }}>{r.duplicate.kind === 'file' ? t('members.imp.dupFile', { row: r.duplicate.otherRow ?? '' }) : t('members.imp.dupRegistry', { name: r.duplicate.fullName ?? '' })}</Tag>
                      <Select size="small" style={{ width: '100%', marginTop: 4 }} value={overrides[String(r.row)] ?? duplicates}
                        onChange={(v) => setOverrides({ ...overrides, [String(r.row)]: v })}
                        options={(['merge', 'skip', 'new'] as const).map((d) => ({ value: d, label: t(`members.imp.dup.${d}`) }))} />
                    </div> : null}
                  </div>) },
              ] : [
                { title: t('members.imp.row'), dataIndex: 'row', width: 60 },
                { title: t('members.col.name'), key: 'name', render: (_: unknown, r: Row) => String(r.values.fullName ?? '') },
                { title: t('members.col.birth'), key: 'birth', width: 110, render: (_: unknown, r: Row) => (r.values.birthDate ? formatDate(String(r.values.birthDate)) : String(r.values.birthYear ?? '')) },
                { title: t('members.col.cccd'), key: 'cccd', width: 130, render: (_: unknown, r: Row) => String(r.values.cccd ?? '') },
                { title: t('members.imp.problems'), key: 'p', render: (_: unknown, r: Row) => (
                  <Space direction="vertical" size={0}>
                    {r.errors.map((e, i) => <Typography.Text key={`e${i}`} type="danger">{e.message}</Typography.Text>)}
                    {r.warnings.map((w, i) => <Typography.Text key={`w${i}`} type="warning">{w.message}</Typography.Text>)}
                    {r.duplicate ? <Tag color="orange">{r.duplicate.kind === 'file' ? t('members.imp.dupFile', { row: r.duplicate.otherRow ?? '' }) : t('members.imp.dupRegistry', { name: r.duplicate.fullName ?? String(r.values.fullName ?? '') })}</Tag> : null}
                  </Space>) },
                { title: t('members.imp.choice'), key: 'c', width: 190, render: (_: unknown, r: Row) => (r.duplicate ? (
                  <Select size="small" style={{ width: 180 }} value={overrides[String(r.row)] ?? duplicates}
                    onChange={(v) => setOverrides({ ...overrides, [String(r.row)]: v })}
                    options={(['merge', 'skip', 'new'] as const).map((d) => ({ value: d, label: t(`members.imp.dup.${d}`) }))} />) : null) },
              ]} />
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => { setPreview(null); setFile(null); }}>{t('members.imp.again')}</Button>
              <Button type="primary" loading={busy} data-testid="import-start" onClick={async () => {
                if (!unitId) return;
                setBusy(true);
                try {
                  const r = await startImport({ fileId: file.id, unitId, headerRow: preview.headerRow, mapping, duplicates, overrides });
                  setJobId(r.jobId);
                } catch (e) { onError(e); } finally { setBusy(false); }
              }}>{t('members.imp.start')}</Button>
            </Space>
          </div>
        ) : null}
        {step === 2 && jobId ? <ImportResult jobId={jobId} onAgain={() => { setJobId(null); setPreview(null); setFile(null); }} /> : null}
      </Card>
    </RequirePermission>
  );
}

function ImportResult({ jobId, onAgain }: { jobId: number; onAgain: () => void }) {
  const t = useT();
  const job = useJob(jobId);
  const res = job.data?.status === 'done' ? (job.data.result as Summary) : null;
  return (
    <div data-testid="import-result">
      <JobProgress jobId={jobId} />
      {res ? (
        <div style={{ marginTop: 16 }}>
          <Alert type={res.rejected ? 'warning' : 'success'} showIcon data-testid="import-summary"
            title={t('members.imp.result', { inserted: formatNumber(res.inserted), updated: formatNumber(res.updated), skipped: formatNumber(res.skipped), rejected: formatNumber(res.rejected) })} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('members.imp.errors')}</Typography.Title>
          {res.errors.length ? (
            <Table size="small" rowKey={(e) => `${e.row}-${e.field}`} dataSource={res.errors} pagination={{ pageSize: 50 }} data-testid="import-errors"
              columns={[{ title: t('members.imp.row'), dataIndex: 'row', width: 70 },
                { title: t('members.imp.field'), dataIndex: 'field', width: 140, render: (f: string) => (hasMessage(`members.f.${f}`) ? t(`members.f.${f}`) : f) },
                { title: t('members.imp.problems'), dataIndex: 'message' }]} />
          ) : <Typography.Text type="secondary">{t('members.imp.noErrors')}</Typography.Text>}
        </div>
      ) : null}
      <Button style={{ marginTop: 16 }} onClick={onAgain}>{t('members.imp.again')}</Button>
    </div>
  );
}
