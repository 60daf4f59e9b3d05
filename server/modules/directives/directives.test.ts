import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, scopeFixture, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { ensureInstances } from './directives.repo';
import { sendReminders } from './directives.reminders';
import { todayVN } from './directives.scope';
import { addDays, setClock } from '../../kernel/clock';

// The rules run at a fixed date (a Wednesday in June), so the suite passes on any day it is run: on
// 4 December the yearly task's own deadline (15/12) was "at risk" too and a second e-mail went out.
setClock('2026-06-10');
afterAll(() => setClock(null));

describe.each(engines())('directives API on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let dang: TestUnit, mttq: TestUnit, doanA: TestUnit;
  let issuer: TestUser, mttqAdmin: TestUser, doanOfficer: TestUser, dangViewer: TestUser;
  const c: Record<string, string> = {};
  const today = todayVN();
  const year = Number(today.slice(0, 4));
  let directiveId: number;
  let task1: number; // lead communeA (PHUNU), coordinator communeB
  let task2: number; // lead MTTQ province: outside the issuer's subtree

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    dang = await makeUnit(t.handle, { org: 'DANG', name: 'Thành ủy Đà Nẵng', areaCode: '48' });
    mttq = await makeUnit(t.handle, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', areaCode: '48' });
    doanA = await makeUnit(t.handle, { org: 'DOAN', name: 'Đoàn phường Tam Kỳ', areaCode: '20341' });
    issuer = await makeUser(t.handle, [{ unit: dang, role: 'unit_admin' }]);
    dangViewer = await makeUser(t.handle, [{ unit: dang, role: 'viewer' }]);
    mttqAdmin = await makeUser(t.handle, [{ unit: mttq, role: 'unit_admin' }]);
    doanOfficer = await makeUser(t.handle, [{ unit: doanA, role: 'officer' }]);
    for (const [k, u] of Object.entries({ admin: f.admin, officerA: f.officerA, officerB: f.officerB, viewerA: f.viewerA, supervisorA: f.supervisorA, adminA: f.adminA, issuer, dangViewer, mttqAdmin, doanOfficer })) c[k] = await login(t, u);
  });
  afterAll(async () => { await t?.close(); });

  const get = (url: string, who: string) => t.req('GET', url, { cookie: c[who] });
  const post = (url: string, who: string, body: unknown) => t.req('POST', url, { cookie: c[who], body });
  const patch = (url: string, who: string, body: unknown) => t.req('PATCH', url, { cookie: c[who], body });

  it('requires a session on every route', async () => {
    for (const [m, u] of [['GET', '/api/directives'], ['GET', '/api/tasks'], ['GET', '/api/programs'], ['POST', '/api/reports/generate'], ['GET', '/api/directives/1'], ['POST', '/api/tasks/1/reports']] as const) {
      expect((await t.req(m, u, { body: m === 'POST' ? {} : undefined })).statusCode).toBe(401);
    }
  });

  it('the issuing body records a directive with tasks for units of other trees, a sub-task and a yearly task', async () => {
    const r = await post('/api/directives', 'issuer', {
      issuerUnitId: dang.id, kind: 'notice', number: '12', symbol: 'TB/TU', issuedOn: `${year}-02-01`, issuingBody: 'Thường trực Thành ủy',
      title: 'Kết luận về đổi mới phương thức hoạt động của Mặt trận', recipientUnitIds: [f.communeA.id, mttq.id],
      tasks: [
        { ordinal: '1', title: 'Rà soát quy chế phối hợp', leadUnitId: f.communeA.id, coordinatorUnitIds: [f.communeB.id], deadline: addDays(today, 30) },
        { ordinal: '2', title: 'Nâng cao chất lượng phong trào', leadUnitId: mttq.id, deadline: addDays(today, -3) },
        { ordinal: '2.1', parentOrdinal: '2', title: 'Ngày hội Đại đoàn kết', leadUnitId: mttq.id, deadline: addDays(today, 5) },
        { ordinal: '3', title: 'Theo dõi, báo cáo hằng năm', leadUnitId: dang.id, recurrence: 'yearly', dueMonthDay: '12-15', startYear: year - 1 },
      ],
    });
    expect(r.statusCode).toBe(201);
    const d = r.json();
    directiveId = d.id;
    expect(d.numberSymbol).toBe('12-TB/TU');
    expect(d.canManage).toBe(true);
    task1 = d.tasks.find((x: { ordinal: string }) => x.ordinal === '1').id;
    task2 = d.tasks.find((x: { ordinal: string }) => x.ordinal === '2').id;
    const sub = d.tasks.find((x: { ordinal: string }) => x.ordinal === '2.1');
    expect(sub.parentId).toBe(task2);
    // The yearly task: one series and one instance per year from its first year to this year.
    const yearly = d.tasks.filter((x: { ordinal: string }) => x.ordinal === '3');
    expect(yearly.map((x: { kind: string; periodYear: number | null }) => `${x.kind}:${x.periodYear}`).sort()).toEqual([`instance:${year - 1}`, `instance:${year}`, 'series:null']);
    expect(yearly.find((x: { periodYear: number }) => x.periodYear === year).deadline).toBe(`${year}-12-15`);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'directives.create' AND entity_id = ${String(d.id)}`))!.n).toBe(1);
    // Lead units are told in-app.
    const note = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${mttqAdmin.id} AND link = ${'/directives/' + d.id}`);
    expect(note!.n).toBeGreaterThan(0);
  });

  it('generates each year’s instance of a yearly task idempotently', async () => {
    expect(await ensureInstances(t.handle.db, year)).toBe(0);
    const next = await ensureInstances(t.handle.db, year + 1);
    expect(next).toBe(1);
    expect(await ensureInstances(t.handle.db, year + 1)).toBe(0);
    const inst = await rows<{ y: number; deadline: string }>(t.handle.db, sql`SELECT period_year AS y, deadline::text AS deadline FROM directive_tasks
      WHERE directive_id = ${directiveId} AND kind = 'instance' ORDER BY period_year`);
    expect(inst).toEqual([{ y: year - 1, deadline: `${year - 1}-12-15` }, { y: year, deadline: `${year}-12-15` }, { y: year + 1, deadline: `${year + 1}-12-15` }]);
    // Leave the test database as "this year" for the other tests.
    await t.handle.db.execute(sql`DELETE FROM directive_tasks WHERE directive_id = ${directiveId} AND period_year = ${year + 1}`);
  });

  it('a 29 February due day falls on the 28th in other years', async () => {
    const r = await post(`/api/directives/${directiveId}/tasks`, 'issuer', { ordinal: '9', title: 'Định kỳ cuối tháng 2', leadUnitId: dang.id, recurrence: 'yearly', dueMonthDay: '02-29', startYear: 2023, endYear: 2024 });
    expect(r.statusCode).toBe(201);
    const inst = await rows<{ deadline: string }>(t.handle.db, sql`SELECT deadline::text AS deadline FROM directive_tasks WHERE series_id = ${r.json().id} ORDER BY period_year`);
    expect(inst.map((x) => x.deadline)).toEqual(['2023-02-28', '2024-02-29']);
    const cancel = await patch(`/api/tasks/${r.json().id}`, 'issuer', { version: 1, status: 'cancelled' });
    expect(cancel.statusCode).toBe(200);
    expect((await rows(t.handle.db, sql`SELECT 1 FROM directive_tasks WHERE series_id = ${r.json().id} AND status <> 'cancelled'`)).length).toBe(0);
  });

  it('the issuing body sees every task of its directive, even those led outside its subtree', async () => {
    const tbl = (await get(`/api/tasks?directiveId=${directiveId}&limit=100`, 'issuer')).json();
    const ords = tbl.items.map((x: { ordinal: string }) => x.ordinal);
    expect(ords).toContain('1');
    expect(ords).toContain('2');
    expect((await get(`/api/tasks/${task2}`, 'issuer')).statusCode).toBe(200);
    // MTTQ's own unit is not in the Party committee's subtree: the visibility comes from the directive.
    expect(mttq.path.startsWith(dang.path)).toBe(false);
    // A viewer of the issuing body too, read-only.
    const v = (await get(`/api/tasks/${task2}`, 'dangViewer')).json();
    expect(v.canManage).toBe(false);
    expect(v.canReport).toBe(false);
  });

  it('a unit sees the tasks it leads or coordinates and those of its subtree, nothing else', async () => {
    const a = (await get('/api/tasks?limit=100', 'officerA')).json();
    expect(a.items.map((x: { id: number }) => x.id)).toEqual([task1]);
    const b = (await get('/api/tasks?limit=100', 'officerB')).json();
    expect(b.items.map((x: { id: number }) => x.id)).toEqual([task1]);
    expect(b.items[0].canCoordinate).toBe(true);
    expect(b.items[0].canReport).toBe(false);
    const m = (await get('/api/tasks?limit=100', 'mttqAdmin')).json();
    expect(m.items.map((x: { ordinal: string }) => x.ordinal).sort()).toEqual(['2', '2.1']);
    // The province PHUNU admin sees its communes' task through its subtree.
    const prov = await makeUser(t.handle, [{ unit: f.province, role: 'viewer' }]);
    const pc = await login(t, prov);
    expect((await t.req('GET', '/api/tasks', { cookie: pc })).json().items.map((x: { id: number }) => x.id)).toEqual([task1]);
    // A unit with nothing to do with it sees nothing, and every route by id answers 404.
    expect((await get('/api/tasks', 'doanOfficer')).json().total).toBe(0);
    expect((await get('/api/directives', 'doanOfficer')).json().total).toBe(0);
    // The directive itself: visible to units with a task in it or that received it.
    expect((await get(`/api/directives/${directiveId}`, 'officerA')).statusCode).toBe(200);
    const dA = (await get(`/api/directives/${directiveId}`, 'officerA')).json();
    expect(dA.tasks.map((x: { id: number }) => x.id)).toEqual([task1]);
  });

  it('a supervisor reads the tasks of every organization in its area only', async () => {
    const s = (await get('/api/tasks?limit=100', 'supervisorA')).json();
    expect(s.items.map((x: { id: number }) => x.id)).toEqual([task1]);
    expect(s.items[0].canReport).toBe(false);
    expect((await get(`/api/tasks/${task2}`, 'supervisorA')).statusCode).toBe(404);
  });

  it('another unit cannot read or change this directive by id, through every route', async () => {
    const who = 'doanOfficer';
    const D = directiveId;
    const before = await one(t.handle.db, sql`SELECT version, title FROM directives WHERE id = ${D}`);
    const tBefore = await one(t.handle.db, sql`SELECT version, status, percent FROM directive_tasks WHERE id = ${task1}`);
    const checks = [
      await get(`/api/directives/${D}`, who),
      await patch(`/api/directives/${D}`, who, { version: 1, title: 'Đổi tên' }),
      await post(`/api/directives/${D}/acknowledge`, who, { unitId: f.communeA.id }),
      await get(`/api/directives/${D}/timeline`, who),
      await post(`/api/directives/${D}/tasks`, who, { ordinal: '7', title: 'Việc lạ', leadUnitId: doanA.id, deadline: today }),
      await post(`/api/directives/${D}/remind`, who, {}),
      await get(`/api/directives/${D}/dissemination`, who),
      await post(`/api/directives/${D}/sessions`, who, { unitId: doanA.id, heldOn: today, audience: 'Đoàn viên', attendanceTotal: 10 }),
      await t.req('DELETE', `/api/directives/${D}/sessions/1`, { cookie: c[who] }),
      await get(`/api/tasks/${task1}`, who),
      await patch(`/api/tasks/${task1}`, who, { version: 1, title: 'x' }),
      await get(`/api/tasks/${task1}/reports`, who),
      await post(`/api/tasks/${task1}/reports`, who, { status: 'done', percent: 100, narrative: 'Xong' }),
    ];
    expect(checks.map((r) => r.statusCode)).toEqual(Array(checks.length).fill(404));
    expect(await one(t.handle.db, sql`SELECT version, title FROM directives WHERE id = ${D}`)).toEqual(before);
    expect(await one(t.handle.db, sql`SELECT version, status, percent FROM directive_tasks WHERE id = ${task1}`)).toEqual(tBefore);
  });

  it('units that may read but not manage get 403; only the issuing body edits', async () => {
    expect((await patch(`/api/directives/${directiveId}`, 'officerA', { version: 1, title: 'Đổi' })).statusCode).toBe(403);
    expect((await patch(`/api/tasks/${task1}`, 'officerA', { version: 1, title: 'Đổi' })).statusCode).toBe(403);
    expect((await post(`/api/directives/${directiveId}/tasks`, 'officerA', { ordinal: '8', title: 'Thêm', leadUnitId: f.communeA.id })).statusCode).toBe(403);
    expect((await post(`/api/directives/${directiveId}/remind`, 'supervisorA', {})).statusCode).toBe(403);
    expect((await post('/api/directives', 'officerA', { issuerUnitId: dang.id, kind: 'plan', issuingBody: 'X', title: 'Y' })).statusCode).toBe(404);
    const ok = await patch(`/api/directives/${directiveId}`, 'issuer', { version: 1, signer: 'Nguyễn Văn A' });
    expect(ok.statusCode).toBe(200);
    expect((await patch(`/api/directives/${directiveId}`, 'issuer', { version: 1, signer: 'B' })).statusCode).toBe(409);
  });

  it('the lead unit reports progress; a coordinating unit adds its part without changing the status', async () => {
    const viewer = await post(`/api/tasks/${task1}/reports`, 'viewerA', { status: 'in_progress', percent: 10, narrative: 'Xem' });
    expect(viewer.statusCode).toBe(403);
    const lead = await post(`/api/tasks/${task1}/reports`, 'officerA', { status: 'in_progress', percent: 50, narrative: 'Đã họp liên tịch, thống nhất dự thảo.' });
    expect(lead.statusCode).toBe(201);
    expect(lead.json()).toMatchObject({ role: 'lead', unitId: f.communeA.id, percent: 50 });
    const co = await post(`/api/tasks/${task1}/reports`, 'officerB', { status: 'in_progress', percent: 20, narrative: 'Góp ý dự thảo.' });
    expect(co.statusCode).toBe(201);
    expect(co.json()).toMatchObject({ role: 'coordinator', unitId: f.communeB.id });
    const task = (await get(`/api/tasks/${task1}`, 'issuer')).json();
    expect(task).toMatchObject({ status: 'in_progress', percent: 50 });
    expect(task.reports).toHaveLength(2);
    // Coordinator claiming to report as the lead unit: forbidden.
    expect((await post(`/api/tasks/${task1}/reports`, 'officerB', { unitId: f.communeA.id, status: 'done', percent: 100, narrative: 'x' })).statusCode).toBe(403);
    const bad = await post(`/api/tasks/${task1}/reports`, 'officerA', { status: 'done', percent: 80, narrative: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields.map((x: { path: string }) => x.path).sort()).toEqual(['narrative', 'percent']);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'tasks.report' AND entity_id = ${String(task1)}`))!.n).toBe(2);
  });

  it('computes overdue and at-risk tasks, and filters by them', async () => {
    const tbl = (await get(`/api/tasks?directiveId=${directiveId}&limit=100`, 'issuer')).json();
    const by = (o: string, y?: number) => tbl.items.find((x: { ordinal: string; periodYear: number | null }) => x.ordinal === o && (y === undefined || x.periodYear === y));
    expect(by('2').overdue).toBe(true); // due 3 days ago, not done
    expect(by('2.1').atRisk).toBe(true); // due in 5 days, 0 %
    expect(by('1').overdue || by('1').atRisk).toBe(false); // due in 30 days
    expect(by('3', year - 1).overdue).toBe(true); // last year's report never made
    const overdue = (await get(`/api/tasks?directiveId=${directiveId}&flag=overdue`, 'issuer')).json();
    expect(overdue.items.map((x: { ordinal: string }) => x.ordinal).sort()).toEqual(['2', '3']);
    expect(overdue.overdue).toBe(2);
    // Done tasks are not overdue, even after their deadline.
    await post(`/api/tasks/${task2}/reports`, 'mttqAdmin', { status: 'done', percent: 100, narrative: 'Hoàn thành' });
    const after = (await get(`/api/tasks?directiveId=${directiveId}&flag=overdue`, 'issuer')).json();
    expect(after.items.map((x: { ordinal: string }) => x.ordinal)).toEqual(['3']);
    expect(after.byStatus).toEqual({ not_started: 1 });
    const all = (await get(`/api/tasks?directiveId=${directiveId}`, 'issuer')).json();
    expect(all.byUnit.find((u: { unitId: number }) => u.unitId === mttq.id)).toMatchObject({ total: 2, done: 1, overdue: 0 });
    const dl = await get(`/api/directives?q=${encodeURIComponent('doi moi phuong thuc')}`, 'issuer');
    expect(dl.json().items[0]).toMatchObject({ id: directiveId, overdueCount: 1, doneCount: 1 });
  });

  it('reminds lead units of overdue and at-risk tasks once per week, in-app and by e-mail in the outbox', async () => {
    await t.handle.db.execute(sql`UPDATE users SET email = 'dang@example.vn' WHERE id = ${issuer.id}`);
    const n = await sendReminders(t.handle.db, today);
    expect(n).toBeGreaterThanOrEqual(2); // 3 (last year) overdue, 2.1 at risk
    const app = await rows<{ title: string }>(t.handle.db, sql`SELECT title FROM notifications WHERE user_id = ${issuer.id} AND channel = 'app' AND title LIKE 'Nhiệm vụ quá hạn%'`);
    expect(app.length).toBe(1);
    const mail = await rows(t.handle.db, sql`SELECT 1 FROM notifications WHERE channel = 'email' AND recipient = 'dang@example.vn' AND sent_at IS NULL`);
    expect(mail.length).toBe(1);
    expect(await sendReminders(t.handle.db, today)).toBe(0);
    // The issuer's "remind now": once a day per task.
    const r = await post(`/api/directives/${directiveId}/remind`, 'issuer', {});
    expect(r.json().reminded).toBe(n);
    expect((await post(`/api/directives/${directiveId}/remind`, 'issuer', {})).json().reminded).toBe(0);
  });

  it('several server processes tick at once: each year’s instance and each reminder happen once', async () => {
    const r = await post(`/api/directives/${directiveId}/tasks`, 'issuer', { ordinal: '10', title: 'Báo cáo định kỳ (song song)', leadUnitId: mttq.id, recurrence: 'yearly', dueMonthDay: '01-10', startYear: year - 3 });
    expect(r.statusCode).toBe(201);
    const series = r.json().id;
    await t.handle.db.execute(sql`DELETE FROM directive_tasks WHERE series_id = ${series}`);
    const made = await Promise.all([ensureInstances(t.handle.db, year), ensureInstances(t.handle.db, year), ensureInstances(t.handle.db, year)]);
    expect(made.reduce((a, b) => a + b, 0)).toBe(4);
    const reminded = await Promise.all([sendReminders(t.handle.db, addDays(today, 7)), sendReminders(t.handle.db, addDays(today, 7))]);
    const rows2 = await rows<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM task_reminders WHERE on_date = date_trunc('week', ${addDays(today, 7)}::date)::date`);
    expect(reminded[0] + reminded[1]).toBe(rows2[0].n);
    expect(rows2[0].n).toBeGreaterThanOrEqual(4); // the past years of the new series, at least
    const cancel = await patch(`/api/tasks/${series}`, 'issuer', { version: 1, status: 'cancelled' });
    expect(cancel.statusCode).toBe(200);
  });

  it('recipients acknowledge receipt; the timeline shows it with reports and deadlines', async () => {
    expect((await post(`/api/directives/${directiveId}/acknowledge`, 'viewerA', { unitId: f.communeA.id })).statusCode).toBe(403);
    expect((await post(`/api/directives/${directiveId}/acknowledge`, 'officerA', { unitId: f.communeB.id })).statusCode).toBe(400);
    const r = await post(`/api/directives/${directiveId}/acknowledge`, 'officerA', { unitId: f.communeA.id });
    expect(r.statusCode).toBe(200);
    expect(r.json().recipients.find((x: { unitId: number }) => x.unitId === f.communeA.id).acknowledgedAt).not.toBeNull();
    const tl = (await get(`/api/directives/${directiveId}/timeline`, 'issuer')).json();
    const kinds = new Set(tl.map((e: { kind: string }) => e.kind));
    for (const k of ['issued', 'acknowledged', 'report', 'deadline', 'done']) expect(kinds).toContain(k);
    expect(tl.find((e: { kind: string }) => e.kind === 'issued').at).toBe(`${year}-02-01`);
    expect(tl.map((e: { at: string }) => e.at)).toEqual(tl.map((e: { at: string }) => e.at).sort());
    // Officer A's timeline shows only its own task's events.
    const tlA = (await get(`/api/directives/${directiveId}/timeline`, 'officerA')).json();
    expect(tlA.filter((e: { taskId: number | null }) => e.taskId !== null).every((e: { taskId: number }) => e.taskId === task1)).toBe(true);
  });

  it('records dissemination sessions and shows coverage per unit; attendee names only to the unit', async () => {
    const s = await post(`/api/directives/${directiveId}/sessions`, 'officerA', {
      unitId: f.branchA.id, heldOn: today, audience: 'Hội viên chi hội', attendanceByGroup: { 'Hội viên': 30, 'Cán bộ': 5 },
      attendees: [{ name: 'Nguyễn Thị Lan', group: 'Cán bộ' }],
    });
    expect(s.statusCode).toBe(201);
    expect(s.json()).toMatchObject({ attendanceTotal: 35, attendeeCount: 1 });
    const mismatch = await post(`/api/directives/${directiveId}/sessions`, 'officerA', { unitId: f.communeA.id, heldOn: today, audience: 'x', attendanceByGroup: { a: 3 }, attendanceTotal: 5 });
    expect(mismatch.statusCode).toBe(400);
    expect((await post(`/api/directives/${directiveId}/sessions`, 'officerA', { unitId: f.communeB.id, heldOn: today, audience: 'x', attendanceTotal: 5 })).statusCode).toBe(400);
    const cov = (await get(`/api/directives/${directiveId}/dissemination`, 'issuer')).json();
    expect(cov.coverage.find((x: { unitId: number }) => x.unitId === f.communeA.id)).toMatchObject({ sessions: 1, attendance: 35 });
    expect(cov.coverage.find((x: { unitId: number }) => x.unitId === mttq.id)).toMatchObject({ sessions: 0 });
    expect(cov.covered).toBe(1);
    expect(cov.sessions[0].attendees).toBeNull(); // the issuer reads the count, not the names
    const own = (await get(`/api/directives/${directiveId}/dissemination`, 'officerA')).json();
    expect(own.sessions[0].attendees).toEqual([{ name: 'Nguyễn Thị Lan', group: 'Cán bộ' }]);
    const audit = await one<{ after: { attendees: unknown } }>(t.handle.db, sql`SELECT after FROM audit_log WHERE action = 'directives.session.create' ORDER BY id DESC LIMIT 1`);
    expect(JSON.stringify(audit!.after)).not.toContain('Nguyễn Thị Lan');
    expect((await t.req('DELETE', `/api/directives/${directiveId}/sessions/${s.json().id}`, { cookie: c.officerB })).statusCode).toBe(404);
    expect((await t.req('DELETE', `/api/directives/${directiveId}/sessions/${s.json().id}`, { cookie: c.viewerA })).statusCode).toBe(403);
  });

  it('validates with field-level messages in the caller’s language', async () => {
    const r = await post('/api/directives', 'issuer', { issuerUnitId: dang.id, kind: 'notice', issuingBody: 'X', title: 'Y',
      tasks: [{ ordinal: '1', title: 'Định kỳ', leadUnitId: dang.id, recurrence: 'yearly' }, { ordinal: '1', title: 'Trùng', leadUnitId: 999999 }] });
    expect(r.statusCode).toBe(400);
    const fields = r.json().details.fields as { path: string; message: string }[];
    expect(fields.map((x) => x.path).sort()).toEqual(['tasks.0.dueMonthDay', 'tasks.0.startYear', 'tasks.1.ordinal']);
    expect(fields.find((x) => x.path === 'tasks.0.dueMonthDay')!.message).toMatch(/MM-DD/);
    const en = await t.req('POST', `/api/tasks/${task1}/reports`, { cookie: c.officerA, body: { status: 'done', percent: 50, narrative: 'x' }, headers: { 'accept-language': 'en' } });
    expect(en.json().details.fields[0].message).toBe('A task done is 100% done.');
    const unknownUnit = await post('/api/directives', 'issuer', { issuerUnitId: dang.id, kind: 'notice', issuingBody: 'X', title: 'Y', tasks: [{ ordinal: '1', title: 'a', leadUnitId: 999999 }] });
    expect(unknownUnit.json().details.fields[0]).toMatchObject({ path: 'tasks.0.leadUnitId' });
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM directives WHERE title = 'Y'`))!.n).toBe(0);
  });

  it('offers every organization’s units for assignment to those who issue, not to a read-only user', async () => {
    const r = (await get(`/api/directives/units?q=${encodeURIComponent('mttq viet nam thanh pho da nang')}`, 'issuer')).json();
    expect(r.map((u: { id: number }) => u.id)).toContain(mttq.id);
    const byIds = (await get(`/api/directives/units?ids=${f.communeA.id},${mttq.id}`, 'issuer')).json();
    expect(byIds.map((u: { id: number }) => u.id).sort()).toEqual([f.communeA.id, mttq.id].sort());
    expect((await get('/api/directives/units?q=a', 'dangViewer')).statusCode).toBe(403);
    expect((await get('/api/directives/units?ids=1;DROP', 'issuer')).statusCode).toBe(400);
  });

  it('pages the task table consistently in every sort order', async () => {
    for (const sort of ['deadline', 'directive', 'unit', 'status']) {
      const all = (await get(`/api/tasks?directiveId=${directiveId}&sort=${sort}&limit=100`, 'issuer')).json();
      const pages: number[] = [];
      for (let offset = 0; offset < all.total; offset += 2) pages.push(...(await get(`/api/tasks?directiveId=${directiveId}&sort=${sort}&limit=2&offset=${offset}`, 'issuer')).json().items.map((x: { id: number }) => x.id));
      expect(pages).toEqual(all.items.map((x: { id: number }) => x.id));
      expect(new Set(pages).size).toBe(all.total);
    }
    const byDeadline = (await get(`/api/tasks?directiveId=${directiveId}&limit=100`, 'issuer')).json().items.map((x: { deadline: string | null }) => x.deadline ?? '9999');
    expect(byDeadline).toEqual([...byDeadline].sort());
  });

  it('exports the task table to .xlsx with the same filters', async () => {
    const r = await get(`/api/tasks/export.xlsx?directiveId=${directiveId}`, 'issuer');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    const titles = ws.getColumn(4).values.slice(2).map(String);
    expect(titles).toContain('Rà soát quy chế phối hợp');
    expect(titles.length).toBe((await get(`/api/tasks?directiveId=${directiveId}`, 'issuer')).json().total);
    const a = await get(`/api/tasks/export.xlsx`, 'officerA');
    const wa = new ExcelJS.Workbook();
    await wa.xlsx.load(a.rawPayload as never);
    expect(wa.worksheets[0].rowCount).toBe(2); // header + its one task
  });
});
