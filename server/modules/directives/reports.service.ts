/**
 * The report generator. A draft is computed from the records: the report unit's "area units" (each
 * organization's body at the unit's area — for the province's Ban Dân vận, the province bodies of
 * the Party, the Front, every organization and the People's Committee) are asked for figures
 * through the kernel registry, and this module's own tables fill the directives, tasks,
 * dissemination and programs sections. Every number carries its provenance: the figure code and
 * the query (unit, period) that reproduces it. Sections for modules that are not installed are
 * left out. The user edits the header and the sections, then exports to .docx or .xlsx; the
 * generated report is stored with its sections and provenance.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { inScope, loadAuthorized } from '../../kernel/access/policy';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { computeFigure, findExport, findFigure, renderFigureBasis, toFigureValue } from '../../kernel/registry';
import { saveFile, DOCX_MIME, XLSX_MIME } from '../../kernel/files';
import type { FigureQuery, FigureValue } from '../../kernel/module';
import {
  numberSymbol, periodRange, type FigureRef, type GenerateInput, type ReportDraft, type ReportHeader, type ReportKind,
  type ReportSection, type ReportTable, type zStoredReport, type zStoredReportDetail, type zFigureValue,
} from '../../../common/directives';
import { activeInExpr, overdueExpr, todayVN } from './directives.scope';
import { STORED_FROM, STORED_SELECT, TASK_FROM, UNIT_FROM, UNIT_SELECT, type ReportUnit } from './directives.repo';
import { programVisible } from './programs.service';
import { renderDocx } from './reports.docx';
import { renderXlsx } from './reports.xlsx';

export type { ReportUnit } from './directives.repo';

/** The report unit, if the caller may generate reports for it: 404 when invisible, 403 when only readable. */
export const reportUnit = (ctx: Ctx, unitId: number): Promise<ReportUnit> => loadAuthorized<ReportUnit>(ctx, 'directives.report_unit', unitId, 'reports.generate');

/**
 * Each organization's body at the report unit's area that the caller may report on (the report unit
 * first). Without an area, the report unit alone.
 */
export async function areaUnits(ctx: Ctx, r: ReportUnit): Promise<ReportUnit[]> {
  if (!r.areaPath) return [r];
  const list = await rows<ReportUnit>(ctx.db, sql`SELECT ${UNIT_SELECT} FROM ${UNIT_FROM}
    WHERE u.area_path = ${r.areaPath}::ltree AND u.closed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM units p WHERE p.id = u.parent_id AND p.area_path = u.area_path)
      AND ${inScope(ctx, 'directives.report_unit', 'reports.generate')}
    ORDER BY o.sort_order, u.name`);
  return [r, ...list.filter((u) => u.id !== r.id)];
}

const fq = (u: ReportUnit, from: string, to: string): FigureQuery => ({ unitId: u.id, unitPath: u.path, areaPath: u.areaPath, organizationId: u.organizationId, from, to });
export const figureLink = (code: string, unitId: number, from: string, to: string) => `/api/directives/figures/${encodeURIComponent(code)}?unitId=${unitId}&from=${from}&to=${to}`;
export const exportLink = (code: string, unitId: number, from: string, to: string) => `/api/directives/exports/${encodeURIComponent(code)}?unitId=${unitId}&from=${from}&to=${to}`;

const nf = new Intl.NumberFormat('vi-VN');
const fmtNum = (v: number | null) => (v === null ? '—' : nf.format(v));
const fmtDate = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');
const STATUS_VI: Record<string, string> = { not_started: 'Chưa thực hiện', in_progress: 'Đang thực hiện', done: 'Hoàn thành', cancelled: 'Đã hủy' };

