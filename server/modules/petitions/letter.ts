/**
 * The forwarding letter (công văn chuyển đơn) from the receiving Front body to the competent body,
 * as .docx in the state-document format (Nghị định 30/2020/NĐ-CP, Annex I; Front documents use
 * state-style headers): A4, Times New Roman, margins 20/20/30/15 mm, national motto, "Số: …", place
 * and date in italics, summary under the number, "Nơi nhận:" bold italic. A denouncer's identity is
 * never written into it.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { AppError } from '../../kernel/errors';
import { one } from '../../kernel/db/sql';
import { writeAudit } from '../../kernel/audit';
import { loadCase } from './cases.service';
import { identityKey, readSender } from './petitions.crypto';
import { kindLabel } from './labels';
import { todayVN } from './deadlines';

const FONT = 'Times New Roman';
const mm = (x: number) => Math.round((x / 25.4) * 1440);
const run = (text: string, o: { size?: number; bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: (o.size ?? 14) * 2, bold: o.bold, italics: o.italics, underline: o.underline ? {} : undefined });
const p = (children: TextRun[], o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number; indent?: boolean } = {}) =>
  new Paragraph({ children, alignment: o.align, spacing: { after: o.after ?? 0, line: 312 }, indent: o.indent ? { firstLine: mm(12.7) } : undefined });
const noBorders = { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } };
const cell = (children: Paragraph[], pct: number) => new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE }, borders: noBorders });

export async function forwardingLetter(ctx: Ctx, id: number): Promise<{ name: string; data: Buffer }> {
  const c = await loadCase(ctx, id, 'cases.handle');
  if (!c.responsibleUnitId) throw new AppError('NOT_ROUTED', 409, {}, 'petitions.not_routed');
  const from = (await one<{ name: string; areaName: string | null; parentName: string | null }>(ctx.db, sql`
    SELECT u.name, a.name AS "areaName", pu.name AS "parentName" FROM units u LEFT JOIN areas a ON a.id = u.area_id LEFT JOIN units pu ON pu.id = u.parent_id WHERE u.id = ${c.receivingUnitId}`))!;
  const [y, m, d] = todayVN().split('-');
  const place = from.areaName ?? '';
  let senderLine = '';
  if (c.confidential) senderLine = 'Thông tin về người tố cáo được giữ bí mật theo quy định của Luật Tố cáo.';
  else if (c.identityEnc) {
    const s = readSender(await identityKey(ctx.db), c.identityEnc);
    if (s?.name) senderLine = `Người gửi: ${s.name}${s.address ? `, địa chỉ: ${s.address}` : ''}${c.signatories > 1 ? ` (đại diện cho ${c.signatories} người cùng ký)` : ''}.`;
  }
  const kind = kindLabel(c.kind, 'vi').toLowerCase();
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...noBorders, insideHorizontal: noBorders.top, insideVertical: noBorders.top },
    rows: [new TableRow({ children: [
      cell([
        p([run((from.parentName ?? 'ỦY BAN MTTQ VIỆT NAM').toUpperCase(), { size: 13 })], { align: AlignmentType.CENTER }),
        p([run(from.name.toUpperCase(), { size: 13, bold: true })], { align: AlignmentType.CENTER }),
        p([run('———', { size: 13 })], { align: AlignmentType.CENTER }),
        p([run(`Số:       /CV-MTTQ-BTT`, { size: 13 })], { align: AlignmentType.CENTER }),
        p([run(`V/v chuyển đơn ${kind} mã ${c.trackingCode}`, { size: 12, italics: true })], { align: AlignmentType.CENTER }),
      ], 42),
      cell([
        p([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 13, bold: true })], { align: AlignmentType.CENTER }),
        p([run('Độc lập - Tự do - Hạnh phúc', { size: 14, bold: true, underline: true })], { align: AlignmentType.CENTER, after: 240 }),
        p([run(`${place}, ngày ${d} tháng ${m} năm ${y}`, { size: 14, italics: true })], { align: AlignmentType.CENTER }),
      ], 58),
    ] })],
  });
  const body = [
    p([run('')], { after: 120 }),
    p([run('Kính gửi: ', { size: 14 }), run(c.responsibleUnitName ?? '', { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 240 }),
    p([run(`Ngày ${c.receivedAt.slice(8, 10)}/${c.receivedAt.slice(5, 7)}/${c.receivedAt.slice(0, 4)}, ${from.name} tiếp nhận đơn ${kind} (mã theo dõi ${c.trackingCode}), lĩnh vực: ${c.categoryName.toLowerCase()}${c.areaName ? `, tại ${c.areaName}` : ''}.`)], { indent: true, after: 120 }),
    ...(senderLine ? [p([run(senderLine)], { indent: true, after: 120 })] : []),
    p([run(`Căn cứ nội dung đơn và thẩm quyền giải quyết, ${from.name} chuyển đơn đến ${c.responsibleUnitName} để xem xét, giải quyết theo thẩm quyền và thông báo kết quả cho người gửi đơn và ${from.name} theo quy định.`)], { indent: true, after: 120 }),
    p([run(`(Gửi kèm theo bản sao đơn${c.confidential ? ' đã được che thông tin người tố cáo' : ''}.)`, { italics: true })], { indent: true, after: 360 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { ...noBorders, insideHorizontal: noBorders.top, insideVertical: noBorders.top },
      rows: [new TableRow({ children: [
        cell([
          p([run('Nơi nhận:', { size: 12, bold: true, italics: true })]),
          p([run(`- Như trên;`, { size: 11 })]),
          p([run(`- Người gửi đơn (để biết);`, { size: 11 })]),
          p([run(`- Lưu: VT, hồ sơ ${c.trackingCode}.`, { size: 11 })]),
        ], 45),
        cell([
          p([run('TM. BAN THƯỜNG TRỰC', { size: 14, bold: true })], { align: AlignmentType.CENTER }),
          p([run('CHỦ TỊCH', { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 1200 }),
        ], 55),
      ] })],
    }),
  ];
  const doc = new Document({
    creator: 'Dân Vận', title: `Công văn chuyển đơn ${c.trackingCode}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{ properties: { page: { size: { width: mm(210), height: mm(297) }, margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } } }, children: [header, ...body] }],
  });
  const data = await Packer.toBuffer(doc);
  await writeAudit(ctx, { action: 'cases.letter', entity: 'case', entityId: id, unitId: c.receivingUnitId, after: { responsibleUnitId: c.responsibleUnitId } });
  return { name: `cong-van-chuyen-don-${c.trackingCode}.docx`, data: Buffer.from(data) };
}
