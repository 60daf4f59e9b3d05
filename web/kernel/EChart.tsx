/** ECharts, loaded only on the pages that draw a chart; shared by every module. Numbers are written the reader's way (chartFormat). */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Spin } from 'antd';
import { useI18n } from './i18n';
import { localizeChartOption } from './chartFormat';

export function EChart({ option: raw, height = 320, onClick, testId }: { option: Record<string, unknown>; height?: number; onClick?: (p: { data?: unknown; dataIndex?: number; seriesIndex?: number }) => void; testId?: string }) {
  const { lang } = useI18n();
  const option = useMemo(() => localizeChartOption(raw, lang), [raw, lang]);
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: unknown, notMerge?: boolean) => void; resize: () => void; dispose: () => void; on: (e: string, f: (p: never) => void) => void } | null>(null);
  const [ready, setReady] = useState(false);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current);
      chart.current = c as never;
      c.setOption(optionRef.current as never, true);
      c.on('click', (p) => clickRef.current?.(p as never));
      ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
      setReady(true);
    });
    return () => { disposed = true; ro?.disconnect(); chart.current?.dispose(); chart.current = null; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  return (
    <div style={{ position: 'relative', width: '100%', height }} data-testid={testId}>
      <div ref={el} style={{ width: '100%', height }} />
      {!ready ? <Spin style={{ position: 'absolute', left: '50%', top: '45%' }} /> : null}
    </div>
  );
}
