/**
 * Chart numbers in the reader's language: the shared EChart component passes every option through
 * here, so value-axis labels, tooltip values and bar labels read "1.234.567" in Vietnamese like the
 * tables do (ECharts alone writes "1,234,567"). What a page formats itself is left alone, except
 * "{value}" / "{c}" templates, whose number is written the same way.
 */
import { formatNumberText, type NumberLocale } from '../../common/numbers';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A chart number: at most six decimals (axis steps such as 0.30000000000000004 are noise), grouped the language's way. */
export function formatChartNumber(v: number, locale: NumberLocale): string {
  return formatNumberText(Number.isInteger(v) ? v : Number(v.toFixed(6)), locale);
}

function localizeAxis(axis: unknown, fmt: (v: number) => string): unknown {
  if (Array.isArray(axis)) return axis.map((a) => localizeAxis(a, fmt));
  if (!isObj(axis)) return axis;
  const isValueAxis = axis.type === 'value' || axis.type === 'log' || (axis.type === undefined && axis.data === undefined);
  if (!isValueAxis) return axis;
  const label = isObj(axis.axisLabel) ? axis.axisLabel : {};
  const f = label.formatter;
  if (typeof f === 'function') return axis;
  const formatter = typeof f === 'string' ? (v: number) => f.replace('{value}', fmt(v)) : (v: number) => fmt(v);
  return { ...axis, axisLabel: { ...label, formatter } };
}

function localizeSeries(s: unknown, fmt: (v: number) => string): unknown {
  if (!isObj(s) || !isObj(s.label) || !s.label.show || typeof s.label.formatter === 'function') return s;
  const tpl = typeof s.label.formatter === 'string' ? s.label.formatter : '{c}';
  if (!tpl.includes('{c}')) return s;
  const formatter = (p: { value?: unknown }) => (typeof p.value === 'number' ? tpl.replace('{c}', fmt(p.value)) : tpl.replace('{c}', String(p.value ?? '')));
  return { ...s, label: { ...s.label, formatter } };
}

export function localizeChartOption(option: Obj, locale: NumberLocale): Obj {
  const fmt = (v: number) => formatChartNumber(v, locale);
  const out: Obj = { ...option };
  for (const k of ['xAxis', 'yAxis']) if (k in out) out[k] = localizeAxis(out[k], fmt);
  if (isObj(out.tooltip) && out.tooltip.valueFormatter === undefined && out.tooltip.formatter === undefined) {
    out.tooltip = { ...out.tooltip, valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? fmt(x) : String(x))).join(' – ') : String(v ?? '')) };
  }
  if (Array.isArray(out.series)) out.series = out.series.map((s) => localizeSeries(s, fmt));
  else if (isObj(out.series)) out.series = localizeSeries(out.series, fmt);
  return out;
}