const periodWords = (kind: ReportKind, period: string) => {
  if (kind === 'annual') return `năm ${period}`;
  if (kind === 'semiannual') return `${period.endsWith('H1') ? '6 tháng đầu năm' : '6 tháng cuối năm'} ${period.slice(0, 4)}`;
  return `giai đoạn ${period.slice(0, 4)} - ${period.slice(5)}`;
};

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** Header defaults after HD 36-HD/VPTW, derived from the report unit. */
async function defaultHeader(ctx: Ctx, r: ReportUnit, kind: ReportKind, period: string): Promise<ReportHeader> {
  const province = r.areaPath
    ? await one<{ name: string; type: string }>(ctx.db, sql`SELECT name, type FROM areas WHERE path = subpath(${r.areaPath}::ltree, 0, 1)`)
    : undefined;
  const provinceWords = province ? `${province.type} ${province.name}` : '';
  const issuer = province && r.name.endsWith(` ${province.name}`) && r.areaName === province.name ? r.name.slice(0, -province.name.length - 1) : r.name;
  const orgAbbr: Record<string, string> = { DANG: 'TU', BTGDV: 'BTGDVTU', MTTQ: 'MTTQ', UBND: 'UBND' };
  const onBehalf: Record<string, [string, string]> = {
    DANG: ['T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ'], BTGDV: ['K/T TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN'], MTTQ: ['T/M BAN THƯỜNG TRỰC', 'CHỦ TỊCH'], UBND: ['T/M ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'],
  };
  const [behalf, title] = onBehalf[r.orgCode] ?? ['T/M BAN THƯỜNG VỤ', 'CHỦ TỊCH'];
  const place = r.areaName ?? province?.name ?? '';
  return {
    superiorBody: province ? upper(`Đảng bộ ${provinceWords}`) : '',
    issuerName: upper(issuer),
    number: '',
    symbol: `BC/${orgAbbr[r.orgCode] ?? r.orgCode}`,
    place,
    date: todayVN(),
    docType: 'BÁO CÁO',
    summary: `Kết quả thực hiện các văn bản chỉ đạo, chương trình phối hợp và công tác dân vận ${periodWords(kind, period)}`,
    onBehalf: behalf,
    signerTitle: title,
    signerName: '',
    recipients: [
      r.orgCode === 'DANG' ? 'Ban Thường vụ Tỉnh ủy (b/c)' : `Thường trực cấp ủy (b/c)`,
      'Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội cùng cấp',
      'Các đơn vị chủ trì, phối hợp',
      'Lưu Văn phòng.',
    ],
  };
}

