/**
 * Showing dates and numbers the Vietnamese way: dates dd/mm/yyyy in Asia/Ho_Chi_Minh (whatever the
 * browser's zone), numbers 1.234.567 (1,234,567 in English).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { getLang } from './i18n';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const DATE_FORMAT = 'DD/MM/YYYY';
export const DATETIME_FORMAT = 'DD/MM/YYYY HH:mm';

type DateInput = string | number | Date | dayjs.Dayjs | null | undefined;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A dayjs in Vietnam's time; a plain `YYYY-MM-DD` is a calendar date and is not shifted. */
export function vnTime(v: DateInput): dayjs.Dayjs | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' && DATE_ONLY.test(v)) return dayjs.tz(v, TIME_ZONE);
  const d = dayjs.isDayjs(v) ? v : dayjs(v);
  return d.isValid() ? d.tz(TIME_ZONE) : null;
}

export function formatDate(v: DateInput): string {
  return vnTime(v)?.format(DATE_FORMAT) ?? '';
}

export function formatDateTime(v: DateInput): string {
  return vnTime(v)?.format(DATETIME_FORMAT) ?? '';
}

/** `YYYY-MM-DD` of a picked day (for API query parameters). */
export function isoDate(v: DateInput): string | undefined {
  if (!v) return undefined;
  const d = dayjs.isDayjs(v) ? v : dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD') : undefined;
}

export function formatNumber(n: number | null | undefined, fractionDigits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  const vi = getLang() === 'vi';
  const [int, frac] = Math.abs(n).toFixed(fractionDigits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, vi ? '.' : ',');
  return (n < 0 ? '-' : '') + grouped + (frac ? (vi ? ',' : '.') + frac : '');
}

export function formatPercent(n: number | null | undefined, fractionDigits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return `${formatNumber(n * 100, fractionDigits)}%`;
}

/** Lower-case, without diacritics (đ → d): for client-side filters that match the server's search. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
