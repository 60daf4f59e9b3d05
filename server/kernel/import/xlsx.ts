/**
 * A small streaming reader for the first worksheet of an .xlsx: the zip's central directory is read
 * from the end of the file, the sheet's entry is inflated as a stream and scanned row by row; only
 * the shared-strings table is kept in memory (bounded). Chosen over exceljs' readers because the
 * streaming one decodes each compressed chunk separately and so corrupts a Vietnamese character that
 * falls across a chunk boundary ("Nữ" → "N��", about one row in 50,000), the whole-workbook one builds
 * every cell of the file in memory, and this one is several times faster than either.
 */
import { ImportFileError, ImportLimitError, type Budget } from './limits';
import { centralDirectory, entryString, entryText, type ZipEntry, type ZipSource } from './zip';
import { attr, colIndex, elements, ownString, runsText, xmlDecode } from './xml';

/** A cell as the file holds it: text, a number (Excel dates are day numbers), a boolean, or nothing. */
export type Cell = string | number | boolean | null;
/** One row: `cells` is 1-based like Excel columns (A = 1); missing cells are holes. */
export type SheetRow = { row: number; cells: (Cell | undefined)[] };

/** Every start tag `<name …>` of a small part, with its attributes' range (one pass, no regular expressions). */
function* tags(xml: string, name: string): Generator<{ from: number; to: number }> {
  const open = `<${name}`;
  for (let i = xml.indexOf(open); i >= 0; i = xml.indexOf(open, i + open.length)) {
    const c = xml.charCodeAt(i + open.length);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) continue;
    const gt = xml.indexOf('>', i);
    if (gt < 0) return;
    yield { from: i + open.length, to: gt };
  }
}

/** The first worksheet's part: through the workbook's relationships, else the lowest sheetN.xml. */
function firstSheetPath(cd: Map<string, ZipEntry>, wb: string, rels: string): string | undefined {
  let id: string | undefined;
  for (const t of tags(wb, 'sheet')) { id = attr(wb, t.from, t.to, 'r:id') ?? attr(wb, t.from, t.to, 'id'); break; }
  let target: string | undefined;
  if (id) {
    for (const t of tags(rels, 'Relationship')) {
      if (attr(rels, t.from, t.to, 'Id') === id) { target = attr(rels, t.from, t.to, 'Target'); break; }
    }
  }
  if (target) return (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');
  return [...cd.keys()].filter((k) => /^xl\/worksheets\/sheet\d*\.xml$/.test(k)).sort()[0];
}

/** Rows of the workbook's first worksheet, within the budget's limits. */
export async function* readXlsxRows(src: ZipSource, budget: Budget): AsyncGenerator<SheetRow> {
  const lim = budget.limits;
  const cd = await centralDirectory(src);
  const wb = await entryString(src, cd.get('xl/workbook.xml'), budget);
  const rels = await entryString(src, cd.get('xl/_rels/workbook.xml.rels'), budget);
  const sheetPath = firstSheetPath(cd, wb, rels);
  const sheet = sheetPath ? cd.get(sheetPath) : undefined;
  if (!sheet) throw new ImportFileError('unreadable', 'no worksheet');
  const shared: string[] = [];
  const ss = cd.get('xl/sharedStrings.xml');
  if (ss) {
    const tooLongString = (): never => { throw new ImportLimitError('cell_size', { max: Math.round(lim.maxRowBytes / 1024) }); };
    for await (const si of elements(entryText(src, ss, budget), 'si', lim.maxRowBytes, tooLongString)) {
      const s = ownString(runsText(si));
      budget.addShared(s);
      shared.push(s);
    }
  }

  let rowNo = 0;
  const tooLong = (head: string): never => {
    const r = attr(head, 4, head.length, 'r');
    throw new ImportLimitError('row_size', { max: Math.round(lim.maxRowBytes / 1024), row: r && /^\d+$/.test(r) ? Number(r) : rowNo + 1 });
  };
  for await (const rowXml of elements(entryText(src, sheet, budget), 'row', lim.maxRowBytes, tooLong)) {
    const headEnd = rowXml.indexOf('>');
    const rn = attr(rowXml, 4, headEnd, 'r');
    const n = rn ? Number(rn) : NaN;
    rowNo = Number.isInteger(n) && n > 0 ? n : rowNo + 1;
    const cells: (Cell | undefined)[] = [];
    let col = 0;
    let count = 0;
    // Scanned with indexOf rather than regular expressions: a million rows of ten cells would otherwise
    // allocate a match array and several substrings per cell. Every search either moves `i` past what
    // it found or ends the row, and a cell's value is looked for only inside the cell.
    for (let i = rowXml.indexOf('<c', headEnd); i >= 0; i = rowXml.indexOf('<c', i + 2)) {
      const next = rowXml.charCodeAt(i + 2);
      if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) continue; // <col…, <cols…
      const gt = rowXml.indexOf('>', i);
      if (gt < 0) break;
      const ref = attr(rowXml, i + 2, gt, 'r');
      col = ref ? colIndex(ref, lim.maxRowCells) : col + 1;
      if (col > lim.maxRowCells || ++count > lim.maxRowCells) budget.rowCells(rowNo, Math.max(col, count));
      if (rowXml.charCodeAt(gt - 1) === 47) { i = gt; continue; } // <c …/>: an empty cell
      const end = rowXml.indexOf('</c>', gt);
      if (end < 0) break;
      const t = attr(rowXml, i + 2, gt, 't') ?? 'n';
      let v: string | undefined;
      if (rowXml.startsWith('<v>', gt + 1) && rowXml.startsWith('</v>', end - 4) && end - 4 >= gt + 4) v = rowXml.slice(gt + 4, end - 4);
      else if (t !== 'inlineStr') {
        const inner = rowXml.slice(gt + 1, end); // formulas come before their value: <f>…</f><v>…</v>
        const vs = inner.indexOf('<v>');
        const ve = vs >= 0 ? inner.indexOf('</v>', vs) : -1;
        if (ve >= 0) v = inner.slice(vs + 3, ve);
      }
      let value: Cell = null;
      if (t === 's') value = v === undefined ? null : shared[Number(v)] ?? null;
      else if (t === 'inlineStr') value = runsText(rowXml.slice(gt + 1, end));
      else if (t === 'str') value = v === undefined ? null : xmlDecode(v);
      else if (t === 'b') value = v === '1';
      else if (t === 'e') value = null;
      else value = v === undefined || v === '' ? null : Number(v);
      cells[col] = value;
      i = end;
    }
    budget.row(rowNo, count);
    yield { row: rowNo, cells };
  }
}