export const DEFAULT_SECTIONS: ReportSection[] = [
  { key: 'intro', kind: 'text', title: '', enabled: true, text: '' },
  { key: 'directives', kind: 'directives', title: 'I. VIỆC TRIỂN KHAI CÁC VĂN BẢN CHỈ ĐẠO', enabled: true, text: '' },
  { key: 'tasks', kind: 'tasks', title: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO', enabled: true, text: '' },
  { key: 'dissemination', kind: 'dissemination', title: 'III. CÔNG TÁC QUÁN TRIỆT, TUYÊN TRUYỀN', enabled: true, text: '' },
  { key: 'programs', kind: 'programs', title: 'IV. THỰC HIỆN QUY CHẾ, CHƯƠNG TRÌNH PHỐI HỢP', enabled: true, text: '' },
  { key: 'members', kind: 'members', title: 'V. CÔNG TÁC TẬP HỢP, PHÁT TRIỂN ĐOÀN VIÊN, HỘI VIÊN', enabled: true, text: '' },
  { key: 'movements', kind: 'movements', title: 'VI. CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG', enabled: true, text: '' },
  { key: 'petitions', kind: 'petitions', title: 'VII. TIẾP NHẬN, GIẢI QUYẾT KIẾN NGHỊ, PHẢN ÁNH CỦA NHÂN DÂN', enabled: true, text: '' },
  { key: 'assessment', kind: 'text', title: 'VIII. ĐÁNH GIÁ CHUNG', enabled: true, text: '' },
  { key: 'next', kind: 'text', title: 'IX. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI', enabled: true, text: '' },
];

const MEMBER_FIGURES = ['members.memberships', 'members.people', 'members.joined', 'members.left', 'members.core', 'members.gathering_rate'];
const PETITION_FIGURES = ['cases.received', 'cases.answered', 'cases.answered_on_time', 'cases.overdue'];
const TABLE_ROW_CAP = 300;
const OPEN_TASKS_IN_DOCUMENT = 100;

/** Whether a module-fed section has anything registered to draw on. */
function sectionAvailable(kind: ReportSection['kind']): boolean {
  if (kind === 'members') return MEMBER_FIGURES.some((c) => findFigure(c)) || !!findExport('members.by_unit');
  if (kind === 'movements') return !!findExport('movements.indicators');
  if (kind === 'petitions') return PETITION_FIGURES.some((c) => findFigure(c)) || !!findExport('petitions.summary');
  return true;
}

type Builder = {
  ctx: Ctx; r: ReportUnit; units: ReportUnit[]; from: string; to: string;
  figures: FigureRef[]; tables: ReportTable[];
};

/** Compute one registered figure for a unit; a figure that fails for the caller is null ("—"). */
async function figureFor(b: Builder, code: string, u: ReportUnit): Promise<FigureValue> {
  return (await computeFigure(b.ctx, code, fq(u, b.from, b.to))) ?? { value: null, basis: null, covers: 'subtree' };
}

/** Record where a figure came from, and what it counted. */
function recordFigure(b: Builder, section: string, code: string, u: ReportUnit, v: FigureValue): void {
  const f = findFigure(code)!;
  b.figures.push({
    key: `${section}:${code}:${u.id}`, section, code, label: f.label[b.ctx.locale], value: v.value, measure: f.measure,
    query: { unitId: u.id, unitCode: u.code, unitName: u.name, from: b.from, to: b.to }, link: figureLink(code, u.id, b.from, b.to),
    basis: renderFigureBasis(b.ctx.locale, v.basis),
  });
}

/**
 * A table of figures: one row per area unit, one column per registered figure, and a total row for
 * counts. The figures are computed concurrently (the pool bounds the parallelism).
 */
async function figureTable(b: Builder, section: string, title: string, codes: string[]): Promise<{ totals: Record<string, number> } | null> {
  const present = codes.filter((c) => findFigure(c));
  if (present.length === 0) return null;
  const values = await Promise.all(b.units.map((u) => Promise.all(present.map((c) => figureFor(b, c, u)))));
  const tableRows: (string | number | null)[][] = [];
  const totals: Record<string, number> = {};
  const notes: string[] = [];
  b.units.forEach((u, i) => {
    tableRows.push([u.name, ...values[i].map((v) => v.value)]);
    present.forEach((c, j) => {
      const v = values[i][j];
      recordFigure(b, section, c, u, v);
      // A federating unit's count (the Front's) already holds the member organizations' own: adding it would count them twice.
      if (v.value !== null && v.covers !== 'area') totals[c] = (totals[c] ?? 0) + v.value;
    });
    const federated = values[i].find((v) => v.covers === 'area' && v.basis);
    if (federated) notes.push(`${u.name}: ${renderFigureBasis(b.ctx.locale, federated.basis)} ${b.units.length > 1 ? 'Số của đơn vị này gồm số của các tổ chức thành viên nên không cộng vào dòng Tổng cộng.' : ''}`.trim());
  });
  const additive = (c: string) => findFigure(c)!.measure !== '%';
  if (b.units.length > 1) tableRows.push(['Tổng cộng', ...present.map((c) => (additive(c) ? totals[c] ?? 0 : null))]);
  b.tables.push({ section, title, columns: ['Đơn vị', ...present.map((c) => columnLabel(b, c))], rows: tableRows, ...(notes.length ? { notes } : {}) });
  return { totals };
}

/** "Label (measure)", unless the label already ends with its measure. */
function columnLabel(b: Builder, code: string): string {
  const f = findFigure(code)!;
  const label = f.label[b.ctx.locale];
  return label.endsWith(`(${f.measure})`) ? label : `${label} (${f.measure})`;
}

/** A table pulled from another module's export, for each area unit. */
async function exportTable(b: Builder, section: string, code: string, title: string): Promise<void> {
  const e = findExport(code);
  if (!e) return;
  const lists = await Promise.all(b.units.map((u) => e.rows(b.ctx, fq(u, b.from, b.to)).catch(() => [] as Record<string, unknown>[])));
  const out: (string | number | null)[][] = [];
  let more = 0;
  b.units.forEach((u, i) => {
    b.figures.push({
      key: `${section}:${code}:${u.id}`, section, code, label: `${e.label[b.ctx.locale]} (số dòng)`, value: lists[i].length, measure: 'dòng',
      query: { unitId: u.id, unitCode: u.code, unitName: u.name, from: b.from, to: b.to }, link: exportLink(code, u.id, b.from, b.to),
    });
    for (const row of lists[i]) {
      if (out.length >= TABLE_ROW_CAP) { more++; continue; }
      out.push([u.name, ...e.columns.map((c) => cell(row[c.key]))]);
    }
  });
  if (out.length === 0) return;
  b.tables.push({ section, title: more ? `${title} (${TABLE_ROW_CAP} dòng đầu, còn ${more} dòng)` : title, columns: ['Đơn vị', ...e.columns.map((c) => c.label[b.ctx.locale])], rows: out });
}

function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (v instanceof Date) return fmtDate(v.toISOString().slice(0, 10));
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? fmtDate(s) : s;
}

