/**
 * Labels shown to people, by language: reporting periods ("Quý 3/2026" only in Vietnamese, never a
 * code like "2026-03" in English) and member field names (the import report says "Giới tính", not
 * "gender"). The fields are also read from the server's import code, so a new one needs its label.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { periodLabel } from './movements';
import { LABELLED_FIELDS, memberFieldLabel } from './member-fields';

describe('period labels', () => {
  it('Vietnamese', () => {
    expect(periodLabel('2026-03', 'vi')).toBe('Tháng 03/2026');
    expect(periodLabel('2026-Q3', 'vi')).toBe('Quý 3/2026');
    expect(periodLabel('2026-H1', 'vi')).toBe('6 tháng đầu năm 2026');
    expect(periodLabel('2026', 'vi')).toBe('Năm 2026');
  });
  it('English: no Vietnamese word and no bare code', () => {
    expect(periodLabel('2026-03', 'en')).toBe('March 2026');
    expect(periodLabel('2026-12', 'en')).toBe('December 2026');
    expect(periodLabel('2026-Q3', 'en')).toBe('Q3 2026');
    expect(periodLabel('2026-H2', 'en')).toBe('H2 2026');
    expect(periodLabel('2026', 'en')).toBe('2026');
    for (const k of ['2026-01', '2026-Q1', '2026-H1', '2026']) expect(periodLabel(k, 'en')).not.toMatch(/Tháng|Quý|tháng|Năm/);
  });
  it('an unknown key is shown as it is', () => {
    expect(periodLabel('someday', 'en')).toBe('someday');
  });
});

describe('member field labels', () => {
  it('every field has a Vietnamese and an English name', () => {
    for (const f of LABELLED_FIELDS) {
      expect(memberFieldLabel(f, 'vi'), f).not.toBe(f);
      expect(memberFieldLabel(f, 'en'), f).not.toBe(f);
    }
    expect(memberFieldLabel('gender', 'vi')).toBe('Giới tính');
    expect(memberFieldLabel('cccd', 'en')).toBe('Citizen ID (CCCD)');
  });
  it('every field the import names in a problem has a label', () => {
    const dir = path.resolve(__dirname, '..', 'server', 'modules', 'members');
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/field: '([a-zA-Z]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((f) => memberFieldLabel(f, 'vi') === f)).toEqual([]);
  });
});

describe('units of measure', () => {
  it('read in English in the English interface; symbols and unknown ones unchanged; Vietnamese as typed', async () => {
    const { measureLabel } = await import('./measures');
    expect(measureLabel('hộ', 'en')).toBe('households');
    expect(measureLabel('ngày công', 'en')).toBe('workdays');
    expect(measureLabel('người', 'en')).toBe('people');
    expect(measureLabel('km', 'en')).toBe('km');
    expect(measureLabel('m²', 'en')).toBe('m²');
    expect(measureLabel('hộ', 'vi')).toBe('hộ');
  });
  it('every unit of measure the demo defines reads in English without Vietnamese letters', async () => {
    const { measureLabel } = await import('./measures');
    const dir = path.resolve(__dirname, '..', 'server', 'modules', 'movements');
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/measure: '([^']+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(5);
    const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    expect([...used].filter((m) => vietnamese.test(measureLabel(m, 'en')))).toEqual([]);
  });
});

describe('organization short names', () => {
  it('every organization the server knows has a short name in both languages, the Vietnamese one as the server stores it', async () => {
    const { ORGANIZATION_SHORT, organizationShort } = await import('./organizations');
    const src = fs.readFileSync(path.resolve(__dirname, '..', 'server', 'modules', 'organizations', 'organizations.service.ts'), 'utf8');
    const orgs = [...src.matchAll(/\{ code: '([A-Z]+)', name: '[^']+', shortName: '([^']+)'/g)].map((m) => ({ code: m[1], short: m[2] }));
    expect(orgs.length).toBeGreaterThan(5);
    for (const o of orgs) {
      expect(ORGANIZATION_SHORT[o.code]?.vi, o.code).toBe(o.short);
      expect(organizationShort(o.code, 'en'), o.code).not.toBe(o.code);
    }
    expect(organizationShort('DOAN', 'en')).toBe('Youth Union');
    expect(organizationShort('XYZ', 'en')).toBe('XYZ');
  });
});
