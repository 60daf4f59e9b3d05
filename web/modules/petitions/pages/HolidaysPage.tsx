/** The working-day calendar: holidays, compensatory days off and make-up Saturdays, per year (administrators edit). */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { errorMessage } from '../../../kernel/api';
import { formatDate } from '../../../kernel/format';
import { saveHolidays, useHolidays, type Holiday } from '../petitions.api';
import { CasesNav } from '../components/CasesNav';

const KINDS = ['holiday', 'compensatory', 'workday'] as const;

export default function HolidaysPage() {
  const t = useT();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useHolidays(year);
  const [rows, setRows] = useState<Holiday[]>([]);
  useEffect(() => { setRows(q.data ?? []); }, [q.data]);
  const admin = !!me?.isAdmin;
  const weekday = (d: string) => dayjs(d).format('dddd');
  return (
    <RequirePermission permission="cases.read">
      <CasesNav />
      <Card size="small" title={t('petitions.holidays.title')} extra={
        <Select value={year} onChange={setYear} options={Array.from({ length: 6 }, (_, i) => new Date().getFullYear() - 2 + i).map((y) => ({ value: y, label: String(y) }))} />
      }>
        <Typography.Paragraph type="secondary">{t('petitions.holidays.hint')}</Typography.Paragraph>
        <Table<Holiday> rowKey={(r) => r.day} size="small" loading={q.isLoading} dataSource={rows} pagination={false}
          columns={[
            { title: t('petitions.holidays.day'), dataIndex: 'day', width: 200, render: (v: string, r, i) => (admin ? <DatePicker value={dayjs(v)} format="DD/MM/YYYY" allowClear={false} onChange={(d) => setRows(rows.map((x, k) => (k === i ? { ...r, day: d!.format('YYYY-MM-DD') } : x)))} /> : `${formatDate(v)} (${weekday(v)})`) },
            { title: t('petitions.holidays.kind'), dataIndex: 'kind', width: 200, render: (v: string, r, i) => (admin ? <Select value={v} style={{ width: 180 }} onChange={(k) => setRows(rows.map((x, j) => (j === i ? { ...r, kind: k as Holiday['kind'] } : x)))} options={KINDS.map((k) => ({ value: k, label: t(`petitions.holidays.${k}`) }))} /> : t(`petitions.holidays.${v}`)) },
            { title: t('petitions.holidays.name'), dataIndex: 'name', render: (v: string, r, i) => (admin ? <Input value={v} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...r, name: e.target.value } : x)))} /> : v) },
            ...(admin ? [{ title: '', key: 'x', width: 50, render: (_: unknown, __: Holiday, i: number) => <Button icon={<DeleteOutlined />} danger size="small" onClick={() => setRows(rows.filter((_x, j) => j !== i))} /> }] : []),
          ]} />
        {admin ? (
          <Space style={{ marginTop: 12 }}>
            <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { day: `${year}-01-01`, kind: 'holiday', name: '' }])}>{t('petitions.holidays.add')}</Button>
            <Button type="primary" onClick={() => saveHolidays(year, rows).then(async () => { await qc.invalidateQueries({ queryKey: ['cases', 'holidays', year] }); message.success(t('petitions.detail.saved')); }, (e) => message.error(errorMessage(e)))}>{t('petitions.detail.save')}</Button>
          </Space>
        ) : null}
      </Card>
    </RequirePermission>
  );
}
