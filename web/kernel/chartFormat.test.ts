import { describe, expect, it } from 'vitest';
import { formatChartNumber, localizeChartOption } from './chartFormat';

type Fn = (v: unknown) => string;

describe('chart numbers in the reader’s language', () => {
  const option = {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: [{ type: 'category', data: ['a', 'b'] }, { type: 'value' }],
    series: [{ type: 'bar', data: [1234567, 12.5], label: { show: true, position: 'right' } }, { type: 'line', data: [1, 2], label: { show: true, formatter: '{c}%' } }],
  };

  it('formats value axes, tooltips and bar labels the Vietnamese way in Vietnamese', () => {
    const o = localizeChartOption(option, 'vi') as typeof option & { tooltip: { valueFormatter: Fn } };
    expect((o.xAxis.axisLabel.formatter as unknown as Fn)(1500.5)).toBe('1.500,5%');
    expect((o.yAxis[1] as unknown as { axisLabel: { formatter: Fn } }).axisLabel.formatter(2500000)).toBe('2.500.000');
    expect((o.yAxis[0] as { axisLabel?: unknown }).axisLabel).toBeUndefined(); // a category axis keeps its names
    expect(o.tooltip.valueFormatter(1234567.25)).toBe('1.234.567,25');
    expect((o.series[0].label as unknown as { formatter: Fn }).formatter({ value: 1234567 })).toBe('1.234.567');
    expect((o.series[1].label as unknown as { formatter: Fn }).formatter({ value: 12.5 })).toBe('12,5%');
  });

  it('the English way in English, and leaves a page’s own formatter function alone', () => {
    const own = (v: number) => `#${v}`;
    const o = localizeChartOption({ ...option, xAxis: { type: 'value', axisLabel: { formatter: own } }, tooltip: { formatter: 'x' } }, 'en') as { xAxis: { axisLabel: { formatter: unknown } }; tooltip: { valueFormatter?: unknown }; yAxis: { axisLabel: { formatter: Fn } }[] };
    expect(o.xAxis.axisLabel.formatter).toBe(own);
    expect(o.tooltip.valueFormatter).toBeUndefined();
    expect(o.yAxis[1].axisLabel.formatter(2500000)).toBe('2,500,000');
  });

  it('drops floating-point noise from axis steps', () => {
    expect(formatChartNumber(0.1 + 0.2, 'vi')).toBe('0,3');
    expect(formatChartNumber(-1234.5, 'vi')).toBe('-1.234,5');
  });
});
