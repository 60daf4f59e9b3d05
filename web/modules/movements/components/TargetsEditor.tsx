/** Targets of an indicator for a unit and the units directly below it, per year (managers set them). */
import { useState } from 'react';
import { App, Button, Modal, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../../kernel/i18n';
import { api } from '../../../kernel/api';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { useApiErrorHandler } from '../../../kernel/forms';
import { formatNumber } from '../../../kernel/format';
import type { Indicator } from '../movements.api';
import { NumberInput } from '../../../kernel/NumberInput';

type Target = { indicatorId: number; unitId: number; unitName: string; year: number; value: number };

export function TargetsEditor({ indicator, onClose }: { indicator: Indicator; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useApiErrorHandler();
  const { unitId } = useCurrentUnit();
  const [unit, setUnit] = useState<number | null>(unitId ?? null);
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [value, setValue] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['movements', 'targets', indicator.id, unitId], enabled: !!unitId,
    queryFn: () => api.get<Target[]>(`/indicators/${indicator.id}/targets`, { unit: unitId }) });
  const save = async (v: number | null) => {
    try {
      await api.put(`/indicators/${indicator.id}/targets`, { unitId: unit, year, value: v });
      void message.success(t('movements.saved'));
      void qc.invalidateQueries({ queryKey: ['movements'] });
    } catch (e) { onError(e); }
  };
  return (
    <Modal open title={t('movements.targets.title', { name: indicator.name })} onCancel={onClose} footer={null} width={620} destroyOnHidden>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 240 }}><UnitPickerInput value={unit} onChange={setUnit} /></div>
        <NumberInput compact kind="count" grouping={false} placeholder={t('movements.targets.year')} min={2000} max={2100} value={year} onValue={(v) => setYear(v)} style={{ width: 110 }} />
        <NumberInput compact kind={indicator.valueType === 'percent' ? 'percent' : indicator.valueType === 'integer' ? 'count' : 'signed'} placeholder={indicator.measure} value={value} onValue={(v) => setValue(v)} style={{ width: 160 }} />
        <Button type="primary" disabled={!unit || !year || value === null} onClick={() => void save(value)}>{t('movements.save')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('movements.targets.hint')}</Typography.Paragraph>
      <Table<Target> size="small" rowKey={(r) => `${r.unitId}-${r.year}`} loading={list.isFetching} dataSource={list.data ?? []} pagination={{ pageSize: 10 }}
        columns={[
          { title: t('movements.col.unit'), dataIndex: 'unitName' },
          { title: t('movements.targets.year'), dataIndex: 'year', width: 80 },
          { title: t('movements.dashboard.target'), dataIndex: 'value', width: 140, align: 'right' as const, render: (v: number) => `${formatNumber(v, Number.isInteger(v) ? 0 : 1)} ${indicator.measure}` },
          { title: '', key: 'x', width: 70, render: (_, r) => <Button size="small" type="link" danger onClick={() => { setUnit(r.unitId); setYear(r.year); void api.put(`/indicators/${indicator.id}/targets`, { unitId: r.unitId, year: r.year, value: null }).then(() => qc.invalidateQueries({ queryKey: ['movements'] }), onError); }}>{t('movements.form.remove')}</Button> },
        ]} />
    </Modal>
  );
}
