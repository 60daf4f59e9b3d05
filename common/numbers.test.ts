import { describe, expect, it } from 'vitest';
import { formatCoordinates, formatNumberText, numberErrorMessage, parseNumber, type NumberKind, type NumberLocale, type NumberParse } from './numbers';

const value = (text: string, locale: NumberLocale, kind?: NumberKind) => {
  const r = parseNumber(text, locale, { kind });
  if (!r.ok) throw new Error(`${text} (${locale}, ${kind}): refused with ${r.error}`);
  return r.value;
};
const refusal = (text: string, locale: NumberLocale, opts: Parameters<typeof parseNumber>[2] = {}) => {
  const r = parseNumber(text, locale, opts);
  if (r.ok) throw new Error(`${text} (${locale}) read as ${r.value}`);
  return r as Extract<NumberParse, { ok: false }>;
};

describe('parseNumber, Vietnamese', () => {
  it('reads dots as thousands and a comma as the decimal mark', () => {
    expect(value('150.000.000', 'vi', 'decimal')).toBe(150_000_000);
    expect(value('1.250', 'vi', 'count')).toBe(1250);
    expect(value('1,5', 'vi', 'decimal')).toBe(1.5);
    expect(value('1.250,75', 'vi', 'decimal')).toBe(1250.75);
    expect(value('250000000', 'vi', 'decimal')).toBe(250_000_000);
    expect(value(' 12,5 ', 'vi', 'decimal')).toBe(12.5);
    expect(value('0,05', 'vi', 'percent')).toBe(0.05);
    expect(value(',5', 'vi', 'signed')).toBe(0.5);
    expect(value('1.234.567,891', 'vi', 'signed')).toBe(1234567.891);
    expect(value('1\u00a0250', 'vi', 'count')).toBe(1250); // a no-break space pasted from a spreadsheet
  });

  it('reads empty text as no value', () => {
    expect(value('', 'vi', 'count')).toBeNull();
    expect(value('   ', 'vi', 'decimal')).toBeNull();
  });

  it('refuses a single dot not followed by three digits, suggesting the comma', () => {
    const r = refusal('1.25', 'vi', { kind: 'decimal' });
    expect(r.error).toBe('separator');
    expect(r.suggestion).toBe('1,25');
    expect(numberErrorMessage(r, 'vi')).toContain('1,25');
    expect(refusal('12.5', 'vi').suggestion).toBe('12,5');
    expect(refusal('1234.567', 'vi').suggestion).toBe('1.234,567');
  });

  it('refuses malformed grouping', () => {
    expect(refusal('1.2.3', 'vi').error).toBe('grouping');
    expect(refusal('1.2.3', 'vi').suggestion).toBeUndefined();
    expect(refusal('1.25.000', 'vi').error).toBe('grouping');
    expect(refusal('1234.567.000', 'vi').error).toBe('grouping');
    expect(refusal('1,2,3', 'vi').error).toBe('grouping');
    expect(refusal('150.', 'vi').error).toBe('grouping');
  });

  it('suggests the Vietnamese writing of an English-written number', () => {
    const r = refusal('1,250,000', 'vi');
    expect(r.suggestion).toBe('1.250.000');
    expect(refusal('1,250.75', 'vi').suggestion).toBe('1.250,75');
  });

  it('refuses what is not a number', () => {
    for (const s of ['abc', '1e5', '12a', '--1', '1,', '.', '1 2 3x', '0x10']) expect(refusal(s, 'vi').error, s).toBe('invalid');
  });

  it('refuses digits a double cannot hold exactly, instead of rounding them', () => {
    expect(refusal('12345678901234567', 'vi').error).toBe('too_long');
    expect(value('123.456.789.012.345', 'vi', 'count')).toBe(123456789012345);
  });
});

describe('parseNumber, English', () => {
  it('reads commas as thousands and a dot as the decimal mark', () => {
    expect(value('150,000,000', 'en', 'decimal')).toBe(150_000_000);
    expect(value('1,250', 'en', 'count')).toBe(1250);
    expect(value('1.5', 'en', 'decimal')).toBe(1.5);
    expect(value('1,250.75', 'en', 'decimal')).toBe(1250.75);
  });
  it('refuses a single comma not followed by three digits, suggesting the dot', () => {
    const r = refusal('1,25', 'en');
    expect(r).toMatchObject({ error: 'separator', suggestion: '1.25' });
    expect(numberErrorMessage(r, 'en')).toBe('A comma only separates thousands (1,250 is one thousand two hundred fifty); decimals come after a dot. Did you mean 1.25?');
    expect(refusal('1.2.3', 'en').error).toBe('grouping');
    expect(refusal('1,25,000', 'en').error).toBe('grouping');
    expect(refusal('150.000.000', 'en').suggestion).toBe('150,000,000');
  });
});

