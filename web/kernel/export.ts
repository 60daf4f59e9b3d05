/**
 * Client-side export of a table the page already holds: CSV with a BOM (Excel opens the
 * Vietnamese correctly) or .xlsx (exceljs, loaded only when the user asks for it). Large exports
 * belong on the server as a job (see jobs.tsx).
 *
 *   exportRows('xlsx', { filename: 'don-vi-truc-thuoc', columns: [{ header: 'Tên', value: (u) => u.name }], rows });
 */
export type ExportColumn<T> = { header: string; value: (row: T) => string | number | null | undefined; width?: number };
export type ExportSpec<T> = { filename: string; sheetName?: string; columns: ExportColumn<T>[]; rows: T[] };

/** A file name without diacritics or characters some systems refuse. */
export function safeFileName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 100) || 'export';
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Text a spreadsheet would run as a formula — starting with = + - @ (also their full-width forms,
 * which Excel accepts in East Asian locales) or a tab / carriage return — is kept as text with a
 * leading apostrophe: a member named `=HYPERLINK("http://…","Bấm vào đây")` must not become a link
 * in the exported file. Numbers stay numbers.
 */
export function neutralizeFormula<V extends string | number | null | undefined>(v: V): V {
  return typeof v === 'string' && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(v) ? (`'${v}` as V) : v;
}

const csvCell = (v: string | number | null | undefined) => {
  if (v === null || v === undefined) return '';
  const s = String(neutralizeFormula(v));
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv<T>(spec: Pick<ExportSpec<T>, 'columns' | 'rows'>): string {
  const lines = [spec.columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of spec.rows) lines.push(spec.columns.map((c) => csvCell(c.value(r))).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** The .xlsx workbook's bytes (exceljs, loaded only when asked for). */
export async function toXlsx<T>(spec: ExportSpec<T>): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet((spec.sheetName ?? 'Dữ liệu').slice(0, 31));
  ws.columns = spec.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? Math.min(60, Math.max(12, c.header.length + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of spec.rows) ws.addRow(Object.fromEntries(spec.columns.map((c, i) => [`c${i}`, neutralizeFormula(c.value(r)) ?? ''])));
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function exportRows<T>(format: 'csv' | 'xlsx', spec: ExportSpec<T>): Promise<void> {
  const base = safeFileName(spec.filename);
  if (format === 'csv') {
    saveBlob(new Blob([toCsv(spec)], { type: 'text/csv;charset=utf-8' }), `${base}.csv`);
    return;
  }
  saveBlob(new Blob([await toXlsx(spec)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${base}.xlsx`);
}
