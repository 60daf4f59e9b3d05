/**
 * Pure Vietnamese-data helpers of the member registry: citizen ID (CCCD) checks, legacy font
 * encodings (TCVN3/ABC, VNI), dates as people write them, names, masking. No I/O.
 */
import { fold, titleCaseName } from '../../kernel/text';

/** Pre-2025 province codes that open a CCCD (birth registration province), zero-padded to 3 digits. */
export const CCCD_PROVINCE_PREFIXES: Record<string, string> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'TP. Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

export type Issue = { field: string; key: string; params?: Record<string, unknown> };

/** The eligibility part of an organization's rules (see common/members.ts OrgRules). */
export type EligibilityRules = { minAge?: number | null; maxAge?: number | null; gender?: string | null; requires?: 'veteran' | 'employee' | null };

/** What in a membership breaks its organization's rules, on a date (the joining date, or today). */
export function eligibilityIssues(rules: EligibilityRules, p: { birthYear: number | null; gender: string | null; veteran: boolean | null; employer: string | null }, on: string): Issue[] {
  const out: Issue[] = [];
  const age = p.birthYear == null ? null : Number(on.slice(0, 4)) - p.birthYear;
  if (rules.minAge != null && age != null && age < rules.minAge) out.push({ field: 'birthDate', key: 'members.rule.too_young', params: { min: rules.minAge } });
  if (rules.maxAge != null && age != null && age > rules.maxAge) out.push({ field: 'birthDate', key: 'members.rule.too_old', params: { max: rules.maxAge } });
  if ((rules.minAge != null || rules.maxAge != null) && age == null) out.push({ field: 'birthDate', key: 'members.rule.age_unknown' });
  if (rules.gender && p.gender && p.gender !== rules.gender) out.push({ field: 'gender', key: `members.rule.gender_${rules.gender}` });
  if (rules.requires === 'veteran' && !p.veteran) out.push({ field: 'veteran', key: 'members.rule.veteran' });
  if (rules.requires === 'employee' && !p.employer) out.push({ field: 'employer', key: 'members.rule.employee' });
  return out;
}

export type Gender = 'female' | 'male' | 'other';

/**
 * Check a CCCD against the person's birth year and sex (digit 4: century and sex; digits 5–6: the
 * year's last two digits). Returns errors (reject) and warnings (keep, flag).
 */
export function checkCccd(cccd: string, birthYear: number | null, gender: Gender | null): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (!/^\d{12}$/.test(cccd)) return { errors: [{ field: 'cccd', key: 'members.cccd.format' }], warnings };
  if (!CCCD_PROVINCE_PREFIXES[cccd.slice(0, 3)]) warnings.push({ field: 'cccd', key: 'members.cccd.prefix_unknown', params: { prefix: cccd.slice(0, 3) } });
  const d = Number(cccd[3]);
  const century = 1900 + Math.floor(d / 2) * 100;
  const sex: Gender = d % 2 === 0 ? 'male' : 'female';
  const year = century + Number(cccd.slice(4, 6));
  if (birthYear != null && birthYear !== year) errors.push({ field: 'cccd', key: 'members.cccd.year_mismatch', params: { year } });
  if (gender && gender !== 'other' && gender !== sex) errors.push({ field: 'cccd', key: 'members.cccd.sex_mismatch' });
  return { errors, warnings };
}

// ---- legacy encodings -------------------------------------------------------------------------

