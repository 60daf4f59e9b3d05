import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCalendarDays, addWorkingDays, acceptDue, clocks, emptyCalendar, isWorkingDay, resolveDue, workingDaysBetween, type Calendar } from './deadlines';
import { lunarToSolar } from './lunar';

/** The calendar seeded by the migration, parsed from the SQL file itself. */
function seededCalendar(): { cal: Calendar; rows: { day: string; kind: string; name: string }[] } {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations/petitions');
  const file = fs.readdirSync(dir).find((f) => f.includes('reference_data'))!;
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const rows = [...text.matchAll(/\('(\d{4}-\d{2}-\d{2})', '(holiday|compensatory|workday)', '([^']+)'\)/g)].map((m) => ({ day: m[1], kind: m[2], name: m[3] }));
  const cal = emptyCalendar();
  for (const r of rows) (r.kind === 'workday' ? cal.work : cal.off).add(r.day);
  return { cal, rows };
}

describe('working-day arithmetic', () => {
  const { cal, rows } = seededCalendar();

  it('skips weekends', () => {
    const c = emptyCalendar();
    // Friday 2026-11-27 + 1 working day = Monday 2026-11-30
    expect(addWorkingDays(c, '2026-11-27', 1)).toBe('2026-11-30');
    // Wednesday + 10 working days = two weeks later, Wednesday
    expect(addWorkingDays(c, '2026-11-25', 10)).toBe('2026-12-09');
    expect(workingDaysBetween(c, '2026-11-25', '2026-12-09')).toBe(10);
    expect(workingDaysBetween(c, '2026-12-09', '2026-11-25')).toBe(-10);
  });

  it('skips Tết 2026 (16–20/02) and both weekends around it', () => {
    // Received Thursday 12/02/2026: 7 working days = 13/02 (Fri), then 23, 24, 25, 26, 27/02 and 02/03.
    expect(addWorkingDays(cal, '2026-02-12', 7)).toBe('2026-03-02');
    expect(addWorkingDays(emptyCalendar(), '2026-02-12', 7)).toBe('2026-02-23');
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(isWorkingDay(cal, d)).toBe(false);
  });

  it('honours compensatory days and make-up Saturdays', () => {
    // 2026: Hùng Kings' day falls on Sunday 26/04 → Monday 27/04 off; 30/04 and 01/05 off.
    expect(isWorkingDay(cal, '2026-04-27')).toBe(false);
    expect(addWorkingDays(cal, '2026-04-24', 3)).toBe('2026-05-04'); // 28, 29/04, then 04/05
    // 2025: Saturday 26/04 was worked to make up for Friday 02/05.
    expect(isWorkingDay(cal, '2025-04-26')).toBe(true);
    expect(isWorkingDay(cal, '2025-05-02')).toBe(false);
    expect(addWorkingDays(cal, '2025-04-25', 1)).toBe('2025-04-26');
    // 2027: Tết's first two days fall on Saturday and Sunday → compensated on 10 and 11/02.
    expect(addWorkingDays(cal, '2027-02-04', 1)).toBe('2027-02-12');
  });

  it('ends a calendar-day limit on the next working day when it falls on a day off', () => {
    // 30 days from 2026-01-17 = 2026-02-16 (Tết) → first working day after Tết: Monday 23/02.
    expect(addCalendarDays(cal, '2026-01-17', 30)).toBe('2026-02-23');
    expect(addCalendarDays(cal, '2026-03-02', 30)).toBe('2026-04-01');
  });

  it('applies the legal limits per kind', () => {
    // Complaint accepted within 10 working days, resolved in 30 (45 complex; 45/60 remote).
    expect(acceptDue(cal, 'complaint', '2026-02-12')).toBe(addWorkingDays(cal, '2026-02-12', 10));
    expect(resolveDue(cal, 'complaint', '2026-03-02', {})).toBe(addWorkingDays(cal, '2026-03-02', 30));
    expect(resolveDue(cal, 'complaint', '2026-03-02', { complex: true })).toBe(addWorkingDays(cal, '2026-03-02', 45));
    expect(resolveDue(cal, 'complaint', '2026-03-02', { remote: true, complex: true })).toBe(addWorkingDays(cal, '2026-03-02', 60));
    // Denunciation: 7 working days to accept (10 when extended), 30 calendar days to resolve, +30 per extension (max 2).
    expect(acceptDue(cal, 'denunciation', '2026-02-12')).toBe('2026-03-02');
    expect(acceptDue(cal, 'denunciation', '2026-02-12', true)).toBe('2026-03-05');
    expect(resolveDue(cal, 'denunciation', '2026-03-02', {})).toBe('2026-04-01');
    expect(resolveDue(cal, 'denunciation', '2026-03-02', { extensions: 1 })).toBe('2026-05-04'); // 01/05 holiday, 02–03 weekend
    expect(resolveDue(cal, 'denunciation', '2026-03-02', { extensions: 5 })).toBe(addCalendarDays(cal, '2026-03-02', 90));
    expect(acceptDue(cal, 'feedback', '2026-03-02')).toBeNull();
  });

  it('shows the clock: running, near, overdue, met late', () => {
    const c = { kind: 'complaint' as const, status: 'received', receivedAt: '2026-11-02T02:00:00Z', acceptedAt: null, answeredAt: null,
      acceptDue: '2026-11-16', resolveDue: null, complex: false, remote: false, extensions: 0 };
    expect(clocks(cal, c, '2026-11-03')[0]).toMatchObject({ stage: 'accept', state: 'running', remainingWorkingDays: 9, days: 10, basis: 'working', legal: true });
    expect(clocks(cal, c, '2026-11-12')[0]).toMatchObject({ state: 'near', remainingWorkingDays: 2 });
    expect(clocks(cal, c, '2026-11-18')[0]).toMatchObject({ state: 'overdue', remainingWorkingDays: -2 });
    expect(clocks(cal, { ...c, acceptedAt: '2026-11-17T03:00:00Z' }, '2026-11-18')[0]).toMatchObject({ state: 'met_late', remainingWorkingDays: null });
  });

  it('seeds 2025–2027 with Tết and the Hùng Kings’ day where the lunar calendar puts them', () => {
    for (const y of [2025, 2026, 2027]) {
      const tet = lunarToSolar(1, 1, y);
      const days = rows.filter((r) => r.day.startsWith(`${y}-`));
      expect(days.length).toBeGreaterThan(8);
      // Lunar New Year's Eve and the first four days of the year are holidays.
      const eve = new Date(Date.parse(tet) - 86400_000).toISOString().slice(0, 10);
      for (const d of [eve, tet, ...[1, 2, 3].map((k) => new Date(Date.parse(tet) + k * 86400_000).toISOString().slice(0, 10))]) {
        expect(days.find((r) => r.day === d), `${d} in ${y}`).toMatchObject({ kind: 'holiday' });
      }
      expect(days.find((r) => r.day === lunarToSolar(10, 3, y))).toMatchObject({ kind: 'holiday' });
      for (const d of [`${y}-01-01`, `${y}-04-30`, `${y}-05-01`, `${y}-09-02`]) expect(days.find((r) => r.day === d)).toMatchObject({ kind: 'holiday' });
      // Every holiday on a weekend has a compensatory day in the seed (Labour Code 2019, Art. 112(3)),
      // unless the Government's arrangement already gave a weekday in the same break.
      const weekendHolidays = days.filter((r) => r.kind === 'holiday' && [0, 6].includes(new Date(`${r.day}T00:00:00Z`).getUTCDay()));
      const comp = days.filter((r) => r.kind === 'compensatory');
      expect(comp.length).toBeGreaterThanOrEqual(weekendHolidays.length);
    }
    expect(lunarToSolar(1, 1, 2026)).toBe('2026-02-17');
    expect(lunarToSolar(10, 3, 2027)).toBe('2027-04-16');
  });
});
