/**
 * CSV as spreadsheets write it: UTF-8 (with or without a BOM), "Unicode text" (UTF-16) or the Windows
 * code page; comma, semicolon or tab, guessed from the first line; quoted cells may hold delimiters,
 * quotes ("") and line breaks. Read in pieces, each line searched once, every line and record held
 * to the row limit: no input makes the work grow faster than the input.
 */
import { type Budget } from './limits';
import type { SheetRow } from './xlsx';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'latin1';

/** The encoding from the first bytes: a BOM, else valid UTF-8, else the Windows Vietnamese code page. */
export function defaultCsvEncoding(sample: Buffer): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return isUtf8Sample(sample) ? 'utf-8' : 'windows-1258';
}

/** Valid UTF-8, a character cut at the end of the sample allowed. */
export function isUtf8Sample(sample: Buffer): boolean {
  let end = sample.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) if ((sample[end - k] & 0xc0) === 0xc0) { end -= k; break; }
  try { new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end)); return true; } catch { return false; }
}

/**
 * The cells of one CSV line. A quote opens a quoted part only at the start of a cell; inside it a
 * doubled quote is a quote and the delimiter is text. `tooMany` is called past `maxCells` cells.
 */
export function splitCsvLine(line: string, d: string, maxCells = Infinity, tooMany?: () => never): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let cur = '';
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) { cur += line.slice(j); i = n; break; }
        cur += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) { cur += '"'; j = q + 2; continue; }
        i = q + 1;
        break;
      }
    }
    const e = i >= n ? -1 : line.indexOf(d, i);
    cur += e < 0 ? line.slice(i) : line.slice(i, e);
    out.push(cur);
    if (out.length > maxCells) tooMany?.();
    if (e < 0) return out;
    i = e + 1;
  }
}

export type CsvOptions = { encoding?: (sample: Buffer) => CsvEncoding };

const PIECE = 256 * 1024;
/** The input in pieces of at most 256 KB, so that no single step works on a whole file. */
async function* pieces(chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const c of chunks) {
    const b = Buffer.isBuffer(c) ? c : typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    for (let o = 0; o < b.length; o += PIECE) yield b.subarray(o, Math.min(o + PIECE, b.length));
  }
}

const countOf = (t: string, ch: string) => { let q = 0; for (let i = t.indexOf(ch); i >= 0; i = t.indexOf(ch, i + 1)) q++; return q; };
const oddQuotes = (t: string) => countOf(t, '"') % 2 === 1;

/** Rows of a CSV, cells trimmed ('' → null), 1-based like the .xlsx reader's; blank lines skipped but counted. */
export async function* readCsvRows(chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, budget: Budget, opts: CsvOptions = {}): AsyncGenerator<SheetRow> {
  const lim = budget.limits;
  const tooMany = (): never => budget.rowCells(n, Infinity) as never;
  let n = 0;
  let delim: string | null = null;
  // A quoted cell may hold line breaks (Excel writes an address typed on two lines that way): a record
  // goes on while its quotes are unbalanced. A record still open after 20 lines (or past the row limit)
  // is a stray quote: its first line is read alone and the others read again.
  let record: string[] = [];
  let recordLen = 0;
  let odd = false;
  const reset = () => { record = []; recordLen = 0; odd = false; };

  function* emit(text: string): Generator<SheetRow> {
    n++;
    const line = n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const blank = !line.trim();
    if (!delim && !blank) {
      const counts = [',', ';', '\t'].map((d) => [d, countOf(line, d)] as const).sort((x, y) => y[1] - x[1]);
      delim = counts[0][0];
    }
    if (blank) { budget.row(n, 0, false); return; }
    const cells = splitCsvLine(line, delim ?? ',', lim.maxRowCells, tooMany);
    budget.row(n, cells.length);
    const out: (string | null | undefined)[] = [undefined];
    for (const c of cells) { const s = c.trim(); out.push(s === '' ? null : s); }
    yield { row: n, cells: out };
  }
  function* take(first: string): Generator<SheetRow> {
    const stack = [first];
    while (stack.length) {
      const l = stack.pop()!;
      record.push(l);
      recordLen += l.length + 1;
      if (oddQuotes(l)) odd = !odd;
      if (!odd) { const joined = record.length === 1 ? record[0] : record.join('\n'); reset(); yield* emit(joined); continue; }
      if (record.length > 20 || recordLen > lim.maxRowBytes) {
        const [head, ...others] = record;
        reset();
        for (let i = others.length - 1; i >= 0; i--) stack.push(others[i]);
        yield* emit(head);
      }
    }
  }
  // The line being read, in pieces: joined once it ends, so a long line is not copied again for each piece.
  let rest: string[] = [];
  let restLen = 0;
  function* lines(text: string, last: boolean): Generator<SheetRow> {
    let a = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', a)) {
      let line = text.slice(a, nl);
      if (restLen) { line = rest.join('') + line; rest = []; restLen = 0; }
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      budget.rowSize(n + 1, line.length);
      yield* take(line);
      a = nl + 1;
    }
    if (a < text.length) { rest.push(text.slice(a)); restLen += text.length - a; }
    budget.rowSize(n + 1, restLen);
    if (!last) return;
    const tail = rest.join('');
    rest = [];
    restLen = 0;
    yield* take(tail);
    // The file ended inside quotes: the same stray-quote reading.
    while (record.length) {
      const [head, ...others] = record;
      reset();
      yield* emit(head);
      for (const o of others) yield* take(o);
    }
  }

  type Decode = (b: Buffer, last: boolean) => string;
  const decoderFor = (sample: Buffer): Decode => {
    const enc = (opts.encoding ?? defaultCsvEncoding)(sample);
    if (enc === 'latin1') return (b) => b.toString('latin1');
    const d = new TextDecoder(enc);
    return (b, last) => d.decode(b, { stream: !last });
  };
  const head: Buffer[] = [];
  let headLen = 0;
  let decode: Decode | null = null;
  const feed = function* (text: string, last: boolean) { budget.addText(text.length); yield* lines(text, last); };
  for await (const b of pieces(chunks)) {
    budget.check();
    if (decode) { yield* feed(decode(b, false), false); continue; }
    head.push(b);
    headLen += b.length;
    if (headLen < 64 * 1024) continue;
    const sample = Buffer.concat(head);
    decode = decoderFor(sample);
    yield* feed(decode(sample, false), false);
  }
  if (!decode) {
    const sample = Buffer.concat(head);
    yield* feed(decoderFor(sample)(sample, true), true);
  } else yield* feed(decode(Buffer.alloc(0), true), true);
}
