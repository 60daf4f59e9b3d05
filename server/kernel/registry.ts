/**
 * What modules offer each other: record-derived figures and exportable tables, by code; and what
 * each adds to a user's work for today. Filled from the manifests at start-up; a module reads
 * another's numbers only through here.
 *
 * Also the one rule of what a unit's record figures cover (`figureScope`): a unit's own subtree —
 * except for a unit of an organization that federates the others (the Fatherland Front, whose member
 * organizations keep their own trees): its figures cover every organization's units in its area.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor, Ctx } from './context';
import type { ExportDef, FigureBasis, FigureDef, FigureQuery, FigureValue, TodayContribution } from './module';
import { one } from './db/sql';
import { t, type Locale } from './i18n';
import { todayVN } from './clock';
import { formatNumberText } from '../../common/numbers';

const figures = new Map<string, FigureDef>();
const exportsMap = new Map<string, ExportDef>();

export function registerFigure(code: string, f: FigureDef): void {
  if (figures.has(code)) throw new Error(`figure ${code} registered twice`);
  figures.set(code, f);
}
export function registerExport(code: string, e: ExportDef): void {
  if (exportsMap.has(code)) throw new Error(`export ${code} registered twice`);
  exportsMap.set(code, e);
}
export const findFigure = (code: string): FigureDef | undefined => figures.get(code);
export const listFigures = (): [string, FigureDef][] => [...figures.entries()];
export const findExport = (code: string): ExportDef | undefined => exportsMap.get(code);
export const listExports = (): [string, ExportDef][] => [...exportsMap.entries()];

/** Organization kinds whose units federate every organization located in their area (the Front). */
const FEDERATING_KINDS = new Set(['front']);

/** The units a figure counts for a query's unit. */
export type FigureScope =
  | { kind: 'subtree'; unitPath: string }
  | { kind: 'area'; unitPath: string; areaPath: string };

export async function figureScope(ctx: Ctx, q: FigureQuery): Promise<FigureScope> {
  if (!q.areaPath) return { kind: 'subtree', unitPath: q.unitPath };
  const o = await one<{ kind: string }>(ctx.db, sql`SELECT kind FROM organizations WHERE id = ${q.organizationId}`);
  return o && FEDERATING_KINDS.has(o.kind) ? { kind: 'area', unitPath: q.unitPath, areaPath: q.areaPath } : { kind: 'subtree', unitPath: q.unitPath };
}

/** SQL: the unit under `alias` is one the scope counts (its own subtree, and for an area scope every unit located in the area). */
export function scopeCovers(scope: FigureScope, alias: string): SQL {
  const path = sql.raw(`${alias}.path`);
  if (scope.kind === 'subtree') return sql`${path} <@ ${scope.unitPath}::ltree`;
  return sql`(${path} <@ ${scope.unitPath}::ltree OR ${sql.raw(`${alias}.area_path`)} <@ ${scope.areaPath}::ltree)`;
}

/** A figure's result as value, basis and coverage, whatever form the module returned. */
export function toFigureValue(v: number | null | undefined | FigureValue): FigureValue {
  if (v !== null && typeof v === 'object') {
    const n = v.value === null || !Number.isFinite(Number(v.value)) ? null : Number(v.value);
    return { value: n, basis: v.basis ?? null, covers: v.covers ?? 'subtree' };
  }
  return { value: v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v), basis: null, covers: 'subtree' };
}

/** Compute a registered figure: null when no module offers it; a figure that fails counts as unknown (value null). */
export async function computeFigure(ctx: Ctx, code: string, q: FigureQuery): Promise<FigureValue | null> {
  const f = findFigure(code);
  if (!f) return null;
  try {
    return toFigureValue(await f.compute(ctx, q));
  } catch {
    return { value: null, basis: null, covers: 'subtree' };
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A basis in the reader's language; a parameter written "@key" is that message (one level). */
export function renderFigureBasis(locale: Locale, basis: FigureBasis | null | undefined): string | null {
  if (!basis) return null;
  const fmt = (v: unknown): string => {
    if (typeof v === 'number') return formatNumberText(v, locale);
    if (typeof v === 'string') return ISO_DATE.test(v) ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v;
    if (Array.isArray(v)) return v.map((x: { name: string; n: number }) => `${x.name} ${formatNumberText(x.n, locale)}`).join(', ');
    return String(v);
  };
  const params = Object.fromEntries(Object.entries(basis.params).map(([k, v]) => [k, fmt(v)]));
  // A parameter "@key" is that message, filled with the same parameters (e.g. "as of {to}" or "from {from} to {to}").
  const resolved = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.startsWith('@') ? t(locale, v.slice(1), params) : v]));
  return t(locale, basis.key, resolved);
}

const todayParts = new Map<string, TodayContribution>();
export function registerToday(module: string, f: TodayContribution): void {
  if (todayParts.has(module)) throw new Error(`today of ${module} registered twice`);
  todayParts.set(module, f);
}

export type TodayEntry = { module: string; kind: string; title: string; count: number; dueOn: string | null; overdue: boolean; link: string };

/**
 * The caller's work for today, from every module that offers some, titles in the caller's language:
 * overdue first, then by deadline, then what has none (in the modules' order).
 */
export async function collectToday(ctx: Ctx & { actor: Actor }): Promise<{ date: string; items: TodayEntry[] }> {
  const date = todayVN();
  const parts = await Promise.all([...todayParts].map(async ([module, f]) => (await f(ctx)).map((i) => ({ module, i }))));
  const items = parts.flat().map(({ module, i }, order) => ({
    order,
    entry: {
      module, kind: i.kind, title: t(ctx.locale, i.titleKey, i.params ?? {}), count: i.count,
      dueOn: i.dueOn ?? null, overdue: !!i.dueOn && i.dueOn < date, link: i.link,
    },
  }));
  const rank = (e: TodayEntry) => (e.overdue ? 0 : e.dueOn ? 1 : 2);
  items.sort((a, b) => rank(a.entry) - rank(b.entry) || (a.entry.dueOn ?? '').localeCompare(b.entry.dueOn ?? '') || a.order - b.order);
  return { date, items: items.map((x) => x.entry) };
}
