import { afterEach, describe, expect, it } from 'vitest';
import { addDays, dateVN, now, setClock, todayVN } from './clock';

describe('the kernel clock', () => {
  afterEach(() => setClock(null));

  it('gives the date in Vietnam, not UTC: 06:00 in Hà Nội is still the previous day in UTC', () => {
    setClock('2026-12-03T23:30:00Z'); // 06:30 on 4 December in Vietnam
    expect(now().toISOString().slice(0, 10)).toBe('2026-12-03');
    expect(todayVN()).toBe('2026-12-04');
    expect(dateVN('2026-12-31T17:00:00Z')).toBe('2027-01-01'); // midnight of New Year in Vietnam
    expect(dateVN('2026-12-31T16:59:59Z')).toBe('2026-12-31');
    expect(dateVN(null)).toBeNull();
  });

  it('fixes a calendar date at noon in Vietnam, and runs again when released', () => {
    setClock('2027-02-06'); // Tết Đinh Mùi
    expect(todayVN()).toBe('2027-02-06');
    expect(now().toISOString()).toBe('2027-02-06T05:00:00.000Z');
    setClock(null);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
