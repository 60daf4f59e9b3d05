/**
 * Units of measure are typed in Vietnamese when an indicator is defined ("hộ", "ngày công"). The
 * common ones read in English in the English interface; symbols (km, m², %) and a unit nobody has
 * translated yet are shown as they were typed.
 */
const MEASURES_EN: Record<string, string> = {
  'người': 'people',
  'lượt người': 'attendances',
  'lượt': 'times',
  'hộ': 'households',
  'vụ việc': 'cases',
  'ngày công': 'workdays',
  'đồng': 'VND',
  'triệu đồng': 'million VND',
  'nghìn đồng': 'thousand VND',
  'mô hình': 'models',
  'công trình': 'works',
  'khu dân cư': 'residential areas',
  'nhiệm vụ': 'tasks',
  'hội nghị': 'meetings',
  'buổi': 'sessions',
  'cuộc': 'events',
  'đơn vị': 'units',
  'đv': 'units',
  'dòng': 'rows',
  'căn': 'houses',
  'nhà': 'houses',
  'suất': 'gifts',
  'phần quà': 'gifts',
  'tấn': 'tonnes',
  'cây': 'trees',
  'con': 'head',
  'lần': 'times',
  'thôn': 'hamlets',
  'xã': 'communes',
  'học sinh': 'pupils',
  'hội viên': 'members',
  'đoàn viên': 'members',
};

export function measureLabel(measure: string | null | undefined, lang: 'vi' | 'en'): string {
  if (!measure) return '';
  if (lang === 'vi') return measure;
  return MEASURES_EN[measure.trim().toLowerCase()] ?? measure;
}
