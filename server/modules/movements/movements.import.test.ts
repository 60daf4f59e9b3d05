import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, makeUser, scopeFixture, ctxFor, login, type TestApp } from '../../test/app';
import { startJobRunner, waitForJob } from '../../kernel/jobs';
import { rows, one } from '../../kernel/db/sql';
import { systemCtx } from '../../kernel/context';
import { loadConfig } from '../../config';
import { movementsCli } from './movements.cli';
import { createMovement, createSchedule } from './catalogue.service';
import { seedDemo } from '../../demo';
import movementsModule from './index';
import { getValues } from './values.service';
import { listForms } from './forms.service';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-import-'));
const cli = (name: string) => movementsCli.find((c) => c.name === name)!;

async function runCli(t: TestApp, name: string, args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await cli(name).run(args, { handle: t.handle, config: loadConfig({ ...process.env, DATABASE_URL: undefined }), ctx: systemCtx(t.handle.db, t.engine), print: (s) => out.push(s) });
  return { code, out };
}

describe.each(engines())('movements imports on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
  });
  afterAll(async () => { await t?.close(); });

  it('imports the indicator catalogue: keeps good rows, reports every bad one', async () => {
    const provinceCode = (await one<{ code: string }>(t.handle.db, sql`SELECT code FROM units WHERE id = ${f.province.id}`))!.code;
    const csv = [
      'Mã;Tên chỉ tiêu;Đơn vị tính;Kiểu;Cách tổng hợp;Trọng số;Không vượt quá;Tối đa',
      'TL_VH;Tỷ lệ hộ văn hóa;%;percent;weighted_avg;HO;;100', // weight defined further down
      'HO;Số hộ;hộ;số nguyên;mới nhất;;;',
      'HO_VH;Số hộ văn hóa;hộ;integer;latest;;HO;',
      'bad code;Tên;hộ;integer;sum;;;',
      'KM;Đường bê tông;km;number;trung bình;;;',
      'TXT;Ghi chú;;text;sum;;;',
      'WX;Bình quân thiếu trọng số;%;percent;weighted_avg;;;',
      'REF;Tham chiếu;hộ;integer;sum;;KHONG_CO;',
    ].join('\n');
    const file = path.join(tmp, 'chi-tieu.csv');
    fs.writeFileSync(file, '\uFEFF' + csv);
    const r = await runCli(t, 'indicators import', [file, '--owner', provinceCode, '--json']);
    const report = JSON.parse(r.out[0]);
    expect(r.code).toBe(1);
    expect(report).toMatchObject({ inserted: 3, updated: 0, skipped: 0, rejected: 5 });
    expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [5, 'code'], [6, 'aggregation'], [7, 'measure'], [8, 'weightCode'], [9, 'weightCode']]);
    const got = await rows<{ code: string; aggregation: string; weight: string | null }>(t.handle.db, sql`SELECT i.code, i.aggregation, w.code AS weight FROM mv_indicators i LEFT JOIN mv_indicators w ON w.id = i.weight_indicator_id ORDER BY i.code`);
    expect(got).toEqual([{ code: 'HO', aggregation: 'latest', weight: null }, { code: 'HO_VH', aggregation: 'latest', weight: null }, { code: 'TL_VH', aggregation: 'weighted_avg', weight: 'HO' }]);
    // Again, with one change: unchanged rows are skipped, the changed one updated.
    fs.writeFileSync(file, csv.replace('Số hộ;hộ', 'Tổng số hộ;hộ'));
    const again = JSON.parse((await runCli(t, 'indicators import', [file, '--owner', provinceCode, '--json'])).out[0]);
    expect(again).toMatchObject({ inserted: 0, updated: 1, skipped: 2, rejected: 5 });
    // A file without the required columns changes nothing.
    fs.writeFileSync(file, 'Mã;Tên\nX1;Một');
    const none = JSON.parse((await runCli(t, 'indicators import', [file, '--owner', provinceCode, '--json'])).out[0]);
    expect(none).toMatchObject({ inserted: 0, rejected: 1 });
    expect(none.errors.map((e: { field: string }) => e.field)).toEqual(['measure', 'valueType', 'aggregation']);
  });

  it('imports one period’s figures, one row per unit: good rows kept, bad rows reported', async () => {
    const admin = await ctxFor(t, f.admin);
    await makeUser(t.handle, []);
    const m = await createMovement(admin, { code: 'IMP', name: 'Phong trào nhập số liệu', kind: 'movement', leadUnitId: f.province.id, startsOn: '2026-01-01', organizations: [], indicators: ['HO', 'HO_VH', 'TL_VH'] });
    await createSchedule(admin, m.id, { frequency: 'quarter', firstPeriod: '2026-Q1', lastPeriod: '2026-Q1', dueDays: 10, minDepth: 1, maxDepth: 2 });
    const code = async (id: number) => (await one<{ code: string }>(t.handle.db, sql`SELECT code FROM units WHERE id = ${id}`))!.code;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Số liệu');
    ws.addRow(['Mã đơn vị', 'Tên đơn vị', 'HO', 'HO_VH', 'TL_VH']);
    ws.addRow([await code(f.branchA.id), 'Chi hội 1', 120, 100, '83,3']);
    ws.addRow([await code(f.branchB.id), 'Chi hội 5', 80, 'nhiều', 75]);
    ws.addRow(['KHONG-CO', 'Không có', 1, 1, 1]);
    ws.addRow([await code(f.communeA.id), 'Phường A', 12.5, 10, 101]);
    ws.addRow([await code(f.communeB.id), 'Phường B', null, null, null]);
    const file = path.join(tmp, 'so-lieu.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await runCli(t, 'values import', [file, '--period', '2026-Q1', '--json']);
    const report = JSON.parse(r.out[0]);
    expect(report).toMatchObject({ inserted: 1, updated: 0, skipped: 1, rejected: 3 });
    expect(report.errors).toEqual([
      { row: 3, field: 'HO_VH', message: 'Phải là số.' },
      { row: 4, field: 'unit', message: 'Không có đơn vị mã KHONG-CO.' },
      { row: 5, field: 'HO', message: 'Phải là số nguyên.' },
      { row: 5, field: 'TL_VH', message: 'Tỷ lệ phải từ 0 đến 100.' },
    ]);
    const stored = await rows<{ code: string; value: number }>(t.handle.db, sql`SELECT i.code, v.value FROM mv_values v JOIN mv_indicators i ON i.id = v.indicator_id WHERE v.unit_id = ${f.branchA.id} ORDER BY i.code`);
    expect(stored).toEqual([{ code: 'HO', value: 120 }, { code: 'HO_VH', value: 100 }, { code: 'TL_VH', value: 83.3 }]);
    expect(await one(t.handle.db, sql`SELECT 1 FROM mv_values WHERE unit_id IN (${f.branchB.id}, ${f.communeA.id})`)).toBeUndefined();
    // Re-importing a changed row updates it; an unknown column rejects the whole file.
    ws.getRow(2).getCell(3).value = 121;
    await wb.xlsx.writeFile(file);
    expect(JSON.parse((await runCli(t, 'values import', [file, '--period', '2026-Q1', '--json'])).out[0])).toMatchObject({ inserted: 0, updated: 1 });
    ws.getRow(1).getCell(5).value = 'KHONG_CO';
    await wb.xlsx.writeFile(file);
    const bad = JSON.parse((await runCli(t, 'values import', [file, '--period', '2026-Q1', '--json'])).out[0]);
    expect(bad).toMatchObject({ inserted: 0, updated: 0, rejected: 5, errors: [{ row: 1, field: 'KHONG_CO' }] });
    expect((await runCli(t, 'values import', [file, '--period', '2026-Q5'])).code).toBe(2);
    expect((await runCli(t, 'values import', [file])).code).toBe(2);
    const audit = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'movements.values.import'`);
    expect(audit!.n).toBe(2);
  });

  it('imports through the web as a job, row by row within the uploader’s scope', async () => {
    const cookie = await login(t, f.officerA);
    const code = async (id: number) => (await one<{ code: string }>(t.handle.db, sql`SELECT code FROM units WHERE id = ${id}`))!.code;
    const csv = `Mã đơn vị;HO;HO_VH\n${await code(f.branchA.id)};130;101\n${await code(f.branchB.id)};90;80\n`;
    const boundary = '----mv';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="so-lieu.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const up = await t.req('POST', '/api/files', { cookie, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const fileId = up.json().id;
    expect((await t.req('POST', '/api/reports/import', { cookie, body: { fileId, period: '2026-Q9' } })).statusCode).toBe(400);
    const viewer = await login(t, f.viewerA);
    expect((await t.req('POST', '/api/reports/import', { cookie: viewer, body: { fileId, period: '2026-Q1' } })).statusCode).toBe(403);
    const started = await t.req('POST', '/api/reports/import', { cookie, body: { fileId, period: '2026-Q1' } });
    expect(started.statusCode).toBe(202);
    const stop = startJobRunner(t.handle.db, t.engine, { pollMs: 50 });
    try {
      const job = await waitForJob(t.handle.db, started.json().jobId);
      expect(job.status).toBe('done');
      expect(job.result).toMatchObject({ updated: 1, rejected: 1, errors: [{ row: 3, field: 'unit' }] });
    } finally { await stop(); }
    expect(await one(t.handle.db, sql`SELECT 1 FROM mv_values WHERE unit_id = ${f.branchB.id}`)).toBeUndefined();
    const ho = await one<{ value: number }>(t.handle.db, sql`SELECT v.value FROM mv_values v JOIN mv_indicators i ON i.id = v.indicator_id WHERE v.unit_id = ${f.branchA.id} AND i.code = 'HO'`);
    expect(ho!.value).toBe(130);
  });
});

describe('the demo province', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('pglite'); }, 300_000);
  afterAll(async () => { await t?.close(); });

  it('loads the notice’s movements with a few years of figures, and the flags catch the inflated units', async () => {
    await seedDemo(t.handle, [movementsModule]);
    const names = (await rows<{ name: string }>(t.handle.db, sql`SELECT name FROM mv_movements ORDER BY id`)).map((r) => r.name);
    expect(names).toEqual(['Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư', 'Chung sức xây dựng nông thôn mới', 'Làm giao thông nông thôn', 'Làm thủy lợi nhỏ', 'Dân vận khéo',
      'Xây dựng gia đình "5 không, 3 sạch"', 'Tuổi trẻ xung kích, tình nguyện vì cuộc sống cộng đồng']);
    // Not only the Front reports: the Women's and Youth Unions' communes and branches have forms, with figures approved.
    const byOrg = await rows<{ org: string; forms: number; approved: number }>(t.handle.db, sql`SELECT o.code AS org, count(*)::int AS forms,
      count(*) FILTER (WHERE f.status = 'approved')::int AS approved FROM mv_forms f JOIN units u ON u.id = f.unit_id JOIN organizations o ON o.id = u.organization_id GROUP BY o.code ORDER BY o.code`);
    expect(byOrg.map((r) => r.org)).toEqual(['DOAN', 'MTTQ', 'PHUNU']);
    for (const r of byOrg) expect(r.approved, r.org).toBeGreaterThan(100);
    for (const username of ['phunu.tamky', 'doan.tamky']) {
      const user = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM users WHERE username = ${username}`);
      const mine = await listForms(await ctxFor(t, { id: user!.id, username, password: '' }), { view: 'mine', limit: 50, offset: 0 });
      expect(mine.total, username).toBeGreaterThan(0);
    }
    const flags = await rows<{ rule: string; units: number }>(t.handle.db, sql`SELECT rule, count(DISTINCT unit_id)::int AS units FROM mv_flags GROUP BY rule ORDER BY rule`);
    const by = Object.fromEntries(flags.map((x) => [x.rule, x.units]));
    for (const rule of ['history', 'peers', 'validation', 'copied', 'round', 'all100']) expect(by[rule], rule).toBeGreaterThan(0);
    // Flags stay on the seven planted units: the clean majority (150 units, 3 years) is quiet.
    const flagged = await one<{ n: number }>(t.handle.db, sql`SELECT count(DISTINCT unit_id)::int AS n FROM mv_flags`);
    const reporting = await one<{ n: number }>(t.handle.db, sql`SELECT count(DISTINCT unit_id)::int AS n FROM mv_forms WHERE status <> 'draft'`);
    expect(reporting!.n).toBeGreaterThan(100);
    expect(flagged!.n).toBeLessThanOrEqual(7);
    // The province dashboard has figures, and the bdv.tinh supervisor can read them.
    const bdv = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM users WHERE username = 'bdv.tinh'`);
    const ctx = await ctxFor(t, { id: bdv!.id, username: 'bdv.tinh', password: '' });
    const prov = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-48'`);
    const v = await getValues(ctx, { indicator: 'GT_KM_BE_TONG', unit: prov!.id, from: '2025-01', to: '2025-12', by: 'child' });
    expect(v.value).toBeGreaterThan(100);
    expect(v.rows.length).toBeGreaterThan(50);
  }, 300_000);
});