/** TCVN3 (ABC, .VnTime fonts): one byte per letter, read as Windows-1252/Latin-1 characters. */
const TCVN3: Record<string, string> = {
  '¸': 'á', 'µ': 'à', '¶': 'ả', '·': 'ã', '¹': 'ạ', '¨': 'ă', '¾': 'ắ', '»': 'ằ', '¼': 'ẳ', '½': 'ẵ', 'Æ': 'ặ',
  '©': 'â', 'Ê': 'ấ', 'Ç': 'ầ', 'È': 'ẩ', 'É': 'ẫ', 'Ë': 'ậ', '®': 'đ', 'Ð': 'é', 'Ì': 'è', 'Î': 'ẻ', 'Ï': 'ẽ', 'Ñ': 'ẹ',
  'ª': 'ê', 'Õ': 'ế', 'Ò': 'ề', 'Ó': 'ể', 'Ô': 'ễ', 'Ö': 'ệ', 'Ý': 'í', '×': 'ì', 'Ø': 'ỉ', 'Ü': 'ĩ', 'Þ': 'ị',
  'ã': 'ó', 'ß': 'ò', 'á': 'ỏ', 'â': 'õ', 'ä': 'ọ', '«': 'ô', 'è': 'ố', 'å': 'ồ', 'æ': 'ổ', 'ç': 'ỗ', 'é': 'ộ',
  '¬': 'ơ', 'í': 'ớ', 'ê': 'ờ', 'ë': 'ở', 'ì': 'ỡ', 'î': 'ợ', 'ó': 'ú', 'ï': 'ù', 'ñ': 'ủ', 'ò': 'ũ', 'ô': 'ụ',
  '\u00ad': 'ư', 'ø': 'ứ', 'õ': 'ừ', 'ö': 'ử', '÷': 'ữ', 'ù': 'ự', 'ý': 'ý', 'ú': 'ỳ', 'û': 'ỷ', 'ü': 'ỹ', 'þ': 'ỵ',
  '¡': 'Ă', '¢': 'Â', '§': 'Đ', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư',
};

/** VNI-Windows: a base letter followed by a mark character. Built from the rules, decoded greedily. */
const VNI: Map<string, string> = (() => {
  const m = new Map<string, string>();
  const tones = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323']; // none, sắc, huyền, hỏi, ngã, nặng
  const plain = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
  const circ = ['â', 'á', 'à', 'å', 'ã', 'ä'];
  const breve = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
  const add = (seq: string, base: string, tone: number) => {
    const u = (base + tones[tone]).normalize('NFC');
    m.set(seq, u);
    m.set(seq.toUpperCase(), u.toUpperCase());
  };
  for (let t = 1; t < 6; t++) {
    for (const v of ['a', 'e', 'o', 'u', 'y']) if (!(v === 'y' && t === 5)) add(v + plain[t], v, t);
    add('ô' + plain[t], 'ơ', t);
    add('ö' + plain[t], 'ư', t);
  }
  for (let t = 0; t < 6; t++) {
    add('a' + circ[t], 'â', t); add('e' + circ[t], 'ê', t); add('o' + circ[t], 'ô', t);
    add('a' + breve[t], 'ă', t);
  }
  const singles: [string, string][] = [['í', 'í'], ['ì', 'ì'], ['æ', 'ỉ'], ['ó', 'ĩ'], ['ò', 'ị'], ['î', 'ỵ'], ['ñ', 'đ'], ['ô', 'ơ'], ['ö', 'ư']];
  for (const [k, v] of singles) { m.set(k, v); m.set(k.toUpperCase(), v.toUpperCase()); }
  return m;
})();

const VIET_ALPHABET = new Set([...'aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz'].flatMap((c) => [c, c.toUpperCase()]));
const isVietnameseWordChar = (ch: string) => {
  const base = ch.normalize('NFD').replace(/[\u0300-\u0303\u0309\u0323]/g, '').normalize('NFC');
  return VIET_ALPHABET.has(base);
};
const UNICODE_VIET = /[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]/;
const LATIN1_EXT = /[\u00a0-\u00ff]/;
const VOWEL_CLUSTERS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'ai', 'ao', 'au', 'ay', 'eo', 'eu', 'ia', 'ie', 'iu', 'oa', 'oe', 'oi', 'oo', 'ua', 'ue', 'ui', 'uo', 'uu', 'uy',
  'ye', 'ieu', 'yeu', 'oai', 'oao', 'oay', 'oeo', 'uai', 'uay', 'uoi', 'uou', 'uya', 'uye', 'uyu']);
const SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?([aeiouy]+)(ng|nh|ch|c|m|n|p|t)?$/;

