/** Vietnamese and English names of kinds, statuses and actions (server-side texts: letters, messages, exports). */
import type { CaseKind, CaseStatus } from '../../../common/petitions';

type L = { vi: string; en: string };
export const KIND_LABELS: Record<CaseKind, L> = {
  feedback: { vi: 'Phản ánh, kiến nghị', en: 'Feedback / suggestion' },
  petition: { vi: 'Kiến nghị cử tri', en: "Voters' petition" },
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  denunciation: { vi: 'Tố cáo', en: 'Denunciation' },
};
export const STATUS_LABELS: Record<CaseStatus, L> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  accepted: { vi: 'Đã thụ lý', en: 'Accepted' },
  in_progress: { vi: 'Đang giải quyết', en: 'In progress' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
};
export const kindLabel = (k: CaseKind, l: 'vi' | 'en') => KIND_LABELS[k][l];
export const statusLabel = (s: CaseStatus, l: 'vi' | 'en') => STATUS_LABELS[s][l];
