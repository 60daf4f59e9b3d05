/**
 * Demo data: the founding notice as a directive of the city's Party committee with its tasks
 * assigned to the demo units, a few progress reports (one task overdue), dissemination sessions,
 * a coordination regulation between the Front and the People's Committee with its yearly review,
 * and a generated annual report.
 */
import { sql } from 'drizzle-orm';
import type { SeedContext } from '../../kernel/module';
import type { Ctx } from '../../kernel/context';
import { loadActor } from '../../kernel/auth';
import { one } from '../../kernel/db/sql';
import { NOTICE_62_TEXT } from './demo/notice-62-KL-TW';
import * as svc from './directives.service';
import * as diss from './dissemination.service';
import * as prog from './programs.service';
import { generateReport } from './reports.service';
import { todayVN } from './directives.scope';
import type { TaskInput } from '../../../common/directives';

/** The notice's paragraphs, with the page breaks of the published copy mended. */
export function noticeParagraphs(text = NOTICE_62_TEXT): string[] {
  const out: string[] = [];
  for (const p of text.split(/\n\s*\n/).map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean)) {
    if (out.length && /^[a-zà-ỹđ]/.test(p)) out[out.length - 1] += ' ' + p;
    else out.push(p);
  }
  return out;
}

const addDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);

export async function seedDirectivesDemo(s: SeedContext): Promise<void> {
  // The server seeds the demo before it builds the app; the permission checks below need the
  // modules' permissions registered (idempotent).
  const { registerModules } = await import('../../app');
  registerModules();
  const today = todayVN();
  const year = Number(today.slice(0, 4));
  const unit = async (code: string) => {
    const u = await s.unitByCode(code);
    if (!u) throw new Error(`demo unit ${code} missing`);
    return u.id;
  };
  const adminRow = await one<{ id: number }>(s.handle.db, sql`SELECT id FROM users WHERE username = 'admin'`);
  const admin = adminRow ? await loadActor(s.handle.db, adminRow.id) : undefined;
  if (!admin) { s.log('directives demo: no admin user, skipped'); return; }
  const ctx: Ctx = { ...s.ctx, actor: admin };
  const P = s.province.code;
  const [dang, btgdv, ubnd, mttq] = await Promise.all([unit(`DANG-${P}`), unit(`BTGDV-${P}`), unit(`UBND-${P}`), unit(`MTTQ-${P}`)]);
  const orgs = await Promise.all(['DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN'].map((o) => unit(`${o}-${P}`)));

  const paras = noticeParagraphs();
  const para = (prefix: string) => {
    const p = paras.find((x) => x.startsWith(prefix));
    if (!p) throw new Error(`notice paragraph "${prefix}" not found`);
    return p;
  };
  const strip = (p: string) => p.replace(/^\d+(\.\d+)?[.-]\s*/, '');
  const endOfYear = `${year}-12-31`;
  const tasks: TaskInput[] = [
    { ordinal: '1', title: strip(para('1. Tiếp tục quán triệt')), leadUnitId: dang, coordinatorUnitIds: [btgdv, ubnd, mttq, ...orgs], deadline: endOfYear, recurrence: 'none', indicatorCodes: ['dissemination.sessions', 'dissemination.attendance'], expectedResult: 'Các cấp ủy, chính quyền, Mặt trận và đoàn thể tổ chức quán triệt; chuyển biến về nhận thức, trách nhiệm.' },
    // Overdue in the demo: due a few weeks ago, not done.
    { ordinal: '2', title: strip(para('2. Các cấp ủy Đảng')), leadUnitId: dang, coordinatorUnitIds: [btgdv], deadline: addDays(today, -26), recurrence: 'none', indicatorCodes: [], expectedResult: 'Quy hoạch, đào tạo, bố trí cán bộ Mặt trận và đoàn thể các cấp được rà soát, bổ sung.' },
    { ordinal: '3', title: strip(para('3. Các cấp chính quyền')), leadUnitId: ubnd, coordinatorUnitIds: [mttq], deadline: `${year}-12-15`, recurrence: 'none', indicatorCodes: [], expectedResult: 'Quy chế phối hợp giữa UBND và MTTQ, các đoàn thể cùng cấp được rà soát, bổ sung và thực hiện.' },
    { ordinal: '4', title: strip(para('4. Mặt trận Tổ quốc Việt Nam, các đoàn thể')), leadUnitId: mttq, coordinatorUnitIds: orgs, deadline: endOfYear, recurrence: 'none', indicatorCodes: [], expectedResult: 'Đề án đổi mới nội dung, phương thức hoạt động được rà soát, bổ sung.' },
    { ordinal: '4.1', parentOrdinal: '4', title: strip(para('4.1-')), leadUnitId: mttq, coordinatorUnitIds: orgs, deadline: endOfYear, recurrence: 'none', indicatorCodes: [] },
    { ordinal: '4.2', parentOrdinal: '4', title: strip(para('4.2-')), leadUnitId: mttq, coordinatorUnitIds: orgs, deadline: `${year}-11-18`, recurrence: 'none', indicatorCodes: [] },
    { ordinal: '4.3', parentOrdinal: '4', title: strip(para('4.3-')), leadUnitId: mttq, coordinatorUnitIds: orgs, deadline: endOfYear, recurrence: 'none', indicatorCodes: [] },
    // The last paragraph: the Ban Dân vận follows the notice and reports every year.
    { ordinal: '5', title: para('Giao Ban Dân vận Tỉnh ủy'), leadUnitId: btgdv, coordinatorUnitIds: [mttq], recurrence: 'yearly', dueMonthDay: '12-15', startYear: year - 1, indicatorCodes: ['tasks.total', 'tasks.done', 'tasks.overdue'], expectedResult: 'Báo cáo kết quả thực hiện hằng năm gửi Ban Thường vụ.' },
  ];
  const noi = NOTICE_62_TEXT.slice(NOTICE_62_TEXT.indexOf('Nơi nhận:') + 'Nơi nhận:'.length, NOTICE_62_TEXT.indexOf('CHÁNH VĂN PHÒNG')).trim();
  const d = await svc.createDirective(ctx, {
    issuerUnitId: dang, kind: 'notice', number: null, symbol: 'TB/TU', issuedOn: null,
    issuingBody: 'Thường trực Tỉnh ủy Quảng Nam',
    signer: 'Lê Tấn Lai', signerTitle: 'Chánh Văn phòng',
    title: 'Kết luận của Thường trực Tỉnh ủy tại Hội nghị sơ kết 05 năm (2009 - 2014) thực hiện Kết luận số 62-KL/TW của Bộ Chính trị (khóa X) về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội',
    body: NOTICE_62_TEXT, recipientsText: noi,
    recipientUnitIds: [btgdv, ubnd, mttq, ...orgs],
    tasks,
  });
  const byOrd = (o: string, y?: number) => d.tasks.find((t) => t.ordinal === o && (y === undefined ? t.kind !== 'series' : t.periodYear === y))!;
  await svc.acknowledge(ctx, d.id, mttq);
  await svc.acknowledge(ctx, d.id, orgs[1]);
  await svc.acknowledge(ctx, d.id, btgdv);

  const rep = (o: string, input: Parameters<typeof svc.reportProgress>[2], y?: number) => svc.reportProgress(ctx, byOrd(o, y).id, input);
  await rep('1', { status: 'in_progress', percent: 60, narrative: 'Thành ủy đã tổ chức hội nghị quán triệt cho cán bộ chủ chốt; các đảng bộ trực thuộc đang triển khai.', evidenceFileIds: [], reportedOn: addDays(today, -40) });
  await rep('2', { status: 'in_progress', percent: 40, narrative: 'Đã rà soát quy hoạch cán bộ Mặt trận, đoàn thể cấp thành phố; cấp xã chưa hoàn thành.', evidenceFileIds: [], reportedOn: addDays(today, -35) });
  await rep('3', { status: 'in_progress', percent: 70, narrative: 'UBND thành phố và Ban Thường trực UBMTTQ đã thống nhất dự thảo quy chế phối hợp sửa đổi.', evidenceFileIds: [], reportedOn: addDays(today, -20) });
  await rep('3', { unitId: mttq, status: 'in_progress', percent: 70, narrative: 'Ban Thường trực UBMTTQ đã góp ý dự thảo quy chế, đề nghị bổ sung điều khoản về giám sát, phản biện xã hội.', evidenceFileIds: [], reportedOn: addDays(today, -18) });
  await rep('4.2', { status: 'done', percent: 100, narrative: 'Tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại 100% khu dân cư; biểu dương các mô hình "Dân vận khéo".', evidenceFileIds: [], reportedOn: `${year}-11-18` });
  await rep('5', { status: 'done', percent: 100, narrative: `Đã báo cáo Ban Thường vụ kết quả thực hiện năm ${year - 1}.`, evidenceFileIds: [], reportedOn: `${year - 1}-12-12` }, year - 1);
  await rep('5', { status: 'in_progress', percent: 40, narrative: `Đang tổng hợp báo cáo của các đơn vị cho báo cáo năm ${year}.`, evidenceFileIds: [], reportedOn: addDays(today, -5) }, year);

  await diss.addSession(ctx, d.id, { unitId: dang, heldOn: addDays(today, -60), audience: 'Cán bộ chủ chốt thành phố', attendanceByGroup: { 'Thành ủy viên': 55, 'Lãnh đạo sở, ngành, Mặt trận, đoàn thể': 140, 'Bí thư đảng ủy xã, phường': 60 }, attendees: [], materials: 'Thông báo kết luận; tài liệu hỏi - đáp' });
  await diss.addSession(ctx, d.id, { unitId: mttq, heldOn: addDays(today, -50), audience: 'Ủy viên Ủy ban MTTQ thành phố và cán bộ các đoàn thể', attendanceByGroup: { 'Ủy viên Ủy ban': 85, 'Cán bộ đoàn thể': 40 }, attendees: [], materials: null });
  const pnTamky = await s.unitByCode('PHUNU-20341');
  if (pnTamky) {
    await diss.addSession(ctx, d.id, { unitId: pnTamky.id, heldOn: addDays(today, -30), audience: 'Chi hội trưởng phụ nữ phường Tam Kỳ', attendanceByGroup: { 'Chi hội trưởng': 12, 'Hội viên nòng cốt': 30 }, attendees: [{ name: 'Nguyễn Thị Mai', group: 'Chi hội trưởng' }, { name: 'Trần Thị Thu', group: 'Chi hội trưởng' }], materials: null });
  }

  const reg = await prog.createProgram(ctx, {
    unitId: mttq, kind: 'regulation', number: '01/QCPH-UBND-MTTQ',
    title: 'Quy chế phối hợp công tác giữa Ủy ban nhân dân thành phố và Ban Thường trực Ủy ban MTTQ Việt Nam thành phố',
    signedOn: '2025-08-15', periodFrom: '2025-08-15', periodTo: '2030-08-14',
    body: 'Quy chế quy định nguyên tắc, nội dung và phương thức phối hợp giữa hai bên nhằm phát huy quyền làm chủ của nhân dân, tăng cường khối đại đoàn kết toàn dân tộc.',
    parties: [{ unitId: ubnd, label: 'Bên A' }, { unitId: mttq, label: 'Bên B' }],
    clauses: [
      { ordinal: '1', text: 'Thông báo tình hình kinh tế - xã hội định kỳ 6 tháng cho Ban Thường trực UBMTTQ.', ownerUnitId: ubnd, deadline: null },
      { ordinal: '2', text: 'Xem xét, trả lời kiến nghị của MTTQ trong thời hạn 30 ngày.', ownerUnitId: ubnd, deadline: null },
      { ordinal: '3', text: 'Tổng hợp ý kiến, kiến nghị của cử tri và nhân dân gửi UBND trước mỗi kỳ họp Hội đồng nhân dân.', ownerUnitId: mttq, deadline: null },
      { ordinal: '4', text: 'Chủ trì tổ chức Ngày hội Đại đoàn kết toàn dân tộc (18/11) ở tất cả khu dân cư.', ownerUnitId: mttq, deadline: `${year}-11-18` },
      { ordinal: '5', text: 'Hai bên kiểm điểm việc thực hiện quy chế hằng năm trong tháng 12.', ownerUnitId: ubnd, deadline: null },
    ],
  });
  if (year - 1 >= 2025) {
    await prog.addReview(ctx, reg.id, {
      year: year - 1, heldOn: `${year - 1}-12-20`,
      summary: 'Hai bên thực hiện nghiêm quy chế; UBND đã thông báo tình hình kinh tế - xã hội 6 tháng; một số kiến nghị của MTTQ được trả lời chậm.',
      nextSteps: 'Rút ngắn thời gian trả lời kiến nghị; bổ sung điều khoản giám sát, phản biện xã hội.',
      clauseResults: [{ clauseId: reg.clauses.find((c) => c.ordinal === '3')!.id, status: 'open', note: 'Đã thực hiện 2 đợt trong năm.' }],
    });
  }
  await prog.updateClause(ctx, reg.id, reg.clauses.find((c) => c.ordinal === '4')!.id, { version: 1, status: 'done', note: `Đã tổ chức năm ${year}.` });

  // The annual report, as the Ban Dân vận would generate it.
  const bdvRow = await one<{ id: number }>(s.handle.db, sql`SELECT id FROM users WHERE username = 'bdv.tinh'`);
  const bdv = bdvRow ? await loadActor(s.handle.db, bdvRow.id) : undefined;
  await generateReport({ ...ctx, actor: bdv ?? admin }, { unitId: btgdv, kind: 'annual', period: String(year), format: 'docx' });
  s.log(`demo: directives — thông báo kết luận với ${d.tasks.length} nhiệm vụ, 1 quy chế phối hợp, 1 báo cáo năm ${year}`);
}
