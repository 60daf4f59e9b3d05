/**
 * Administrative areas (province → commune → residential area): fetchers, `<AreaPicker>` (lazy
 * tree + search, optionally rooted at one area and limited to some levels) and `<AreaPickerInput>`.
 *
 *   <Form.Item name="areaId"><AreaPickerInput rootAreaId={parent.areaId} /></Form.Item>
 */
import { useMemo, useState } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { Button, Modal, Space, Typography } from 'antd';
import { CloseCircleFilled, EnvironmentOutlined } from '@ant-design/icons';
import type { Area } from '../../common/core';
import { api } from './api';
import { useT } from './i18n';
import { LazyTree, type LazyNode, type LazyTreeSource } from './LazyTree';

export type { Area };
export type AreaLevel = Area['level'];
export type AreaSearchHit = Area & { parentName: string | null };

export const areaKeys = {
  all: ['areas'] as const,
  children: (parent: number | null) => ['areas', 'children', parent ?? 'root'] as const,
  detail: (id: number) => ['areas', 'detail', id] as const,
  search: (q: string, level?: string) => ['areas', 'search', q, level ?? ''] as const,
};

export const fetchAreaChildren = (parent: number | null) => api.get<Area[]>('/areas', { parent: parent ?? undefined });
export const fetchArea = (id: number) => api.get<Area>(`/areas/${id}`);
export const searchAreas = (q: string, level?: AreaLevel, limit = 30) => api.get<AreaSearchHit[]>('/areas/search', { q, level, limit });
export const invalidateAreas = (qc: QueryClient) => qc.invalidateQueries({ queryKey: areaKeys.all });

export function useArea(id: number | null | undefined) {
  return useQuery({ queryKey: areaKeys.detail(id ?? 0), queryFn: () => fetchArea(id!), enabled: !!id, staleTime: 5 * 60_000 });
}

/** "Phường Tam Kỳ", "Tổ dân phố 3". */
export const areaLabel = (a: Pick<Area, 'type' | 'name'>) => (a.name.toLowerCase().startsWith(a.type.toLowerCase()) ? a.name : `${a.type} ${a.name}`);

export type AreaPickerProps = {
  value?: number | null;
  onChange?: (id: number, area: LazyNode) => void;
  /** Show only this area and what lies below it. */
  rootAreaId?: number | null;
  /** Levels that may be picked (others are shown, greyed, to navigate through). */
  selectableLevels?: AreaLevel[];
  height?: number;
  autoFocus?: boolean;
};

export function AreaPicker({ value, onChange, rootAreaId, selectableLevels, height, autoFocus }: AreaPickerProps) {
  const t = useT();
  const root = useArea(rootAreaId);
  const source = useMemo<LazyTreeSource>(() => {
    const node = (a: Area): LazyNode => ({
      id: a.id, title: areaLabel(a), isLeaf: a.childCount === 0,
      disabled: !!selectableLevels && !selectableLevels.includes(a.level),
    });
    const rootPath = root.data?.path;
    const levelsKey = (selectableLevels ?? []).join(',');
    return {
      childrenKey: (p) => (p === null && rootAreaId ? ['areas', 'children', 'rootedAt', rootAreaId] : areaKeys.children(p)),
      loadChildren: async (p) => (p === null && rootAreaId ? [await fetchArea(rootAreaId)] : fetchAreaChildren(p)),
      toNode: node,
      searchKey: (q) => ['areas', 'search', q, rootAreaId ?? 0, levelsKey],
      search: async (q) => {
        // The search is country-wide: ask for more when only a part of the tree is shown.
        const hits = await searchAreas(q, selectableLevels?.length === 1 ? selectableLevels[0] : undefined, rootPath ? 100 : 30);
        return hits
          .filter((a) => !rootPath || a.path === rootPath || a.path.startsWith(rootPath + '.'))
          .map((a) => ({ ...node(a), context: a.parentName ?? undefined, extra: t(`area.level.${a.level}`) }));
      },
      pathTo: async (id) => {
        const chain: number[] = [];
        let a = await fetchArea(id);
        while (a.parentId && chain.length < 6) {
          chain.unshift(a.parentId);
          if (a.parentId === rootAreaId) break;
          a = await fetchArea(a.parentId);
        }
        return chain;
      },
    };
  }, [rootAreaId, root.data?.path, selectableLevels, t]);
  if (rootAreaId && root.isPending) return null;
  return (
    <LazyTree
      testId="area-picker"
      source={source}
      initialExpanded={rootAreaId ? [rootAreaId] : undefined}
      value={value}
      onSelect={(id, n) => onChange?.(id, n)}
      height={height}
      autoFocus={autoFocus}
      searchPlaceholder={t('areaPicker.search')}
      emptyText={t('areaPicker.noResults')}
      noResultsText={t('areaPicker.noResults')}
    />
  );
}

export function AreaName({ id }: { id: number }) {
  const t = useT();
  const a = useArea(id);
  return <>{a.data ? areaLabel(a.data) : t('areaPicker.unknown', { id })}</>;
}

export type AreaPickerInputProps = Omit<AreaPickerProps, 'onChange' | 'height' | 'autoFocus'> & {
  onChange?: (id: number | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
};

export function AreaPickerInput({ value, onChange, placeholder, allowClear = true, disabled, id, ...picker }: AreaPickerInputProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Button id={id} block disabled={disabled} onClick={() => setOpen(true)} icon={<EnvironmentOutlined />} style={{ justifyContent: 'flex-start' }} data-testid="area-picker-input">
          <Typography.Text ellipsis style={{ maxWidth: '100%' }} type={value ? undefined : 'secondary'}>
            {value ? <AreaName id={value} /> : placeholder ?? t('areaPicker.placeholder')}
          </Typography.Text>
        </Button>
        {allowClear && value && !disabled ? (
          <Button aria-label={t('common.clear')} title={t('common.clear')} icon={<CloseCircleFilled />} onClick={() => onChange?.(null)} />
        ) : null}
      </Space.Compact>
      <Modal open={open} title={t('areaPicker.title')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden width={560}>
        <AreaPicker
          {...picker}
          autoFocus
          value={value}
          height={Math.min(440, Math.max(240, window.innerHeight - 260))}
          onChange={(nid) => { onChange?.(nid); setOpen(false); }}
        />
      </Modal>
    </>
  );
}