function decodeTcvn3(s: string): string { return [...s].map((c) => TCVN3[c] ?? c).join(''); }
function decodeVni(s: string): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    const two = s.slice(i, i + 2);
    if (two.length === 2 && VNI.has(two)) { out += VNI.get(two); i += 2; continue; }
    const one = s[i];
    out += VNI.get(one) ?? one;
    i += 1;
  }
  return out;
}

/** Is this word a possible Vietnamese syllable (letters, at most one tone, a valid vowel nucleus)? */
export function isVietnameseSyllable(word: string): boolean {
  const w = word.normalize('NFC');
  if (![...w].every(isVietnameseWordChar)) return false;
  if ((w.normalize('NFD').match(/[\u0300\u0301\u0303\u0309\u0323]/g) ?? []).length > 1) return false;
  const m = SYLLABLE.exec(fold(w));
  if (!m) return false;
  // "gi" and "qu" lend their vowel to the initial: "gì", "quý".
  return VOWEL_CLUSTERS.has(m[2]);
}
const invalidWords = (s: string) => s.split(/\s+/).map((w) => w.replace(/^[.,()'’\-]+|[.,()'’\-]+$/g, '')).filter(Boolean)
  .filter((w) => !/^\d+$/.test(w) && !isVietnameseSyllable(w)).length;

/**
 * Text typed with a legacy Vietnamese font (TCVN3/ABC or VNI), read back as Unicode, looks like
 * "NguyÔn ThÞ Hoa" or "Nguyeãn Thò Hoa". Detect it (the decoding that turns the most words into
 * Vietnamese syllables wins; the text is left alone unless a decoding does strictly better) and convert.
 */
export function decodeLegacy(s: string): { text: string; encoding: 'tcvn3' | 'vni' | null } {
  if (!LATIN1_EXT.test(s) || UNICODE_VIET.test(s)) return { text: s, encoding: null };
  const base = invalidWords(s);
  if (base === 0) return { text: s, encoding: null };
  const t = decodeTcvn3(s);
  const v = decodeVni(s);
  const it = invalidWords(t);
  const iv = invalidWords(v);
  if (it < base && it <= iv) return { text: t, encoding: 'tcvn3' };
  if (iv < base) return { text: v, encoding: 'vni' };
  return { text: s, encoding: null };
}

/** A person's name as people type it (NFD, stray capitals, legacy fonts) → "Nguyễn Thị Hoa". */
export function normalizeName(raw: string): { name: string; encoding: 'tcvn3' | 'vni' | null } {
  const nfc = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const { text, encoding } = decodeLegacy(nfc);
  return { name: titleCaseName(text), encoding };
}

// ---- dates ------------------------------------------------------------------------------------

