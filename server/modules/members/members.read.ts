/**
 * Reading a member list: the rows of an .xlsx or a CSV through the kernel's bounded reader, with the
 * module's own knowledge of CSV encodings (UTF-8, UTF-16, windows-1258 or legacy TCVN3/VNI bytes).
 * No database.
 */
import type { Readable } from 'node:stream';
import { isCsvName, isUtf8Sample, readRows as readFileRows, splitCsvLine, type CsvEncoding, type ZipSource } from '../../kernel/import';
import { decodeLegacy, isVietnameseSyllable } from './members.norms';

export { splitCsvLine, type CsvEncoding };
export type RawRow = { row: number; cells: unknown[] };
export type Source = { name: string; open(): Readable; /** Random access to an .xlsx (its zip directory is at the end). */ zip?(): ZipSource };

/** Rows of the first worksheet (or the CSV), one at a time; cells are 1-based like Excel columns. */
export async function* readRows(src: Source): AsyncGenerator<RawRow> {
  if (isCsvName(src.name)) { yield* readFileRows({ name: src.name, stream: src.open() }, { csvEncoding: detectCsvEncoding }); return; }
  const zip = src.zip?.();
  if (zip) { yield* readFileRows({ name: src.name, zip }); return; }
  const chunks: Buffer[] = [];
  for await (const c of src.open()) chunks.push(c as Buffer);
  yield* readFileRows({ name: src.name, data: Buffer.concat(chunks) });
}

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
  if (isUtf8Sample(sample)) return 'utf-8';
  const cp1258 = vietnameseScore(new TextDecoder('windows-1258').decode(sample));
  const legacy = vietnameseScore(sample.toString('latin1').split(/\r?\n/).map((l) => decodeLegacy(l).text).join('\n'));
  return cp1258 >= legacy ? 'windows-1258' : 'latin1';
}
