/**
 * The import pipeline's pure part: find the header row under the title rows, map Vietnamese headers
 * to fields, turn one spreadsheet row into a person and a membership with every problem listed.
 * No I/O: the reader and the writer are in members.io.ts.
 */
import { fold, titleCaseName } from '../../kernel/text';
import type { MemberField } from '../../../common/members';
import {
  checkCccd, decodeLegacy, eligibilityIssues, normalizeCccd, normalizeName, normalizePhone, parseBool, parseGender, parseLooseDate, type EligibilityRules, type Gender, type Issue,
} from './members.norms';

/** Headers people write, folded (lower case, no diacritics, single spaces), per field. Longest first wins. */
export const HEADER_SYNONYMS: Record<MemberField, string[]> = {
  fullName: ['ho va ten', 'ho ten', 'ho, ten', 'ten hoi vien', 'ten doan vien', 'ho va ten hoi vien', 'ho va ten doan vien', 'ho ten hoi vien', 'ho ten doan vien', 'full name', 'name'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'ngay, thang, nam sinh', 'nam sinh', 'sinh ngay', 'ngay/thang/nam sinh', 'date of birth', 'birth date'],
  gender: ['gioi tinh', 'gioi', 'nam/nu', 'gender', 'sex'],
  cccd: ['so cccd', 'cccd', 'so can cuoc', 'can cuoc', 'can cuoc cong dan', 'so can cuoc cong dan', 'so cmnd/cccd', 'cmnd/cccd', 'so dinh danh', 'so dinh danh ca nhan', 'cmnd', 'so cmnd', 'citizen id'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'dt', 'so dt', 'dien thoai lien he', 'phone'],
  ethnicity: ['dan toc', 'ethnicity'],
  religion: ['ton giao', 'religion'],
  address: ['dia chi', 'noi o', 'noi o hien nay', 'cho o hien nay', 'noi cu tru', 'thuong tru', 'dia chi thuong tru', 'que quan', 'address'],
  commune: ['xa/phuong', 'xa, phuong', 'xa phuong', 'xa', 'phuong', 'xa/phuong/thi tran', 'commune'],
  occupation: ['nghe nghiep', 'cong viec', 'nghe nghiep hien nay', 'occupation'],
  employer: ['noi lam viec', 'co quan', 'don vi cong tac', 'co quan, don vi cong tac', 'employer'],
  education: ['trinh do hoc van', 'hoc van', 'van hoa', 'trinh do van hoa', 'trinh do', 'education'],
  theoryLevel: ['ly luan chinh tri', 'trinh do ly luan chinh tri', 'llct', 'trinh do llct', 'ly luan'],
  partyMember: ['dang vien', 'la dang vien', 'dang vien (x)', 'party member'],
  veteran: ['cuu chien binh', 'la cuu chien binh', 'ccb', 'veteran'],
  joinedOn: ['ngay vao hoi', 'ngay vao doan', 'ngay vao cong doan', 'ngay ket nap', 'ngay gia nhap', 'ngay vao', 'ngay vao to chuc', 'nam vao hoi', 'nam vao doan', 'joined'],
  cardNo: ['so the', 'so the hoi vien', 'so the doan vien', 'ma the', 'so the hv', 'ma hoi vien', 'card no'],
  role: ['chuc vu', 'vai tro', 'chuc danh', 'cot can', 'role'],
  unit: ['chi hoi', 'chi doan', 'don vi', 'to chuc co so', 'chi hoi/to hoi', 'unit'],
};

// Headers typed with an old TCVN3/VNI font are read through the same conversion as names.
export const foldHeader = (v: unknown) => fold(decodeLegacy(cellText(v)).text).replace(/[:*]/g, '').replace(/\s+/g, ' ').trim();

export function matchHeader(v: unknown): MemberField | null {
  const h = foldHeader(v);
  if (!h || h === 'stt' || h === 'tt') return null;
  let best: { f: MemberField; len: number } | null = null;
  for (const [f, syns] of Object.entries(HEADER_SYNONYMS) as [MemberField, string[]][]) {
    for (const s of syns) {
      const hit = h === s || (s.length >= 4 && (h.startsWith(s + ' ') || h.startsWith(s + '(') || h.startsWith(s + ' (')));
      if (hit && (!best || s.length > best.len)) best = { f, len: s.length };
    }
  }
  return best?.f ?? null;
}

