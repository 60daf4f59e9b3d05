/** Spreadsheets: reading .xlsx/.csv tables for the imports (streamed, bounded), writing the values export. */
import ExcelJS from 'exceljs';
import { cellString, readRows, type ReadOptions } from '../../kernel/import';
import { periodLabel, type ValuesResult } from '../../../common/movements';

export type Table = { headers: string[]; rows: { row: number; cells: string[] }[] };
export type TableRow = { row: number; cells: string[] };

/** Rows of an uploaded .xlsx/.csv as trimmed text, cells from 0 (column A), through the kernel's bounded reader. */
export async function* tableRows(name: string, data: Buffer, opts?: ReadOptions): AsyncGenerator<TableRow> {
  for await (const r of readRows({ name, data }, opts)) {
    const cells: string[] = [];
    for (let i = 1; i < r.cells.length; i++) cells.push(cellString(r.cells[i]));
    yield { row: r.row, cells };
  }
}

/** The header (row 1) and the rows that follow it, blank rows left out; the rows are read as they are used. */
export async function tableStream(name: string, data: Buffer, opts?: ReadOptions): Promise<{ headers: string[]; rows: AsyncGenerator<TableRow> }> {
  const it = tableRows(name, data, opts);
  let first = await it.next();
  let headers: string[] = [];
  if (!first.done && first.value.row === 1) { headers = first.value.cells; first = await it.next(); }
  async function* rows(): AsyncGenerator<TableRow> {
    for (let r = first; !r.done; r = await it.next()) if (r.value.cells.some((c) => c !== '')) yield r.value;
  }
  return { headers, rows: rows() };
}

/** The whole table in memory (the indicator catalogue: a few hundred rows, from the command line). */
export async function readTable(name: string, data: Buffer, opts?: ReadOptions): Promise<Table> {
  const t = await tableStream(name, data, opts);
  const rows: TableRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { headers: t.headers, rows };
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
