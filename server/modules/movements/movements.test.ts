import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUser, scopeFixture, type TestApp, type TestUser } from '../../test/app';
import { rows, one } from '../../kernel/db/sql';
import { registerFigure } from '../../kernel/registry';
import { rebuildRollup } from './rollup';
import { sendReminders } from './reminders';

// A record-derived figure as another module would offer it (the members module's may not exist yet).
let recordValue = 123;
registerFigure('test.members', { label: { vi: 'Hội viên', en: 'Members' }, measure: 'người', compute: async () => recordValue });

type Fixture = Awaited<ReturnType<typeof scopeFixture>>;

describe.each(engines())('movements on %s', (engine) => {
  let t: TestApp;
  let f: Fixture;
  let provAdmin: TestUser;
  let adminB: TestUser;
  let provOfficer: TestUser;
  const c: Record<string, string> = {};
  let movementId: number;

  const req = async (who: string, method: string, url: string, body?: unknown) => t.req(method, url, { cookie: c[who], body });
  const ok = async (who: string, method: string, url: string, body?: unknown) => {
    const r = await req(who, method, url, body);
    if (r.statusCode >= 300) throw new Error(`${method} ${url} as ${who}: ${r.statusCode} ${r.body}`);
    return r.statusCode === 204 ? null : r.json();
  };
  const formOf = async (unitId: number, period: string, movement = movementId) => {
    const r = await ok('admin', 'GET', `/api/reports/forms?unit=${unitId}&period=${period}&movement=${movement}`);
    const form = r.items.find((x: { unitId: number }) => x.unitId === unitId);
    if (!form) throw new Error(`no form for unit ${unitId} ${period}`);
    return form as { id: number; version: number; status: string };
  };
  /** Fill, submit and approve a unit's form with the given values. */
  const report = async (unitId: number, period: string, values: Record<string, number | null>, opts: { filler?: string; approver?: string; approve?: boolean } = {}) => {
    const form = await formOf(unitId, period);
    const saved = await ok(opts.filler ?? 'admin', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: Object.entries(values).map(([indicator, value]) => ({ indicator, value })) });
    const sub = await ok(opts.filler ?? 'admin', 'POST', `/api/reports/forms/${form.id}/submit`, { version: saved.version });
    if (opts.approve === false) return sub;
    return ok(opts.approver ?? 'admin', 'POST', `/api/reports/forms/${form.id}/approve`, { version: sub.version });
  };
  const values = async (who: string, q: string) => ok(who, 'GET', `/api/indicators/values?${q}`);

  beforeAll(async () => {
    recordValue = 123;
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    provAdmin = await makeUser(t.handle, [{ unit: f.province, role: 'unit_admin' }]);
    provOfficer = await makeUser(t.handle, [{ unit: f.province, role: 'officer' }]);
    adminB = await makeUser(t.handle, [{ unit: f.communeB, role: 'unit_admin' }]);
    for (const [k, u] of Object.entries({ admin: f.admin, adminA: f.adminA, officerA: f.officerA, viewerA: f.viewerA, officerB: f.officerB, supervisorA: f.supervisorA, provAdmin, provOfficer, adminB })) c[k] = await login(t, u);

    const ind = (code: string, o: Record<string, unknown>) => ok('provAdmin', 'POST', '/api/indicators', { code, ownerUnitId: f.province.id, name: `Chỉ tiêu ${code}`, measure: 'đv', valueType: 'number', aggregation: 'sum', ...o });
    await ind('S', {});
    await ind('H', { valueType: 'integer', aggregation: 'latest', measure: 'hộ' });
    await ind('W', { valueType: 'percent', aggregation: 'weighted_avg', weightCode: 'H', measure: '%' });
    await ind('L', { valueType: 'integer', aggregation: 'latest' });
    await ind('M', { aggregation: 'max' });
    await ind('N', { aggregation: 'none' });
    await ind('V', { valueType: 'integer', rules: { lte: ['H'] } });
    await ind('R', { valueType: 'integer', aggregation: 'latest', source: 'test.members', sourceMode: 'fill' });
    await ind('RC', { valueType: 'integer', aggregation: 'latest', source: 'test.members', sourceMode: 'check' });
    await ind('RX', { valueType: 'integer', aggregation: 'latest', source: 'nomodule.figure', sourceMode: 'fill' });
    await ind('G', { valueType: 'integer', disaggregations: ['gender'] });
    const m = await ok('provAdmin', 'POST', '/api/movements', { code: 'TEST-1', name: 'Phong trào thử nghiệm', leadUnitId: f.province.id, startsOn: '2026-01-01', organizations: ['PHUNU'],
      indicators: ['S', 'H', 'W', 'L', 'M', 'N', 'V', 'R', 'RC', 'RX', 'G'] });
    movementId = m.id;
    const s = await ok('provAdmin', 'POST', `/api/movements/${movementId}/schedules`, { frequency: 'month', firstPeriod: '2026-01', lastPeriod: '2026-04', dueDays: 10, minDepth: 0, maxDepth: 2 });
    expect(s.created).toBe(5 * 4); // province, 2 communes, 2 branches × 4 months
  });
  afterAll(async () => { await t?.close(); });

  it('aggregates with each rule over the tree, with exact numbers', async () => {
    // branchA (under communeA), branchB (under communeB), communeA's own figures, the province's own.
    await report(f.branchA.id, '2026-01', { S: 10, H: 100, W: 50, L: 100, M: 7, N: 5, G: 3 });
    await report(f.branchA.id, '2026-02', { S: 20, L: 110 });
    await report(f.branchB.id, '2026-01', { S: 5, H: 300, W: 80, L: 200, M: 9, G: 4 });
    await report(f.branchB.id, '2026-02', { S: 0, L: 210 });
    await report(f.branchB.id, '2026-03', { L: 220 });
    await report(f.communeA.id, '2026-01', { S: 1 });
    await report(f.province.id, '2026-01', { N: 42 });
    const P = f.province.id;
    const q = (code: string, extra = '') => values('provAdmin', `indicator=${code}&unit=${P}&from=2026-01&to=2026-02${extra}`);
    expect((await q('S')).value).toBe(36);
    expect((await q('S')).reported).toBe(5);
    expect((await q('W')).value).toBe(72.5); // (50·100 + 80·300) / 400
    expect((await q('L')).value).toBe(320); // the subtree at the latest period of the range: 110 + 210
    expect((await values('provAdmin', `indicator=L&unit=${P}&from=2026-01&to=2026-03`)).value).toBe(220); // only branchB reported in March
    expect((await q('M')).value).toBe(9);
    expect((await q('N')).value).toBe(42); // not aggregated: the province's own figure
    expect((await values('provAdmin', `indicator=N&unit=${f.communeA.id}&from=2026-01&to=2026-02`)).value).toBeNull();
    expect((await values('provAdmin', `indicator=S&unit=${f.communeA.id}&from=2026-01&to=2026-02`)).value).toBe(31);
    expect((await values('provAdmin', `indicator=S&unit=${P}&from=2026-02&to=2026-02`)).value).toBe(20);
    // By period and by child.
    const byPeriod = await q('S', '&by=period');
    expect(byPeriod.rows.map((r: { periodKey: string; value: number }) => [r.periodKey, r.value])).toEqual([['2026-01', 16], ['2026-02', 20]]);
    const byChild = await q('S', '&by=child');
    expect(byChild.rows.map((r: { unitId: number; value: number }) => [r.unitId, r.value]).sort()).toEqual([[f.communeA.id, 31], [f.communeB.id, 5]].sort());
    const wChild = await q('W', '&by=child');
    expect(wChild.rows.find((r: { unitId: number }) => r.unitId === f.communeB.id).value).toBe(80);
    // The maintained roll-up equals a rebuild from the raw values.
    const snapshot = async () => rows(t.handle.db, sql`SELECT unit_id, indicator_id, disagg, period_start, period_end, n, sum_v, sum_w, sum_vw, max_v FROM mv_rollup ORDER BY 1, 2, 3, 4, 5`);
    const before = await snapshot();
    await t.handle.db.transaction(async (tx) => rebuildRollup(tx as never));
    expect(await snapshot()).toEqual(before);
  });

  it('breaks a figure down by gender, and refuses parts the indicator does not have', async () => {
    const form = await formOf(f.branchA.id, '2026-04');
    const r = await req('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'G', value: 5 }, { indicator: 'G', disagg: 'gender:female', value: 3 }, { indicator: 'S', disagg: 'gender:male', value: 1 }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.fields.map((x: { path: string }) => x.path)).toEqual(['values.2.disagg']);
    const saved = await ok('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'G', value: 5 }, { indicator: 'G', disagg: 'gender:female', value: 3 }] });
    const sub = await ok('officerA', 'POST', `/api/reports/forms/${form.id}/submit`, { version: saved.version });
    await ok('adminA', 'POST', `/api/reports/forms/${form.id}/approve`, { version: sub.version });
    const v = await values('provAdmin', `indicator=G&unit=${f.province.id}&from=2026-04&to=2026-04`);
    expect(v.value).toBe(5);
    expect(v.parts).toEqual([{ disagg: 'gender:female', value: 3 }]);
    // By organization: only the organizations running the movement (here the Women's Union).
    await ok('provAdmin', 'POST', '/api/indicators', { code: 'GO', ownerUnitId: f.province.id, name: 'Theo tổ chức', measure: 'người', valueType: 'integer', aggregation: 'sum', disaggregations: ['organization'] });
    const mv = await ok('provAdmin', 'GET', `/api/movements/${movementId}`);
    await ok('provAdmin', 'PATCH', `/api/movements/${movementId}`, { version: mv.version, indicators: [...mv.indicators.map((i: { code: string }) => i.code), 'GO'] });
    const fb = await formOf(f.branchB.id, '2026-04');
    const wrongOrg = await req('officerB', 'PUT', `/api/reports/forms/${fb.id}`, { version: fb.version, values: [{ indicator: 'GO', value: 4 }, { indicator: 'GO', disagg: 'org:DOAN', value: 1 }] });
    expect(wrongOrg.json().details.fields.map((x: { path: string }) => x.path)).toEqual(['values.1.disagg']);
    const good = await ok('officerB', 'PUT', `/api/reports/forms/${fb.id}`, { version: fb.version, values: [{ indicator: 'GO', value: 4 }, { indicator: 'GO', disagg: 'org:PHUNU', value: 4 }] });
    expect(good.organizations).toEqual(['PHUNU']);
    expect(good.values.filter((x: { code: string }) => x.code === 'GO').map((x: { disagg: string; value: number }) => [x.disagg, x.value])).toEqual([['', 4], ['org:PHUNU', 4]]);
    // Leave the draft empty again for the tests below.
    await ok('officerB', 'PUT', `/api/reports/forms/${fb.id}`, { version: good.version, values: [{ indicator: 'GO', value: null }, { indicator: 'GO', disagg: 'org:PHUNU', value: null }] });
  });

  it('approval flow: submit, return with a comment, resubmit, approve (locked), reopen (logged) — the dashboard follows', async () => {
    const form = await formOf(f.branchA.id, '2026-03');
    const saved = await ok('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'S', value: '1.000,5' }] });
    expect(saved.values.find((v: { code: string }) => v.code === 'S').value).toBe(1000.5);
    expect((await req('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [] })).statusCode).toBe(409); // stale version
    let d = await ok('officerA', 'POST', `/api/reports/forms/${form.id}/submit`, { version: saved.version });
    expect(d.status).toBe('submitted');
    expect((await req('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: d.version, values: [{ indicator: 'S', value: 1 }] })).json().code).toBe('FORM_LOCKED');
    // The level above sees it in its inbox; the unit itself may not approve its own form.
    const inbox = await ok('adminA', 'GET', '/api/reports/forms?view=inbox');
    expect(inbox.items.map((x: { id: number }) => x.id)).toContain(form.id);
    expect((await ok('provAdmin', 'GET', '/api/reports/forms?view=inbox')).items.map((x: { id: number }) => x.id)).not.toContain(form.id);
    expect((await req('officerA', 'POST', `/api/reports/forms/${form.id}/approve`, { version: d.version })).statusCode).toBe(403);
    expect((await req('adminA', 'POST', `/api/reports/forms/${form.id}/return`, { version: d.version, comment: 'x' })).statusCode).toBe(400);
    d = await ok('adminA', 'POST', `/api/reports/forms/${form.id}/return`, { version: d.version, comment: 'Số liệu chưa khớp biên bản' });
    expect(d).toMatchObject({ status: 'returned', returnedComment: 'Số liệu chưa khớp biên bản' });
    d = await ok('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: d.version, values: [{ indicator: 'S', value: 1000 }] });
    d = await ok('officerA', 'POST', `/api/reports/forms/${form.id}/submit`, { version: d.version });
    const march = () => values('provAdmin', `indicator=S&unit=${f.province.id}&from=2026-03&to=2026-03`);
    expect((await march()).value).toBeNull();
    d = await ok('adminA', 'POST', `/api/reports/forms/${form.id}/approve`, { version: d.version });
    expect(d.status).toBe('approved');
    expect((await march()).value).toBe(1000); // current at once
    expect((await req('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: d.version, values: [{ indicator: 'S', value: 5 }] })).statusCode).toBe(409);
    expect((await req('officerA', 'POST', `/api/reports/forms/${form.id}/reopen`, { version: d.version, reason: 'Sửa số liệu' })).statusCode).toBe(403);
    d = await ok('adminA', 'POST', `/api/reports/forms/${form.id}/reopen`, { version: d.version, reason: 'Đơn vị báo sai, cần sửa' });
    expect(d.status).toBe('returned');
    expect((await march()).value).toBeNull();
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'return', 'submit', 'approve', 'reopen']);
    const audit = await rows<{ action: string }>(t.handle.db, sql`SELECT action FROM audit_log WHERE entity = 'form' AND entity_id = ${String(form.id)} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['movements.form.save', 'movements.form.submit', 'movements.form.return', 'movements.form.save',
      'movements.form.submit', 'movements.form.approve', 'movements.form.reopen']);
    // Max is recomputed when a value leaves the roll-up.
    const jan = await formOf(f.branchB.id, '2026-01');
    await ok('adminB', 'POST', `/api/reports/forms/${jan.id}/reopen`, { version: jan.version, reason: 'Kiểm tra lại' });
    expect((await values('provAdmin', `indicator=M&unit=${f.province.id}&from=2026-01&to=2026-01`)).value).toBe(7);
    expect((await values('provAdmin', `indicator=W&unit=${f.province.id}&from=2026-01&to=2026-01`)).value).toBe(50);
    const again = await formOf(f.branchB.id, '2026-01');
    const s2 = await ok('officerB', 'POST', `/api/reports/forms/${again.id}/submit`, { version: again.version });
    await ok('adminB', 'POST', `/api/reports/forms/${again.id}/approve`, { version: s2.version });
    expect((await values('provAdmin', `indicator=M&unit=${f.province.id}&from=2026-01&to=2026-01`)).value).toBe(9);
    // Notifications reached the approver and the unit.
    const notes = await rows<{ title: string }>(t.handle.db, sql`SELECT title FROM notifications WHERE user_id = ${f.adminA.id}`);
    expect(notes.some((n) => n.title.startsWith('Báo cáo chờ duyệt'))).toBe(true);
  });

  it('record-derived figures are filled from the records, shown as such, and cannot be typed over', async () => {
    recordValue = 123;
    const form = await formOf(f.communeB.id, '2026-02');
    const detail = await ok('officerB', 'GET', `/api/reports/forms/${form.id}`);
    const r = detail.indicators.find((i: { code: string }) => i.code === 'R');
    expect(r).toMatchObject({ source: 'test.members', sourceMode: 'fill', sourceAvailable: true, recordValue: 123 });
    expect(detail.indicators.find((i: { code: string }) => i.code === 'RX')).toMatchObject({ sourceAvailable: false, recordValue: null });
    const typed = await req('officerB', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'S', value: 4 }, { indicator: 'R', value: 999 }] });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().details.fields).toEqual([expect.objectContaining({ path: 'values.1.value', message: 'Chỉ tiêu R lấy từ cơ sở dữ liệu, không nhập tay được.' })]);
    expect((await req('officerB', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'RX', value: 1 }] })).statusCode).toBe(400);
    // A 'check' figure is typed and compared with the records at submission.
    const saved = await ok('officerB', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'S', value: 4 }, { indicator: 'RC', value: 200 }] });
    expect(saved.values.find((v: { code: string }) => v.code === 'R')).toMatchObject({ value: 123, source: 'records' });
    recordValue = 130;
    const sub = await ok('officerB', 'POST', `/api/reports/forms/${form.id}/submit`, { version: saved.version });
    expect(sub.values.find((v: { code: string }) => v.code === 'R')).toMatchObject({ value: 130, source: 'records' });
    expect(sub.flags.map((x: { rule: string; indicatorCode: string }) => [x.rule, x.indicatorCode])).toEqual([['records', 'RC']]);
    expect(sub.flags[0].message).toBe('Khác số liệu trong hồ sơ: báo cáo 200, hồ sơ có 130.');
    expect((await req('adminB', 'POST', `/api/reports/forms/${form.id}/approve`, { version: sub.version })).statusCode).toBe(403); // the commune's own form goes up
    const ap = await ok('provAdmin', 'POST', `/api/reports/forms/${form.id}/approve`, { version: sub.version });
    recordValue = 500; // approved figures stay as submitted
    expect((await ok('officerB', 'GET', `/api/reports/forms/${ap.id}`)).indicators.find((i: { code: string }) => i.code === 'R').recordValue).toBe(130);
    // The commune's subtree: its own 130 plus branch B's February form, submitted when the records said 123.
    expect((await values('adminB', `indicator=R&unit=${f.communeB.id}&from=2026-02&to=2026-02`)).value).toBe(253);
  });

  it('flags a validation rule at submission; the approver accepts it with a comment', async () => {
    const d = await report(f.branchB.id, '2026-04', { H: 50, V: 60 }, { filler: 'officerB', approve: false });
    expect(d.warnings.length).toBe(1);
    expect(d.flags.map((x: { rule: string; indicatorCode: string }) => [x.rule, x.indicatorCode])).toEqual([['validation', 'V']]);
    const flag = d.flags[0];
    expect(flag.message).toContain('lớn hơn H');
    expect((await req('officerB', 'POST', `/api/flags/${flag.id}/accept`, { comment: 'Đúng thực tế' })).statusCode).toBe(403);
    expect((await req('officerA', 'POST', `/api/flags/${flag.id}/accept`, { comment: 'Đúng thực tế' })).statusCode).toBe(404);
    const acc = await ok('adminB', 'POST', `/api/flags/${flag.id}/accept`, { comment: 'Có hộ tạm trú, đã kiểm tra' });
    expect(acc).toMatchObject({ status: 'accepted', comment: 'Có hộ tạm trú, đã kiểm tra' });
    const list = await ok('adminB', 'GET', `/api/flags?unit=${f.communeB.id}`);
    expect(list.items.map((x: { id: number }) => x.id)).toContain(flag.id);
    expect((await ok('officerA', 'GET', '/api/flags')).items.map((x: { id: number }) => x.id)).not.toContain(flag.id);
  });

  it('a commune sees and enters only its own subtree, on every route', async () => {
    const formB = await formOf(f.branchB.id, '2026-03');
    const B = formB.id;
    const u = (x: string) => x.replace('B', String(B));
    for (const [method, url, body] of [
      ['GET', u('/api/reports/forms/B')], ['PUT', u('/api/reports/forms/B'), { version: formB.version, values: [{ indicator: 'S', value: 1 }] }],
      ['POST', u('/api/reports/forms/B/submit'), { version: formB.version }], ['POST', u('/api/reports/forms/B/approve'), { version: formB.version }],
      ['POST', u('/api/reports/forms/B/return'), { version: formB.version, comment: 'Trả lại' }], ['POST', u('/api/reports/forms/B/reopen'), { version: formB.version, reason: 'Mở lại' }],
      ['POST', u('/api/reports/forms/B/attachments'), { fileId: 1 }], ['GET', u('/api/reports/forms/B/attachments/1')], ['DELETE', u('/api/reports/forms/B/attachments/1')],
      ['GET', `/api/reports/forms?unit=${f.communeB.id}`], ['GET', `/api/reports/completeness?unit=${f.communeB.id}`],
      ['GET', `/api/indicators/values?indicator=S&unit=${f.communeB.id}&from=2026-01&to=2026-02`],
      ['GET', `/api/indicators/values?indicator=S&unit=${f.province.id}&from=2026-01&to=2026-02`],
      ['GET', `/api/indicators/dashboard?unit=${f.communeB.id}&from=2026-01&to=2026-02`], ['GET', `/api/flags?unit=${f.communeB.id}`],
      ['POST', '/api/reports/remind', { unit: f.communeB.id }], ['PUT', '/api/indicators/1/targets', { unitId: f.communeB.id, year: 2026, value: 5 }],
      ['GET', `/api/movements?unit=${f.communeB.id}`],
    ] as [string, string, unknown?][]) {
      for (const who of ['officerA', 'adminA']) {
        const r = await req(who, method, url, body);
        expect(r.statusCode, `${who} ${method} ${url}`).toBe(404);
      }
    }
    const before = await rows(t.handle.db, sql`SELECT status, version FROM mv_forms WHERE id = ${B}`);
    expect((await ok('officerA', 'GET', '/api/reports/forms?limit=500')).items.every((x: { unitId: number }) => [f.communeA.id, f.branchA.id].includes(x.unitId))).toBe(true);
    expect(await rows(t.handle.db, sql`SELECT status, version FROM mv_forms WHERE id = ${B}`)).toEqual(before);
    // A movement led by commune B is invisible to commune A.
    const mB = await ok('adminB', 'POST', '/api/movements', { code: 'B-ONLY', name: 'Phong trào của phường B', leadUnitId: f.communeB.id, startsOn: '2026-01-01', indicators: ['S'] });
    expect((await req('adminA', 'GET', `/api/movements/${mB.id}`)).statusCode).toBe(404);
    expect((await req('adminA', 'PATCH', `/api/movements/${mB.id}`, { version: 1, name: 'Đổi tên' })).statusCode).toBe(404);
    expect((await req('adminA', 'POST', `/api/movements/${mB.id}/schedules`, { frequency: 'year', firstPeriod: '2026' })).statusCode).toBe(404);
    expect((await ok('adminA', 'GET', '/api/movements')).map((m: { id: number }) => m.id)).not.toContain(mB.id);
    // …while the province's movement is visible to a branch that reports to it.
    expect((await ok('officerA', 'GET', '/api/movements')).map((m: { id: number }) => m.id)).toContain(movementId);
    expect((await req('adminA', 'POST', '/api/movements', { code: 'A-BAD', name: 'Ngoài phạm vi', leadUnitId: f.communeB.id, startsOn: '2026-01-01' })).statusCode).toBe(404);
    expect((await req('adminA', 'POST', '/api/indicators', { code: 'XB', ownerUnitId: f.communeB.id, name: 'Ngoài phạm vi', measure: 'x', valueType: 'number', aggregation: 'sum' })).statusCode).toBe(404);
    // A viewer reads but does not fill; an officer fills but does not manage.
    const formA = await formOf(f.branchA.id, '2026-02');
    expect((await req('viewerA', 'GET', `/api/reports/forms/${formA.id}`)).statusCode).toBe(200);
    const fa = await formOf(f.communeA.id, '2026-02');
    expect((await req('viewerA', 'PUT', `/api/reports/forms/${fa.id}`, { version: fa.version, values: [] })).statusCode).toBe(403);
    expect((await req('officerA', 'POST', '/api/indicators', { code: 'XA', ownerUnitId: f.communeA.id, name: 'Không có quyền', measure: 'x', valueType: 'number', aggregation: 'sum' })).statusCode).toBe(403);
    expect((await req(undefined as never, 'GET', '/api/reports/forms')).statusCode).toBe(401);
  });

  it('a supervisor reads aggregates across organizations in its area, and nothing else', async () => {
    // Commune A's figures (Women's Union) are in the supervisor's area (the commune's Ban Dân vận).
    const A = await values('supervisorA', `indicator=S&unit=${f.communeA.id}&from=2026-01&to=2026-02`);
    expect(A.value).toBe(31);
    expect((await req('supervisorA', 'GET', `/api/indicators/values?indicator=S&unit=${f.communeB.id}&from=2026-01&to=2026-02`)).statusCode).toBe(404);
    expect((await req('supervisorA', 'GET', `/api/indicators/values?indicator=S&unit=${f.province.id}&from=2026-01&to=2026-02`)).statusCode).toBe(404);
    expect((await req('supervisorA', 'GET', `/api/indicators/dashboard?unit=${f.communeA.id}&from=2026-01&to=2026-02&indicators=S,W`)).statusCode).toBe(200);
    const formA = await formOf(f.branchA.id, '2026-04');
    expect((await req('supervisorA', 'GET', `/api/reports/forms/${formA.id}`)).statusCode).toBe(200);
    expect((await req('supervisorA', 'PUT', `/api/reports/forms/${formA.id}`, { version: formA.version, values: [] })).statusCode).toBe(403);
    expect((await req('supervisorA', 'POST', `/api/reports/forms/${formA.id}/reopen`, { version: formA.version, reason: 'Thử mở lại' })).statusCode).toBe(403);
  });

  it('completeness shows who reported, and reminders reach those who did not — once, with several processes', async () => {
    const comp = await ok('provAdmin', 'GET', `/api/reports/completeness?unit=${f.province.id}&movement=${movementId}&period=2026-02`);
    expect(comp.totals.forms).toBe(5);
    expect(comp.totals.approved).toBe(3); // branchA, branchB, communeB
    expect(comp.totals.missing).toBe(2);
    const rowA = comp.rows.find((r: { unitId: number }) => r.unitId === f.communeA.id);
    expect(rowA).toMatchObject({ forms: 2, approved: 1, missing: 1 });
    await t.handle.db.execute(sql`UPDATE users SET email = 'canbo.a@example.vn' WHERE id = ${f.officerA.id}`);
    // Two "processes" at once: each form is reminded once.
    const [r1, r2] = await Promise.all([sendReminders(t.handle.db), sendReminders(t.handle.db)]);
    const reminded = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM mv_forms WHERE reminded_at IS NOT NULL`);
    expect(r1.forms + r2.forms).toBe(reminded!.n);
    expect(reminded!.n).toBeGreaterThan(0);
    const outbox = await rows<{ recipient: string }>(t.handle.db, sql`SELECT recipient FROM notifications WHERE channel = 'email'`);
    expect(outbox.length).toBe(r1.emails + r2.emails);
    expect(outbox.every((o) => o.recipient === 'canbo.a@example.vn')).toBe(true);
    expect((await sendReminders(t.handle.db)).forms).toBe(0); // not again before the interval
  });

  it('evidence: attach one’s own upload, download it, remove it', async () => {
    const form = await formOf(f.branchA.id, '2026-02');
    const upload = async (who: string) => {
      const boundary = '----x';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bien-ban.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPEGDATA\r\n--${boundary}--\r\n`;
      const r = await t.req('POST', '/api/files', { cookie: c[who], body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      return r.json().id as number;
    };
    const fileB = await upload('officerB');
    const fileA = await upload('officerA');
    // Approved forms are locked (branchA 2026-02 is approved).
    expect((await req('officerA', 'POST', `/api/reports/forms/${form.id}/attachments`, { fileId: fileA })).statusCode).toBe(409);
    const draft = await formOf(f.communeA.id, '2026-03');
    // Someone else's upload cannot be attached.
    expect((await req('officerA', 'POST', `/api/reports/forms/${draft.id}/attachments`, { fileId: fileB })).statusCode).toBe(400);
    const d = await ok('officerA', 'POST', `/api/reports/forms/${draft.id}/attachments`, { fileId: fileA, note: 'Biên bản họp' });
    expect(d.attachments).toEqual([expect.objectContaining({ fileId: fileA, name: 'bien-ban.jpg', note: 'Biên bản họp' })]);
    const dl = await req('viewerA', 'GET', `/api/reports/forms/${draft.id}/attachments/${d.attachments[0].id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('JPEGDATA');
    expect((await req('officerB', 'GET', `/api/reports/forms/${draft.id}/attachments/${d.attachments[0].id}`)).statusCode).toBe(404);
    expect((await req('officerA', 'DELETE', `/api/reports/forms/${draft.id}/attachments/${d.attachments[0].id}`)).statusCode).toBe(204);
  });

  it('validates requests with field-level messages in the user’s language', async () => {
    const r = await req('provAdmin', 'POST', '/api/indicators', { code: 'bad code', ownerUnitId: f.province.id, name: 'x', measure: '', valueType: 'nope', aggregation: 'sum' });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.fields.map((x: { path: string }) => x.path).sort()).toEqual(['code', 'measure', 'name', 'valueType']);
    const w = await req('provAdmin', 'POST', '/api/indicators', { code: 'WW', ownerUnitId: f.province.id, name: 'Bình quân', measure: '%', valueType: 'percent', aggregation: 'weighted_avg' });
    expect(w.json().details.fields[0]).toMatchObject({ path: 'weightCode', message: 'Bình quân gia quyền cần chỉ tiêu làm trọng số.' });
    const v = await t.req('GET', `/api/indicators/values?indicator=S&unit=${f.province.id}&from=2026-13&to=2026-01`, { cookie: c.provAdmin, headers: { 'accept-language': 'en' } });
    expect(v.statusCode).toBe(400);
    expect(v.json().details.fields[0].message).toBe('Month must be YYYY-MM.');
    const form = await formOf(f.communeA.id, '2026-04');
    const bad = await req('officerA', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'H', value: 2.5 }, { indicator: 'W', value: 140 }, { indicator: 'ZZ', value: 1 }] });
    expect(bad.json().details.fields.map((x: { path: string; message: string }) => [x.path, x.message])).toEqual([
      ['values.0.value', 'Phải là số nguyên.'], ['values.1.value', 'Tỷ lệ phải từ 0 đến 100.'], ['values.2.indicator', 'Chỉ tiêu ZZ không có trong biểu mẫu này.']]);
    // Aggregation of an indicator with approved figures cannot be changed.
    const s = await ok('provAdmin', 'GET', '/api/indicators');
    const S = s.find((x: { code: string }) => x.code === 'S');
    const ch = await req('provAdmin', 'PATCH', `/api/indicators/${S.id}`, { version: S.version, aggregation: 'max' });
    expect(ch.json().details.fields[0].path).toBe('aggregation');
    expect((await req('provAdmin', 'PATCH', `/api/indicators/${S.id}`, { version: S.version, name: 'Tổng số công trình' })).statusCode).toBe(200);
  });

  it('reads typed numbers the way the user’s language writes them; an ambiguous one is refused with a suggestion, never shortened', async () => {
    const form = await formOf(f.communeB.id, '2026-03');
    const put = (lang: string, version: number, values: { indicator: string; value: string | null }[]) =>
      t.req('PUT', `/api/reports/forms/${form.id}`, { cookie: c.adminB, body: { version, values }, headers: { 'accept-language': lang } });
    const stored = (d: { values: { code: string; value: number }[] }, code: string) => d.values.find((v) => v.code === code)?.value;
    const vi = await put('vi', form.version, [{ indicator: 'S', value: '150.000.000' }, { indicator: 'H', value: '1.250' }, { indicator: 'W', value: '45,5' }]);
    expect(vi.statusCode).toBe(200);
    expect([stored(vi.json(), 'S'), stored(vi.json(), 'H'), stored(vi.json(), 'W')]).toEqual([150_000_000, 1250, 45.5]);
    // "1.25" in Vietnamese is no grouping and no decimal: refused, nothing written.
    const amb = await put('vi', vi.json().version, [{ indicator: 'S', value: '1.25' }, { indicator: 'H', value: '1.25.000' }]);
    expect(amb.statusCode).toBe(400);
    expect(amb.json().details.fields).toMatchObject([
      { path: 'values.0.value', message: expect.stringContaining('Có phải ý bạn là 1,25?') },
      { path: 'values.1.value', message: expect.stringContaining('Dấu tách hàng nghìn đặt sai chỗ') }]);
    // The same text in English is read the English way.
    const en = await put('en', vi.json().version, [{ indicator: 'S', value: '1,250.75' }, { indicator: 'H', value: '1,25' }]);
    expect(en.json().details.fields[0]).toMatchObject({ path: 'values.1.value', message: expect.stringContaining('Did you mean 1.25?') });
    const en2 = await put('en', vi.json().version, [{ indicator: 'S', value: '1,250.75' }, { indicator: 'H', value: null }, { indicator: 'W', value: null }]);
    expect(stored(en2.json(), 'S')).toBe(1250.75);
    await put('vi', en2.json().version, [{ indicator: 'S', value: null }]);
  });

  it('targets show beside the actuals; the .xlsx export has both sheets', async () => {
    const S = (await ok('provAdmin', 'GET', '/api/indicators')).find((x: { code: string }) => x.code === 'S');
    await ok('provAdmin', 'PUT', `/api/indicators/${S.id}/targets`, { unitId: f.province.id, year: 2026, value: 100 });
    await ok('provAdmin', 'PUT', `/api/indicators/${S.id}/targets`, { unitId: f.communeA.id, year: 2026, value: 40 });
    const v = await values('provAdmin', `indicator=S&unit=${f.province.id}&from=2026-01&to=2026-02&by=child`);
    expect(v.target).toBe(100);
    expect(v.rows.find((r: { unitId: number }) => r.unitId === f.communeA.id).target).toBe(40);
    const x = await t.req('GET', `/api/indicators/values/export?indicator=S&unit=${f.province.id}&from=2026-01&to=2026-02`, { cookie: c.provAdmin });
    expect(x.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo đơn vị', 'Theo kỳ']);
    const dash = await ok('provAdmin', 'GET', `/api/indicators/dashboard?unit=${f.province.id}&from=2026-01&to=2026-02&indicators=S,W`);
    expect(dash.items.map((i: { code: string; value: number; target: number | null }) => [i.code, i.value, i.target])).toEqual([['S', 40, 100], ['W', 72.5, null]]); // 36 + commune B's 4 in February (approved above)
  });

  it('concurrent approvals along shared ancestors keep the roll-up equal to a rebuild', async () => {
    // Four sibling-and-cousin forms of May, approved at the same time (PostgreSQL runs them concurrently).
    const units = [f.branchA, f.branchB, f.communeA, f.communeB];
    const schedule = (await one<{ id: number }>(t.handle.db, sql`SELECT id FROM mv_schedules WHERE movement_id = ${movementId}`))!.id;
    await t.handle.db.execute(sql`INSERT INTO mv_forms (schedule_id, movement_id, unit_id, period_key, period_start, period_end, due_on)
      SELECT ${schedule}, ${movementId}, id, '2026-05', ${2026 * 12 + 4}, ${2026 * 12 + 4}, '2026-06-10' FROM units WHERE id = ANY(${sql.param(units.map((u) => u.id))}::int[])`);
    const ids: { id: number; version: number; approver: string }[] = [];
    for (const [k, u] of units.entries()) {
      const form = await formOf(u.id, '2026-05');
      const saved = await ok('admin', 'PUT', `/api/reports/forms/${form.id}`, { version: form.version, values: [{ indicator: 'S', value: 10 + k }, { indicator: 'M', value: 100 + k }, { indicator: 'H', value: 50 }, { indicator: 'W', value: 60 + k }] });
      const sub = await ok('admin', 'POST', `/api/reports/forms/${form.id}/submit`, { version: saved.version });
      ids.push({ id: form.id, version: sub.version, approver: k === 0 ? 'adminA' : k === 1 ? 'adminB' : 'provAdmin' });
    }
    const res = await Promise.all(ids.map((x) => req(x.approver, 'POST', `/api/reports/forms/${x.id}/approve`, { version: x.version })));
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const may = await values('provAdmin', `indicator=S&unit=${f.province.id}&from=2026-05&to=2026-05`);
    expect(may.value).toBe(10 + 11 + 12 + 13);
    expect((await values('provAdmin', `indicator=M&unit=${f.province.id}&from=2026-05&to=2026-05`)).value).toBe(103);
    expect((await values('provAdmin', `indicator=W&unit=${f.province.id}&from=2026-05&to=2026-05`)).value).toBe(61.5);
    const snapshot = async () => rows(t.handle.db, sql`SELECT unit_id, indicator_id, disagg, period_start, period_end, n, sum_v, sum_w, sum_vw, max_v FROM mv_rollup ORDER BY 1, 2, 3, 4, 5`);
    const before = await snapshot();
    await t.handle.db.transaction(async (tx) => rebuildRollup(tx as never));
    expect(await snapshot()).toEqual(before);
  });
});