/** Text of a spreadsheet cell value as exceljs gives it (rich text, formulas, hyperlinks). */
export function cellText(v: unknown): string {
  const p = cellValue(v);
  if (p == null) return '';
  if (p instanceof Date) return p.toISOString().slice(0, 10);
  return String(p).trim();
}

export function cellValue(v: unknown): string | number | boolean | Date | null {
  if (v == null) return null;
  if (typeof v === 'string') { const s = v.trim(); return s === '' ? null : s; }
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (o.richText) return cellValue(o.richText.map((r) => r.text).join(''));
    if ('result' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

export type Mapping = Record<number, MemberField | null>; // 1-based column → field

/** The header row is the first of the top rows where at least two cells name known fields, the name among them. */
export function detectHeader(top: { row: number; cells: unknown[] }[]): { headerRow: number; mapping: Mapping; headers: Record<number, string> } | null {
  for (const r of top) {
    const mapping: Mapping = {};
    const headers: Record<number, string> = {};
    const used = new Set<MemberField>();
    r.cells.forEach((c, i) => {
      if (i === 0 && r.cells.length > 1 && c == null) return;
      const text = cellText(c);
      if (!text) return;
      headers[i] = text;
      const f = matchHeader(c);
      mapping[i] = f && !used.has(f) ? f : null;
      if (f) used.add(f);
    });
    if (used.has('fullName') && used.size >= 2) return { headerRow: r.row, mapping, headers };
  }
  return null;
}

export type CommuneLookup = (name: string) => { areaId: number; name: string; mappedFrom?: string } | null;
export type UnitLookup = (v: string) => number | null;

export type NormalizedRow = {
  row: number;
  fullName: string; nameFold: string; birthDate: string | null; birthYear: number | null; gender: Gender | null;
  ethnicity: string | null; religion: string | null; cccd: string | null; phone: string | null; areaId: number | null; address: string | null;
  occupation: string | null; employer: string | null; education: string | null; theoryLevel: string | null; partyMember: boolean | null; veteran: boolean | null;
  joinedOn: string | null; cardNo: string | null; role: 'member' | 'core' | 'officer'; unitId: number | null;
  errors: Issue[]; warnings: Issue[];
};

const text = (v: unknown, max = 300): string | null => {
  let s = cellText(v);
  if (/\s\s|[^\S ]/.test(s)) s = s.replace(/\s+/g, ' '); // only when there is something to collapse
  return s ? (s.length > max ? s.slice(0, max) : s) : null;
};
const label = (v: unknown, max = 60): string | null => { const s = text(v, max); return s ? titleCaseName(cachedName(s).name) : null; };

/**
 * A copy of `s` that holds only its own characters. A cell's text is a slice of the decompressed sheet
 * chunk it came from, and V8 keeps the whole chunk alive as long as the slice lives: anything kept across
 * rows (a cache key, a reported row) must be copied, or the file accumulates in memory.
 */
export const ownString = (s: string): string => (' ' + s).slice(1);

// Names, ethnicities and religions repeat a lot in a list: remember the last few thousand normalizations.
const nameCache = new Map<string, { name: string; fold: string; encoding: 'tcvn3' | 'vni' | null }>();
function cachedName(raw: string): { name: string; fold: string; encoding: 'tcvn3' | 'vni' | null } {
  let hit = nameCache.get(raw);
  if (!hit) {
    const n = normalizeName(raw);
    hit = { ...n, fold: fold(n.name) };
    if (nameCache.size >= 50_000) nameCache.clear();
    nameCache.set(ownString(raw), hit);
  }
  return hit;
}

const cellAt = (cells: unknown[], cols: Partial<Record<MemberField, number>>, f: MemberField): unknown => {
  const c = cols[f];
  return c === undefined ? null : cellValue(cells[c]);
};

// The column of each field, computed once per mapping (a row is read field by field).
const columnsOf = new WeakMap<Mapping, Partial<Record<MemberField, number>>>();
function fieldColumns(mapping: Mapping): Partial<Record<MemberField, number>> {
  let cols = columnsOf.get(mapping);
  if (!cols) {
    cols = {};
    for (const [col, field] of Object.entries(mapping)) if (field && cols[field] === undefined) cols[field] = Number(col);
    columnsOf.set(mapping, cols);
  }
  return cols;
}

export function parseRole(v: unknown): 'member' | 'core' | 'officer' | undefined {
  if (v == null || v === '') return 'member';
  const b = parseBool(v);
  if (b === true) return 'core';
  if (b === false) return 'member';
  const f = fold(cellText(v));
  if (/cot can|core/.test(f)) return 'core';
  if (/truong|pho|bi thu|uy vien|can bo|chu tich|officer|thu ky|thu quy/.test(f)) return 'officer';
  if (/hoi vien|doan vien|thanh vien|member/.test(f)) return 'member';
  return undefined;
}

const COMMUNE_IN_ADDRESS = /(?:^|[,;\s])(xã|phường|thị trấn|đặc khu|xa|phuong|thi tran)\s+([^,;]+)/i;

/** One data row → a normalized record with its errors (row rejected) and warnings (row kept, flagged). */
export function normalizeRow(row: number, cells: unknown[], mapping: Mapping, look: { commune: CommuneLookup; unit?: UnitLookup; today: string }): NormalizedRow {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const cols = fieldColumns(mapping);
  // (No closure here: the module runs with keepNames, which makes every closure created per row costly.)
  const rawName = text(cellAt(cells, cols, 'fullName'), 200);
  let fullName = '';
  let nameFold = '';
  if (!rawName) errors.push({ field: 'fullName', key: 'members.import.name_missing' });
  else {
    const n = cachedName(rawName);
    fullName = n.name;
    nameFold = n.fold;
    if (n.encoding) warnings.push({ field: 'fullName', key: 'members.import.legacy_encoding', params: { encoding: n.encoding === 'tcvn3' ? 'TCVN3 (ABC)' : 'VNI' } });
    if (fullName.length < 2 || /\d/.test(fullName)) errors.push({ field: 'fullName', key: 'members.import.name_invalid' });
  }
  const bd = parseLooseDate(cellAt(cells, cols, 'birthDate'));
  if (bd === null) errors.push({ field: 'birthDate', key: 'members.import.date_invalid', params: { value: cellText(cellAt(cells, cols, 'birthDate')) } });
  else if (bd.date && bd.date > look.today) errors.push({ field: 'birthDate', key: 'members.birth.future' });
  const gender = parseGender(cellAt(cells, cols, 'gender'));
  if (gender === undefined) errors.push({ field: 'gender', key: 'members.import.gender_invalid', params: { value: cellText(cellAt(cells, cols, 'gender')) } });
  const cc = normalizeCccd(cellAt(cells, cols, 'cccd'));
  if (cc.padded) warnings.push({ field: 'cccd', key: 'members.import.cccd_padded' });
  if (cc.value) {
    const chk = checkCccd(cc.value, bd?.year ?? null, gender ?? null);
    errors.push(...chk.errors);
    warnings.push(...chk.warnings);
  }
  const phoneRaw = cellAt(cells, cols, 'phone');
  const phone = normalizePhone(phoneRaw);
  if (phone === undefined) errors.push({ field: 'phone', key: 'members.phone.format' });
  const jd = parseLooseDate(cellAt(cells, cols, 'joinedOn'));
  let joinedOn: string | null = null;
  if (jd === null) errors.push({ field: 'joinedOn', key: 'members.import.date_invalid', params: { value: cellText(cellAt(cells, cols, 'joinedOn')) } });
  else if (jd.date) joinedOn = jd.date;
  else if (jd.year) { joinedOn = `${jd.year}-01-01`; warnings.push({ field: 'joinedOn', key: 'members.import.joined_year_only' }); }
  if (joinedOn && joinedOn > look.today) errors.push({ field: 'joinedOn', key: 'members.import.joined_future' });
  if (joinedOn && bd?.year && Number(joinedOn.slice(0, 4)) < bd.year) errors.push({ field: 'joinedOn', key: 'members.import.joined_before_birth' });
  const role = parseRole(cellAt(cells, cols, 'role'));
  if (role === undefined) errors.push({ field: 'role', key: 'members.import.role_invalid', params: { value: cellText(cellAt(cells, cols, 'role')) } });
  const party = parseBool(cellAt(cells, cols, 'partyMember'));
  if (party === undefined) errors.push({ field: 'partyMember', key: 'members.import.bool_invalid' });
  const veteran = parseBool(cellAt(cells, cols, 'veteran'));
  if (veteran === undefined) errors.push({ field: 'veteran', key: 'members.import.bool_invalid' });

  // The place: a commune column, else a "xã …/phường …" inside the address; pre-2025 names are mapped.
  const address = text(cellAt(cells, cols, 'address'));
  let areaId: number | null = null;
  let communeName = text(cellAt(cells, cols, 'commune'), 120);
  if (!communeName && address) {
    const m = COMMUNE_IN_ADDRESS.exec(address);
    if (m) communeName = m[2].trim();
  }
  if (communeName) {
    const hit = look.commune(communeName);
    if (hit) {
      areaId = hit.areaId;
      if (hit.mappedFrom) warnings.push({ field: 'commune', key: 'members.import.commune_mapped', params: { old: hit.mappedFrom, new: hit.name } });
    } else warnings.push({ field: 'commune', key: 'members.import.commune_unknown', params: { value: communeName } });
  }
  let unitId: number | null = null;
  const unitRef = text(cellAt(cells, cols, 'unit'), 200);
  if (unitRef && look.unit) {
    unitId = look.unit(unitRef);
    if (unitId == null) errors.push({ field: 'unit', key: 'members.import.unit_unknown', params: { value: unitRef } });
  }
  return {
    row, fullName, nameFold, birthDate: bd?.date ?? null, birthYear: bd?.year ?? null, gender: gender ?? null,
    ethnicity: label(cellAt(cells, cols, 'ethnicity')), religion: label(cellAt(cells, cols, 'religion')), cccd: cc.value, phone: phone ?? null, areaId, address,
    occupation: text(cellAt(cells, cols, 'occupation'), 120), employer: text(cellAt(cells, cols, 'employer'), 200), education: text(cellAt(cells, cols, 'education'), 60), theoryLevel: text(cellAt(cells, cols, 'theoryLevel'), 60),
    partyMember: party ?? null, veteran: veteran ?? null, joinedOn, cardNo: text(cellAt(cells, cols, 'cardNo'), 32), role: role ?? 'member', unitId, errors, warnings,
  };
}

/** Who this row is, for duplicate detection: the CCCD, else name + date (or year) of birth + area. */
export function personKey(r: Pick<NormalizedRow, 'cccd' | 'nameFold' | 'birthDate' | 'birthYear' | 'areaId'>): { kind: 'cccd' | 'name_birth_area'; key: string } {
  if (r.cccd) return { kind: 'cccd', key: `c:${r.cccd}` };
  return { kind: 'name_birth_area', key: `n:${r.nameFold}|${r.birthDate ?? r.birthYear ?? ''}|${r.areaId ?? ''}` };
}

/** A fast 64-bit string hash (two multiply-xorshift lanes, cyrb53's construction): row fingerprints need no crypto. */
export function hash64(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * The row's content in its unit, hashed once. `bucket` (30 bits) groups identical rows so each gets its
 * occurrence number; `rowRef(fingerprint, occurrence)` is the 64-bit fingerprint stored on the
 * membership: re-running a file finds its rows (identical rows of a file stay distinct by occurrence).
 */
export type RowFingerprint = { bucket: number; content: string; h1: number; h2: number };
export function rowFingerprint(unitId: number, r: NormalizedRow): RowFingerprint {
  const content = `${unitId}\u0001${r.fullName}\u0001${r.birthDate}\u0001${r.birthYear}\u0001${r.gender}\u0001${r.cccd}\u0001${r.phone}\u0001${r.areaId}\u0001${r.address}\u0001${r.joinedOn}\u0001${r.cardNo}\u0001${r.role}`;
  const [h1, h2] = hash64(content);
  return { bucket: h1 >>> 2, content, h1, h2 };
}

export function rowRef(fp: RowFingerprint, occurrence: number): string {
  if (occurrence === 0) return hex8(fp.h1) + hex8(fp.h2);
  const [o1, o2] = hash64(`${fp.content}\u0001${occurrence}`);
  return hex8(o1) + hex8(o2);
}

// ---- lookups from plain data (built in the import's worker thread or in-thread) -----------------

export type CommuneData = { communes: { id: number; code: string; name: string; type: string }[]; maps: { oldName: string | null; newCode: string }[] };
export type UnitRow = { id: number; code: string; name: string };

const stripType = (s: string) => fold(s).replace(/^(xa|phuong|thi tran|dac khu|tt|p|x)\.?\s+/, '').replace(/\s+/g, ' ').trim();

/** Communes of the unit's province by today's name, and by pre-2025 names (the package's mappings). */
export function makeCommuneLookup(data: CommuneData | null): CommuneLookup {
  if (!data) return () => null;
  const now = new Map<string, { id: number; name: string } | null>();
  for (const c of data.communes) {
    const k = stripType(c.name);
    now.set(k, now.has(k) ? null : { id: c.id, name: `${c.type} ${c.name}` });
  }
  const byCode = new Map(data.communes.map((c) => [c.code, c]));
  const old = new Map<string, { code: string; oldName: string } | null>();
  for (const m of data.maps) {
    if (!m.oldName) continue;
    const k = stripType(m.oldName);
    const prev = old.get(k);
    old.set(k, prev === undefined || prev?.code === m.newCode ? { code: m.newCode, oldName: m.oldName } : null);
  }
  return (name: string) => {
    const k = stripType(name);
    const cur = now.get(k);
    if (cur) return { areaId: cur.id, name: cur.name };
    const o = old.get(k);
    if (o) {
      const c = byCode.get(o.code)!;
      return { areaId: c.id, name: `${c.type} ${c.name}`, mappedFrom: o.oldName };
    }
    return null;
  };
}

/** Units of the import unit's subtree, by code or by name ("Chi hội khối phố 1"). */
export function makeUnitLookup(us: UnitRow[]): UnitLookup {
  const byCode = new Map(us.map((u) => [u.code.toUpperCase(), u.id]));
  const byName = new Map<string, number | null>();
  for (const u of us) { const k = fold(u.name); byName.set(k, byName.has(k) ? null : u.id); }
  return (v: string) => {
    const c = byCode.get(v.trim().toUpperCase());
    if (c) return c;
    const f = fold(v).replace(/\s+/g, ' ').trim();
    const exact = byName.get(f);
    if (exact) return exact;
    const ends = us.filter((u) => fold(u.name).endsWith(' ' + f));
    return ends.length === 1 ? ends[0].id : null;
  };
}

// ---- the row processor: everything an import does to a row before the database --------------------

/** What the processor needs, as plain data (it is sent to the import's worker thread). */
export type ProcessorConfig = {
  headerRow?: number | null; mapping?: Record<string, MemberField | null> | null; today: string; targetUnitId: number;
  rules: EligibilityRules & { onBreach?: 'refuse' | 'flag' }; communes: CommuneData | null; units: UnitRow[]; knownRefs: string[];
};
/** A row ready to be written: who it is, its fingerprint and its eligibility flags. */
export type ProcessedRow = {
  n: NormalizedRow; cells: unknown[]; unitId: number; ref: string; pk: { kind: 'cccd' | 'name_birth_area'; key: string };
  flags: { code: string; params: Record<string, unknown> }[];
};
export type ProcessedItem =
  | { t: 'row'; p: ProcessedRow }
  | { t: 'reject'; row: number; issues: Issue[]; cells: unknown[] }
  | { t: 'skip' };
export type HeaderInfo = { headerRow: number; cells: Record<number, string> };

/** A mapping the user corrected in the wizard (column index → field). */
export function userMapping(m: Record<string, MemberField | null>): Mapping {
  const out: Mapping = {};
  for (const [k, v] of Object.entries(m)) out[Number(k)] = v;
  return out;
}

/**
 * Feed it the file's rows in order: it finds the header among the first 30, then turns each data row
 * into a ProcessedItem (or null for blank rows). Pure and deterministic: the same file gives the same
 * items, in-thread or in the worker.
 */
export function createRowProcessor(cfg: ProcessorConfig) {
  const look = { commune: makeCommuneLookup(cfg.communes), unit: makeUnitLookup(cfg.units), today: cfg.today };
  const known = new Set(cfg.knownRefs);
  // How many times each row content was met (by a 30-bit bucket of its hash).
  const seen = new OccurrenceTable();
  let mapping: Mapping | null = null;
  let header: HeaderInfo | null = null;
  let topRows = 0;
  const headerRow = cfg.headerRow ?? null;
  const takeHeader = (r: { row: number; cells: unknown[] }, m: Mapping) => {
    mapping = cfg.mapping ? userMapping(cfg.mapping) : m;
    const cells: Record<number, string> = {};
    r.cells.forEach((c, i) => { cells[i] = cellText(c); });
    header = { headerRow: r.row, cells };
  };
  return {
    get header(): HeaderInfo | null { return header; },
    push(r: { row: number; cells: unknown[] }): ProcessedItem | null {
      if (!mapping) {
        topRows++;
        if (headerRow != null) {
          if (r.row === headerRow) takeHeader(r, detectHeader([r])?.mapping ?? {});
          return null;
        }
        const d = detectHeader([r]);
        if (d) takeHeader(r, d.mapping);
        else if (topRows >= 30) throw new HeaderNotFound();
        return null;
      }
      let blank = true;
      for (const c of r.cells) if (c != null && cellText(c) !== '') { blank = false; break; }
      if (blank) return null;
      const n = normalizeRow(r.row, r.cells, mapping, look);
      if (n.errors.length) return { t: 'reject', row: r.row, issues: n.errors, cells: r.cells };
      const unitId = n.unitId ?? cfg.targetUnitId;
      const fp = rowFingerprint(unitId, n);
      const ref = rowRef(fp, seen.next(fp.bucket));
      if (known.has(ref)) return { t: 'skip' };
      const issues = eligibilityIssues(cfg.rules, n, n.joinedOn ?? cfg.today);
      if (issues.length && cfg.rules.onBreach === 'refuse') return { t: 'reject', row: r.row, issues, cells: r.cells };
      return { t: 'row', p: { n, cells: r.cells, unitId, ref, pk: personKey(n), flags: issues.length ? issues.map(toFlag) : NO_FLAGS } };
    },
  };
}

const NO_FLAGS: ProcessedRow['flags'] = [];
const toFlag = (i: Issue) => ({ code: i.key, params: i.params ?? {} });

/**
 * Counts per 30-bit key in two typed arrays (open addressing, doubled at half full): a million keys take
 * 16 MB outside the collected heap, where a Map took about three times that and was scanned by every
 * full collection.
 */
export class OccurrenceTable {
  private keys = new Int32Array(1 << 16).fill(-1);
  private counts = new Uint32Array(1 << 16);
  private size = 0;
  /** How many times `key` was met before (0 the first time), and count this time. */
  next(key: number): number {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return this.counts[i]++;
      if (k === -1) { this.keys[i] = key; this.counts[i] = 1; this.size++; return 0; }
      i = (i + 1) & mask;
    }
  }
  private grow() {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.counts = new Uint32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j];
      if (key === -1) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
      while (this.keys[i] !== -1) i = (i + 1) & mask;
      this.keys[i] = key;
      this.counts[i] = oldCounts[j];
    }
  }
}

/** No header row among the first 30 rows (or at the row the user gave). */
export class HeaderNotFound extends Error {
  constructor() { super('members.import.no_header'); }
}
