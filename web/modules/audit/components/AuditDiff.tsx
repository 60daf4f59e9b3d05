import { Table, Typography } from 'antd';
import { useT } from '../../../kernel/i18n';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

/** Before / after of an audited change, field by field, changed fields highlighted. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const t = useT();
  if (!isObj(before) && !isObj(after)) {
    return <pre className="dv-json">{show(after ?? before)}</pre>;
  }
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)]));
  const rows = keys.map((k) => ({ key: k, before: b[k], after: a[k], changed: JSON.stringify(b[k]) !== JSON.stringify(a[k]) }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      rowClassName={(r) => (r.changed && before != null ? 'dv-diff-changed' : '')}
      columns={[
        { title: t('audit.diff.field'), dataIndex: 'key', key: 'k', width: 160, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
        ...(before != null ? [{ title: t('audit.diff.before'), dataIndex: 'before', key: 'b', render: (v: unknown) => <pre className="dv-json">{show(v)}</pre> }] : []),
        { title: before != null ? t('audit.diff.after') : t('audit.diff.value'), dataIndex: 'after', key: 'a', render: (v: unknown) => <pre className="dv-json">{show(v)}</pre> },
      ]}
      data-testid="audit-diff"
    />
  );
}
