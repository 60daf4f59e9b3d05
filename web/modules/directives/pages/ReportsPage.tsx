import { useState } from 'react';
import { App, Button, Card, Col, Collapse, DatePicker, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ArrowDownOutlined, ArrowUpOutlined, FileExcelOutlined, FileWordOutlined, EyeOutlined } from '@ant-design/icons';
import { Link } from '@tanstack/react-router';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatDateTime, formatNumber } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useQueryClient } from '@tanstack/react-query';
import { REPORT_KINDS } from '../../../../common/directives';
import { dKeys, generateReport, previewReport, useStoredReports, type ReportDraft, type ReportHeader, type ReportKind, type ReportSection } from '../directives.api';
import { ModuleNav } from '../components/ModuleNav';
import { FiguresTable } from '../components/FiguresTable';
import { thisYear } from '../components/bits';

const defaultPeriod = (k: ReportKind) => (k === 'annual' ? String(thisYear()) : k === 'semiannual' ? `${thisYear()}-H${new Date().getMonth() < 6 ? 1 : 2}` : `${thisYear() - 4}-${thisYear()}`);

/** The report builder: choose unit, kind and period; preview; edit the header and sections; download. */
export default function ReportsPage() {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useApiErrorHandler();
  const { unitId: current } = useCurrentUnit();
  const [unitId, setUnitId] = useState<number | undefined>(current);
  const [kind, setKind] = useState<ReportKind>('annual');
  const [period, setPeriod] = useState(defaultPeriod('annual'));
  const [draft, setDraft] = useState<ReportDraft | null>(null);
  const [header, setHeader] = useState<ReportHeader | null>(null);
  const [sections, setSections] = useState<ReportSection[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  const preview = async () => {
    if (!unitId) return;
    setBusy('preview');
    try {
      const d = await previewReport({ unitId, kind, period });
      setDraft(d); setHeader(d.header); setSections(d.sections);
    } catch (e) { onError(e); } finally { setBusy(null); }
  };
  const download = async (format: 'docx' | 'xlsx') => {
    if (!unitId || !header) return;
    setBusy(format);
    try {
      await generateReport({ unitId, kind, period, format, header, sections });
      message.success(t('directives.report.generated'));
      void qc.invalidateQueries({ queryKey: dKeys.reports });
    } catch (e) { onError(e); } finally { setBusy(null); }
  };
  const move = (i: number, d: -1 | 1) => setSections((s) => { const x = [...s]; const [it] = x.splice(i, 1); x.splice(i + d, 0, it); return x; });
  const setSection = (i: number, patch: Partial<ReportSection>) => setSections((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <RequirePermission permission="reports.generate">
      <ModuleNav active="reports" />
      <Card size="small" title={t('directives.report.builder')} style={{ marginBottom: 12 }}>
        <div className="dv-toolbar">
          <div style={{ minWidth: 260 }} className="dv-grow"><UnitPickerInput value={unitId} onChange={(v) => setUnitId(v ?? undefined)} placeholder={t('directives.report.unit')} /></div>
          <Select value={kind} style={{ minWidth: 150 }} onChange={(k) => { setKind(k); setPeriod(defaultPeriod(k)); }} options={REPORT_KINDS.map((k) => ({ value: k, label: t(`directives.report.kind.${k}`) }))} data-testid="report-kind" />
          <Input value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 130 }} aria-label={t('directives.report.period')} data-testid="report-period" />
          <Button type="primary" icon={<EyeOutlined />} disabled={!unitId} loading={busy === 'preview'} onClick={preview} data-testid="report-preview">{t('directives.report.preview')}</Button>
        </div>
        <Typography.Text type="secondary">{t('directives.report.periodHint')}</Typography.Text>
      </Card>

      {draft && header ? (
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('directives.report.header')} style={{ marginBottom: 12 }}>
              <Form layout="vertical" size="small">
                <Row gutter={8}>
                  {(['superiorBody', 'issuerName', 'number', 'symbol', 'place', 'date', 'docType', 'summary', 'onBehalf', 'signerTitle', 'signerName'] as const).map((k) => (
                    <Col key={k} xs={24} sm={k === 'summary' ? 24 : 12}>
                      <Form.Item label={t(`directives.report.h.${k}`)} style={{ marginBottom: 8 }}>
                        {k === 'date' ? (
                          // A date is picked, not typed as YYYY-MM-DD; the header keeps the ISO form the server reads.
                          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} value={header.date && dayjs(header.date).isValid() ? dayjs(header.date) : null}
                            onChange={(d) => setHeader({ ...header, date: d ? d.format('YYYY-MM-DD') : '' })} data-testid="h-date" />
                        ) : <Input value={header[k]} onChange={(e) => setHeader({ ...header, [k]: e.target.value })} data-testid={`h-${k}`} />}
                      </Form.Item>
                    </Col>
                  ))}
                  <Col xs={24}>
                    <Form.Item label={t('directives.report.h.recipients')} style={{ marginBottom: 8 }}>
                      <Input.TextArea autoSize value={header.recipients.join('\n')} onChange={(e) => setHeader({ ...header, recipients: e.target.value.split('\n').map((s) => s.trim()).filter(Boolean) })} />
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
            </Card>
            <Card size="small" title={t('directives.report.sections')}
              extra={<Space wrap>
                <Button icon={<FileWordOutlined />} type="primary" loading={busy === 'docx'} onClick={() => download('docx')} data-testid="report-docx">{t('directives.report.docx')}</Button>
                <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => download('xlsx')}>{t('directives.report.xlsx')}</Button>
              </Space>}>
              {draft.unavailable.length ? <Typography.Paragraph type="secondary">{t('directives.report.unavailable', { list: draft.unavailable.join(', ') })}</Typography.Paragraph> : null}
              {sections.map((s, i) => (
                <Card key={s.key} size="small" type="inner" style={{ marginBottom: 8, opacity: s.enabled ? 1 : 0.55 }}
                  title={<Input variant="borderless" value={s.title} placeholder={t('directives.report.untitled')} onChange={(e) => setSection(i, { title: e.target.value })} />}
                  extra={<Space size={4}>
                    <Switch size="small" checked={s.enabled} onChange={(v) => setSection(i, { enabled: v })} aria-label={t('directives.report.include')} />
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="↑" />
                    <Button size="small" icon={<ArrowDownOutlined />} disabled={i === sections.length - 1} onClick={() => move(i, 1)} aria-label="↓" />
                  </Space>}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 12 }} value={s.text} onChange={(e) => setSection(i, { text: e.target.value })} placeholder={t('directives.report.textHint')} />
                  {draft.tables.filter((x) => x.section === s.key).map((tb, k) => (
                    <Collapse key={k} size="small" style={{ marginTop: 8 }} items={[{
                      key: 'x', label: `${tb.title} (${formatNumber(tb.rows.length)})`,
                      children: <Table size="small" scroll={{ x: true }} pagination={{ pageSize: 10, hideOnSinglePage: true }} rowKey={(_, j) => String(j)}
                        dataSource={tb.rows.map((r) => Object.fromEntries(r.map((v, j) => [String(j), v])))}
                        columns={tb.columns.map((c, j) => ({ title: c, dataIndex: String(j), render: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : (v as string) ?? '—') }))} />,
                    }]} />
                  ))}
                </Card>
              ))}
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('directives.report.figures')}><FiguresTable figures={draft.figures} /></Card>
          </Col>
        </Row>
      ) : null}

      <StoredReports />
    </RequirePermission>
  );
}

function StoredReports() {
  const t = useT();
  const q = useStoredReports();
  return (
    <Card size="small" title={t('directives.report.stored')} style={{ marginTop: 12 }}>
      <Table size="small" rowKey="id" loading={q.isFetching} dataSource={q.data?.items ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }} columns={[
        { title: t('directives.col.title'), key: 't', render: (_, r) => <Link to="/directives/reports/$id" params={{ id: String(r.id) }}>{r.title}</Link> },
        { title: t('directives.col.unit'), dataIndex: 'unitName', responsive: ['md'] },
        { title: t('directives.report.period'), dataIndex: 'period', width: 100 },
        { title: '', dataIndex: 'format', width: 70, render: (f: string) => <Tag>{f}</Tag> },
        { title: t('directives.col.created'), key: 'c', width: 170, responsive: ['lg'], render: (_, r) => `${formatDateTime(r.createdAt)}${r.createdByName ? ` · ${r.createdByName}` : ''}` },
      ]} />
    </Card>
  );
}