export type ParsedDate = { date: string | null; year: number | null } | null;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS[m - 1])) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days since 1970-01-01 → [y, m, d] (proleptic Gregorian; Hinnant's civil_from_days, no Date object). */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Digits of s from i, at most maxLen: [value, next index], value -1 when there are none. */
function digitsAt(s: string, i: number, maxLen: number): [number, number] {
  let v = 0;
  let k = i;
  while (k < s.length && k - i < maxLen) { const c = s.charCodeAt(k); if (c < 48 || c > 57) break; v = v * 10 + c - 48; k++; }
  return [k === i ? -1 : v, k];
}
const isDateSep = (c: number) => c === 47 || c === 46 || c === 45; // / . -

/** "dd/mm/yyyy" (also - or ., one-digit day and month): [d, m, y], read without a regular expression. */
function dmy(s: string): [number, number, number] | null {
  if (s.length < 8 || s.length > 10) return null;
  const [d, i1] = digitsAt(s, 0, 2);
  if (d < 0 || !isDateSep(s.charCodeAt(i1))) return null;
  const [m, i2] = digitsAt(s, i1 + 1, 2);
  if (m < 0 || !isDateSep(s.charCodeAt(i2))) return null;
  const [y, i3] = digitsAt(s, i2 + 1, 4);
  return y < 0 || i3 - i2 - 1 !== 4 || i3 !== s.length ? null : [d, m, y];
}

/**
 * A date as it comes from a spreadsheet: a JS Date (a cell formatted as a date), an Excel serial
 * number, "dd/mm/yyyy" (also with - or .), "yyyy-mm-dd", "mm/yyyy" or a bare year. Returns the date
 * (when the day is known) and the year; null when it cannot be read.
 */
export function parseLooseDate(v: unknown): ParsedDate {
  if (v == null || v === '') return { date: null, year: null };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const d = validYmd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    return d ? { date: d, year: Number(d.slice(0, 4)) } : null;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1900 && v <= 2100) return { date: null, year: v };
    if (v >= 1 && v < 80_000) {
      // Days since 1899-12-30 (a time of day rounds to the nearest day, as before).
      const [y, m, dd] = civilFromDays(Math.floor(Math.round((v - 25569) * 86_400_000) / 86_400_000));
      const d = validYmd(y, m, dd);
      return d ? { date: d, year: y } : null;
    }
    return null;
  }
  const s = String(v).trim();
  if (/^\d{4}$/.test(s)) { const y = Number(s); return y >= 1900 && y <= 2100 ? { date: null, year: y } : null; }
  const p = dmy(s);
  if (p) { const d = validYmd(p[2], p[1], p[0]); return d ? { date: d, year: p[2] } : null; }
  let m: RegExpExecArray | null;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) { const d = validYmd(Number(m[1]), Number(m[2]), Number(m[3])); return d ? { date: d, year: Number(m[1]) } : null; }
  m = /^(\d{1,2})[/.\-](\d{4})$/.exec(s);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) { const y = Number(m[2]); return y >= 1900 && y <= 2100 ? { date: null, year: y } : null; }
  if (/^\d+(\.\d+)?$/.test(s)) return parseLooseDate(Number(s));
  return null;
}

export function parseGender(v: unknown): Gender | null | undefined {
  if (v == null || v === '') return null;
  const f = fold(String(v)).trim();
  if (['nu', 'n', 'female', 'f', 'ba', 'chi'].includes(f)) return 'female';
  if (['nam', 'male', 'm', 'ong', 'anh'].includes(f)) return 'male';
  if (['khac', 'other'].includes(f)) return 'other';
  return undefined;
}

export function parseBool(v: unknown): boolean | null | undefined {
  if (v == null || v === '') return null;
  if (typeof v === 'boolean') return v;
  const f = fold(String(v)).trim();
  if (['x', 'co', 'c', 'yes', 'y', '1', 'true', 'dang vien', 'v', '✓'].includes(f)) return true;
  if (['khong', 'k', 'no', 'n', '0', 'false', '-'].includes(f)) return false;
  return undefined;
}

export function normalizePhone(v: unknown): string | null | undefined {
  if (v == null || v === '') return null;
  let s = String(v).replace(/[\s.\-()]/g, '');
  if (typeof v === 'number' && /^[1-9]\d{8,9}$/.test(s)) s = '0' + s; // the leading zero lost in a number cell
  if (s.startsWith('+84')) s = '0' + s.slice(3);
  else if (/^84\d{9,10}$/.test(s)) s = '0' + s.slice(2);
  return /^0\d{9,10}$/.test(s) ? s : undefined;
}

/** A CCCD from a cell: spaces and dots removed; a number cell that lost its leading zero is padded. */
export function normalizeCccd(v: unknown): { value: string | null; padded: boolean } {
  if (v == null || v === '') return { value: null, padded: false };
  const s = String(v).replace(/[\s.\-]/g, '');
  if (typeof v === 'number' && /^\d{11}$/.test(s)) return { value: '0' + s, padded: true };
  return { value: s, padded: false };
}

// ---- masking ----------------------------------------------------------------------------------

export const maskTail = (s: string | null, keep = 3): string | null => (s == null ? null : '•'.repeat(Math.max(0, s.length - keep)) + s.slice(-keep));

export function ageOn(birthYear: number | null, on: string): number | null {
  return birthYear == null ? null : Number(on.slice(0, 4)) - birthYear;
}
