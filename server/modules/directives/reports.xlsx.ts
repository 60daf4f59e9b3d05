/** The report's tables as a workbook: one sheet per table and a sheet with every figure's provenance. */
import ExcelJS from 'exceljs';
import type { ReportDraft } from '../../../common/directives';

const sheetName = (s: string, used: Set<string>) => {
  const base = s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28).trim() || 'Bảng';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 26)} ${i}`;
  used.add(n.toLowerCase());
  return n;
};

export async function renderXlsx(d: ReportDraft): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dân Vận';
  const used = new Set<string>();
  const font = { name: 'Times New Roman', size: 12 };
  for (const t of d.tables) {
    const ws = wb.addWorksheet(sheetName(t.title, used));
    ws.addRow([`${d.header.docType} ${d.header.summary}`]).font = { ...font, bold: true };
    ws.addRow([`${d.unitName} — ${t.title}`]).font = { ...font, italic: true };
    ws.addRow([]);
    const head = ws.addRow(t.columns);
    head.font = { ...font, bold: true };
    head.eachCell((c) => { c.border = { bottom: { style: 'thin' } }; c.alignment = { wrapText: true, vertical: 'middle' }; });
    for (const r of t.rows) ws.addRow(r).font = font;
    if (t.notes?.length) ws.addRow([]);
    for (const n of t.notes ?? []) ws.addRow([`(*) ${n}`]).font = { ...font, italic: true };
    ws.columns.forEach((c, i) => { c.width = Math.min(60, Math.max(10, ...[t.columns[i] ?? '', ...t.rows.map((r) => String(r[i] ?? ''))].map((s) => s.length + 2))); });
    ws.views = [{ state: 'frozen', ySplit: 4 }];
    ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4 + t.rows.length, column: t.columns.length } };
  }
  const src = wb.addWorksheet(sheetName('Nguồn số liệu', used));
  const head = src.addRow(['Mục', 'Mã số liệu', 'Số liệu', 'Giá trị', 'Đơn vị tính', 'Đơn vị', 'Mã đơn vị', 'Từ ngày', 'Đến ngày', 'Truy vấn tái tạo']);
  head.font = { ...font, bold: true };
  for (const f of d.figures) src.addRow([f.section, f.code, f.label, f.value, f.measure, f.query.unitName, f.query.unitCode, f.query.from, f.query.to, f.link]).font = font;
  src.columns.forEach((c, i) => { c.width = [12, 24, 36, 10, 12, 40, 16, 12, 12, 70][i]; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
