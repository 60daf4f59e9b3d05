/**
 * Field-level validation messages in the user's language. Schemas may carry an i18n key as their
 * message (`z.string().regex(re, { error: 'members.cccd.invalid' })`); other issues are phrased here.
 */
import { z } from 'zod';
import { hasMessage, t, type Locale } from './index';

type Issue = { code: string; message: string; path?: (string | number)[]; [k: string]: unknown };

const zodLocales = { vi: z.locales.vi(), en: z.locales.en() };

const phr = {
  required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  tooShort: { vi: 'Cần ít nhất {n} ký tự.', en: 'Must be at least {n} characters.' },
  tooLong: { vi: 'Tối đa {n} ký tự.', en: 'At most {n} characters.' },
  tooSmall: { vi: 'Phải từ {n} trở lên.', en: 'Must be {n} or more.' },
  tooBig: { vi: 'Phải không quá {n}.', en: 'Must be at most {n}.' },
  tooFew: { vi: 'Cần ít nhất {n} mục.', en: 'Needs at least {n} items.' },
  tooMany: { vi: 'Tối đa {n} mục.', en: 'At most {n} items.' },
  notInt: { vi: 'Phải là số nguyên.', en: 'Must be a whole number.' },
  notNumber: { vi: 'Phải là số.', en: 'Must be a number.' },
  notString: { vi: 'Phải là chuỗi ký tự.', en: 'Must be text.' },
  notBool: { vi: 'Phải là đúng/sai.', en: 'Must be true or false.' },
  badType: { vi: 'Sai kiểu dữ liệu.', en: 'Wrong type.' },
  badOption: { vi: 'Giá trị không hợp lệ, chọn một trong: {opts}.', en: 'Invalid value; choose one of: {opts}.' },
  badEmail: { vi: 'Địa chỉ email không hợp lệ.', en: 'Invalid email address.' },
  badDate: { vi: 'Ngày không hợp lệ.', en: 'Invalid date.' },
  badFormat: { vi: 'Không đúng định dạng.', en: 'Invalid format.' },
  unknownKeys: { vi: 'Có trường không được phép: {keys}.', en: 'Unknown fields: {keys}.' },
} as const;

const fmt = (locale: Locale, p: { vi: string; en: string }, params: Record<string, unknown> = {}) =>
  p[locale].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

export function issueMessage(issue: Issue, locale: Locale): string {
  if (hasMessage(issue.message)) return t(locale, issue.message, issue as Record<string, unknown>);
  const n = issue.minimum ?? issue.maximum;
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return fmt(locale, phr.required);
      const exp = String(issue.expected);
      if (exp === 'int') return fmt(locale, phr.notInt);
      if (exp === 'number') return fmt(locale, phr.notNumber);
      if (exp === 'string') return fmt(locale, phr.notString);
      if (exp === 'boolean') return fmt(locale, phr.notBool);
      return fmt(locale, phr.badType);
    }
    case 'too_small':
      if (issue.origin === 'string') return Number(n) <= 1 ? fmt(locale, phr.required) : fmt(locale, phr.tooShort, { n });
      if (issue.origin === 'array') return fmt(locale, phr.tooFew, { n });
      return fmt(locale, phr.tooSmall, { n });
    case 'too_big':
      if (issue.origin === 'string') return fmt(locale, phr.tooLong, { n });
      if (issue.origin === 'array') return fmt(locale, phr.tooMany, { n });
      return fmt(locale, phr.tooBig, { n });
    case 'invalid_value':
      return fmt(locale, phr.badOption, { opts: ((issue.values as unknown[]) ?? []).join(', ') });
    case 'invalid_format':
      if (issue.format === 'email') return fmt(locale, phr.badEmail);
      if (issue.format === 'date' || issue.format === 'datetime') return fmt(locale, phr.badDate);
      return fmt(locale, phr.badFormat);
    case 'unrecognized_keys':
      return fmt(locale, phr.unknownKeys, { keys: ((issue.keys as string[]) ?? []).join(', ') });
    default:
      try {
        return zodLocales[locale].localeError(issue as never) as string ?? issue.message;
      } catch {
        return issue.message;
      }
  }
}
