/**
 * Numbers typed by people, read the way their language writes them — never truncated.
 *
 * Vietnamese: dots group thousands, a comma starts the decimals ("150.000.000", "1.250,75", "1,5").
 * English: commas group thousands, a dot starts the decimals ("150,000,000", "1,250.75", "1.5").
 * Grouping must be regular (one to three digits, then groups of exactly three). Anything else is
 * refused with a reason, and — when the text reads cleanly the other language's way — a suggestion
 * in this language's way ("1.25" typed in Vietnamese → "did you mean 1,25?"). Shared by the web
 * inputs, the server's form values and imports, and the tests.
 */

export type NumberLocale = 'vi' | 'en';

/**
 * What a field holds:
 * - count: a whole number ≥ 0 (people, households, works, years);
 * - integer: a whole number, negative allowed;
 * - decimal: a number ≥ 0 (km, ha, money in đồng);
 * - signed: any number;
 * - percent: 0 to 100.
 */
export const NUMBER_KINDS = ['count', 'integer', 'decimal', 'signed', 'percent'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

const KIND_RULES: Record<NumberKind, { whole: boolean; negative: boolean; min?: number; max?: number }> = {
  count: { whole: true, negative: false },
  integer: { whole: true, negative: true },
  decimal: { whole: false, negative: false },
  signed: { whole: false, negative: true },
  percent: { whole: false, negative: false, min: 0, max: 100 },
};

export type NumberOptions = { kind?: NumberKind; min?: number; max?: number; maxFractionDigits?: number };

export const NUMBER_ERRORS = ['invalid', 'separator', 'grouping', 'negative', 'integer', 'fraction', 'min', 'max', 'too_long'] as const;
export type NumberError = (typeof NUMBER_ERRORS)[number];

export type NumberParse =
  | { ok: true; value: number | null }
  | { ok: false; error: NumberError; params: Record<string, string>; suggestion?: string };

/** Digits a double holds exactly; more would be silently rounded, so they are refused. */
const MAX_DIGITS = 15;

const SEPARATORS: Record<NumberLocale, { group: string; decimal: string }> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};
const other = (l: NumberLocale): NumberLocale => (l === 'vi' ? 'en' : 'vi');

type Raw = { ok: true; negative: boolean; int: string; frac: string } | { ok: false; error: 'invalid' | 'separator' | 'grouping' };

/** The digits of a text in one language's writing, before any rule about the field. */
function readDigits(text: string, locale: NumberLocale): Raw {
  const { group, decimal } = SEPARATORS[locale];
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') { negative = s[0] === '-'; s = s.slice(1); }
  if (!/^[0-9.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, error: 'invalid' };
  const parts = s.split(decimal);
  if (parts.length > 2) return { ok: false, error: 'grouping' }; // "1,2,3" in Vietnamese: two decimal commas
  const [intText, frac = ''] = parts;
  if (parts.length === 2 && !/^\d+$/.test(frac)) return { ok: false, error: frac.includes(group) ? 'grouping' : 'invalid' };
  if (intText === '' && frac === '') return { ok: false, error: 'invalid' };
  if (!intText.includes(group)) return /^\d*$/.test(intText) ? { ok: true, negative, int: intText || '0', frac } : { ok: false, error: 'invalid' };
  if ((group === '.' ? /^\d{1,3}(\.\d{3})+$/ : /^\d{1,3}(,\d{3})+$/).test(intText)) return { ok: true, negative, int: intText.split(group).join(''), frac };
  // One separator followed by anything but three digits, and no decimals: the other language's decimal point.
  const groups = intText.split(group);
  if (groups.length === 2 && parts.length === 1 && /^\d+$/.test(groups[0]) && /^\d+$/.test(groups[1])) return { ok: false, error: 'separator' };
  return { ok: false, error: 'grouping' };
}

const significantDigits = (int: string, frac: string) => `${int}${frac}`.replace(/^0+/, '').length;

/**
 * Read a typed number. Empty text is `null` (no value). Options narrow the kind's own range
 * (e.g. a year: `{ kind: 'count', min: 2000, max: 2100 }`).
 */
export function parseNumber(text: string, locale: NumberLocale, opts: NumberOptions = {}): NumberParse {
  const kind = KIND_RULES[opts.kind ?? 'signed'];
  // Spaces around (and a no-break space anywhere) are noise; a unicode minus is a minus; a percent sign after a percentage is allowed.
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^[\u2212\u2013]/, '-');
  if (opts.kind === 'percent' && s.endsWith('%')) s = s.slice(0, -1);
  if (s === '') return { ok: true, value: null };
  const fail = (error: NumberError, params: Record<string, string> = {}, suggestion?: string): NumberParse => ({ ok: false, error, params, ...(suggestion ? { suggestion } : {}) });
  const raw = readDigits(s, locale);
  if (!raw.ok) {
    // Readable the other way: say how to write it in this language.
    const alt = readDigits(s, other(locale));
    const suggestion = alt.ok ? formatNumberText(toNumber(alt), locale) : undefined;
    return fail(raw.error, {}, suggestion);
  }
  if (significantDigits(raw.int, raw.frac) > MAX_DIGITS) return fail('too_long', { digits: String(MAX_DIGITS) });
  const value = toNumber(raw);
  if (raw.negative && value !== 0 && !kind.negative && (opts.min === undefined || opts.min >= 0)) return fail('negative');
  const fracDigits = raw.frac.replace(/0+$/, '').length;
  if (kind.whole && fracDigits > 0) {
    // "1,250" typed as a count in Vietnamese is no count; read the English way it would be 1.250.
    const alt = readDigits(s, other(locale));
    const n = alt.ok ? toNumber(alt) : NaN;
    return fail('integer', {}, Number.isInteger(n) && n !== value ? formatNumberText(n, locale) : undefined);
  }
  if (opts.maxFractionDigits !== undefined && fracDigits > opts.maxFractionDigits) return fail('fraction', { digits: String(opts.maxFractionDigits) });
  const min = opts.min ?? kind.min;
  const max = opts.max ?? kind.max;
  if (min !== undefined && value < min) return fail('min', { min: formatNumberText(min, locale) });
  if (max !== undefined && value > max) return fail('max', { max: formatNumberText(max, locale) });
  return { ok: true, value: value === 0 ? 0 : value }; // no "-0"
}

