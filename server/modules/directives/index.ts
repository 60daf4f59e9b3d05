import { defineModule } from '../../kernel/module';
import { directiveRoutes } from './directives.routes';
import { directivesCli } from './directives.cli';
import { figures, exportsDefs } from './directives.figures';
import { seedDirectivesDemo } from './directives.demo';
import { startTicker, tick } from './directives.reminders';
import { policies } from './directives.policy';
import { directivesToday } from './directives.today';

export default defineModule({
  name: 'directives',
  permissions: {
    // Read directives, tasks, sessions and programs of the units in scope; the Ban Dân vận (supervisor) across its area.
    'directives.read': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
    // Record and edit directives and their tasks: the issuing body's officers.
    'directives.manage': { unit_admin: 'subtree', officer: 'subtree' },
    // Report progress, acknowledge receipt, record dissemination sessions: the lead or coordinating unit's officers.
    'tasks.report': { unit_admin: 'subtree', officer: 'subtree' },
    'programs.manage': { unit_admin: 'subtree', officer: 'subtree' },
    'reports.generate': { unit_admin: 'subtree', officer: 'subtree', supervisor: 'area' },
  },
  policies,
  routes: directiveRoutes,
  cli: directivesCli,
  figures,
  exports: exportsDefs,
  jobs: {
    // Yearly instances and reminders on demand (the server also ticks every hour); idempotent.
    'directives.tick': async ({ ctx }) => ({ result: await tick(ctx.db) }),
  },
  seedDemo: seedDirectivesDemo,
  today: directivesToday,
  onStart: (handle) => startTicker(handle),
  messages: {
    'directives.today.task': { vi: 'Nhiệm vụ {ordinal}. {title}', en: 'Task {ordinal}. {title}' },
    'directives.today.tasks_more': { vi: 'Và {count} nhiệm vụ khác sắp đến hạn', en: 'And {count} more tasks due soon' },
    // In-app notifications, stored as key + parameters and shown in the reader's language.
    'directives.notice.new_directive': { vi: 'Văn bản mới: {title}', en: 'New document: {title}' },
    'directives.notice.new_task': { vi: 'Nhiệm vụ mới: {title}', en: 'New task: {title}' },
    'directives.notice.task_overdue': { vi: 'Nhiệm vụ quá hạn (hạn {deadline})', en: 'Task overdue (due {deadline})' },
    'directives.notice.task_at_risk': { vi: 'Nhiệm vụ sắp đến hạn ({deadline})', en: 'Task due soon ({deadline})' },
    'directives.unit_unknown': { vi: 'Đơn vị không tồn tại hoặc đã giải thể.', en: 'Unknown or closed unit.' },
    'directives.not_recipient': { vi: 'Đơn vị không có trong danh sách nơi nhận.', en: 'This unit is not a recipient.' },
    'directives.task.month_day': { vi: 'Nhập ngày đến hạn hằng năm dạng MM-DD (ví dụ 12-15).', en: 'Enter the yearly due day as MM-DD (e.g. 12-15).' },
    'directives.task.start_year': { vi: 'Nhập năm bắt đầu của nhiệm vụ định kỳ.', en: 'Enter the first year of the recurring task.' },
    'directives.task.end_year': { vi: 'Năm kết thúc phải sau năm bắt đầu.', en: 'The last year must not precede the first.' },
    'directives.task.ordinal_taken': { vi: 'Số thứ tự nhiệm vụ bị trùng.', en: 'This task number is already used.' },
    'directives.task.parent_unknown': { vi: 'Không có nhiệm vụ cấp trên với số thứ tự này.', en: 'No parent task with this number.' },
    'directives.task.lead_in_coordinators': { vi: 'Đơn vị chủ trì không đồng thời là đơn vị phối hợp.', en: 'The lead unit cannot also coordinate.' },
    'directives.task.recurrence_fixed': { vi: 'Không đổi được kiểu định kỳ của nhiệm vụ; hãy tạo nhiệm vụ mới.', en: 'The recurrence cannot change; add a new task.' },
    'directives.task.series_not_reportable': { vi: 'Báo cáo tiến độ theo từng năm của nhiệm vụ định kỳ.', en: 'Report on a year of a recurring task.' },
    'directives.task.cancelled': { vi: 'Nhiệm vụ đã hủy.', en: 'The task is cancelled.' },
    'directives.progress.done_is_100': { vi: 'Nhiệm vụ hoàn thành thì tiến độ là 100%.', en: 'A task done is 100% done.' },
    'directives.progress.not_party': { vi: 'Đơn vị không chủ trì hay phối hợp nhiệm vụ này.', en: 'This unit neither leads nor coordinates the task.' },
    'directives.progress.file_unknown': { vi: 'Tệp minh chứng không tồn tại.', en: 'Unknown evidence file.' },
    'directives.session.total_mismatch': { vi: 'Tổng số người dự khác tổng theo nhóm.', en: 'The total differs from the sum of the groups.' },
    'directives.session.more_names_than_total': { vi: 'Danh sách tên nhiều hơn số người dự.', en: 'More names than attendees.' },
    'directives.program.period_order': { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end must not precede the start.' },
    'directives.program.party_twice': { vi: 'Một đơn vị chỉ là một bên.', en: 'A unit can be one party only.' },
    'directives.program.owner_not_party': { vi: 'Đơn vị thực hiện điều khoản phải là một bên của chương trình.', en: 'A clause\'s owner must be a party.' },
    'directives.program.year_outside': { vi: 'Năm kiểm điểm nằm ngoài thời hạn của chương trình.', en: 'The year is outside the program\'s period.' },
    'directives.program.review_exists': { vi: 'Năm này đã có biên bản kiểm điểm.', en: 'This year has already been reviewed.' },
    'directives.program.clause_unknown': { vi: 'Điều khoản không thuộc chương trình.', en: 'The clause is not part of this program.' },
    'directives.report.period_format': { vi: 'Kỳ báo cáo: "2026" (năm), "2026-H1"/"2026-H2" (6 tháng) hoặc "2022-2026" (nhiều năm), đúng với loại báo cáo.', en: 'Period: "2026" (annual), "2026-H1"/"2026-H2" (semiannual) or "2022-2026" (multiyear), matching the kind.' },
    'directives.report.range_order': { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end must not precede the start.' },
  },
});

