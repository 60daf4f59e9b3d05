import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, scopeFixture, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { findExport, findFigure, registerFigure } from '../../kernel/registry';
import { systemCtx } from '../../kernel/context';
import { loadConfig } from '../../config';
import { todayVN } from './directives.scope';
import { directivesCli } from './directives.cli';

const addDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);

// A member figure for the report to pull in, when the members module is not installed: computed from
// the records (units of the subtree), so the test checks the plumbing, not a constant.
function registerTestMemberFigure() {
  if (findFigure('members.memberships')) return;
  registerFigure('members.memberships', {
    label: { vi: 'Hội viên (thử)', en: 'Members (test)' }, measure: 'người',
    async compute(ctx, q) {
      const r = await one<{ n: number }>(ctx.db, sql`SELECT (count(*) * 7)::int AS n FROM units WHERE path <@ ${q.unitPath}::ltree`);
      return r!.n;
    },
  });
}

/** The text of each table row of a .docx, cell by cell. */
async function docx(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const styles = await zip.file('word/styles.xml')!.async('string');
  const text = (s: string) => [...s.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
  const rowsOf = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => text(c[0])));
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({ xml: m[0], text: text(m[0]) }));
  return { xml, styles, all: text(xml), rows: rowsOf, paragraphs };
}

