/**
 * Units in the web app: fetchers and cache keys, and the current unit (URL `?unit=` +
 * localStorage). The tree picker is in ./UnitPicker (kept out of the first download).
 *
 *   const { unitId, setUnitId } = useCurrentUnit();
 *   const unit = useUnit(unitId);               // UnitDetail: ancestors, descendantCount, canManage
 */
import { useCallback, useEffect } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { Unit, UnitDetail } from '../../common/core';
import { api } from './api';
import { useT } from './i18n';
import { useAuth } from './auth';

export type { Unit, UnitDetail };
export type UnitSearchHit = Unit & { ancestorNames: string[] };

export const unitKeys = {
  all: ['units'] as const,
  children: (parent: number | null, includeClosed = false) => ['units', 'children', parent ?? 'root', includeClosed] as const,
  detail: (id: number) => ['units', 'detail', id] as const,
  search: (q: string) => ['units', 'search', q] as const,
};

export const fetchUnitChildren = (parent: number | null, includeClosed = false) =>
  api.get<Unit[]>('/units', { parent: parent ?? undefined, includeClosed: includeClosed ? 'true' : undefined });
export const fetchUnit = (id: number) => api.get<UnitDetail>(`/units/${id}`);
export const searchUnits = (q: string, limit = 20) => api.get<UnitSearchHit[]>('/units/search', { q, limit });

/** Everything cached about units: call after a unit is created, renamed, moved, closed. */
export function invalidateUnits(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: unitKeys.all });
}

export function useUnit(id: number | null | undefined) {
  return useQuery({ queryKey: unitKeys.detail(id ?? 0), queryFn: () => fetchUnit(id!), enabled: !!id, staleTime: 30_000, retry: false });
}

/** The name of a unit by id (for inputs and headers), or `Đơn vị #id` while unknown. */
export function UnitName({ id }: { id: number }) {
  const t = useT();
  const u = useUnit(id);
  return <>{u.data?.name ?? t('unitPicker.unknown', { id })}</>;
}

const unitStorageKey = (userId: number) => `dv.unit.${userId}`;
const NO_UNIT = 'none';

/**
 * The unit the user is working on: `?unit=ID` in the URL (shareable, survives reloads), remembered
 * in localStorage per user so a fresh visit starts where they left off. Pages read `unitId`;
 * the header picker and the unit tree call `setUnitId`.
 */
export function useCurrentUnit(): { unitId: number | undefined; setUnitId: (id: number | null | undefined) => void } {
  const search = useSearch({ strict: false }) as { unit?: number };
  const navigate = useNavigate();
  const { me } = useAuth();
  const unitId = typeof search.unit === 'number' && search.unit > 0 ? search.unit : undefined;
  const setUnitId = useCallback((id: number | null | undefined) => {
    if (me) {
      try {
        // A cleared choice is remembered too: "all units" must not snap back to the user's own unit.
        localStorage.setItem(unitStorageKey(me.id), id ? String(id) : NO_UNIT);
      } catch { /* private mode */ }
    }
    void navigate({ to: '.', search: (prev: Record<string, unknown>) => ({ ...prev, unit: id ?? undefined }) } as never);
  }, [me, navigate]);
  return { unitId, setUnitId };
}

/**
 * Puts the remembered unit into the URL when it has none, else `fallback` (the user's own unit), so
 * nobody starts on "no unit picked" (mounted once, in the layout).
 */
export function useRestoreCurrentUnit(fallback?: number | null): void {
  const search = useSearch({ strict: false }) as { unit?: number };
  const navigate = useNavigate();
  const { me } = useAuth();
  useEffect(() => {
    if (!me || search.unit) return;
    let raw: string | null = null;
    try { raw = localStorage.getItem(unitStorageKey(me.id)); } catch { /* private mode */ }
    if (raw === NO_UNIT) return;
    const unit = (Number(raw) || undefined) ?? fallback ?? undefined;
    if (unit) void navigate({ to: '.', search: (prev: Record<string, unknown>) => ({ ...prev, unit }), replace: true } as never);
  }, [me, search.unit, navigate, fallback]);
}
