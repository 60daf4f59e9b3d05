/**
 * The member fields' names in Vietnamese and English, for what the server writes for people to read
 * (the import's report file): "Giới tính: …", never "gender: …". The web app has the same words in
 * its messages (`members.f.<field>`).
 */
import { MEMBER_FIELDS, type MemberField } from './members';

export const MEMBER_FIELD_LABELS: Record<MemberField | 'birthYear' | 'fileId', { vi: string; en: string }> = {
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  birthDate: { vi: 'Ngày sinh', en: 'Date of birth' },
  birthYear: { vi: 'Năm sinh', en: 'Year of birth' },
  gender: { vi: 'Giới tính', en: 'Gender' },
  cccd: { vi: 'Số CCCD', en: 'Citizen ID (CCCD)' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity' },
  religion: { vi: 'Tôn giáo', en: 'Religion' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  commune: { vi: 'Nơi ở (xã/phường)', en: 'Residence (commune)' },
  occupation: { vi: 'Nghề nghiệp', en: 'Occupation' },
  employer: { vi: 'Nơi làm việc', en: 'Employer' },
  education: { vi: 'Trình độ học vấn', en: 'Education' },
  theoryLevel: { vi: 'Lý luận chính trị', en: 'Political theory' },
  partyMember: { vi: 'Đảng viên', en: 'Party member' },
  veteran: { vi: 'Cựu chiến binh', en: 'Veteran' },
  joinedOn: { vi: 'Ngày vào Hội/Đoàn', en: 'Joined on' },
  cardNo: { vi: 'Số thẻ', en: 'Card number' },
  role: { vi: 'Vai trò', en: 'Role' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  // The uploaded file itself (too large, not a workbook, a bomb): the problem is the file's, not a cell's.
  fileId: { vi: 'Tệp tải lên', en: 'Uploaded file' },
};

/** A field's name in a language; anything else (a whole-row problem) as it is. */
export function memberFieldLabel(field: string, lang: 'vi' | 'en'): string {
  return (MEMBER_FIELD_LABELS as Record<string, { vi: string; en: string }>)[field]?.[lang] ?? field;
}

export const LABELLED_FIELDS: readonly string[] = [...MEMBER_FIELDS, 'birthYear', 'fileId'];