describe.each(engines())('programs and reports on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let dang: TestUnit, mttq: TestUnit, ubnd: TestUnit, btgdv: TestUnit;
  let issuer: TestUser, mttqAdmin: TestUser, ubndOfficer: TestUser, bdv: TestUser, bdvViewer: TestUser;
  const c: Record<string, string> = {};
  const today = todayVN();
  const year = Number(today.slice(0, 4));
  let directiveId: number;
  let programId: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    registerTestMemberFigure(); // after the modules registered theirs
    f = await scopeFixture(t);
    dang = await makeUnit(t.handle, { org: 'DANG', name: 'Thành ủy Đà Nẵng', areaCode: '48' });
    mttq = await makeUnit(t.handle, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', areaCode: '48' });
    ubnd = await makeUnit(t.handle, { org: 'UBND', name: 'UBND thành phố Đà Nẵng', areaCode: '48' });
    btgdv = await makeUnit(t.handle, { org: 'BTGDV', name: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng', areaCode: '48' });
    issuer = await makeUser(t.handle, [{ unit: dang, role: 'unit_admin' }]);
    mttqAdmin = await makeUser(t.handle, [{ unit: mttq, role: 'unit_admin' }]);
    ubndOfficer = await makeUser(t.handle, [{ unit: ubnd, role: 'officer' }]);
    bdv = await makeUser(t.handle, [{ unit: btgdv, role: 'supervisor' }]);
    bdvViewer = await makeUser(t.handle, [{ unit: btgdv, role: 'viewer' }]);
    for (const [k, u] of Object.entries({ officerA: f.officerA, officerB: f.officerB, supervisorA: f.supervisorA, issuer, mttqAdmin, ubndOfficer, bdv, bdvViewer })) c[k] = await login(t, u);
    const d = await t.req('POST', '/api/directives', { cookie: c.issuer, body: {
      issuerUnitId: dang.id, kind: 'notice', number: '62', symbol: 'TB/TU', issuedOn: `${year}-03-01`, issuingBody: 'Thường trực Thành ủy',
      title: 'Kết luận sơ kết thực hiện Kết luận 62-KL/TW', recipientUnitIds: [mttq.id, f.province.id],
      tasks: [
        { ordinal: '1', title: 'Quán triệt kết luận', leadUnitId: f.communeA.id, deadline: `${year}-12-31` },
        { ordinal: '2', title: 'Rà soát đề án đổi mới', leadUnitId: mttq.id, deadline: addDays(today, -10) },
        { ordinal: '3', title: 'Củng cố chi hội', leadUnitId: f.communeB.id, deadline: `${year}-12-31` },
      ],
    } });
    expect(d.statusCode).toBe(201);
    directiveId = d.json().id;
    const t1 = d.json().tasks.find((x: { ordinal: string }) => x.ordinal === '1').id;
    expect((await t.req('POST', `/api/tasks/${t1}/reports`, { cookie: c.officerA, body: { status: 'done', percent: 100, narrative: 'Đã quán triệt' } })).statusCode).toBe(201);
    expect((await t.req('POST', `/api/directives/${directiveId}/sessions`, { cookie: c.officerA, body: { unitId: f.communeA.id, heldOn: today, audience: 'Cán bộ hội', attendanceByGroup: { 'Cán bộ': 35 } } })).statusCode).toBe(201);
  });
  afterAll(async () => { await t?.close(); });

  const get = (url: string, who: string) => t.req('GET', url, { cookie: c[who] });
  const post = (url: string, who: string, body: unknown) => t.req('POST', url, { cookie: c[who], body });
  const patch = (url: string, who: string, body: unknown) => t.req('PATCH', url, { cookie: c[who], body });

  it('records a coordination program between the Front and the People’s Committee, with clauses per party', async () => {
    const bad = await post('/api/programs', 'mttqAdmin', { unitId: mttq.id, kind: 'regulation', title: 'Quy chế', periodFrom: '2025-01-01', periodTo: '2024-01-01',
      parties: [{ unitId: ubnd.id, label: 'Bên A' }, { unitId: mttq.id, label: 'Bên B' }], clauses: [{ ordinal: '1', text: 'x', ownerUnitId: dang.id }] });
    expect(bad.statusCode).toBe(400);
    const r = await post('/api/programs', 'mttqAdmin', {
      unitId: mttq.id, kind: 'regulation', number: '01/QCPH', title: 'Quy chế phối hợp giữa UBND và Ban Thường trực UBMTTQ', signedOn: `${year - 1}-03-01`,
      periodFrom: `${year - 1}-03-01`, periodTo: `${year + 3}-12-31`,
      parties: [{ unitId: ubnd.id, label: 'Bên A' }, { unitId: mttq.id, label: 'Bên B' }],
      clauses: [
        { ordinal: '1', text: 'Thông báo tình hình kinh tế - xã hội 6 tháng', ownerUnitId: ubnd.id },
        { ordinal: '2', text: 'Tổng hợp kiến nghị cử tri', ownerUnitId: mttq.id, deadline: `${year}-10-31` },
      ],
    });
    expect(r.statusCode).toBe(201);
    const p = r.json();
    programId = p.id;
    expect(p.parties.map((x: { label: string }) => x.label)).toEqual(['Bên A', 'Bên B']);
    expect(p.reviewsDue).toEqual([year - 1]); // last year is over and was not reviewed
    expect(p.canManage).toBe(true);
  });

  it('each party sees the program and updates its own clauses; the yearly joint review is recorded once', async () => {
    const asUbnd = (await get(`/api/programs/${programId}`, 'ubndOfficer')).json();
    const mine = asUbnd.clauses.find((x: { ordinal: string }) => x.ordinal === '1');
    expect(mine.canUpdate).toBe(true);
    const upd = await patch(`/api/programs/${programId}/clauses/${mine.id}`, 'ubndOfficer', { version: 1, status: 'done', note: 'Đã thông báo' });
    expect(upd.statusCode).toBe(200);
    expect((await patch(`/api/programs/${programId}/clauses/${mine.id}`, 'ubndOfficer', { version: 1, status: 'open' })).statusCode).toBe(409);
    const review = { year: year - 1, heldOn: `${year - 1}-12-20`, summary: 'Hai bên thực hiện tốt quy chế', clauseResults: [{ clauseId: mine.id, status: 'done' }] };
    const rv = await post(`/api/programs/${programId}/reviews`, 'mttqAdmin', review);
    expect(rv.statusCode).toBe(201);
    expect(rv.json().reviewsDue).toEqual([]);
    const again = await post(`/api/programs/${programId}/reviews`, 'ubndOfficer', review);
    expect(again.statusCode).toBe(400);
    expect(again.json().details.fields[0].path).toBe('year');
    expect((await post(`/api/programs/${programId}/reviews`, 'mttqAdmin', { ...review, year: year + 9 })).statusCode).toBe(400);
    const list = (await get('/api/programs', 'ubndOfficer')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([programId]);
    expect(list.items[0]).toMatchObject({ clauseCount: 2, clauseDone: 1, lastReviewYear: year - 1 });
  });

  it('another unit cannot read or change the program by id, through every route', async () => {
    const before = await one(t.handle.db, sql`SELECT version, title FROM programs WHERE id = ${programId}`);
    const clause = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM program_clauses WHERE program_id = ${programId} LIMIT 1`);
    const res = [
      await get(`/api/programs/${programId}`, 'officerA'),
      await patch(`/api/programs/${programId}`, 'officerA', { version: 1, title: 'Khác' }),
      await patch(`/api/programs/${programId}/clauses/${clause!.id}`, 'officerA', { version: 2, status: 'dropped' }),
      await post(`/api/programs/${programId}/reviews`, 'officerA', { year, heldOn: today, summary: 'x' }),
    ];
    expect(res.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    expect((await get('/api/programs', 'officerA')).json().total).toBe(0);
    expect((await post('/api/programs', 'officerA', { unitId: mttq.id, kind: 'program', title: 'x', periodFrom: today, periodTo: today, parties: [{ unitId: mttq.id, label: 'A' }, { unitId: f.communeA.id, label: 'B' }] })).statusCode).toBe(404);
    expect(await one(t.handle.db, sql`SELECT version, title FROM programs WHERE id = ${programId}`)).toEqual(before);
    // The Ban Dân vận reads it across organizations, but does not manage it.
    expect((await get(`/api/programs/${programId}`, 'bdv')).json().canManage).toBe(false);
    expect((await patch(`/api/programs/${programId}`, 'bdv', { version: 1, title: 'Khác' })).statusCode).toBe(403);
  });

  let reportId: number;
  let reportDoc: Awaited<ReturnType<typeof docx>>;

  it('the Ban Dân vận generates the annual report: a .docx in the Party format with the figures of the records', async () => {
    const r = await post('/api/reports/generate', 'bdv', { unitId: btgdv.id, kind: 'annual', period: String(year), format: 'docx', header: { number: '15', signerName: 'Nguyễn Văn Bình' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    reportId = Number(r.headers['x-report-id']);
    const d = await docx(r.rawPayload);
    reportDoc = d;
    // The Party document's parts (HD 36-HD/VPTW).
    expect(d.all).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(d.all).toContain('ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG');
    expect(d.all).toContain('BAN TUYÊN GIÁO VÀ DÂN VẬN THÀNH ỦY');
    expect(d.all).toContain('Số 15-BC/BTGDVTU');
    expect(d.all).not.toContain('Số: ');
    const [y, m, dd] = today.split('-');
    const dateP = d.paragraphs.find((p) => p.text === `Đà Nẵng, ngày ${dd} tháng ${m} năm ${y}`)!;
    expect(dateP.xml).toContain('<w:i/>');
    const party = d.paragraphs.find((p) => p.text === 'ĐẢNG CỘNG SẢN VIỆT NAM')!;
    expect(party.xml).toContain('<w:b/>');
    expect(party.xml).toContain('<w:sz w:val="30"/>');
    expect(party.xml).toContain('<w:bottom'); // the rule under it
    expect(d.all).toContain('BÁO CÁO');
    expect(d.all).toContain('Nơi nhận:');
    expect(d.all).toContain('K/T TRƯỞNG BAN');
    expect(d.all).toContain('Nguyễn Văn Bình');
    expect(d.styles).toContain('Times New Roman');
    expect(d.xml).toContain('w:w="11906"'); // A4
    // The directive and its tasks.
    const dirRow = d.rows.find((row) => row[0] === '62-TB/TU')!;
    expect(dirRow).toEqual(['62-TB/TU', `01/03/${year}`, 'Kết luận sơ kết thực hiện Kết luận 62-KL/TW', 'Thường trực Thành ủy', '3', '1', '0', '1']);
    // Tasks by lead organization: PHUNU's tree leads 2 (1 done), the Front 1 (overdue).
    const phunu = d.rows.filter((row) => row[0] === 'Hội LHPN thành phố Đà Nẵng');
    expect(phunu[0]).toEqual(['Hội LHPN thành phố Đà Nẵng', '2', '1', '0']);
    expect(d.rows.find((row) => row[0] === 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng')).toEqual(['Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', '1', '0', '1']);
    expect(d.rows.find((row) => row[0] === 'Tổng cộng')).toEqual(['Tổng cộng', '3', '1', '1']);
    expect(d.all).toContain('đã hoàn thành 1 nhiệm vụ (33%); còn 1 nhiệm vụ quá hạn');
    // Dissemination: one session of 35 people in the Women's Union's tree.
    expect(phunu[1]).toEqual(['Hội LHPN thành phố Đà Nẵng', '1', '35']);
    // Open tasks by name, overdue first.
    const open = d.rows.filter((row) => row[0] === '62-TB/TU' && row.length === 7);
    expect(open.map((row) => row[1])).toEqual(['2', '3']);
    expect(open[0][6]).toBe('Quá hạn');
    // The coordination program.
    expect(d.all).toContain('Quy chế phối hợp giữa UBND và Ban Thường trực UBMTTQ');
  });

  it('pulls other modules’ figures from the registry; a section whose module is absent is left out', async () => {
    const expected = (await get(`/api/directives/figures/members.memberships?unitId=${f.province.id}&from=${year}-01-01&to=${year}-12-31`, 'bdv')).json().value;
    expect(typeof expected).toBe('number');
    const members = reportDoc.rows.filter((row) => row[0] === 'Hội LHPN thành phố Đà Nẵng');
    expect(members.some((row) => row[1] === new Intl.NumberFormat('vi-VN').format(expected))).toBe(true);
    expect(reportDoc.all).toContain('CÔNG TÁC TẬP HỢP, PHÁT TRIỂN ĐOÀN VIÊN, HỘI VIÊN');
    if (!findExport('movements.indicators')) expect(reportDoc.all).not.toContain('CÁC PHONG TRÀO THI ĐUA');
    if (!findFigure('cases.received') && !findExport('petitions.summary')) expect(reportDoc.all).not.toContain('KIẾN NGHỊ, PHẢN ÁNH');
  });

  it('stores the report; every figure links back to the query that reproduces it', async () => {
    const r = (await get(`/api/directives/reports/${reportId}`, 'bdv')).json();
    expect(r.sections.map((s: { key: string }) => s.key)).toContain('tasks');
    const codes = new Set(r.figures.map((x: { code: string }) => x.code));
    for (const code of ['tasks.total', 'tasks.done', 'tasks.overdue', 'dissemination.sessions', 'dissemination.attendance']) expect(codes).toContain(code);
    for (const fig of r.figures.filter((x: { link: string }) => x.link.startsWith('/api/directives/figures/'))) {
      const again = (await get(fig.link, 'bdv')).json();
      expect(again.value).toBe(fig.value);
      expect(again.query.unitId).toBe(fig.query.unitId);
    }
    const total = r.figures.find((x: { code: string; query: { unitId: number } }) => x.code === 'tasks.total' && x.query.unitId === mttq.id);
    expect(total).toMatchObject({ value: 1, query: { from: `${year}-01-01`, to: `${year}-12-31`, unitCode: mttq.code } });
    const file = await get(`/api/directives/reports/${reportId}/file`, 'bdv');
    expect(file.statusCode).toBe(200);
    expect((await docx(file.rawPayload)).all).toContain('62-TB/TU');
    expect((await get('/api/directives/reports', 'bdv')).json().items[0].id).toBe(reportId);
    const audit = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reports.generate' AND entity_id = ${String(reportId)}`);
    expect(audit!.n).toBe(1);
  });

  it('the user edits the section structure before export', async () => {
    const draft = (await post('/api/directives/reports/preview', 'bdv', { unitId: btgdv.id, kind: 'annual', period: String(year) })).json();
    const sections = draft.sections.map((s: { key: string; text: string; enabled: boolean; title: string }) =>
      s.key === 'intro' ? { ...s, text: 'Báo cáo do Ban soạn lại phần mở đầu.' } : s.key === 'programs' ? { ...s, enabled: false } : s.key === 'next' ? { ...s, title: 'III. KIẾN NGHỊ, ĐỀ XUẤT' } : s);
    sections.unshift(sections.splice(sections.findIndex((s: { key: string }) => s.key === 'tasks'), 1)[0]);
    const r = await post('/api/reports/generate', 'bdv', { unitId: btgdv.id, kind: 'annual', period: String(year), sections });
    const d = await docx(r.rawPayload);
    expect(d.all).toContain('Báo cáo do Ban soạn lại phần mở đầu.');
    expect(d.all).toContain('III. KIẾN NGHỊ, ĐỀ XUẤT');
    expect(d.all).not.toContain('Quy chế phối hợp giữa UBND');
    expect(d.all.indexOf('KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ')).toBeLessThan(d.all.indexOf('Báo cáo do Ban soạn lại'));
  });

  it('exports the tables to .xlsx with a provenance sheet', async () => {
    const r = await post('/api/reports/generate', 'bdv', { unitId: btgdv.id, kind: 'annual', period: String(year), format: 'xlsx' });
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('Nguồn số liệu');
    const src = wb.getWorksheet('Nguồn số liệu')!;
    const rowsOut = src.getSheetValues().filter(Boolean).map((v) => (v as unknown[]).slice(1));
    expect(rowsOut.some((v) => v[1] === 'tasks.total' && v[3] === 1 && v[6] === mttq.code)).toBe(true);
  });

  it('semiannual and multi-year periods; bad periods answer 400 with a field message', async () => {
    const h1 = await post('/api/directives/reports/preview', 'bdv', { unitId: btgdv.id, kind: 'semiannual', period: `${year}-H2` });
    expect(h1.json()).toMatchObject({ from: `${year}-07-01`, to: `${year}-12-31` });
    expect(h1.json().header.summary).toContain('6 tháng cuối năm');
    const multi = await post('/api/directives/reports/preview', 'bdv', { unitId: btgdv.id, kind: 'multiyear', period: `${year - 4}-${year}` });
    expect(multi.json().header.summary).toContain(`giai đoạn ${year - 4} - ${year}`);
    const bad = await post('/api/reports/generate', 'bdv', { unitId: btgdv.id, kind: 'annual', period: `${year}-H1` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('period');
  });

  it('reports only on units in the caller’s scope: 404 outside, 403 for a reader', async () => {
    expect((await post('/api/reports/generate', 'officerA', { unitId: btgdv.id, kind: 'annual', period: String(year) })).statusCode).toBe(404);
    expect((await post('/api/directives/reports/preview', 'officerA', { unitId: f.communeB.id, kind: 'annual', period: String(year) })).statusCode).toBe(404);
    expect((await post('/api/reports/generate', 'bdvViewer', { unitId: btgdv.id, kind: 'annual', period: String(year) })).statusCode).toBe(403);
    expect((await get(`/api/directives/reports/${reportId}`, 'officerA')).statusCode).toBe(404);
    expect((await get(`/api/directives/reports/${reportId}/file`, 'officerA')).statusCode).toBe(404);
    expect((await get(`/api/directives/figures/tasks.total?unitId=${mttq.id}&from=${year}-01-01&to=${year}-12-31`, 'officerA')).statusCode).toBe(404);
    // A commune officer's own report sees only its own organization's units, and only its tasks.
    const own = await post('/api/directives/reports/preview', 'officerA', { unitId: f.communeA.id, kind: 'annual', period: String(year) });
    expect(own.statusCode).toBe(200);
    expect(own.json().figures.every((x: { query: { unitId: number } }) => x.query.unitId === f.communeA.id)).toBe(true);
  });

  it('the command line writes the same report to a file', async () => {
    const out = path.resolve('.tmp', `report-${engine}-${process.pid}.docx`);
    const lines: string[] = [];
    const cmd = directivesCli.find((x) => x.name === 'report')!;
    const code = await cmd.run(['--unit', btgdv.code, '--period', String(year), '--kind', 'annual', '--out', out, '--as', bdv.username], {
      handle: t.handle, config: loadConfig({ ...process.env, DATABASE_URL: undefined }), ctx: systemCtx(t.handle.db, t.handle.engine), print: (s) => lines.push(s),
    });
    expect(code).toBe(0);
    const d = await docx(fs.readFileSync(out));
    expect(d.rows.find((row) => row[0] === 'Tổng cộng')).toEqual(['Tổng cộng', '3', '1', '1']);
    fs.rmSync(out);
    expect(await cmd.run(['--unit', 'NO-SUCH', '--period', String(year), '--out', out], { handle: t.handle, config: loadConfig({ ...process.env, DATABASE_URL: undefined }), ctx: systemCtx(t.handle.db, t.handle.engine), print: (s) => lines.push(s) })).toBe(2);
  });
});
