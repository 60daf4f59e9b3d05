/** Import one period's figures from a spreadsheet (one row per unit) as a background job, with its reject report. */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useT } from '../../../kernel/i18n';
import { api } from '../../../kernel/api';
import { JobProgress } from '../../../kernel/jobs';
import { useApiErrorHandler } from '../../../kernel/forms';
import type { ImportReport } from '../../../../common/movements';
import { uploadFile, useMovements } from '../movements.api';

export function ImportValues({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiErrorHandler();
  const movements = useMovements();
  const [form] = Form.useForm<{ period: string; movement?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal open title={t('movements.import.title')} onCancel={onClose} footer={jobId ? <Button onClick={onClose}>{t('movements.import.close')}</Button> : undefined}
      okText={t('movements.import.start')} okButtonProps={{ disabled: !file, loading: busy }} onOk={() => form.submit()} width={640} destroyOnHidden>
      {!jobId ? (
        <Form form={form} layout="vertical" onFinish={async (v) => {
          setBusy(true);
          try {
            const f = await uploadFile(file!);
            const r = await api.post<{ jobId: number }>('/reports/import', { fileId: f.id, period: v.period, movement: v.movement || undefined });
            setJobId(r.jobId);
          } catch (e) { onError(e, { form }); } finally { setBusy(false); }
        }}>
          <Typography.Paragraph type="secondary">{t('movements.import.hint')}</Typography.Paragraph>
          <Form.Item name="period" label={t('movements.col.period')} rules={[{ required: true }]} extra={t('movements.schedule.periodHint')}><Input placeholder="2026-Q3" /></Form.Item>
          <Form.Item name="movement" label={t('movements.col.movement')}><Select allowClear options={(movements.data ?? []).map((m) => ({ value: m.code, label: m.name }))} /></Form.Item>
          <Upload accept=".xlsx,.csv" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}>
            <Button icon={<UploadOutlined />}>{t('movements.import.pick')}</Button>
          </Upload>
        </Form>
      ) : (
        <>
          <JobProgress jobId={jobId} card={false} onDone={(j) => { setReport((j.result ?? null) as ImportReport | null); void qc.invalidateQueries({ queryKey: ['movements'] }); }} />
          {report ? (
            <>
              <Alert style={{ marginTop: 12 }} type={report.rejected ? 'warning' : 'success'} showIcon
                title={t('movements.import.result', { inserted: report.inserted, updated: report.updated, skipped: report.skipped, rejected: report.rejected })} />
              {report.errors.length ? (
                <Table size="small" style={{ marginTop: 12 }} rowKey={(e) => `${e.row}-${e.field}-${e.message}`} dataSource={report.errors} pagination={{ pageSize: 10 }}
                  columns={[{ title: t('movements.import.row'), dataIndex: 'row', width: 70 }, { title: t('movements.import.field'), dataIndex: 'field', width: 140 }, { title: t('movements.import.message'), dataIndex: 'message' }]} />
              ) : null}
            </>
          ) : null}
        </>
      )}
    </Modal>
  );
}
