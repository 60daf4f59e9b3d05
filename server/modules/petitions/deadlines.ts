/**
 * Legal time limits (vietnam-norms.md §d) and working-day arithmetic with weekends, public holidays,
 * compensatory days off and make-up Saturdays. The calendar is data (table case_holidays, edited per
 * year); the arithmetic here is pure.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { rows } from '../../kernel/db/sql';
import type { CaseKind, Deadline } from '../../../common/petitions';

export type Calendar = {
  /** Weekdays that are not worked (holidays, compensatory days). Weekend entries are harmless. */
  off: Set<string>;
  /** Saturdays or Sundays that are worked (make-up days). */
  work: Set<string>;
};

export const emptyCalendar = (): Calendar => ({ off: new Set(), work: new Set() });

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: string, n: number): string => { const x = toDate(d); x.setUTCDate(x.getUTCDate() + n); return fromDate(x); };

export function isWorkingDay(cal: Calendar, d: string): boolean {
  if (cal.work.has(d)) return true;
  const wd = toDate(d).getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !cal.off.has(d);
}

/** The n-th working day after `from` (the day of receipt itself does not count). */
export function addWorkingDays(cal: Calendar, from: string, n: number): string {
  let d = from;
  let left = n;
  while (left > 0) { d = addDays(d, 1); if (isWorkingDay(cal, d)) left--; }
  return d;
}

/**
 * `from` plus n calendar days; when the last day is not a working day the limit ends with the next
 * working day (Bộ luật Dân sự 2015, Điều 148 khoản 5).
 */
