import { describe, it, expect } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BOMBS, inlineCell, SHEET_HEAD, repeat, xlsx } from '../../test/bombs';
import { checkUpload, readRows, ImportLimitError, type ReadOptions } from './index';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 2 ** 20;

/** The target: no upload raises memory by more than this… */
const MAX_GROWTH = 256 * MB;
/** …nor holds a core for more than this per MB uploaded (a file under 100 KB counts as 100 KB). */
const CPU_MS_PER_MB = 10_000;

type Measured = { error: unknown; rows: number; rssGrowth: number; heapGrowth: number; cpuMs: number };

/** Read the file to its end (or its refusal), sampling memory every few milliseconds and every 1,000 rows. */
async function measure(name: string, data: Buffer, opts?: ReadOptions): Promise<Measured> {
  gc();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed + base.external;
  const sample = () => { const m = process.memoryUsage(); rss = Math.max(rss, m.rss); heap = Math.max(heap, m.heapUsed + m.external); };
  const timer = setInterval(sample, 5);
  const cpu0 = process.cpuUsage();
  let error: unknown = null;
  let rows = 0;
  try {
    for await (const r of readRows({ name, data }, opts)) { void r; if (++rows % 1000 === 0) sample(); }
  } catch (e) { error = e; }
  clearInterval(timer);
  sample();
  const cpu = process.cpuUsage(cpu0);
  return { error, rows, rssGrowth: rss - base.rss, heapGrowth: heap - (base.heapUsed + base.external), cpuMs: (cpu.user + cpu.system) / 1000 };
}

describe('upload bombs: each is refused (or read) within the memory and time targets', () => {
  for (const b of BOMBS) {
    it(b.label, async () => {
      const data = await b.build();
      const m = await measure(b.name, data);
      const mb = Math.max(data.length / MB, 0.1);
      const key = (m.error as ImportLimitError | null)?.messageKey ?? null;
      if (b.refusal) expect(key, String(m.error)).toBe(b.refusal);
      else expect(m.error).toBeNull();
      expect(m.rssGrowth, `rss +${Math.round(m.rssGrowth / MB)} MB`).toBeLessThan(MAX_GROWTH);
      expect(m.heapGrowth, `heap +${Math.round(m.heapGrowth / MB)} MB`).toBeLessThan(MAX_GROWTH);
      expect(m.cpuMs, `${Math.round(m.cpuMs)} ms of CPU for ${(data.length / MB).toFixed(2)} MB`).toBeLessThan(CPU_MS_PER_MB * mb);
      // What the zip directory declares is refused before any reading, where it tells.
      const pre = await checkUpload({ name: b.name, data }).then(() => null, (e: ImportLimitError) => e.messageKey);
      expect(pre).toBe(b.precheck ?? null);
    });
  }

  it('scans an unclosed row in time linear in its size, the row limit lifted', async () => {
    // 64 MB of one row: a reader that searches its whole buffer again for each chunk reads 8 GB.
    const data = await xlsx({ sheet: () => [SHEET_HEAD, '<row r="1">', ...repeat(inlineCell('Nguyen Thi Hoa'), 64 * MB)], hideSizes: true });
    const m = await measure('long.xlsx', data, { limits: { maxRowBytes: 128 * MB, maxRatio: 10_000 } });
    expect((m.error as ImportLimitError).messageKey).toBe('import.file.unreadable'); // it ends inside the row
    expect(m.cpuMs, `${Math.round(m.cpuMs)} ms of CPU for 64 MB of XML`).toBeLessThan(4000);
  });

  it('reads a CSV line of 64 MB in linear time, the row limit lifted', async () => {
    const data = Buffer.from('x'.repeat(64 * MB));
    const m = await measure('long.csv', data, { limits: { maxRowBytes: 128 * MB } });
    expect(m.error).toBeNull();
    expect(m.rows).toBe(1);
    expect(m.cpuMs, `${Math.round(m.cpuMs)} ms of CPU for 64 MB of text`).toBeLessThan(4000);
  });

  it('stops a reading when its signal aborts', async () => {
    const data = await xlsx({ sheet: () => [SHEET_HEAD, ...repeat('<row><c><v>1</v></c></row>', 16 * MB), '</sheetData></worksheet>'], hideSizes: true });
    const ac = new AbortController();
    let n = 0;
    await expect((async () => {
      for await (const r of readRows({ name: 'x.xlsx', data }, { signal: ac.signal, limits: { maxRatio: 10_000 } })) { void r; if (++n === 10) ac.abort(); }
    })()).rejects.toThrow('import cancelled');
    expect(n).toBeLessThan(100_000);
  });
});
