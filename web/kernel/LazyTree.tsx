/**
 * A tree that loads one level at a time (children on expand, cached by react-query so an
 * invalidation refreshes what is open) plus a server-side search box. It never asks for more than
 * the open levels, so it stays fast on a tree of 40,000 units. The unit and area pickers are built
 * on it; other trees (e.g. categories) can be too.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueries, useQuery, type QueryKey } from '@tanstack/react-query';
import { Empty, Input, Spin, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useT } from './i18n';

export type LazyNode = {
  id: number;
  title: string;
  /** Shown small after the title (a code, a type). */
  extra?: ReactNode;
  isLeaf: boolean;
  disabled?: boolean;
  /** Greyed out (closed units). */
  muted?: boolean;
};
export type LazySearchHit = LazyNode & { context?: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LazyTreeSource<T = any> = {
  /** Cache key of a node's children; `null` = the top level. Shared with other queries of the same rows. */
  childrenKey(parent: number | null): QueryKey;
  loadChildren(parent: number | null): Promise<T[]>;
  /** How a row shows in the tree. */
  toNode(row: T): LazyNode;
  searchKey(q: string): QueryKey;
  search(q: string): Promise<LazySearchHit[]>;
  /** Ids from the top of the tree down to the node's parent, to open the tree at a chosen node. */
  pathTo?(id: number): Promise<number[]>;
};

export type LazyTreeProps = {
  source: LazyTreeSource;
  value?: number | null;
  onSelect(id: number, node: LazyNode): void;
  /** Height of the scrolled tree in px (virtual scrolling); default 420. */
  height?: number;
  searchPlaceholder: string;
  emptyText: string;
  noResultsText: string;
  autoFocus?: boolean;
  testId?: string;
  /** Nodes open from the start (e.g. the root of a rooted picker). */
  initialExpanded?: number[];
};

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

const ROOT = 'root';

export function LazyTree({ source, value, onSelect, height = 420, searchPlaceholder, emptyText, noResultsText, autoFocus, testId, initialExpanded }: LazyTreeProps) {
  const t = useT();
  const [expanded, setExpanded] = useState<string[]>(() => (initialExpanded ?? []).map(String));
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const treeRef = useRef<{ scrollTo: (o: { key: string; align?: 'top' | 'bottom' | 'auto' }) => void } | null>(null);

  const rootRows = useQuery({ queryKey: source.childrenKey(null), queryFn: () => source.loadChildren(null), staleTime: 60_000 });
  const roots = useMemo(() => ({ ...rootRows, data: rootRows.data?.map(source.toNode) }), [rootRows, source]);
  const expandedIds = useMemo(() => expanded.map(Number), [expanded]);
  const levels = useQueries({
    queries: expandedIds.map((id) => ({ queryKey: source.childrenKey(id), queryFn: () => source.loadChildren(id), staleTime: 60_000 })),
  });
  const childrenOf = useMemo(() => {
    const m = new Map<number, LazyNode[] | 'loading' | 'error'>();
    expandedIds.forEach((id, i) => {
      const r = levels[i];
      m.set(id, r?.data ? r.data.map(source.toNode) : r?.isError ? 'error' : 'loading');
    });
    return m;
  }, [expandedIds, levels, source]);

  const treeData = useMemo(() => {
    const build = (nodes: LazyNode[]): TreeDataNode[] => nodes.map((n) => {
      const kids = childrenOf.get(n.id);
      let children: TreeDataNode[] | undefined;
      if (!n.isLeaf && kids === 'loading') children = [{ key: `${n.id}:loading`, title: <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>, isLeaf: true, selectable: false }];
      else if (!n.isLeaf && kids === 'error') children = [{ key: `${n.id}:error`, title: <Typography.Text type="danger">{t('error.unexpected')}</Typography.Text>, isLeaf: true, selectable: false }];
      else if (Array.isArray(kids)) children = build(kids);
      return {
        key: String(n.id),
        isLeaf: n.isLeaf,
        disabled: n.disabled,
        children,
        title: (
          <span className={n.muted ? 'dv-tree-muted' : undefined} data-node-id={n.id}>
            {n.title}
            {n.extra ? <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>{n.extra}</Typography.Text> : null}
          </span>
        ),
      };
    });
    return build(roots.data ?? []);
  }, [roots.data, childrenOf, t]);

  // Index of loaded nodes, for onSelect and to know what is on screen.
  const loaded = useMemo(() => {
    const m = new Map<number, LazyNode>();
    for (const n of roots.data ?? []) m.set(n.id, n);
    for (const kids of childrenOf.values()) if (Array.isArray(kids)) for (const n of kids) m.set(n.id, n);
    return m;
  }, [roots.data, childrenOf]);

  // Open the tree down to the chosen node (a reload, a link, a search hit).
  const revealed = useRef<number | null>(null);
  useEffect(() => {
    if (!value || !source.pathTo || !roots.data || revealed.current === value) return;
    revealed.current = value;
    if (roots.data.some((r) => r.id === value)) return;
    let cancelled = false;
    source.pathTo(value).then((chain) => {
      if (cancelled) return;
      const rootIds = new Set(roots.data!.map((r) => r.id));
      const start = chain.findIndex((id) => rootIds.has(id));
      if (start < 0) return;
      const open = chain.slice(start).map(String);
      setExpanded((prev) => Array.from(new Set([...prev, ...open])));
    }).catch(() => { /* not visible: nothing to open */ });
    return () => { cancelled = true; };
  }, [value, roots.data, source]);

  const valueLoaded = !!value && loaded.has(value);
  useEffect(() => {
    if (valueLoaded && value) {
      const h = setTimeout(() => treeRef.current?.scrollTo({ key: String(value), align: 'auto' }), 50);
      return () => clearTimeout(h);
    }
  }, [valueLoaded, value]);

  const hits = useQuery({ queryKey: source.searchKey(q), queryFn: () => source.search(q), enabled: q.length >= 2, staleTime: 30_000 });

  const onExpand = useCallback((keys: React.Key[]) => setExpanded(keys.map(String).filter((k) => /^\d+$/.test(k))), []);

  const pick = (n: LazyNode) => {
    if (n.disabled) return;
    onSelect(n.id, n);
  };

  return (
    <div className="dv-lazy-tree" data-testid={testId}>
      <Input.Search
        allowClear
        autoFocus={autoFocus}
        placeholder={searchPlaceholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ marginBottom: 8 }}
        aria-label={searchPlaceholder}
      />
      {q.length >= 2 ? (
        <div className="dv-search-hits" style={{ maxHeight: height, overflowY: 'auto' }} role="listbox">
          {hits.isPending ? <Spin size="small" /> : (hits.data ?? []).length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={noResultsText} /> : (
            (hits.data ?? []).map((h) => (
              <button
                type="button"
                key={h.id}
                role="option"
                aria-selected={h.id === value}
                className={`dv-hit${h.id === value ? ' dv-hit-selected' : ''}`}
                disabled={h.disabled}
                onClick={() => { pick(h); setText(''); }}
              >
                <span className="dv-hit-title">{h.title}{h.extra ? <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>{h.extra}</Typography.Text> : null}</span>
                {h.context ? <span className="dv-hit-context">{h.context}</span> : null}
              </button>
            ))
          )}
        </div>
      ) : roots.isPending ? (
        <Spin size="small" />
      ) : roots.isError ? (
        <Typography.Text type="danger">{t('error.unexpected')}</Typography.Text>
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
      ) : (
        <Tree
          ref={treeRef as never}
          blockNode
          height={height}
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={onExpand}
          selectedKeys={value ? [String(value)] : []}
          onSelect={(_keys, info) => {
            const id = Number(info.node.key);
            const n = loaded.get(id);
            if (n) pick(n);
          }}
        />
      )}
    </div>
  );
}
