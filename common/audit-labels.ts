/**
 * What the audit log's action and entity codes mean, in Vietnamese and English: one label per code
 * written by `writeAudit` anywhere on the server (a test walks the server's sources for them), so
 * neither language shows a raw code such as `movements.form.approve`.
 */
export type Label = { vi: string; en: string };

export const AUDIT_ACTION_LABELS: Record<string, Label> = {
  'auth.login': { vi: 'Đăng nhập', en: 'Logged in' },
  'auth.lockout': { vi: 'Khóa do nhập sai mật khẩu', en: 'Locked after failed logins' },
  'users.create': { vi: 'Tạo người dùng', en: 'User created' },
  'users.update': { vi: 'Sửa người dùng', en: 'User changed' },
  'users.update_self': { vi: 'Sửa tài khoản của mình', en: 'Own account changed' },
  'grants.create': { vi: 'Cấp quyền', en: 'Role granted' },
  'grants.delete': { vi: 'Gỡ quyền', en: 'Role removed' },
  'units.create': { vi: 'Tạo đơn vị', en: 'Unit created' },
  'backup.create': { vi: 'Sao lưu dữ liệu', en: 'Backup taken' },
  'backup.restore': { vi: 'Khôi phục dữ liệu', en: 'Backup restored' },
  'units.update': { vi: 'Sửa đơn vị', en: 'Unit changed' },
  'units.move': { vi: 'Chuyển đơn vị', en: 'Unit moved' },
  'units.close': { vi: 'Giải thể đơn vị', en: 'Unit closed' },
  'units.reopen': { vi: 'Khôi phục đơn vị', en: 'Unit reopened' },
  'areas.create': { vi: 'Tạo khu dân cư', en: 'Residential area created' },
  'areas.update': { vi: 'Sửa khu dân cư', en: 'Residential area changed' },
  'organizations.create': { vi: 'Tạo tổ chức', en: 'Organization created' },
  'organizations.update': { vi: 'Sửa tổ chức', en: 'Organization changed' },
  'demo.seed': { vi: 'Nạp dữ liệu mẫu', en: 'Demo data loaded' },

  'members.create': { vi: 'Kết nạp hội viên, đoàn viên', en: 'Member added' },
  'members.update': { vi: 'Sửa thông tin hội viên, đoàn viên', en: 'Member changed' },
  'members.import': { vi: 'Nhập danh sách từ tệp', en: 'Member list imported' },
  'members.import.batch': { vi: 'Ghi một đợt nhập danh sách', en: 'Import batch written' },
  'members.cccd_match_refused': { vi: 'Từ chối ghép hồ sơ theo CCCD', en: 'Match by citizen ID refused' },
  'members.suspend': { vi: 'Tạm ngừng sinh hoạt', en: 'Membership suspended' },
  'members.resume': { vi: 'Sinh hoạt trở lại', en: 'Membership resumed' },
  'members.leave': { vi: 'Ra khỏi tổ chức', en: 'Left the organization' },
  'members.death': { vi: 'Ghi nhận từ trần', en: 'Death recorded' },
  'members.transfer_request': { vi: 'Đề nghị chuyển sinh hoạt', en: 'Transfer requested' },
  'members.transfer_accept': { vi: 'Nhận chuyển sinh hoạt', en: 'Transfer accepted' },
  'members.transfer_reject': { vi: 'Từ chối chuyển sinh hoạt', en: 'Transfer refused' },
  'members.rate': { vi: 'Xếp loại chất lượng', en: 'Member rated' },
  'members.rules': { vi: 'Sửa điều kiện kết nạp', en: 'Admission rules changed' },
  'members.eligible': { vi: 'Duyệt người đủ điều kiện', en: 'Eligibility decided' },
  'members.erase': { vi: 'Xóa dữ liệu cá nhân', en: 'Personal data erased' },
  'members.subject_export': { vi: 'Xuất dữ liệu cá nhân cho chủ thể', en: 'Personal data exported for its subject' },

  'movements.create': { vi: 'Tạo phong trào', en: 'Movement created' },
  'movements.update': { vi: 'Sửa phong trào', en: 'Movement changed' },
  'movements.schedule.create': { vi: 'Đặt kỳ báo cáo', en: 'Reporting schedule set' },
  'movements.indicator.create': { vi: 'Tạo chỉ tiêu', en: 'Indicator created' },
  'movements.indicator.update': { vi: 'Sửa chỉ tiêu', en: 'Indicator changed' },
  'movements.target.set': { vi: 'Giao chỉ tiêu', en: 'Target set' },
  'movements.values.import': { vi: 'Nhập số liệu từ tệp', en: 'Figures imported' },
  'movements.form.save': { vi: 'Lưu nháp báo cáo', en: 'Report draft saved' },
  'movements.form.submit': { vi: 'Gửi báo cáo', en: 'Report submitted' },
  'movements.form.approve': { vi: 'Duyệt báo cáo', en: 'Report approved' },
  'movements.form.return': { vi: 'Trả lại báo cáo', en: 'Report returned' },
  'movements.form.reopen': { vi: 'Mở lại báo cáo', en: 'Report reopened' },
  'movements.form.attach': { vi: 'Đính kèm minh chứng', en: 'Evidence attached' },
  'movements.form.detach': { vi: 'Gỡ minh chứng', en: 'Evidence removed' },
  'movements.flag.accept': { vi: 'Chấp nhận cảnh báo', en: 'Flag accepted' },

  'cases.create': { vi: 'Tiếp nhận vụ việc', en: 'Case received' },
  'cases.route': { vi: 'Chuyển vụ việc', en: 'Case forwarded' },
  'cases.assign': { vi: 'Phân công xử lý', en: 'Case assigned' },
  'cases.accept': { vi: 'Thụ lý vụ việc', en: 'Case accepted' },
  'cases.start': { vi: 'Bắt đầu giải quyết', en: 'Handling started' },
  'cases.answer': { vi: 'Trả lời vụ việc', en: 'Case answered' },
  'cases.close': { vi: 'Đóng vụ việc', en: 'Case closed' },
  'cases.reopen': { vi: 'Mở lại vụ việc', en: 'Case reopened' },
  'cases.note': { vi: 'Ghi chú vụ việc', en: 'Note added' },
  'cases.extend': { vi: 'Gia hạn giải quyết', en: 'Deadline extended' },
  'cases.letter': { vi: 'Lập văn bản trả lời', en: 'Letter drawn up' },
  'cases.export': { vi: 'Xuất danh sách vụ việc', en: 'Cases exported' },
  'cases.identity_view': { vi: 'Xem thông tin người gửi', en: 'Sender identity viewed' },
  'cases.rule_create': { vi: 'Tạo quy tắc chuyển', en: 'Routing rule created' },
  'cases.rule_update': { vi: 'Sửa quy tắc chuyển', en: 'Routing rule changed' },
  'cases.rule_delete': { vi: 'Xóa quy tắc chuyển', en: 'Routing rule deleted' },
  'cases.holidays_replace': { vi: 'Cập nhật ngày nghỉ', en: 'Holidays updated' },

  'directives.create': { vi: 'Tạo văn bản chỉ đạo', en: 'Directive created' },
  'directives.update': { vi: 'Sửa văn bản chỉ đạo', en: 'Directive changed' },
  'directives.acknowledge': { vi: 'Xác nhận đã nhận văn bản', en: 'Receipt acknowledged' },
  'directives.remind': { vi: 'Nhắc thực hiện', en: 'Reminder sent' },
  'directives.session.create': { vi: 'Ghi buổi quán triệt', en: 'Briefing session recorded' },
  'directives.session.delete': { vi: 'Xóa buổi quán triệt', en: 'Briefing session deleted' },
  'tasks.create': { vi: 'Giao nhiệm vụ', en: 'Task created' },
  'tasks.update': { vi: 'Sửa nhiệm vụ', en: 'Task changed' },
  'tasks.report': { vi: 'Báo cáo tiến độ nhiệm vụ', en: 'Task progress reported' },
  'programs.create': { vi: 'Tạo chương trình phối hợp', en: 'Joint programme created' },
  'programs.update': { vi: 'Sửa chương trình phối hợp', en: 'Joint programme changed' },
  'programs.review': { vi: 'Đánh giá chương trình phối hợp', en: 'Joint programme reviewed' },
  'programs.clause.update': { vi: 'Sửa điều khoản phối hợp', en: 'Programme clause changed' },
  'reports.generate': { vi: 'Lập báo cáo', en: 'Report generated' },
};

