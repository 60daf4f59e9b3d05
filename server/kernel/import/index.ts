/**
 * Reading uploaded spreadsheets, for every module's imports: rows of cells from an .xlsx (its first
 * worksheet) or a CSV, streamed, within the limits of `limits.ts` (settings in server/config.ts). What a
 * module does with the rows (headers, mapping, checks) stays in the module.
 *
 *   for await (const r of readRows({ name: f.name, data: f.data })) … r.row, r.cells[1] (column A)
 *
 * A file over a limit throws ImportLimitError (413), an unreadable one ImportFileError (400); both
 * carry a message key. Inside a job the reading stops when the job is cancelled (server shutdown).
 */
import fs from 'node:fs';
import { currentJobSignal } from '../jobs';
import { FieldValidationError } from '../errors';
import { Budget, ImportFileError, ImportLimitError, type ImportLimits } from './limits';
import { readCsvRows, type CsvEncoding } from './csv';
import { readXlsxRows, type Cell, type SheetRow } from './xlsx';
import { bufferZipSource, centralDirectory, checkEntry, fileZipSource, type ZipSource } from './zip';

export { ImportLimitError, ImportFileError, ImportCancelled, importLimits, setImportLimits, type ImportLimits } from './limits';
export { splitCsvLine, defaultCsvEncoding, isUtf8Sample, type CsvEncoding } from './csv';
export { bufferZipSource, fileZipSource, type ZipSource } from './zip';
export { attr } from './xml';
export type { Cell, SheetRow };

export type ImportFile =
  /** Bytes in memory (an upload). */
  | { name: string; data: Buffer }
  /** A file on disk (the command line). */
  | { name: string; path: string }
  /** An .xlsx read by random access. */
  | { name: string; zip: ZipSource }
  /** A CSV as it arrives. */
  | { name: string; stream: AsyncIterable<Buffer | Uint8Array | string> };

export type ReadOptions = {
  /** Narrower (or wider) limits than the configured ones. */
  limits?: Partial<ImportLimits>;
  /** A module's own bound on rows (e.g. one row per unit). */
  maxRows?: number;
  /** Stop reading when aborted; by default, when the running job is cancelled. */
  signal?: AbortSignal;
  /** How to tell a CSV's encoding from its first 64 KB (default: BOM, UTF-8, else windows-1258). */
  csvEncoding?: (sample: Buffer) => CsvEncoding;
};

export const isCsvName = (name: string) => /\.(csv|txt)$/i.test(name);

/** Rows of the file, one at a time: `cells` is 1-based like Excel columns (A = 1). */
export function readRows(file: ImportFile, opts: ReadOptions = {}): AsyncGenerator<SheetRow> {
  const budget = new Budget(opts.limits, opts.signal ?? currentJobSignal(), opts.maxRows);
  if (isCsvName(file.name)) {
    const stream = 'stream' in file ? file.stream : 'data' in file ? [file.data] : 'path' in file ? fs.createReadStream(file.path, { highWaterMark: 256 * 1024 }) : null;
    if (!stream) throw new ImportFileError('unreadable', 'a CSV is read as a stream');
    return readCsvRows(stream, budget, { encoding: opts.csvEncoding });
  }
  const zip = 'zip' in file ? file.zip : 'data' in file ? bufferZipSource(file.data) : 'path' in file ? fileZipSource(file.path) : null;
  if (!zip) throw new ImportFileError('unreadable', 'an .xlsx is read by random access');
  return readXlsxRows(zip, budget);
}

/**
 * What can be refused at once, before a job is queued: a zip that is not one, or whose directory
 * declares parts over the limits (a declared size may lie; the reading checks again as it inflates).
 */
export async function checkUpload(file: { name: string; data: Buffer }, opts: Pick<ReadOptions, 'limits'> & { field?: string } = {}): Promise<void> {
  try {
    await check(file, new Budget(opts.limits));
  } catch (e) {
    // A damaged file is the request's field's fault: a 400 on that field (a limit stays a 413).
    if (e instanceof ImportFileError && opts.field) throw new FieldValidationError([{ path: opts.field, messageKey: e.messageKey! }]);
    throw e;
  }
}

async function check(file: { name: string; data: Buffer }, budget: Budget): Promise<void> {
  if (isCsvName(file.name)) {
    if (file.data.length > budget.limits.maxUncompressedBytes) throw new ImportLimitError('uncompressed', { max: Math.round(budget.limits.maxUncompressedBytes / 2 ** 20) });
    return;
  }
  const cd = await centralDirectory(bufferZipSource(file.data));
  if (!cd.has('xl/workbook.xml')) throw new ImportFileError('unreadable', 'no workbook');
  for (const e of cd.values()) {
    // The parts the reader may read; the others are never inflated.
    if (!/^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/[^/]+\.xml)$/.test(e.name)) continue;
    checkEntry(e, file.data.length, budget);
    if (e.size > budget.limits.maxUncompressedBytes) throw new ImportLimitError('uncompressed', { max: Math.round(budget.limits.maxUncompressedBytes / 2 ** 20) });
  }
}

/** A cell as text: '' for nothing, numbers as written ("83.3"), booleans as true/false. */
export function cellString(c: Cell | undefined): string {
  return c == null ? '' : typeof c === 'string' ? c.trim() : String(c);
}
