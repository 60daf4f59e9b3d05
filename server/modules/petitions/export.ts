/** The staff list as .xlsx: what the list shows, never a confidential case's text or anyone's identity. */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { writeAudit } from '../../kernel/audit';
import { rows } from '../../kernel/db/sql';
import type { CaseListQuery } from '../../../common/petitions';
import { listWhere, SELECT_CASE, type CaseRow } from './cases.service';
import { kindLabel, statusLabel } from './labels';
import { todayVN } from '../../kernel/clock';

const MAX_ROWS = 50_000;

export async function casesXlsx(ctx: Ctx, q: CaseListQuery): Promise<{ name: string; data: Buffer }> {
  requireActor(ctx);
  const items = await rows<CaseRow>(ctx.db, sql`${SELECT_CASE(ctx.locale)} WHERE ${listWhere(ctx, q)} ORDER BY c.received_at DESC NULLS LAST, c.id DESC NULLS LAST LIMIT ${MAX_ROWS}`);
  const loc = ctx.locale === 'en' ? 'en' : 'vi';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(loc === 'en' ? 'Cases' : 'Vụ việc');
  const vi = loc === 'vi';
  ws.columns = [
    { header: vi ? 'Mã theo dõi' : 'Tracking code', key: 'code', width: 17 },
    { header: vi ? 'Ngày nhận' : 'Received', key: 'received', width: 12 },
    { header: vi ? 'Loại' : 'Kind', key: 'kind', width: 20 },
    { header: vi ? 'Lĩnh vực' : 'Category', key: 'category', width: 30 },
    { header: vi ? 'Nội dung' : 'Text', key: 'text', width: 60 },
    { header: vi ? 'Địa bàn' : 'Place', key: 'area', width: 30 },
    { header: vi ? 'Số người ký' : 'Signatories', key: 'sig', width: 10 },
    { header: vi ? 'Nơi tiếp nhận' : 'Received by', key: 'recv', width: 30 },
    { header: vi ? 'Cơ quan giải quyết' : 'Responsible body', key: 'body', width: 30 },
    { header: vi ? 'Trạng thái' : 'Status', key: 'status', width: 16 },
    { header: vi ? 'Hạn' : 'Due', key: 'due', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  const d = (s: string | null) => (s ? `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}` : '');
  for (const c of items) {
    ws.addRow({
      code: c.trackingCode, received: d(c.receivedAt.slice(0, 10)), kind: kindLabel(c.kind, loc), category: c.categoryName,
      text: c.confidential ? (vi ? '[Nội dung bảo mật]' : '[Confidential]') : c.text, area: c.areaName ?? '', sig: c.signatories,
      recv: c.receivingUnitName, body: c.responsibleUnitName ?? '', status: statusLabel(c.status, loc), due: d(c.dueDate),
    });
  }
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(ctx, { action: 'cases.export', entity: 'case', after: { rows: items.length, filters: q } });
  return { name: `vu-viec-${todayVN()}.xlsx`, data };
}