describe('parseNumber, by kind', () => {
  it('count: whole and not negative', () => {
    expect(value('0', 'vi', 'count')).toBe(0);
    expect(refusal('-3', 'vi', { kind: 'count' }).error).toBe('negative');
    const r = refusal('1,250', 'vi', { kind: 'count' }); // 1.25 in Vietnamese: no count; written the English way it would be 1.250
    expect(r).toMatchObject({ error: 'integer', suggestion: '1.250' });
    expect(refusal('2,5', 'vi', { kind: 'count' })).toMatchObject({ error: 'integer' });
    expect(refusal('2,5', 'vi', { kind: 'count' }).suggestion).toBeUndefined();
    expect(value('1.250,00', 'vi', 'count')).toBe(1250);
  });
  it('integer: whole, negative allowed', () => {
    expect(value('-1.250', 'vi', 'integer')).toBe(-1250);
    expect(value('\u22125', 'vi', 'integer')).toBe(-5);
    expect(refusal('-1,5', 'vi', { kind: 'integer' }).error).toBe('integer');
  });
  it('decimal: not negative', () => {
    expect(value('0,001', 'vi', 'decimal')).toBe(0.001);
    expect(refusal('-0,5', 'vi', { kind: 'decimal' }).error).toBe('negative');
    expect(value('-0', 'vi', 'decimal')).toBe(0);
  });
  it('signed: anything well written', () => {
    expect(value('-1.250,5', 'vi', 'signed')).toBe(-1250.5);
    expect(value('+7', 'vi', 'signed')).toBe(7);
  });
  it('percent: 0 to 100, a percent sign allowed', () => {
    expect(value('99,5', 'vi', 'percent')).toBe(99.5);
    expect(value('45%', 'vi', 'percent')).toBe(45);
    expect(value('100', 'vi', 'percent')).toBe(100);
    expect(refusal('100,1', 'vi', { kind: 'percent' })).toMatchObject({ error: 'max', params: { max: '100' } });
    expect(refusal('-1', 'vi', { kind: 'percent' }).error).toBe('negative');
    expect(refusal('45%', 'vi', { kind: 'decimal' }).error).toBe('invalid');
  });
  it('bounds and decimals given by the field', () => {
    expect(value('2026', 'vi', 'count')).toBe(2026);
    expect(refusal('1999', 'vi', { kind: 'count', min: 2000, max: 2100 })).toMatchObject({ error: 'min', params: { min: '2.000' } });
    expect(refusal('1.000.000', 'vi', { kind: 'count', max: 100_000 })).toMatchObject({ error: 'max', params: { max: '100.000' } });
    expect(refusal('1,255', 'vi', { kind: 'decimal', maxFractionDigits: 2 }).error).toBe('fraction');
    expect(numberErrorMessage(refusal('1000', 'en', { kind: 'count', max: 120 }), 'en')).toBe('Must be at most 120.');
  });
});

describe('formatNumberText', () => {
  it('writes every decimal the number has, grouped the language\'s way', () => {
    expect(formatNumberText(150_000_000, 'vi')).toBe('150.000.000');
    expect(formatNumberText(1250.75, 'vi')).toBe('1.250,75');
    expect(formatNumberText(1250.75, 'en')).toBe('1,250.75');
    expect(formatNumberText(-0.125, 'vi')).toBe('-0,125');
    expect(formatNumberText(2026, 'vi', undefined, false)).toBe('2026');
    expect(formatNumberText(1234.5, 'vi', 2)).toBe('1.234,50');
  });
  it('reads back what it writes, in both languages', () => {
    for (const n of [0, 1, 999, 1000, 1250.75, 150_000_000, 0.001, -42.5, 123456789012.25]) {
      for (const l of ['vi', 'en'] as const) expect(value(formatNumberText(n, l), l, 'signed')).toBe(n);
    }
  });
});

describe('formatCoordinates', () => {
  it('rounds to six decimals, drops trailing zeros, a dot in every language', () => {
    expect(formatCoordinates(16.054407123456789, 108.20216700000001)).toBe('16.054407, 108.202167');
    expect(formatCoordinates(15.5, -0.1234567)).toBe('15.5, -0.123457');
  });
});
