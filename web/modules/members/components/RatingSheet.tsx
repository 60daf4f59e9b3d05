/**
 * The rating sheet of a unit for a year: its members with last year's and this year's rating; a
 * level per row or for the selected rows at once, saved in one request (POST /members/ratings).
 * Users who may not rate (members.write on the member's unit) see the ratings without selects.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useI18n } from '../../../kernel/i18n';
import { isApiError } from '../../../kernel/api';
import { fold, formatNumber } from '../../../kernel/format';
import { useApiErrorHandler } from '../../../kernel/forms';
import { LoadError } from '../../../kernel/guards';
import { useBulkRate, useRatingSheet, type RatingSheet as Sheet } from '../members.api';
import { localLevels, StatusTag } from './common';

type Row = Sheet['rows'][number];

export function RatingSheet({ unitId, year }: { unitId: number; year: number }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().sm;
  const q = useRatingSheet(unitId, year);
  const save = useBulkRate();
  const onError = useApiErrorHandler();
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkLevel, setBulkLevel] = useState<string>();
  const [search, setSearch] = useState('');
  const [onlyUnrated, setOnlyUnrated] = useState(false);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);

  const sheet = q.data;
  const levels = localLevels(sheet?.levels ?? [], lang);
  const labelOf = (code: string | null) => (code ? levels.find((l) => l.code === code)?.label ?? code : null);
  const writable = !!sheet?.rows.some((r) => r.canWrite);
  const levelOf = (r: Row) => edits[r.id] ?? r.current;
  const changes = useMemo(() => (sheet?.rows ?? []).filter((r) => edits[r.id] !== undefined && edits[r.id] !== r.current), [sheet, edits]);
  const rows = useMemo(() => {
    const f = fold(search.trim());
    // "Only unrated" reads the saved ratings: a row does not vanish while it is being rated.
    return (sheet?.rows ?? []).filter((r) => (!f || fold(r.fullName).includes(f)) && (!onlyUnrated || !r.current));
  }, [sheet, search, onlyUnrated]);
  const rated = (sheet?.rows ?? []).filter((r) => levelOf(r)).length;

  const setLevel = (ids: number[], level: string) => {
    setEdits((e) => ({ ...e, ...Object.fromEntries(ids.map((id) => [id, level])) }));
    setRowErrors((e) => Object.fromEntries(Object.entries(e).filter(([id]) => !ids.includes(Number(id)))));
  };

  const submit = async () => {
    const items = changes.map((r) => ({ memberId: r.id, level: edits[r.id] }));
    setRowErrors({});
    setFormErrors([]);
    try {
      const res = await save.mutateAsync({ year, items });
      setEdits({});
      setSelected([]);
      message.success(t('members.rs.saved', { n: formatNumber(res.rated) }));
    } catch (e) {
      if (isApiError(e) && e.fields.length) {
        // `items.3.level` → the row of the fourth item; anything else above the table.
        const byRow: Record<number, string> = {};
        const rest: string[] = [];
        for (const f of e.fields) {
          const m = /^items\.(\d+)\./.exec(f.path);
          const item = m ? items[Number(m[1])] : undefined;
          if (item) byRow[item.memberId] = f.message;
          else rest.push(f.message);
        }
        setRowErrors(byRow);
        setFormErrors(rest);
        message.error(t('form.fixErrors'));
      } else onError(e);
    }
  };

  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const roleTag = (v: string) => (v === 'member' ? t('members.role.member') : <Tag color="purple">{t(`members.role.${v}`)}</Tag>);
  const nameCell = (r: Row) => (
    <div>
      <div>{r.fullName}</div>
      {r.unitId !== unitId ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName}</Typography.Text> : null}
      {r.status !== 'active' ? <div><StatusTag status={r.status} /></div> : null}
    </div>);
  const previousCell = (r: Row) => labelOf(r.previous) ?? <Typography.Text type="secondary">—</Typography.Text>;
  const currentCell = (r: Row) => {
    const err = rowErrors[r.id];
    if (!r.canWrite) return labelOf(r.current) ?? <Typography.Text type="secondary">{t('members.rs.unrated')}</Typography.Text>;
    const changed = edits[r.id] !== undefined && edits[r.id] !== r.current;
    return (
      <div>
        <Select size="small" style={{ width: '100%' }} value={levelOf(r) ?? undefined} placeholder={t('members.rs.unrated')} status={err ? 'error' : changed ? 'warning' : undefined}
          options={levels.map((l) => ({ value: l.code, label: l.label }))} onChange={(v: string) => setLevel([r.id], v)}
          aria-label={t('members.rs.levelOf', { name: r.fullName })} data-testid={`rating-select-${r.id}`} />
        {err ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{err}</Typography.Text> : null}
      </div>);
  };
  // On a phone each row is a small card: name, role and last year's rating above this year's select.
  const columns = phone ? [
    { title: t('members.col.name'), key: 'card', render: (_: unknown, r: Row) => (
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        {nameCell(r)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{roleTag(r.role)} · {t('members.rs.previous', { year: year - 1 })}: {previousCell(r)}</Typography.Text>
        {currentCell(r)}
      </Space>) },
  ] : [
    { title: t('members.col.name'), dataIndex: 'fullName', key: 'name', width: 200, render: (_: string, r: Row) => nameCell(r) },
    { title: t('members.col.role'), dataIndex: 'role', width: 120, render: roleTag },
    { title: t('members.rs.previous', { year: year - 1 }), dataIndex: 'previous', width: 170, render: (_: string | null, r: Row) => previousCell(r) },
    { title: t('members.rs.current', { year }), key: 'current', width: 240, render: (_: unknown, r: Row) => currentCell(r) },
  ];

  return (
    <div data-testid="rating-sheet">
      {sheet?.truncated ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('members.rs.truncated', { n: formatNumber(sheet.rows.length) })} /> : null}
      {sheet && !writable ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('members.rs.readOnly')} data-testid="rating-readonly" /> : null}
      {formErrors.length ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={formErrors.join(' ')} data-testid="rating-errors" /> : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 240, maxWidth: '100%' }} placeholder={t('members.rs.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <Checkbox checked={onlyUnrated} onChange={(e) => setOnlyUnrated(e.target.checked)}>{t('members.rs.onlyUnrated')}</Checkbox>
        <Typography.Text type="secondary" data-testid="rating-progress">{t('members.rs.progress', { rated: formatNumber(rated), total: formatNumber(sheet?.rows.length ?? 0) })}</Typography.Text>
      </Space>
      {writable ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Space.Compact>
            <Select style={{ width: phone ? 190 : 230 }} placeholder={t('members.rs.bulkLevel')} value={bulkLevel} onChange={setBulkLevel}
              options={levels.map((l) => ({ value: l.code, label: l.label }))} data-testid="rating-bulk-level" aria-label={t('members.rs.bulkLevel')} />
            <Button disabled={!bulkLevel || !selected.length} onClick={() => { setLevel(selected, bulkLevel!); setSelected([]); }} data-testid="rating-bulk-apply">
              {t('members.rs.apply', { n: selected.length })}
            </Button>
          </Space.Compact>
          <Button type="primary" icon={<SaveOutlined />} disabled={!changes.length} loading={save.isPending} onClick={() => void submit()} data-testid="rating-save">
            {t('members.rs.save', { n: changes.length })}
          </Button>
          <Button icon={<UndoOutlined />} disabled={!changes.length} onClick={() => { setEdits({}); setRowErrors({}); setFormErrors([]); }}>{t('members.rs.discard')}</Button>
        </Space>
      ) : null}
      <Table<Row> rowKey="id" size="small" loading={q.isFetching} dataSource={rows} columns={columns} scroll={phone ? undefined : { x: 640 }} data-testid="rating-sheet-table"
        rowSelection={writable ? {
          selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (r) => ({ disabled: !r.canWrite }),
          selections: [Table.SELECTION_ALL, Table.SELECTION_NONE],
        } : undefined}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], showTotal: (n) => t('members.total', { n: formatNumber(n) }) }} />
    </div>
  );
}
