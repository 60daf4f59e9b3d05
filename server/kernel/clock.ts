/**
 * The one clock. Every "now" and "today" of the server comes from here, so that tests can run the
 * rules (deadlines, reminders, overdue flags) at a fixed date — a week boundary, the year's end, Tết —
 * and pass on any day they are run. Dates people see are Vietnam's (Asia/Ho_Chi_Minh, UTC+7 all year).
 */

const VN_OFFSET_MS = 7 * 3600_000;

let fixed: number | null = null;

/** The current instant (the fixed one in a test that set it). */
export function now(): Date {
  return new Date(fixed ?? Date.now());
}

/** The calendar date in Vietnam of an instant (default: now), as YYYY-MM-DD. */
export function todayVN(at: Date = now()): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Vietnamese calendar date of a stored timestamp, or null. */
export const dateVN = (ts: string | Date | null | undefined): string | null => (ts ? todayVN(ts instanceof Date ? ts : new Date(ts)) : null);

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * 86400_000).toISOString().slice(0, 10);
}

/**
 * Tests only: fix the clock at an instant, or at noon Vietnam time of a YYYY-MM-DD date; `null` lets it run
 * again. Never called by server code.
 */
export function setClock(at: Date | string | null): void {
  if (at === null) fixed = null;
  else if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) fixed = Date.parse(at + 'T12:00:00+07:00');
  else fixed = new Date(at).getTime();
}
