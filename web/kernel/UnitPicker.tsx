/**
 * `<UnitPicker>`: the unit tree the user may see (top: their granted units), loaded level by level,
 * with a diacritic-insensitive search; never loads the whole tree. `<UnitPickerInput>`: a form
 * control showing the picked unit that opens the picker in a dialog.
 *
 *   <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} height={480} />
 *   <Form.Item name="unitId" label="Đơn vị"><UnitPickerInput /></Form.Item>
 */
import { useMemo, useState } from 'react';
import { Button, Modal, Space, Typography } from 'antd';
import { ApartmentOutlined, CloseCircleFilled } from '@ant-design/icons';
import type { Unit } from '../../common/core';
import { useT } from './i18n';
import { LazyTree, type LazyNode, type LazyTreeSource } from './LazyTree';
import { fetchUnit, fetchUnitChildren, searchUnits, unitKeys, UnitName } from './units';

const unitNode = (u: Unit, closedLabel: string): LazyNode => ({
  id: u.id, title: u.name, isLeaf: u.childCount === 0, muted: !!u.closedAt, extra: u.closedAt ? `(${closedLabel})` : undefined,
});

function useUnitSource(): LazyTreeSource {
  const t = useT();
  return useMemo(() => ({
    childrenKey: (p) => unitKeys.children(p),
    loadChildren: (p) => fetchUnitChildren(p),
    toNode: (u: Unit) => unitNode(u, t('unitPicker.closed')),
    searchKey: (q) => unitKeys.search(q),
    search: async (q) => (await searchUnits(q)).map((u) => ({ ...unitNode(u, t('unitPicker.closed')), extra: u.code, context: u.ancestorNames.join(' › ') })),
    pathTo: async (id) => {
      const u = await fetchUnit(id);
      return u.ancestors.map((a) => a.id);
    },
  }), [t]);
}

export type UnitPickerProps = {
  value?: number | null;
  onChange?: (id: number, node: LazyNode) => void;
  /** Height of the tree in px (it scrolls inside). */
  height?: number;
  autoFocus?: boolean;
};

/** The unit tree the user may see (top: their granted units), loaded level by level, with search. */
export function UnitPicker({ value, onChange, height, autoFocus }: UnitPickerProps) {
  const t = useT();
  const source = useUnitSource();
  return (
    <LazyTree
      testId="unit-picker"
      source={source}
      value={value}
      onSelect={(id, n) => onChange?.(id, n)}
      height={height}
      autoFocus={autoFocus}
      searchPlaceholder={t('unitPicker.search')}
      emptyText={t('unitPicker.empty')}
      noResultsText={t('unitPicker.noResults')}
    />
  );
}

export type UnitPickerInputProps = {
  value?: number | null;
  onChange?: (id: number | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
  status?: 'error' | 'warning' | '';
};

/** A form control: shows the picked unit and opens the picker in a dialog. Works in `<Form.Item>`. */
export function UnitPickerInput({ value, onChange, placeholder, allowClear = true, disabled, id, status }: UnitPickerInputProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Button
          id={id}
          block
          disabled={disabled}
          danger={status === 'error'}
          onClick={() => setOpen(true)}
          icon={<ApartmentOutlined />}
          style={{ justifyContent: 'flex-start', overflow: 'hidden', textOverflow: 'ellipsis' }}
          data-testid="unit-picker-input"
        >
          <Typography.Text ellipsis style={{ maxWidth: '100%' }} type={value ? undefined : 'secondary'}>
            {value ? <UnitName id={value} /> : placeholder ?? t('unitPicker.placeholder')}
          </Typography.Text>
        </Button>
        {allowClear && value && !disabled ? (
          <Button aria-label={t('common.clear')} title={t('common.clear')} icon={<CloseCircleFilled />} onClick={() => onChange?.(null)} />
        ) : null}
      </Space.Compact>
      <Modal
        open={open}
        title={t('unitPicker.title')}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
        width={560}
      >
        <UnitPicker
          autoFocus
          value={value}
          height={Math.min(440, Math.max(240, window.innerHeight - 260))}
          onChange={(nid) => { onChange?.(nid); setOpen(false); }}
        />
      </Modal>
    </>
  );
}

