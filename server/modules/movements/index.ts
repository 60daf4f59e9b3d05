/**
 * Movements and campaigns, the indicator catalogue, periodic reporting forms with approval, the
 * maintained roll-up behind the dashboards, and inflation/anomaly flags. See docs/movements.md.
 */
import { defineModule } from '../../kernel/module';
import { movementRoutes } from './movements.routes';
import { movementsCli } from './movements.cli';
import { exportRows } from './values.service';
import { generateAllForms } from './catalogue.service';
import { sendReminders } from './reminders';
import { seedMovementsDemo } from './movements.demo';
import { importValues } from './movements.import';
import { findFile } from '../../kernel/files';
import { policies } from './movements.policy';
import { movementsToday } from './today';

const REMINDER_EVERY_MS = Number(process.env.MOVEMENTS_REMINDER_MS ?? 10 * 60_000);

export default defineModule({
  name: 'movements',
  permissions: {
    'movements.read': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
    'movements.manage': { unit_admin: 'subtree' },
    'reports.fill': { unit_admin: 'subtree', officer: 'subtree' },
    // Checked against the parent of the form's unit: the level above approves.
    'reports.approve': { unit_admin: 'subtree' },
    'indicators.aggregate': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
  },
  policies,
  routes: movementRoutes,
  cli: movementsCli,
  today: movementsToday,
  seedDemo: seedMovementsDemo,
  exports: {
    'movements.indicators': {
      label: { vi: 'Kết quả các chỉ tiêu phong trào', en: 'Movement indicator results' },
      columns: [
        { key: 'code', label: { vi: 'Mã', en: 'Code' } },
        { key: 'name', label: { vi: 'Chỉ tiêu', en: 'Indicator' } },
        { key: 'measure', label: { vi: 'Đơn vị tính', en: 'Measure' } },
        { key: 'value', label: { vi: 'Kết quả', en: 'Value' } },
        { key: 'target', label: { vi: 'Chỉ tiêu giao', en: 'Target' } },
        { key: 'completeness', label: { vi: 'Tỷ lệ báo cáo đã duyệt (%)', en: 'Reports approved (%)' } },
      ],
      rows: (ctx, q) => exportRows(ctx, q),
    },
  },
  jobs: {
    /** Upload → job: the same import as `npx danvan values import`. */
    'movements.values-import': async ({ job, ctx, progress }) => {
      const p = job.payload as { fileId: number; period: string; movement?: string };
      const f = await findFile(ctx.db, p.fileId);
      if (!f) throw new Error('file missing');
      await progress(0, 1, 'Đang nhập số liệu');
      const result = await importValues(ctx, f.name, f.data, { period: p.period, movement: p.movement });
      await progress(1, 1, 'Xong');
      return { result };
    },
  },
  onStart(handle) {
    const tick = async () => {
      try {
        await generateAllForms(handle.db);
        await sendReminders(handle.db);
      } catch { /* database briefly unavailable: next tick */ }
    };
    const timer = setInterval(tick, REMINDER_EVERY_MS);
    timer.unref?.();
    const first = setTimeout(tick, 5_000);
    first.unref?.();
    return () => { clearInterval(timer); clearTimeout(first); };
  },
  messages: {
    'movements.today.form': { vi: 'Báo cáo {movement} — {period}', en: 'Report: {movement} — {period}' },
    'movements.today.form_returned': { vi: 'Báo cáo bị trả lại: {movement} — {period}', en: 'Report returned: {movement} — {period}' },
    'movements.today.forms_more': { vi: 'Và {count} báo cáo khác cần gửi', en: 'And {count} more reports to send' },
    'movements.today.approvals': { vi: '{count} báo cáo chờ duyệt', en: '{count} reports awaiting your approval' },
    // In-app notifications, stored as key + parameters and shown in the reader's language.
    'movements.notice.report_overdue': { vi: 'Quá hạn báo cáo: {movement} — {period}', en: 'Report overdue: {movement} — {period}' },
    'movements.notice.report_overdue.body': { vi: 'Hạn nộp {due}. Vui lòng nhập số liệu và gửi báo cáo.', en: 'It was due on {due}. Please enter the figures and submit the report.' },
    'movements.notice.report_due': { vi: 'Sắp đến hạn báo cáo: {movement} — {period}', en: 'Report due soon: {movement} — {period}' },
    'movements.notice.report_due.body': { vi: 'Hạn nộp {due}. Vui lòng nhập số liệu và gửi báo cáo.', en: 'Due on {due}. Please enter the figures and submit the report.' },
    'movements.notice.form_submitted': { vi: 'Báo cáo chờ duyệt: {unit} — {period}', en: 'Report awaiting approval: {unit} — {period}' },
    'movements.notice.form_submitted.body': { vi: '{movement}', en: '{movement}' },
    'movements.notice.form_approved': { vi: 'Báo cáo đã được duyệt: {period}', en: 'Report approved: {period}' },
    'movements.notice.form_approved.body': { vi: '{movement}', en: '{movement}' },
    'movements.notice.form_returned': { vi: 'Báo cáo bị trả lại: {period}', en: 'Report returned: {period}' },
    'movements.notice.form_reopened': { vi: 'Báo cáo được mở lại: {period}', en: 'Report reopened: {period}' },
    'movements.period.invalid': { vi: 'Kỳ báo cáo không hợp lệ (ví dụ 2026-03, 2026-Q1, 2026-H1, 2026).', en: 'Invalid period (e.g. 2026-03, 2026-Q1, 2026-H1, 2026).' },
    'movements.period.frequency_mismatch': { vi: 'Kỳ không khớp với tần suất báo cáo.', en: 'The period does not match the frequency.' },
    'movements.month.invalid': { vi: 'Tháng phải có dạng YYYY-MM.', en: 'Month must be YYYY-MM.' },
    'movements.range.invalid': { vi: 'Thời điểm kết thúc phải sau thời điểm bắt đầu.', en: 'The end must not be before the start.' },
    'movements.indicator.code_format': { vi: 'Mã chỉ tiêu: chữ in hoa không dấu, số, gạch dưới (tối đa 40 ký tự).', en: 'Indicator code: capitals, digits, underscore (max 40).' },
    'movements.indicator.code_taken': { vi: 'Mã chỉ tiêu đã được dùng.', en: 'This indicator code is already used.' },
    'movements.indicator.unknown_code': { vi: 'Không có chỉ tiêu mã {code}.', en: 'No indicator with code {code}.' },
    'movements.indicator.source_format': { vi: 'Mã nguồn số liệu có dạng module.ten (ví dụ members.memberships).', en: 'A source is module.name (e.g. members.memberships).' },
    'movements.indicator.weight_required': { vi: 'Bình quân gia quyền cần chỉ tiêu làm trọng số.', en: 'A weighted average needs a weight indicator.' },
    'movements.indicator.text_not_aggregated': { vi: 'Chỉ tiêu dạng văn bản không tổng hợp được.', en: 'A text indicator cannot be aggregated.' },
    'movements.indicator.source_mode_required': { vi: 'Chọn cách dùng nguồn số liệu (tự điền hoặc đối chiếu).', en: 'Choose how the source is used (fill or check).' },
    'movements.indicator.min_max': { vi: 'Giá trị tối đa phải lớn hơn giá trị tối thiểu.', en: 'Max must not be below min.' },
    'movements.indicator.aggregation_locked': { vi: 'Đã có số liệu được duyệt: không đổi được cách tổng hợp.', en: 'Approved figures exist: the aggregation cannot change.' },
    'movements.movement.code_format': { vi: 'Mã phong trào: chữ in hoa không dấu, số, gạch (tối đa 40 ký tự).', en: 'Movement code: capitals, digits, dash, underscore (max 40).' },
    'movements.movement.code_taken': { vi: 'Mã phong trào đã được dùng.', en: 'This movement code is already used.' },
    'movements.value.not_in_form': { vi: 'Chỉ tiêu {code} không có trong biểu mẫu này.', en: 'Indicator {code} is not in this form.' },
    'movements.value.record_derived': { vi: 'Chỉ tiêu {code} lấy từ cơ sở dữ liệu, không nhập tay được.', en: 'Indicator {code} comes from the records and cannot be typed.' },
    'movements.value.disagg_invalid': { vi: 'Phân tổ không hợp lệ cho chỉ tiêu này.', en: 'Invalid breakdown for this indicator.' },
    'movements.value.duplicate': { vi: 'Chỉ tiêu bị nhập hai lần.', en: 'This indicator is given twice.' },
    'movements.value.boolean': { vi: 'Chọn Có hoặc Không.', en: 'Choose yes or no.' },
    // The full sentence is built in the caller's language by the shared parser (reason and suggestion).
    'number.refused': { vi: '{message}', en: '{message}' },
    'movements.value.number': { vi: 'Phải là số.', en: 'Must be a number.' },
    'movements.value.integer': { vi: 'Phải là số nguyên.', en: 'Must be a whole number.' },
    'movements.value.percent': { vi: 'Tỷ lệ phải từ 0 đến 100.', en: 'A percentage is between 0 and 100.' },
    'movements.value.negative': { vi: 'Không được âm.', en: 'Must not be negative.' },
    'movements.value.too_large': { vi: 'Số quá lớn.', en: 'Number too large.' },
    'movements.form.locked': { vi: 'Biểu mẫu đã gửi hoặc đã duyệt, không sửa được.', en: 'The form has been submitted or approved and is locked.' },
    'movements.form.not_submitted': { vi: 'Biểu mẫu chưa được gửi.', en: 'The form has not been submitted.' },
    'movements.form.not_approved': { vi: 'Biểu mẫu chưa được duyệt.', en: 'The form is not approved.' },
    'movements.form.empty': { vi: 'Chưa nhập số liệu nào.', en: 'No figures entered.' },
    'movements.attachment.unknown_file': { vi: 'Tệp không tồn tại hoặc không phải do bạn tải lên.', en: 'Unknown file, or not uploaded by you.' },
    'movements.flag.not_open': { vi: 'Cảnh báo đã được xử lý.', en: 'The flag has already been handled.' },
    'movements.import.missing_column': { vi: 'Thiếu cột {column}.', en: 'Missing column {column}.' },
    'movements.import.unknown_unit': { vi: 'Không có đơn vị mã {code}.', en: 'No unit with code {code}.' },
    'movements.import.unknown_movement': { vi: 'Không có phong trào mã {code}.', en: 'No movement with code {code}.' },
    'movements.import.no_form': { vi: 'Đơn vị {code} không có biểu mẫu kỳ {period}.', en: 'Unit {code} has no form for {period}.' },
    'movements.import.file_type': { vi: 'Chỉ nhận tệp .xlsx hoặc .csv.', en: 'Only .xlsx or .csv files.' },
    'movements.import.duplicate_row': { vi: 'Mã chỉ tiêu bị lặp trong tệp.', en: 'Duplicate code in the file.' },
    'movements.flag.history': { vi: 'Đột biến so với các kỳ trước của đơn vị: {value} {measure}, trong khi trung vị {periods} kỳ trước là {median} (khoảng bình thường {low} – {high}).', en: 'A jump from the unit\'s own past: {value} {measure}, while the median of {periods} earlier periods is {median} (normal range {low} – {high}).' },
    'movements.flag.peers': { vi: 'Khác xa các đơn vị cùng cấp: {perCapita} (bình quân), gấp {factor} lần trung vị {peerMedian} của {peers} đơn vị.', en: 'Far from sibling units: {perCapita} per capita, {factor}× the median {peerMedian} of {peers} units.' },
    'movements.flag.records': { vi: 'Khác số liệu trong hồ sơ: báo cáo {value}, hồ sơ có {records}.', en: 'Differs from the records: reported {value}, records say {records}.' },
    'movements.flag.validation.min': { vi: '{indicator}: {value} nhỏ hơn mức tối thiểu {limit}.', en: '{indicator}: {value} is below the minimum {limit}.' },
    'movements.flag.validation.max': { vi: '{indicator}: {value} vượt mức tối đa {limit}.', en: '{indicator}: {value} is above the maximum {limit}.' },
    'movements.flag.validation.lte': { vi: '{indicator}: {value} lớn hơn {other} ({limit}).', en: '{indicator}: {value} exceeds {other} ({limit}).' },
    'movements.flag.copied': { vi: 'Số liệu giống hệt báo cáo khác ({with}): nghi sao chép.', en: 'Figures identical to another report ({with}): possibly copied.' },
    'movements.flag.round': { vi: '{share}% trong {count} số liệu là số tròn.', en: '{share}% of {count} figures are round numbers.' },
    'movements.flag.all100': { vi: 'Tất cả {count} tỷ lệ đều đạt 100%.', en: 'All {count} percentages are 100 %.' },
  },
});