export function addCalendarDays(cal: Calendar, from: string, n: number): string {
  let d = addDays(from, n);
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(cal: Calendar, from: string, to: string): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  let [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  while (a < b) { a = addDays(a, 1); if (isWorkingDay(cal, a)) n++; }
  void b;
  return sign * n;
}

export type Basis = 'working' | 'calendar';
export type LimitRule = { days: number; basis: Basis; legal: boolean; source: string };

/**
 * The limits. Complaint days are counted in working days ([UNVERIFIED] reading of the complaint
 * procedure rules; see docs/petitions.md), denunciation acceptance in working days (Luật Tố cáo
 * 2018), denunciation resolution in calendar days. Feedback and voters' petitions have no legal limit:
 * an internal target is used and marked as such.
 */
export const LIMITS = {
  complaint: {
    accept: { days: 10, basis: 'working', legal: true, source: 'Luật Khiếu nại 2011, Điều 27' } as LimitRule,
    resolve: { days: 30, basis: 'working', legal: true, source: 'Luật Khiếu nại 2011, Điều 28' } as LimitRule,
    resolveComplex: 45, resolveRemote: 45, resolveRemoteComplex: 60,
  },
  denunciation: {
    accept: { days: 7, basis: 'working', legal: true, source: 'Luật Tố cáo 2018, Điều 24' } as LimitRule,
    acceptExtended: 10,
    resolve: { days: 30, basis: 'calendar', legal: true, source: 'Luật Tố cáo 2018, Điều 30' } as LimitRule,
    extensionDays: 30, maxExtensions: 2,
  },
  feedback: { resolve: { days: 15, basis: 'working', legal: false, source: 'Chỉ tiêu nội bộ (không phải thời hạn luật định)' } as LimitRule },
  petition: { resolve: { days: 30, basis: 'working', legal: false, source: 'Chỉ tiêu nội bộ (không phải thời hạn luật định)' } as LimitRule },
} as const;

export const NEAR_WORKING_DAYS = 3;

export function dueBy(cal: Calendar, from: string, days: number, basis: Basis): string {
  return basis === 'working' ? addWorkingDays(cal, from, days) : addCalendarDays(cal, from, days);
}

/** Acceptance limit at receipt (null for kinds without one). */
export function acceptDue(cal: Calendar, kind: CaseKind, receivedOn: string, extended = false): string | null {
  if (kind === 'complaint') return dueBy(cal, receivedOn, LIMITS.complaint.accept.days, 'working');
  if (kind === 'denunciation') return dueBy(cal, receivedOn, extended ? LIMITS.denunciation.acceptExtended : LIMITS.denunciation.accept.days, 'working');
  return null;
}

export function resolveRule(kind: CaseKind, o: { complex?: boolean; remote?: boolean; extensions?: number } = {}): LimitRule {
  if (kind === 'complaint') {
    const c = LIMITS.complaint;
    const days = o.remote ? (o.complex ? c.resolveRemoteComplex : c.resolveRemote) : (o.complex ? c.resolveComplex : c.resolve.days);
    return { ...c.resolve, days };
  }
  if (kind === 'denunciation') {
    const d = LIMITS.denunciation;
    return { ...d.resolve, days: d.resolve.days + d.extensionDays * Math.min(o.extensions ?? 0, d.maxExtensions) };
  }
  return LIMITS[kind].resolve;
}

/** Resolution limit counted from acceptance (complaints, denunciations) or receipt (others). */
export function resolveDue(cal: Calendar, kind: CaseKind, startOn: string, o: { complex?: boolean; remote?: boolean; extensions?: number } = {}): string {
  const r = resolveRule(kind, o);
  return dueBy(cal, startOn, r.days, r.basis);
}

/** Today's date in Vietnam (UTC+7), from the kernel's one clock. */
export { todayVN, dateVN } from '../../kernel/clock';
import { todayVN, dateVN } from '../../kernel/clock';

type ClockCase = {
  kind: CaseKind; status: string; receivedAt: string; acceptedAt: string | null; answeredAt: string | null;
  acceptDue: string | null; resolveDue: string | null; complex: boolean; remote: boolean; extensions: number;
};

/** The clocks shown on a case: acceptance (when the law has one) and resolution. */
export function clocks(cal: Calendar, c: ClockCase, today = todayVN()): Deadline[] {
  const out: Deadline[] = [];
  const state = (due: string, doneOn: string | null) => {
    if (doneOn) return { state: (doneOn <= due ? 'met' : 'met_late') as Deadline['state'], remainingWorkingDays: null };
    const rem = workingDaysBetween(cal, today, due);
    return { state: (today > due ? 'overdue' : rem <= NEAR_WORKING_DAYS ? 'near' : 'running') as Deadline['state'], remainingWorkingDays: rem };
  };
  if (c.acceptDue) {
    const rule = c.kind === 'complaint' ? LIMITS.complaint.accept : LIMITS.denunciation.accept;
    const days = workingDaysBetween(cal, dateVN(c.receivedAt)!, c.acceptDue);
    out.push({ stage: 'accept', due: c.acceptDue, days, basis: rule.basis, legal: rule.legal, source: rule.source, ...state(c.acceptDue, dateVN(c.acceptedAt)) });
  }
  if (c.resolveDue) {
    const rule = resolveRule(c.kind, c);
    out.push({ stage: 'resolve', due: c.resolveDue, days: rule.days, basis: rule.basis, legal: rule.legal, source: rule.source, ...state(c.resolveDue, dateVN(c.answeredAt)) });
  }
  return out;
}

// ---- the calendar from the database, cached briefly (every process sees edits within a minute)
let cache: { at: number; cal: Calendar } | null = null;
export function invalidateCalendar(): void { cache = null; }

export async function loadCalendar(db: Db): Promise<Calendar> {
  if (cache && Date.now() - cache.at < 60_000) return cache.cal;
  const r = await rows<{ day: string; kind: string }>(db, sql`SELECT day::text AS day, kind FROM case_holidays`);
  const cal = emptyCalendar();
  for (const x of r) (x.kind === 'workday' ? cal.work : cal.off).add(x.day);
  cache = { at: Date.now(), cal };
  return cal;
}
