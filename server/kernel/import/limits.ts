/**
 * What one uploaded spreadsheet may cost to read. The settings come from the environment through
 * server/config.ts (documented in docs/security.md); the app applies them at start, tests may narrow
 * them per call. Every limit is checked while reading, so a file stops at its first excess: a hostile
 * file costs at most the limits, never its declared or expanded size.
 */
import { AppError } from '../errors';
import { addMessages } from '../i18n';
import { importLimitsFromEnv, type ImportLimits } from '../../config';

export type { ImportLimits };

let current: ImportLimits | null = null;
export function importLimits(): ImportLimits { return (current ??= importLimitsFromEnv(process.env)); }
export function setImportLimits(l: Partial<ImportLimits>): void { current = { ...importLimits(), ...l }; }

export type LimitKind = 'uncompressed' | 'ratio' | 'row_cells' | 'row_size' | 'cell_size' | 'cells' | 'rows' | 'shared_strings' | 'part';

/** A file over one of the limits: 413, with the limit in the message. */
export class ImportLimitError extends AppError {
  constructor(public readonly kind: LimitKind, params: Record<string, unknown>) {
    super('IMPORT_LIMIT', 413, { limit: kind, ...params }, `import.limit.${kind}`);
  }
}

/** A file that is not a readable .xlsx/.csv (not a zip, damaged, encrypted, an unknown compression): 400. */
export class ImportFileError extends AppError {
  constructor(public readonly reason: 'unreadable' | 'unsupported', detail?: string) {
    super('IMPORT_UNREADABLE', 400, detail ? { reason: detail } : {}, `import.file.${reason}`);
  }
}

/** The reading was stopped (server shutting down): not the file's fault, the job runs again later. */
export class ImportCancelled extends Error {
  constructor() { super('import cancelled'); this.name = 'ImportCancelled'; }
}

addMessages({
  'import.limit.uncompressed': { vi: 'Tệp quá lớn khi giải nén (quá {max} MB).', en: 'The file is too large once uncompressed (over {max} MB).' },
  'import.limit.ratio': { vi: 'Tệp bị nén bất thường (hơn {max} lần), có thể là tệp độc hại. Hãy mở và lưu lại bằng Excel.', en: 'The file is compressed abnormally (over {max} times), possibly a malicious file. Open and save it again in Excel.' },
  'import.limit.row_cells': { vi: 'Dòng {row} có quá {max} ô (cột).', en: 'Row {row} has more than {max} cells (columns).' },
  'import.limit.row_size': { vi: 'Dòng {row} quá dài (quá {max} KB).', en: 'Row {row} is too long (over {max} KB).' },
  'import.limit.cell_size': { vi: 'Một ô của tệp quá dài (quá {max} KB).', en: 'A cell of the file is too long (over {max} KB).' },
  'import.limit.cells': { vi: 'Tệp có quá {max} ô dữ liệu.', en: 'The file has more than {max} cells.' },
  'import.limit.rows': { vi: 'Tệp có quá {max} dòng.', en: 'The file has more than {max} rows.' },
  'import.limit.shared_strings': { vi: 'Bảng chuỗi dùng chung của tệp quá lớn (quá {max} MB).', en: 'The file\'s shared-strings table is too large (over {max} MB).' },
  'import.limit.part': { vi: 'Phần {part} của tệp quá lớn.', en: 'The part {part} of the file is too large.' },
  'import.file.unreadable': { vi: 'Không đọc được tệp: không phải tệp .xlsx hoặc .csv hợp lệ, hoặc tệp đã hỏng.', en: 'The file cannot be read: not a valid .xlsx or .csv file, or damaged.' },
  'import.file.unsupported': { vi: 'Tệp dùng định dạng không hỗ trợ (mã hóa, ZIP64 hoặc kiểu nén lạ). Hãy lưu lại bằng Excel dưới dạng .xlsx.', en: 'The file uses an unsupported format (encrypted, ZIP64 or an unusual compression). Save it again in Excel as .xlsx.' },
});

/**
 * The running count of one file's reading, checked as it goes. Rows and cells are counted as they are
 * produced; a row counts at least one cell, so a million empty rows cost like a million cells.
 */
export class Budget {
  readonly limits: ImportLimits;
  private inflated = 0;
  private cells = 0;
  private rows = 0;
  private shared = 0;
  constructor(limits: Partial<ImportLimits> = {}, private readonly signal?: AbortSignal, readonly maxRows = Infinity) {
    this.limits = { ...importLimits(), ...limits };
  }
  /** Stop if the reading was cancelled. Called between chunks. */
  check(): void { if (this.signal?.aborted) throw new ImportCancelled(); }
  /** Text (or inflated bytes) read from the file, summed over its parts. */
  addText(n: number): void {
    this.inflated += n;
    if (this.inflated > this.limits.maxUncompressedBytes) throw new ImportLimitError('uncompressed', { max: mb(this.limits.maxUncompressedBytes) });
  }
  /** A row read; `counted` false for a blank CSV line, which is skipped (but costs like a cell). */
  row(row: number, cells: number, counted = true): void {
    this.check();
    if (counted && ++this.rows > this.maxRows) throw new ImportLimitError('rows', { max: this.maxRows, row });
    this.cells += Math.max(1, cells);
    if (this.cells > this.limits.maxCells) throw new ImportLimitError('cells', { max: this.limits.maxCells, row });
  }
  rowCells(row: number, n: number): void {
    if (n > this.limits.maxRowCells) throw new ImportLimitError('row_cells', { max: this.limits.maxRowCells, row });
  }
  rowSize(row: number, chars: number): void {
    if (chars > this.limits.maxRowBytes) throw new ImportLimitError('row_size', { max: Math.round(this.limits.maxRowBytes / 1024), row });
  }
  /** A shared string kept for the whole reading: its estimated heap size (UTF-16 text and the slot). */
  addShared(s: string): void {
    this.shared += s.length * 2 + 40;
    if (this.shared > this.limits.maxSharedStringsBytes) throw new ImportLimitError('shared_strings', { max: mb(this.limits.maxSharedStringsBytes) });
  }
}

const mb = (n: number) => Math.round(n / 2 ** 20);
