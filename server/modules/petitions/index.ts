import { defineModule } from '../../kernel/module';
import { publicRoutes, staffRoutes } from './petitions.routes';
import { open311Routes } from './open311.routes';
import { figures, summaryExport } from './stats';
import { seedPetitions } from './seed';
import { policies } from './petitions.policy';
import { petitionsToday } from './today';

export default defineModule({
  name: 'petitions',
  permissions: {
    'cases.read': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree' },
    'cases.handle': { unit_admin: 'subtree', officer: 'subtree' },
    'cases.manage_routing': { unit_admin: 'subtree' },
    'cases.manage_holidays': {}, // national data: administrators only
    'cases.aggregate': { unit_admin: 'subtree', officer: 'subtree', viewer: 'subtree', supervisor: 'area' },
  },
  policies,
  routes: async (app) => { await publicRoutes(app); await staffRoutes(app); },
  rootRoutes: open311Routes,
  figures,
  exports: { 'petitions.summary': summaryExport },
  seedDemo: seedPetitions,
  today: petitionsToday,
  messages: {
    'petitions.today.case': { vi: 'Vụ việc {code}: {kind} — {category}', en: 'Case {code}: {kind} — {category}' },
    'petitions.today.cases_more': { vi: 'Và {count} vụ việc khác được phân công', en: 'And {count} more cases assigned to you' },
    // In-app notifications, stored as key + parameters and shown in the reader's language.
    'petitions.notice.new_case': { vi: 'Vụ việc mới {code}: {kind}', en: 'New case {code}: {kind}' },
    'petitions.notice.new_case.body': { vi: 'Tiếp nhận tại {unit}', en: 'Received at {unit}' },
    'petitions.notice.new_case_routed': { vi: 'Vụ việc mới {code}: {kind}', en: 'New case {code}: {kind}' },
    'petitions.notice.new_case_routed.body': { vi: 'Được phân công theo quy tắc chuyển đơn', en: 'Assigned by a routing rule' },
    'petitions.notice.new_cases': { vi: '{count} vụ việc mới', en: '{count} new cases' },
    'petitions.notice.new_cases.body': { vi: '{codes}', en: '{codes}' },
    'petitions.notice.case_answered': { vi: 'Vụ việc {code} đã được trả lời', en: 'Case {code} has been answered' },
    'petitions.notice.case_routed': { vi: 'Vụ việc {code} được chuyển đến đơn vị', en: 'Case {code} was sent to your unit' },
    'petitions.notice.case_routed.body': { vi: '{kind} — {category}', en: '{kind} — {category}' },
    'petitions.notice.case_assigned': { vi: 'Bạn được phân công xử lý vụ việc {code}', en: 'You are assigned to handle case {code}' },
    'petitions.phone_format': { vi: 'Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84.', en: 'Phone: 10–11 digits starting with 0 or +84.' },
    'petitions.text_short': { vi: 'Nội dung cần ít nhất 10 ký tự.', en: 'Please write at least 10 characters.' },
    'petitions.category_unknown': { vi: 'Lĩnh vực không tồn tại.', en: 'Unknown category.' },
    'petitions.area_unknown': { vi: 'Địa bàn không tồn tại.', en: 'Unknown area.' },
    'petitions.area_outside_owner': { vi: 'Địa bàn phải thuộc địa bàn của đơn vị đặt quy tắc.', en: 'The area must lie within the owner unit’s area.' },
    'petitions.unit_unknown': { vi: 'Đơn vị không tồn tại hoặc đã giải thể.', en: 'Unknown or closed unit.' },
    'petitions.name_required': { vi: 'Khiếu nại, tố cáo cần ghi rõ họ tên người gửi.', en: 'Complaints and denunciations need the sender’s name.' },
    'petitions.contact_required': { vi: 'Khiếu nại, tố cáo cần số điện thoại hoặc email để liên hệ.', en: 'Complaints and denunciations need a phone number or an email.' },
    'petitions.pow_invalid': { vi: 'Phiên gửi đã hết hạn. Vui lòng tải lại trang và gửi lại.', en: 'The form expired. Please reload the page and send again.' },
    'petitions.no_intake_unit': { vi: 'Chưa có đơn vị Mặt trận nào tiếp nhận đơn.', en: 'No Front unit receives cases yet.' },
    'petitions.tracking_not_found': { vi: 'Không tìm thấy vụ việc với mã theo dõi này.', en: 'No case with this tracking code.' },
    'petitions.bad_transition': { vi: 'Không thể thực hiện bước này ở trạng thái hiện tại.', en: 'This step is not possible in the current status.' },
    'petitions.note_required': { vi: 'Cần ghi nội dung.', en: 'A note is required.' },
    'petitions.no_extension': { vi: 'Không thể gia hạn thêm.', en: 'No further extension is possible.' },
    'petitions.identity_unreadable': { vi: 'Không giải mã được danh tính người gửi: khóa mã hóa của máy chủ (PETITIONS_IDENTITY_KEY) không phải khóa đã dùng khi ghi.', en: "The sender's identity cannot be decrypted: this server's key (PETITIONS_IDENTITY_KEY) is not the one it was written with." },
    'petitions.not_assigned': { vi: 'Chỉ người được phân công xử lý mới được xem thông tin bảo mật.', en: 'Only the assigned handlers may see confidential information.' },
    'petitions.assignee_not_handler': { vi: 'Người được phân công phải có quyền xử lý vụ việc này.', en: 'Assignees must be allowed to handle this case.' },
    'petitions.not_routed': { vi: 'Vụ việc chưa được chuyển đến cơ quan giải quyết.', en: 'The case has no responsible body yet.' },
    'petitions.holiday_year': { vi: 'Ngày phải thuộc năm đang sửa.', en: 'The day must be in the year being edited.' },
    'petitions.date_future': { vi: 'Ngày tiếp nhận không được sau hôm nay.', en: 'The date received cannot be in the future.' },
  },
});