function toNumber(r: { negative: boolean; int: string; frac: string }): number {
  const n = Number(`${r.int}${r.frac ? `.${r.frac}` : ''}`);
  return r.negative ? -n : n;
}

/**
 * A number written in a language's way with every decimal it has (for inputs: what is shown is
 * what is stored). `fractionDigits` fixes the decimals instead (for tables and charts).
 */
export function formatNumberText(n: number, locale: NumberLocale, fractionDigits?: number, grouping = true): string {
  if (!Number.isFinite(n)) return '';
  const { group, decimal } = SEPARATORS[locale];
  const abs = Math.abs(n);
  const plain = fractionDigits !== undefined ? abs.toFixed(fractionDigits)
    : abs.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  const [int, frac] = plain.split('.');
  const grouped = grouping ? int.replace(/\B(?=(\d{3})+(?!\d))/g, group) : int;
  const sign = n < 0 && (Number(int) > 0 || /[1-9]/.test(frac ?? '')) ? '-' : '';
  return sign + grouped + (frac ? decimal + frac : '');
}

/** The message of a refusal, in both languages; `{suggestion}`, `{min}`, `{max}`, `{digits}` are filled in. */
export const NUMBER_MESSAGES: Record<`number.${NumberError}` | 'number.suggest', { vi: string; en: string }> = {
  'number.invalid': { vi: 'Không phải là số.', en: 'Not a number.' },
  'number.separator': {
    vi: 'Dấu chấm chỉ dùng để tách hàng nghìn (1.250 là một nghìn hai trăm năm mươi); phần thập phân viết sau dấu phẩy.',
    en: 'A comma only separates thousands (1,250 is one thousand two hundred fifty); decimals come after a dot.',
  },
  'number.grouping': {
    vi: 'Dấu tách hàng nghìn đặt sai chỗ: mỗi nhóm sau dấu chấm có đúng 3 chữ số (ví dụ 150.000.000).',
    en: 'Thousands separators in the wrong place: each group after a comma has exactly 3 digits (e.g. 150,000,000).',
  },
  'number.negative': { vi: 'Không nhận số âm.', en: 'Negative numbers are not allowed.' },
  'number.integer': { vi: 'Chỉ nhận số nguyên (không có phần thập phân).', en: 'Whole numbers only (no decimals).' },
  'number.fraction': { vi: 'Tối đa {digits} chữ số thập phân.', en: 'At most {digits} decimal places.' },
  'number.min': { vi: 'Không nhỏ hơn {min}.', en: 'Must be at least {min}.' },
  'number.max': { vi: 'Không lớn hơn {max}.', en: 'Must be at most {max}.' },
  'number.too_long': { vi: 'Quá {digits} chữ số: không lưu chính xác được.', en: 'More than {digits} digits: cannot be stored exactly.' },
  'number.suggest': { vi: 'Có phải ý bạn là {suggestion}?', en: 'Did you mean {suggestion}?' },
};

/** The full sentence for a refusal, in one language. */
export function numberErrorMessage(r: Extract<NumberParse, { ok: false }>, locale: NumberLocale): string {
  const fill = (s: string, p: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => p[k] ?? `{${k}}`);
  const main = fill(NUMBER_MESSAGES[`number.${r.error}`][locale], r.params);
  return r.suggestion ? `${main} ${fill(NUMBER_MESSAGES['number.suggest'][locale], { suggestion: r.suggestion })}` : main;
}

/**
 * A map point as people read and paste it: "16.054407, 108.202167" — six decimals (about 0.1 m; more
 * is noise from the device), a dot in both languages (what map apps take), the pair separated by a comma.
 */
export function formatCoordinates(lat: number, lng: number): string {
  const one = (v: number) => String(Number(v.toFixed(6)));
  return `${one(lat)}, ${one(lng)}`;
}