/** Where the report's own rows live: tasks led by units in the report unit's area (or subtree). */
const inReportArea = (r: ReportUnit, alias: string) =>
  r.areaPath ? sql`${sql.raw(`${alias}.area_path`)} <@ ${r.areaPath}::ltree` : sql`${sql.raw(`${alias}.path`)} <@ ${r.path}::ltree`;

async function directivesSection(b: Builder): Promise<void> {
  const asOf = b.to < todayVN() ? b.to : todayVN();
  const list = await rows<{ id: number; number: string | null; symbol: string | null; issuedOn: string | null; title: string; issuingBody: string; total: number; done: number; inProgress: number; overdue: number }>(b.ctx.db, sql`
    SELECT d.id, d.number, d.symbol, d.issued_on AS "issuedOn", d.title, d.issuing_body AS "issuingBody",
      count(*)::int AS total, count(*) FILTER (WHERE t.status = 'done' AND t.done_on <= ${b.to}::date)::int AS done,
      count(*) FILTER (WHERE t.status = 'in_progress')::int AS "inProgress",
      count(*) FILTER (WHERE t.deadline < ${asOf}::date AND NOT (t.status = 'done' AND t.done_on <= ${asOf}::date))::int AS overdue
    FROM ${TASK_FROM}
    WHERE ${activeInExpr(b.from, b.to)} AND (${inReportArea(b.r, 'lu')} OR ${inReportArea(b.r, 'iu')}) AND ${inScope(b.ctx, 'directives.task', 'directives.read')}
    GROUP BY d.id ORDER BY d.issued_on NULLS LAST, d.id LIMIT ${TABLE_ROW_CAP}`);
  b.tables.push({
    section: 'directives', title: 'Tình hình thực hiện các văn bản chỉ đạo',
    columns: ['Số, ký hiệu', 'Ngày ban hành', 'Trích yếu', 'Cơ quan ban hành', 'Số nhiệm vụ', 'Hoàn thành', 'Đang thực hiện', 'Quá hạn'],
    rows: list.map((d) => [numberSymbol(d.number, d.symbol) || '(không số)', fmtDate(d.issuedOn), d.title, d.issuingBody, d.total, d.done, d.inProgress, d.overdue]),
  });
}

