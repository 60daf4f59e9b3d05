/**
 * The little XML an .xlsx needs, scanned with indexOf in one pass and never by regular expressions
 * with backtracking: each search starts where the previous one stopped or inside a bounded slice,
 * so the work is linear in the text whatever its shape (unclosed, nested, garbage between elements).
 */
import { ImportFileError } from './limits';

const isNameEnd = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13; // space > / tab LF CR

/**
 * Complete elements `<tag …>…</tag>` (or `<tag …/>`) from a stream of XML text, each yielded once.
 * Only the element being completed is kept between chunks, and `tooLong` is called (and must throw)
 * when it grows past `maxChars`; text between elements is dropped as it is passed.
 */
export async function* elements(text: AsyncIterable<string>, tag: string, maxChars: number, tooLong: (head: string) => never): AsyncGenerator<string> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let buf = '';
  let start = -1; // the pending element's '<' in buf, or -1
  let gt = -1; // its start tag's '>', once found
  let scan = 0; // where the next search resumes
  for await (const chunk of text) {
    buf = buf ? buf + chunk : chunk;
    for (;;) {
      if (start < 0) {
        let i = buf.indexOf(open, scan);
        while (i >= 0 && i + open.length < buf.length && !isNameEnd(buf.charCodeAt(i + open.length))) i = buf.indexOf(open, i + 1);
        if (i < 0) { scan = Math.max(scan, buf.length - open.length); break; }
        if (i + open.length >= buf.length) { scan = i; break; } // the name may go on in the next chunk
        start = i;
        scan = i + open.length;
      }
      if (gt < 0) {
        const g = buf.indexOf('>', scan);
        if (g < 0) { scan = buf.length; break; }
        if (buf.charCodeAt(g - 1) === 47) { yield buf.slice(start, g + 1); scan = g + 1; start = -1; continue; }
        gt = g;
        scan = g + 1;
      }
      const j = buf.indexOf(close, scan);
      if (j < 0) { scan = Math.max(scan, buf.length - close.length + 1); break; }
      yield buf.slice(start, j + close.length);
      scan = j + close.length;
      start = -1;
      gt = -1;
    }
    // Keep only the pending element (or the few characters an open tag may straddle).
    const keep = start >= 0 ? start : Math.min(scan, buf.length);
    if (keep > 0) {
      buf = buf.slice(keep);
      scan -= keep;
      if (start >= 0) { gt = gt >= 0 ? gt - keep : -1; start = 0; }
    }
    if (start >= 0 && buf.length > maxChars) tooLong(buf.slice(0, 200));
  }
  if (start >= 0) throw new ImportFileError('unreadable', `the file ends inside <${tag}>`);
}

/** The value of attribute `name` inside xml[from, to) (a start tag), looking nowhere else. */
export function attr(xml: string, from: number, to: number, name: string): string | undefined {
  // A loop over the tag's own characters: indexOf could run on far past `to` for each cell of a long row.
  const n = name.length;
  const first = name.charCodeAt(0);
  for (let k = from; k + n + 1 < to; k++) {
    if (xml.charCodeAt(k) !== first || !isNameEnd(xml.charCodeAt(k - 1)) || xml.charCodeAt(k + n) !== 61 || xml.charCodeAt(k + n + 1) !== 34 || !xml.startsWith(name, k)) continue; // ws name="
    for (let e = k + n + 2; e < to; e++) if (xml.charCodeAt(e) === 34) return xml.slice(k + n + 2, e);
    return undefined;
  }
  return undefined;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function xmlDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return ENTITY[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

/** Text of the <t> elements of a shared string or an inline string (rich-text runs joined, phonetic <rPh> runs skipped). */
export function runsText(xml: string): string {
  let out = '';
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    if (xml.startsWith('<rPh', i) && isNameEnd(xml.charCodeAt(i + 4))) {
      const e = xml.indexOf('</rPh>', i);
      if (e < 0) break;
      i = e + 5;
    } else if (xml.charCodeAt(i + 1) === 116 && isNameEnd(xml.charCodeAt(i + 2))) { // <t
      const gt = xml.indexOf('>', i);
      if (gt < 0) break;
      if (xml.charCodeAt(gt - 1) === 47) { i = gt; continue; }
      const e = xml.indexOf('</t>', gt);
      if (e < 0) break;
      out += xml.slice(gt + 1, e);
      i = e + 3;
    }
  }
  return xmlDecode(out);
}

/** Column number of a cell reference (A = 1, XFD = 16384); Infinity past `max`. */
export function colIndex(ref: string, max: number): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
    if (n > max) return Infinity;
  }
  return n;
}

/**
 * A copy of `s` that holds nothing else: a slice of a large text keeps the whole text alive, which
 * for strings kept across the reading (shared strings) would keep every chunk of the file.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
