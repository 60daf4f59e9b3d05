/** Spreadsheets: reading .xlsx/.csv tables for the imports, writing the values export. */
import ExcelJS from 'exceljs';
import { periodLabel, type ValuesResult } from '../../../common/movements';

export type Table = { headers: string[]; rows: { row: number; cells: string[] }[] };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; text?: string; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return cellText(o.result as ExcelJS.CellValue);
  }
  return String(v);
}

/** Split CSV text (comma or semicolon, quotes, BOM). */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const firstLine = s.split(/\r?\n/, 1)[0] ?? '';
  const delim = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '"') { if (s[i + 1] === '"') { cell += '"'; i++; } else q = false; } else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === delim) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); out.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); out.push(row); }
  return out;
}

export async function readTable(name: string, data: Buffer): Promise<Table> {
  let grid: string[][];
  if (/\.csv$/i.test(name)) grid = parseCsv(data.toString('utf8'));
  else {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    grid = [];
    if (ws) ws.eachRow({ includeEmpty: true }, (r, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(r.getCell(c).value).trim());
      grid[n - 1] = cells;
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  }
  const headers = (grid[0] ?? []).map((h) => h.trim());
  const rows = grid.slice(1).map((cells, i) => ({ row: i + 2, cells: cells.map((c) => (c ?? '').trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { headers, rows };
}

/** The values export: by child unit and by period, on two sheets. */
export async function valuesWorkbook(locale: 'vi' | 'en', byChild: ValuesResult, byPeriod: ValuesResult): Promise<Buffer> {
  const vi = locale === 'vi';
  const wb = new ExcelJS.Workbook();
  const head = (ws: ExcelJS.Worksheet, first: string) => {
    ws.addRow([`${byChild.indicator.name} (${byChild.indicator.measure})`]).font = { bold: true, size: 13 };
    ws.addRow([`${byChild.unit.name} — ${byChild.from} → ${byChild.to}`]);
    ws.addRow([]);
    const h = ws.addRow([first, vi ? 'Giá trị' : 'Value', vi ? 'Chỉ tiêu' : 'Target', vi ? 'Số báo cáo' : 'Reports', vi ? 'Cảnh báo' : 'Flags']);
    h.font = { bold: true };
    ws.getColumn(1).width = 48;
    for (const c of [2, 3, 4, 5]) { ws.getColumn(c).width = 16; ws.getColumn(c).numFmt = '#,##0.##'; }
  };
  const s1 = wb.addWorksheet(vi ? 'Theo đơn vị' : 'By unit');
  head(s1, vi ? 'Đơn vị' : 'Unit');
  for (const r of byChild.rows) s1.addRow([r.label, r.value, r.target, r.reported, r.openFlags]);
  s1.addRow([vi ? 'Tổng hợp' : 'Total', byChild.value, byChild.target, byChild.reported]).font = { bold: true };
  const s2 = wb.addWorksheet(vi ? 'Theo kỳ' : 'By period');
  head(s2, vi ? 'Kỳ báo cáo' : 'Period');
  for (const r of byPeriod.rows) s2.addRow([periodLabel(r.periodKey ?? r.key, locale), r.value, r.target, r.reported, r.openFlags]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
