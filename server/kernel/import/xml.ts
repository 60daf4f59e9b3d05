/**
 * The little XML an .xlsx needs, scanned with indexOf in one pass and never by regular expressions
 * with backtracking: each search starts where the previous one stopped or inside a bounded slice,
 * so the work is linear in the text whatever its shape (unclosed, nested, garbage between elements).
 */
import { ImportFileError } from './limits';

const isNameEnd = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13; // space > / tab LF CR

/**
 * Complete elements `<tag …>…</tag>` (or `<tag …/>`) from a stream of XML text, each yielded once.
 * Each chunk is searched once: the element being completed is kept as pieces, joined only when it
 * is complete, and only a few characters of the previous chunk are searched again (a tag may straddle
 * two chunks). `tooLong` is called (and must throw) when the element grows past `maxChars`; text
 * between elements is dropped as it is passed.
 */
export async function* elements(text: AsyncIterable<string>, tag: string, maxChars: number, tooLong: (head: string) => never): AsyncGenerator<string> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let state: 0 | 1 | 2 = 0; // 0: between elements; 1: inside a start tag; 2: inside an element, looking for its end
  let pieces: string[] = []; // the element so far, before the current chunk
  let size = 0;
  let carry = ''; // state 0: the end of the previous chunk, where the open tag may begin
  let tail = ''; // state 2: the last characters of the element so far, where its end tag may begin
  let last = 0; // state 1: the element's last character so far (a '/' before '>' closes it)
  const done = (s: string, from: number, to: number) => {
    const el = pieces.length ? pieces.join('') + s.slice(from, to) : s.slice(from, to);
    pieces = [];
    size = 0;
    return el;
  };
  for await (const chunk of text) {
    // `s` is what is searched now; the element's text in it starts at `from` (what precedes is already in `pieces`).
    const s = state === 0 ? carry + chunk : state === 2 ? tail + chunk : chunk;
    let from = state === 2 ? tail.length : 0;
    let startedHere = false;
    let p = 0;
    for (;;) {
      if (state === 0) {
        let i = s.indexOf(open, p);
        while (i >= 0 && i + open.length < s.length && !isNameEnd(s.charCodeAt(i + open.length))) i = s.indexOf(open, i + 1);
        if (i < 0) { carry = s.slice(Math.max(p, s.length - open.length)); break; }
        if (i + open.length >= s.length) { carry = s.slice(i); break; } // the name may go on in the next chunk
        state = 1;
        from = i;
        startedHere = true;
        p = i + open.length;
      }
      if (state === 1) {
        const g = s.indexOf('>', p);
        if (g < 0) break;
        if ((g > from ? s.charCodeAt(g - 1) : last) === 47) { yield done(s, from, g + 1); state = 0; p = g + 1; continue; }
        state = 2;
        p = g + 1;
      }
      const j = s.indexOf(close, p);
      if (j < 0) break;
      yield done(s, from, j + close.length);
      state = 0;
      p = j + close.length;
    }
    if (state !== 0) {
      const piece = s.slice(from);
      if (piece) { pieces.push(piece); size += piece.length; last = s.charCodeAt(s.length - 1); }
      tail = s.slice(Math.max(startedHere ? from : 0, s.length - close.length + 1));
      carry = '';
      if (size > maxChars) tooLong(pieces[0].slice(0, 200));
    }
  }
  if (state !== 0) throw new ImportFileError('unreadable', `the file ends inside <${tag}>`);
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
