/** Every figure of a report with the query that made it: unit, period, figure code, and a link that reproduces it. */
import { Table, Typography } from 'antd';
import { useI18n } from '../../../kernel/i18n';
import { measureLabel } from '../../../../common/measures';
import { formatDate, formatNumber } from '../../../kernel/format';
import type { FigureRef } from '../../../../common/directives';

export function FiguresTable({ figures }: { figures: FigureRef[] }) {
  const { t, lang } = useI18n();
  return (
    <Table<FigureRef> size="small" rowKey="key" dataSource={figures} pagination={{ pageSize: 15, hideOnSinglePage: true }} data-testid="figures-table"
      columns={[
        { title: t('directives.report.figure'), key: 'f', render: (_, f) => <span title={f.code}>{f.label}</span> },
        { title: t('directives.col.unit'), key: 'u', responsive: ['md'], render: (_, f) => f.query.unitName },
        { title: t('directives.report.value'), key: 'v', align: 'right', width: 110, render: (_, f) => <a href={f.link} target="_blank" rel="noreferrer" title={`${formatDate(f.query.from)} – ${formatDate(f.query.to)}`}>{f.value === null ? '—' : `${formatNumber(f.value)} ${measureLabel(f.measure, lang)}`}</a> },
        // What the number counted (organizations, units, date), when the module says so.
        { title: t('directives.report.basis'), key: 'b', responsive: ['lg'], render: (_, f) => (f.basis ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.basis}</Typography.Text> : null) },
      ]} />
  );
}
