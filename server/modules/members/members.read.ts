/**
 * Reading a member list: the rows of an .xlsx (the module's streaming reader) or a CSV (UTF-8, UTF-16,
 * windows-1258 or legacy TCVN3/VNI bytes). No database.
 */
import { Readable } from 'node:stream';
import { bufferZipSource, readXlsxRows, type ZipSource } from './members.xlsx';
import { decodeLegacy, isVietnameseSyllable } from './members.norms';

export type RawRow = { row: number; cells: unknown[] };
export type Source = { name: string; open(): Readable; /** Random access to an .xlsx (its zip directory is at the end). */ zip?(): ZipSource };

const isCsv = (name: string) => /\.(csv|txt)$/i.test(name);

// ---- reading ----------------------------------------------------------------------------------

/** Rows of the first worksheet (or the CSV), one at a time; cells are 1-based like Excel columns. */
export async function* readRows(src: Source): AsyncGenerator<RawRow> {
  if (isCsv(src.name)) { yield* readCsv(src.open()); return; }
  let zip = src.zip?.();
  if (!zip) {
    const chunks: Buffer[] = [];
    for await (const c of src.open()) chunks.push(c as Buffer);
    zip = bufferZipSource(Buffer.concat(chunks));
  }
  yield* readXlsxRows(zip);
}

export function splitCsvLine(line: string, d: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"' && cur === '') q = true;
    else if (ch === d) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'latin1';

/** Valid Vietnamese syllables among the words with letters beyond ASCII: how Vietnamese a text reads. */
function vietnameseScore(text: string): number {
  let n = 0;
  for (const w of text.normalize('NFC').split(/[^\p{L}\p{M}]+/u)) if (/[^\x00-\x7f]/.test(w) && isVietnameseSyllable(w)) n++;
  return n;
}

/**
 * The encoding of a CSV from its first bytes. Excel writes UTF-8 (with a BOM), "Unicode text" (UTF-16)
 * or the Windows code page (Vietnamese: windows-1258, tones as combining marks); lists typed with the old
 * TCVN3/VNI fonts carry one byte per letter, read here as Latin-1 and converted name by name later.
 */
export function detectCsvEncoding(sample: Buffer): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  // A UTF-8 character cut at the end of the sample is not an error.
  let end = sample.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) if ((sample[end - k] & 0xc0) === 0xc0) { end -= k; break; }
  try { new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end)); return 'utf-8'; } catch { /* not UTF-8 */ }
  const cp1258 = vietnameseScore(new TextDecoder('windows-1258').decode(sample));
  const legacy = vietnameseScore(sample.toString('latin1').split(/\r?\n/).map((l) => decodeLegacy(l).text).join('\n'));
  return cp1258 >= legacy ? 'windows-1258' : 'latin1';
}

async function* readCsv(stream: Readable): AsyncGenerator<RawRow> {
  const head: Buffer[] = [];
  let headLen = 0;
  let rest = '';
  let n = 0;
  let delim: string | null = null;
  // A quoted cell may hold line breaks (Excel writes an address typed on two lines that way): a record
  // goes on while its quotes are unbalanced ("" inside a cell counts twice, so parity is enough). A record
  // still open after 20 lines is a stray quote: its first line is read alone and the others read again.
  let record: string[] = [];
  const oddQuotes = (t: string) => { let q = 0; for (let i = t.indexOf('"'); i >= 0; i = t.indexOf('"', i + 1)) q++; return q % 2 === 1; };
  function* emit(text: string): Generator<RawRow> {
    n++;
    const line = n === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (!delim && line.trim()) {
      const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((x, y) => y[1] - x[1]);
      delim = counts[0][0];
    }
    if (!line.trim()) return;
    yield { row: n, cells: [undefined, ...splitCsvLine(line, delim ?? ',').map((c) => (c.trim() === '' ? null : c.trim()))] };
  }
  function* lines(text: string, last: boolean): Generator<RawRow> {
    rest += text;
    const parts = rest.split(/\r?\n/);
    rest = last ? '' : parts.pop()!;
    const queue = parts.reverse(); // popped from the end, in file order
    for (;;) {
      if (!queue.length) {
        if (!last || !record.length) break;
        // The file ended inside quotes: the same stray-quote reading.
        const [first, ...others] = record;
        record = [];
        for (let i = others.length - 1; i >= 0; i--) queue.push(others[i]);
        yield* emit(first);
        continue;
      }
      record.push(queue.pop()!);
      const joined = record.join('\n');
      if (!oddQuotes(joined)) { record = []; yield* emit(joined); continue; }
      if (record.length > 20) {
        const [first, ...others] = record;
        record = [];
        for (let i = others.length - 1; i >= 0; i--) queue.push(others[i]);
        yield* emit(first);
      }
    }
  }
  type Decode = (b: Buffer, last: boolean) => string;
  const decoderFor = (sample: Buffer): Decode => {
    const enc = detectCsvEncoding(sample);
    if (enc === 'latin1') return (b) => b.toString('latin1');
    const d = new TextDecoder(enc);
    return (b, last) => d.decode(b, { stream: !last });
  };
  let decode: Decode | null = null;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (decode) { yield* lines(decode(b, false), false); continue; }
    head.push(b);
    headLen += b.length;
    if (headLen < 64 * 1024) continue;
    const sample = Buffer.concat(head);
    const d = decoderFor(sample);
    decode = d;
    yield* lines(d(sample, false), false);
  }
  if (!decode) {
    const sample = Buffer.concat(head);
    yield* lines(decoderFor(sample)(sample, true), true);
  } else yield* lines((decode as Decode)(Buffer.alloc(0), true), true);
}

