/**
 * Hostile spreadsheets for the upload tests, built small: an .xlsx is written part by part, each
 * part deflated as it is generated (a 200 MB part never exists in memory), and a part's sizes in the
 * zip directory can be hidden (declared as small as its compressed bytes) the way a hand-made bomb
 * hides them, so that only the reading itself can notice.
 */
import zlib from 'node:zlib';

type Gen = () => Iterable<Buffer | string>;
type Part = { name: string; content: Gen | string; hideSize?: boolean; level?: number };

/** `unit` repeated up to about `bytes`, in 1 MB pieces of whole units. */
export function* repeat(unit: string, bytes: number): Generator<Buffer> {
  const u = Buffer.from(unit);
  const per = Math.max(1, Math.floor(2 ** 20 / u.length));
  const block = Buffer.concat(Array.from({ length: per }, () => u));
  for (let done = 0; done < bytes; done += block.length) yield done + block.length <= bytes ? block : block.subarray(0, Math.ceil((bytes - done) / u.length) * u.length);
}

async function deflate(content: Gen | string, level = 1): Promise<{ data: Buffer; size: number; crc: number }> {
  const d = zlib.createDeflateRaw({ level }); // level 1 is fast, and even so a repeated unit compresses 150 times and more
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<void>((r) => d.on('end', () => r()));
  let size = 0;
  let crc = 0;
  for (const piece of typeof content === 'string' ? [content] : content()) {
    const b = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += b.length;
    crc = zlib.crc32(b, crc);
    if (!d.write(b)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await ended;
  return { data: Buffer.concat(out), size, crc };
}

/** A zip of the parts (deflated), its directory declaring the true sizes unless a part hides them. */
export async function zip(parts: Part[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const z = await deflate(p.content, p.level);
    const name = Buffer.from(p.name);
    const size = p.hideSize ? z.data.length : z.size;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(8, 8);
    head.writeUInt32LE(z.crc, 14); head.writeUInt32LE(z.data.length, 18); head.writeUInt32LE(size, 22); head.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(z.crc, 16); cd.writeUInt32LE(z.data.length, 20); cd.writeUInt32LE(size, 24); cd.writeUInt16LE(name.length, 28); cd.writeUInt32LE(offset, 42);
    locals.push(head, name, z.data);
    central.push(cd, name);
    offset += 30 + name.length + z.data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS}><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
  + '<Default Extension="xml" ContentType="application/xml"/></Types>';

/** An .xlsx whose first sheet (and shared strings, workbook) are the given contents. */
export function xlsx(o: { sheet: Gen | string; sst?: Gen | string; workbook?: Gen | string; hideSizes?: boolean; level?: number }): Promise<Buffer> {
  const hide = o.hideSizes ?? false;
  return zip([
    { name: '[Content_Types].xml', content: TYPES },
    { name: 'xl/workbook.xml', content: o.workbook ?? WORKBOOK, hideSize: hide },
    { name: 'xl/_rels/workbook.xml.rels', content: RELS },
    ...(o.sst ? [{ name: 'xl/sharedStrings.xml', content: o.sst, hideSize: hide }] : []),
    { name: 'xl/worksheets/sheet1.xml', content: o.sheet, hideSize: hide, level: o.level },
  ]);
}

/** `count` pieces from `template(i, r)`, r a pseudo-random number, so a part compresses like real data, not like a bomb. */
export function* varied(template: (i: number, r: number) => string, count: number): Generator<string> {
  let x = 12345;
  let buf = '';
  for (let i = 1; i <= count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buf += template(i, x);
    if (buf.length > 2 ** 20) { yield buf; buf = ''; }
  }
  if (buf) yield buf;
}

/** Long shared strings compress about 80 times: their table reaches the memory limit before the ratio limit. */
const LONG = 'Hội viên chi hội phụ nữ khối phố phường Tam Kỳ thành phố Đà Nẵng '.repeat(4);

export type Bomb = {
  label: string;
  name: string;
  build: () => Promise<Buffer>;
  /** The message key the reader refuses it with (null: it reads, quickly, to the end). */
  refusal: string | null;
  /** The key refused with at once, from the zip directory alone, when that can tell. */
  precheck?: string;
};

export const inlineCell = (t: string) => `<c t="inlineStr"><is><t>${t}</t></is></c>`;
const MB = 2 ** 20;

/** One of each shape. */
export const BOMBS: Bomb[] = [
  { label: 'an unclosed row, compressed 150 times (the reported file’s shape)', name: 'hang.xlsx', refusal: 'import.limit.ratio', precheck: 'import.limit.ratio',
    build: () => xlsx({ sheet: () => [SHEET_HEAD, '<row r="1">', ...repeat(inlineCell('Nguyễn Thị Hoa'), 32 * MB)] }) },
  { label: 'an unclosed row, its sizes hidden', name: 'hang2.xlsx', refusal: 'import.limit.row_size',
    build: () => xlsx({ sheet: () => [SHEET_HEAD, '<row r="1">', ...repeat(inlineCell('Nguyễn Thị Hoa'), 32 * MB)], hideSizes: true }) },
  { label: 'a shared-strings table of 130,000 strings (75 MB in memory), its sizes hidden', name: 'sst.xlsx', refusal: 'import.limit.shared_strings',
    build: () => xlsx({ sst: () => ['<sst>', ...varied((i, r) => `<si><t>${LONG}${r % 1000}</t></si>`, 130_000), '</sst>'], sheet: `${SHEET_HEAD}<row r="1"><c t="s"><v>0</v></c></row>${SHEET_TAIL}`, hideSizes: true }) },
  { label: 'a shared string of 40 MB', name: 'sst1.xlsx', refusal: 'import.limit.cell_size',
    build: () => xlsx({ sst: () => ['<sst><si><t>', ...repeat('Hoa ', 40 * MB), '</t></si></sst>'], sheet: `${SHEET_HEAD}${SHEET_TAIL}`, hideSizes: true }) },
  { label: 'a 100 MB part of blanks (compressed 230 times), its sizes hidden', name: 'ratio.xlsx', refusal: 'import.limit.ratio',
    build: () => xlsx({ sheet: () => [SHEET_HEAD, ...repeat(' ', 100 * MB), SHEET_TAIL], hideSizes: true }) },
  { label: 'a CSV line of a million columns', name: 'cols.csv', refusal: 'import.limit.row_cells',
    build: async () => Buffer.from('Họ và tên,' + ','.repeat(1_000_000) + '\n') },
  { label: 'a cell in column 10^12', name: 'far.xlsx', refusal: 'import.limit.row_cells',
    build: () => xlsx({ sheet: `${SHEET_HEAD}<row r="1"><c r="ZZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>${SHEET_TAIL}` }) },
  { label: 'a single cell of 50 MB', name: 'cell.xlsx', refusal: 'import.limit.row_size',
    build: () => xlsx({ sheet: () => [SHEET_HEAD, '<row r="1"><c t="inlineStr"><is><t>', ...repeat('Hoa ', 50 * MB), `</t></is></c></row>${SHEET_TAIL}`], hideSizes: true }) },
  { label: 'a CSV cell of 2 MB', name: 'cell.csv', refusal: 'import.limit.row_size',
    build: async () => Buffer.from('Họ và tên;Ghi chú\nAn;"' + 'x'.repeat(2 * MB) + '"\n') },
  { label: 'rows nested a million deep', name: 'nested.xlsx', refusal: 'import.limit.row_size',
    build: () => xlsx({ sheet: () => [SHEET_HEAD, ...repeat('<row>', 5 * MB), ...repeat('</row>', 6 * MB), SHEET_TAIL], hideSizes: true }) },
  // Malformed XML that costs the square of its size to a backtracking pattern or a search that starts over (the reader before).
  { label: 'a workbook of 70,000 unfinished <sheet tags', name: 'tags.xlsx', refusal: null,
    build: () => xlsx({ workbook: () => ['<workbook><sheets>', ...repeat('<sheet name="S', MB - 100)], sheet: `${SHEET_HEAD}<row r="1"><c><v>1</v></c></row>${SHEET_TAIL}` }) },
  { label: 'a shared string of 90,000 unclosed <t> and <rPh> runs', name: 'runs.xlsx', refusal: null,
    build: () => xlsx({ sst: `<sst><si>${'<t>a<rPh>'.repeat(90_000)}</si></sst>`, sheet: `${SHEET_HEAD}<row r="1"><c t="s"><v>0</v></c></row>${SHEET_TAIL}` }) },
  { label: '400 rows of 2,000 cells without references, each value missing its </v>', name: 'cells.xlsx', refusal: null,
    build: () => xlsx({ sheet: () => [SHEET_HEAD, ...varied((i, r) => `${i % 2000 === 1 ? `<row r="${Math.ceil(i / 2000)}">` : ''}<c t="n"><v>${((r >>> 16) & 7) === 0 ? 2 : 1}</c>${i % 2000 === 0 ? '</row>' : ''}`, 2000 * 400), SHEET_TAIL], level: 6 }) },
];
