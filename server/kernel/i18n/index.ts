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
  'error.text.invalid_char': { vi: 'Chứa ký tự không hợp lệ (ký tự rỗng NUL hoặc ký tự Unicode không trọn vẹn).', en: 'Contains an invalid character (a NUL character or a broken Unicode character).' },
  'error.value_out_of_range': { vi: 'Giá trị nằm ngoài phạm vi cho phép.', en: 'A value is out of the allowed range.' },
  'error.reference_not_found': { vi: 'Mục được tham chiếu không tồn tại.', en: 'A referenced item does not exist.' },
  'error.still_referenced': { vi: 'Không thể xóa vì đang được sử dụng ở nơi khác.', en: 'Cannot delete: it is still in use elsewhere.' },
  'error.cross_origin': { vi: 'Yêu cầu gửi từ một trang web khác nên bị từ chối. Hãy thao tác trực tiếp trên Dân Vận.', en: 'This request came from another website and was refused. Please use Dân Vận directly.' },
  'core.date.range': { vi: 'Ngày phải trong khoảng 01/01/1900 – 31/12/2100.', en: 'The date must be between 1900-01-01 and 2100-12-31.' },
};

export function addMessages(m: Messages): void {
  for (const [k, v] of Object.entries(m)) catalogue[k] = v;
}

/**
 * Parameters of a stored message. A value given in both languages (`{ vi, en }`: a period's label,
 * a kind of case) is shown in the reader's.
 */
export type MessageParam = string | number | { vi: string; en: string };
export type MessageParams = Record<string, MessageParam>;

const isLocalized = (v: unknown): v is { vi: string; en: string } => !!v && typeof v === 'object' && 'vi' in v && 'en' in v;

export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const entry = catalogue[key];
  const text = entry ? entry[locale] ?? entry.vi : key;
  return text.replace(/\{(\w+)\}/g, (_, p: string) => {
    const v = params[p];
    if (v === undefined) return `{${p}}`;
    return isLocalized(v) ? v[locale] : String(v);
  });
}

export function hasMessage(key: string): boolean { return key in catalogue; }

/** The request's language: its Accept-Language (or the web app's X-Lang), else the user's setting, else Vietnamese. */
export function pickLocale(acceptLanguage: string | undefined, userLocale?: string | null): Locale {
  const first = (acceptLanguage ?? '').toLowerCase().split(',')[0]?.trim() ?? '';
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('vi')) return 'vi';
  return userLocale === 'en' ? 'en' : 'vi';
}