export const AUDIT_ENTITY_LABELS: Record<string, Label> = {
  unit: { vi: 'Đơn vị', en: 'Unit' },
  backup: { vi: 'Bản sao lưu', en: 'Backup' },
  area: { vi: 'Địa bàn', en: 'Area' },
  user: { vi: 'Người dùng', en: 'User' },
  grant: { vi: 'Quyền', en: 'Role' },
  organization: { vi: 'Tổ chức', en: 'Organization' },
  province: { vi: 'Tỉnh/thành', en: 'Province' },
  job: { vi: 'Công việc nền', en: 'Background job' },
  membership: { vi: 'Hội viên, đoàn viên', en: 'Membership' },
  person: { vi: 'Nhân thân', en: 'Person' },
  member_eligible: { vi: 'Điều kiện kết nạp', en: 'Eligibility' },
  movement: { vi: 'Phong trào', en: 'Movement' },
  movements: { vi: 'Số liệu phong trào', en: 'Movement figures' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  form: { vi: 'Biểu mẫu báo cáo', en: 'Reporting form' },
  flag: { vi: 'Cảnh báo', en: 'Flag' },
  case: { vi: 'Vụ việc', en: 'Case' },
  case_routing_rule: { vi: 'Quy tắc chuyển', en: 'Routing rule' },
  case_holidays: { vi: 'Ngày nghỉ', en: 'Holidays' },
  directive: { vi: 'Văn bản chỉ đạo', en: 'Directive' },
  task: { vi: 'Nhiệm vụ', en: 'Task' },
  dissemination_session: { vi: 'Buổi quán triệt', en: 'Briefing session' },
  program: { vi: 'Chương trình phối hợp', en: 'Joint programme' },
  program_clause: { vi: 'Điều khoản phối hợp', en: 'Programme clause' },
  generated_report: { vi: 'Báo cáo', en: 'Report' },
};

/** The label of an action code in a language; an unknown code (a newer server) shows as it is. */
export function auditActionLabel(code: string, lang: 'vi' | 'en'): string {
  return AUDIT_ACTION_LABELS[code]?.[lang] ?? code;
}

export function auditEntityLabel(code: string, lang: 'vi' | 'en'): string {
  return AUDIT_ENTITY_LABELS[code]?.[lang] ?? code;
}

/** Who did it: a person's name, or "Hệ thống"/"System" for work done by the server itself (jobs, reminders). */
export function actorLabel(name: string | null | undefined, lang: 'vi' | 'en'): string {
  return !name || name === 'system' ? (lang === 'vi' ? 'Hệ thống' : 'System') : name;
}