async function tasksSection(b: Builder): Promise<Record<string, number>> {
  const t = await figureTable(b, 'tasks', 'Nhiệm vụ theo đơn vị chủ trì', ['tasks.total', 'tasks.done', 'tasks.overdue']);
  const asOf = b.to < todayVN() ? b.to : todayVN();
  // Open and overdue tasks by name (overdue first): what the Standing Committee needs to act on.
  // The document lists the first OPEN_TASKS_IN_DOCUMENT; the .xlsx export of the task table has them all.
  const openWhere = sql`${activeInExpr(b.from, b.to)} AND ${inReportArea(b.r, 'lu')} AND ${inScope(b.ctx, 'directives.task', 'directives.read')} AND NOT (t.status = 'done' AND t.done_on <= ${b.to}::date)`;
  const [open, count] = await Promise.all([
    rows<{ n: string | null; s: string | null; ordinal: string; periodYear: number | null; title: string; lead: string; deadline: string | null; status: string; percent: number; overdue: boolean }>(b.ctx.db, sql`
      SELECT d.number AS n, d.symbol AS s, t.ordinal, t.period_year AS "periodYear", t.title, lu.name AS lead, t.deadline, t.status, t.percent, ${overdueExpr(asOf)} AS overdue
      FROM ${TASK_FROM} WHERE ${openWhere}
      ORDER BY ${overdueExpr(asOf)} DESC, t.deadline NULLS LAST, t.id LIMIT ${OPEN_TASKS_IN_DOCUMENT}`),
    one<{ n: number }>(b.ctx.db, sql`SELECT count(*)::int AS n FROM ${TASK_FROM} WHERE ${openWhere}`),
  ]);
  const all = count?.n ?? open.length;
  b.tables.push({
    section: 'tasks', title: all > open.length ? `Nhiệm vụ chưa hoàn thành (${open.length} trong số ${all}, quá hạn trước)` : 'Nhiệm vụ chưa hoàn thành',
    columns: ['Văn bản', 'Mục', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Hạn', 'Tiến độ', 'Tình trạng'],
    rows: open.map((x) => [numberSymbol(x.n, x.s), x.periodYear ? `${x.ordinal} (${x.periodYear})` : x.ordinal, x.title.length > 300 ? x.title.slice(0, 297) + '…' : x.title,
      x.lead, fmtDate(x.deadline), `${x.percent}%`, x.overdue ? 'Quá hạn' : STATUS_VI[x.status]]),
  });
  return t?.totals ?? {};
}

async function programsSection(b: Builder): Promise<void> {
  const list = await rows<{ title: string; number: string | null; parties: string; clauses: number; done: number; review: string | null }>(b.ctx.db, sql`
    SELECT p.title, p.number,
      (SELECT string_agg(u.name, '; ' ORDER BY pp.label) FROM program_parties pp JOIN units u ON u.id = pp.unit_id WHERE pp.program_id = p.id) AS parties,
      (SELECT count(*)::int FROM program_clauses c WHERE c.program_id = p.id) AS clauses,
      (SELECT count(*)::int FROM program_clauses c WHERE c.program_id = p.id AND c.status = 'done') AS done,
      (SELECT string_agg(r.year || ': ' || to_char(r.held_on, 'DD/MM/YYYY'), '; ' ORDER BY r.year) FROM program_reviews r
        WHERE r.program_id = p.id AND r.held_on BETWEEN ${b.from}::date AND ${b.to}::date + 90) AS review
    FROM programs p JOIN units pu ON pu.id = p.unit_id
    WHERE p.period_from <= ${b.to}::date AND p.period_to >= ${b.from}::date AND ${programVisible(b.ctx)}
      AND (${inReportArea(b.r, 'pu')} OR EXISTS (SELECT 1 FROM program_parties x JOIN units xu ON xu.id = x.unit_id WHERE x.program_id = p.id AND ${inReportArea(b.r, 'xu')}))
    ORDER BY p.period_from, p.id LIMIT ${TABLE_ROW_CAP}`);
  b.tables.push({
    section: 'programs', title: 'Quy chế, chương trình phối hợp',
    columns: ['Số', 'Tên', 'Các bên', 'Số điều khoản', 'Đã hoàn thành', 'Kiểm điểm chung'],
    rows: list.map((p) => [p.number ?? '', p.title, p.parties, p.clauses, p.done, p.review ?? 'Chưa kiểm điểm']),
  });
}

/** Compute the draft: header, sections (defaults merged with the user's), tables and figures. */
export async function buildDraft(ctx: Ctx, input: { unitId: number; kind: ReportKind; period: string; header?: Partial<ReportHeader>; sections?: ReportSection[] }): Promise<ReportDraft> {
  const range = periodRange(input.kind, input.period);
  if (!range) throw new FieldValidationError([{ path: 'period', messageKey: 'directives.report.period_format' }]);
  const r = await reportUnit(ctx, input.unitId);
  const units = await areaUnits(ctx, r);
  const b: Builder = { ctx, r, units, from: range.from, to: range.to, figures: [], tables: [] };
  const header = { ...(await defaultHeader(ctx, r, input.kind, input.period)), ...(input.header ?? {}) };
  const requested = input.sections ?? DEFAULT_SECTIONS.map((s) => ({ ...s }));
  const unavailable = requested.filter((s) => !sectionAvailable(s.kind)).map((s) => s.key);
  const sections = requested.filter((s) => sectionAvailable(s.kind));
  let taskTotals: Record<string, number> = {};
  let diss: Record<string, number> = {};
  // Sections are computed concurrently, each into its own part, then put together in section order.
  const parts = await Promise.all(sections.map(async (s) => {
    const p: Builder = { ...b, figures: [], tables: [] };
    if (!s.enabled) return p;
    if (s.kind === 'directives') await directivesSection(p);
    else if (s.kind === 'tasks') taskTotals = await tasksSection(p);
    else if (s.kind === 'dissemination') {
      diss = (await figureTable(p, 'dissemination', 'Hội nghị quán triệt theo đơn vị', ['dissemination.sessions', 'dissemination.attendance']))?.totals ?? {};
    } else if (s.kind === 'programs') await programsSection(p);
    else if (s.kind === 'members') {
      await figureTable(p, 'members', 'Đoàn viên, hội viên theo tổ chức', MEMBER_FIGURES);
      if (!MEMBER_FIGURES.some((c) => findFigure(c))) await exportTable(p, 'members', 'members.by_unit', 'Đoàn viên, hội viên theo đơn vị');
    } else if (s.kind === 'movements') await exportTable(p, 'movements', 'movements.indicators', 'Chỉ tiêu các phong trào thi đua, cuộc vận động');
    else if (s.kind === 'petitions') {
      await figureTable(p, 'petitions', 'Kiến nghị, phản ánh theo đơn vị', PETITION_FIGURES);
      await exportTable(p, 'petitions', 'petitions.summary', 'Tổng hợp kiến nghị, phản ánh');
    }
    return p;
  }));
  for (const p of parts) { b.figures.push(...p.figures); b.tables.push(...p.tables); }
  // Default texts, written from the same figures (the user may rewrite them).
  const total = taskTotals['tasks.total'] ?? 0, done = taskTotals['tasks.done'] ?? 0, overdue = taskTotals['tasks.overdue'] ?? 0;
  const words = periodWords(input.kind, input.period);
  const defaults: Record<string, string> = {
    intro: `Thực hiện chế độ báo cáo định kỳ, ${r.name} báo cáo kết quả thực hiện các văn bản chỉ đạo, chương trình phối hợp và công tác dân vận ${words} như sau:`,
    tasks: `Trong ${words}, các đơn vị được giao chủ trì ${fmtNum(total)} nhiệm vụ; đã hoàn thành ${fmtNum(done)} nhiệm vụ${total ? ` (${Math.round((done * 100) / total)}%)` : ''}; còn ${fmtNum(overdue)} nhiệm vụ quá hạn.`,
    dissemination: diss['dissemination.sessions'] !== undefined
      ? `Các đơn vị đã tổ chức ${fmtNum(diss['dissemination.sessions'])} hội nghị quán triệt với ${fmtNum(diss['dissemination.attendance'] ?? 0)} lượt người tham dự.` : '',
    assessment: `Ưu điểm: các nhiệm vụ được giao cơ bản được triển khai đúng tiến độ, ${fmtNum(done)}/${fmtNum(total)} nhiệm vụ đã hoàn thành. `
      + (overdue ? `Hạn chế: còn ${fmtNum(overdue)} nhiệm vụ quá hạn cần tập trung chỉ đạo, đôn đốc.` : 'Không có nhiệm vụ quá hạn.'),
    next: 'Tiếp tục theo dõi, đôn đốc các đơn vị thực hiện các nhiệm vụ còn lại; định kỳ tổng hợp, báo cáo kết quả về Ban Thường vụ.',
  };
  const out = sections.map((s) => ({ ...s, text: s.text || defaults[s.key] || '' }));
  return { unitId: r.id, unitName: r.name, kind: input.kind, period: input.period, from: range.from, to: range.to, header, sections: out, tables: b.tables, figures: b.figures, unavailable };
}

/** Generate the file, store the report (header, sections, provenance) and return the file. */
export async function generateReport(ctx: Ctx, input: GenerateInput): Promise<{ id: number; name: string; mime: string; data: Buffer }> {
  const draft = await buildDraft(ctx, input);
  const data = input.format === 'xlsx' ? await renderXlsx(draft) : await renderDocx(draft);
  const mime = input.format === 'xlsx' ? XLSX_MIME : DOCX_MIME;
  const name = `bao-cao-${input.kind}-${input.period}-${draft.unitId}.${input.format}`;
  const title = `${draft.header.docType} ${draft.header.summary}`.trim();
  const id = await inTransaction(ctx, async (tx) => {
    const fileId = await saveFile(tx.db, { name, mime, data, ownerId: tx.actor!.userId || null, unitId: draft.unitId });
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO generated_reports (unit_id, kind, period, period_from, period_to, title, header, sections, provenance, format, file_id, created_by)
      VALUES (${draft.unitId}, ${input.kind}, ${input.period}, ${draft.from}, ${draft.to}, ${title}, ${JSON.stringify(draft.header)}::jsonb, ${JSON.stringify(draft.sections)}::jsonb,
        ${JSON.stringify(draft.figures)}::jsonb, ${input.format}, ${fileId}, ${tx.actor!.userId || null}) RETURNING id`);
    await writeAudit(tx, { action: 'reports.generate', entity: 'generated_report', entityId: r!.id, unitId: draft.unitId,
      after: { kind: input.kind, period: input.period, format: input.format, figures: draft.figures.length, fileId } });
    return r!.id;
  });
  return { id, name, mime, data };
}

/** Stored reports are read by those who may generate reports for their unit. */
const storedVisible = (ctx: Ctx) => inScope(ctx, 'directives.stored_report', 'reports.generate');

export async function listStoredReports(ctx: Ctx, q: { unitId?: number; limit: number; offset: number }): Promise<{ total: number; items: z.infer<typeof zStoredReport>[] }> {
  requireActor(ctx);
  const where = sql`${storedVisible(ctx)} ${q.unitId ? sql`AND g.unit_id = ${q.unitId}` : sql``}`;
  const items = await rows<z.infer<typeof zStoredReport>>(ctx.db, sql`SELECT ${STORED_SELECT} FROM ${STORED_FROM} WHERE ${where} ORDER BY g.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${STORED_FROM} WHERE ${where}`);
  return { total: total!.n, items };
}

export async function getStoredReport(ctx: Ctx, id: number): Promise<z.infer<typeof zStoredReportDetail>> {
  const { path: _p, areaPath: _a, ...r } = await loadAuthorized<z.infer<typeof zStoredReportDetail> & { path: string; areaPath: string | null }>(ctx, 'directives.stored_report', id, 'reports.generate');
  return r;
}

export async function storedReportFile(ctx: Ctx, id: number): Promise<{ name: string; mime: string; data: Buffer }> {
  const r = await getStoredReport(ctx, id);
  const f = await one<{ name: string; mime: string; data: Buffer }>(ctx.db, sql`SELECT name, mime, data FROM files WHERE id = ${r.fileId}`);
  if (!f) throw new AppError('FILE_NOT_FOUND', 404, {}, 'error.not_found');
  return { ...f, data: Buffer.from(f.data) };
}

/** Reproduce one figure: the link every number of a generated report carries. */
export async function evaluateFigure(ctx: Ctx, code: string, q: { unitId: number; from: string; to: string }): Promise<z.infer<typeof zFigureValue>> {
  const f = findFigure(code);
  if (!f) throw new AppError('FIGURE_NOT_FOUND', 404, { code }, 'error.not_found');
  if (q.to < q.from) throw new FieldValidationError([{ path: 'to', messageKey: 'directives.report.range_order' }]);
  const u = await reportUnit(ctx, q.unitId);
  const v = toFigureValue(await f.compute(ctx, fq(u, q.from, q.to)));
  return { code, label: f.label[ctx.locale], measure: f.measure, value: v.value, basis: renderFigureBasis(ctx.locale, v.basis), query: { unitId: u.id, unitCode: u.code, unitName: u.name, from: q.from, to: q.to } };
}

export async function evaluateExport(ctx: Ctx, code: string, q: { unitId: number; from: string; to: string }) {
  const e = findExport(code);
  if (!e) throw new AppError('EXPORT_NOT_FOUND', 404, { code }, 'error.not_found');
  if (q.to < q.from) throw new FieldValidationError([{ path: 'to', messageKey: 'directives.report.range_order' }]);
  const u = await reportUnit(ctx, q.unitId);
  const list = await e.rows(ctx, fq(u, q.from, q.to));
  return { code, label: e.label[ctx.locale], columns: e.columns.map((c) => ({ key: c.key, label: c.label[ctx.locale] })), rows: list };
}
