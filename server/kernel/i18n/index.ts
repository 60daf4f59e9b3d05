/**
 * Server-side messages in the request's language (Vietnamese by default). Modules add their own
 * message keys through their manifest (`messages`); keys are namespaced by module.
 */
export type Locale = 'vi' | 'en';
export type Messages = Record<string, { vi: string; en: string }>;

const catalogue: Messages = {
  'error.internal': { vi: 'Đã có lỗi hệ thống. Vui lòng thử lại sau.', en: 'Something went wrong. Please try again later.' },
  'error.validation': { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' },
  'error.unauthenticated': { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' },
  'error.forbidden': { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  'error.not_found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'error.conflict': { vi: 'Dữ liệu đã bị người khác thay đổi. Vui lòng tải lại.', en: 'The data was changed by someone else. Please reload.' },
  'error.duplicate': { vi: 'Giá trị đã tồn tại.', en: 'This value already exists.' },
  'error.too_large': { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  'error.rate_limited': { vi: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.', en: 'Too many attempts. Please try again in a few minutes.' },
  'error.route_not_found': { vi: 'Không có địa chỉ này.', en: 'No such route.' },
  'error.bad_request': { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
};

export function addMessages(m: Messages): void {
  for (const [k, v] of Object.entries(m)) catalogue[k] = v;
}

export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const entry = catalogue[key];
  const text = entry ? entry[locale] ?? entry.vi : key;
  return text.replace(/\{(\w+)\}/g, (_, p: string) => (params[p] === undefined ? `{${p}}` : String(params[p])));
}

export function hasMessage(key: string): boolean { return key in catalogue; }

/** The request's language: its Accept-Language (or the web app's X-Lang), else the user's setting, else Vietnamese. */
export function pickLocale(acceptLanguage: string | undefined, userLocale?: string | null): Locale {
  const first = (acceptLanguage ?? '').toLowerCase().split(',')[0]?.trim() ?? '';
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('vi')) return 'vi';
  return userLocale === 'en' ? 'en' : 'vi';
}
