import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, scopeFixture, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { systemCtx } from '../../kernel/context';
import { toFigureValue } from '../../kernel/registry';

/** A figure's number (figures may also say what they counted). */
type FigureArgs = Parameters<NonNullable<ReturnType<typeof findFigure>>['compute']>;
const figureValue = async (ctx: FigureArgs[0], code: string, q: FigureArgs[1]) => toFigureValue(await findFigure(code)!.compute(ctx, q)).value;
import { findFigure, findExport } from '../../kernel/registry';

describe.each(engines())('members API on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let ck: Record<string, string>;
  let hoa: { id: number; personId: number; version: number };
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    ck = {
      admin: await login(t, f.admin), adminA: await login(t, f.adminA), officerA: await login(t, f.officerA),
      officerB: await login(t, f.officerB), supervisorA: await login(t, f.supervisorA), viewerA: await login(t, f.viewerA),
    };
  });
  afterAll(async () => { await t?.close(); });

  const create = (cookie: string, body: Record<string, unknown>) => t.req('POST', '/api/members', { cookie, body });
  const HOA = { fullName: 'nguyễn THỊ hoa', birthDate: '1990-03-05', gender: 'female', cccd: '048190001234', phone: '0905123456', ethnicity: 'Kinh', religion: 'Không', joinedOn: '2015-01-10', cardNo: 'PN001' };

  it('requires a session', async () => {
    expect((await t.req('GET', '/api/members')).statusCode).toBe(401);
    expect((await t.req('GET', '/api/members/1')).statusCode).toBe(401);
  });

  it('registers a member in one transaction with its audit row (personal data redacted) and join event', async () => {
    const r = await create(ck.officerA, { ...HOA, unitId: f.branchA.id });
    expect(r.statusCode).toBe(201);
    const m = r.json();
    expect(m).toMatchObject({ fullName: 'Nguyễn Thị Hoa', cccd: '048190001234', masked: false, status: 'active', role: 'member', unitId: f.branchA.id });
    expect(m.events.map((e: { kind: string }) => e.kind)).toEqual(['join']);
    hoa = { id: m.id, personId: m.personId, version: m.version };
    const audit = await one<{ after: Record<string, unknown> }>(t.handle.db, sql`SELECT after FROM audit_log WHERE action = 'members.create' AND entity_id = ${String(m.id)}`);
    expect(audit!.after.cccd).toBe('[redacted]');
    expect(audit!.after.fullName).toBe('Nguyễn Thị Hoa');
  });

  it('validates with field-level messages in the user’s language, and cross-checks the CCCD', async () => {
    const bad = await create(ck.officerA, { ...HOA, cccd: '12345', unitId: f.branchA.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields).toEqual([expect.objectContaining({ path: 'cccd', message: 'Số CCCD phải gồm đúng 12 chữ số.' })]);
    const year = await create(ck.officerA, { ...HOA, cccd: '048185009999', unitId: f.branchA.id });
    expect(year.statusCode).toBe(400);
    expect(year.json().details.fields[0].message).toMatch(/năm sinh 1985/);
    const en = await t.req('POST', '/api/members', { cookie: ck.officerA, body: { ...HOA, cccd: '048090001234', unitId: f.branchA.id }, headers: { 'accept-language': 'en' } });
    expect(en.json().details.fields[0]).toMatchObject({ path: 'cccd', message: 'The citizen ID’s sex digit does not match the gender.' });
  });

  it('applies the organization’s eligibility rule (Women’s Union: women from 18)', async () => {
    const man = await create(ck.officerA, { fullName: 'Trần Văn Nam', birthDate: '1980-01-01', gender: 'male', joinedOn: '2020-01-01', unitId: f.branchA.id });
    expect(man.statusCode).toBe(400);
    expect(man.json().details.fields[0].path).toBe('gender');
    const young = await create(ck.officerA, { fullName: 'Lê Thị Bé', birthDate: '2012-01-01', gender: 'female', joinedOn: '2025-01-01', unitId: f.branchA.id });
    expect(young.statusCode).toBe(400);
    expect(young.json().details.fields[0].message).toBe('Chưa đủ 18 tuổi theo điều lệ.');
  });

  it('links a second organization’s membership to the same person by CCCD, and refuses a second open one', async () => {
    const again = await create(ck.officerA, { ...HOA, unitId: f.communeA.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('MEMBER_ALREADY');
  });

  it('searches without diacritics, by CCCD and card number; lists with filters and paging', async () => {
    await create(ck.officerA, { fullName: 'Phạm Thị Thu Hương', birthYear: 1975, gender: 'female', joinedOn: '2001-05-01', unitId: f.branchA.id, role: 'core' });
    await create(ck.officerB, { fullName: 'Nguyễn Thị Hòa', birthDate: '1992-07-07', gender: 'female', joinedOn: '2012-01-01', unitId: f.branchB.id });
    const byName = (await t.req('GET', `/api/members?q=${encodeURIComponent('nguyen thi hoa')}`, { cookie: ck.officerA })).json();
    expect(byName.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Nguyễn Thị Hoa']);
    const admin = (await t.req('GET', `/api/members?q=${encodeURIComponent('nguyen thi ho')}`, { cookie: ck.admin })).json();
    expect(admin.rows.map((r: { fullName: string }) => r.fullName).sort()).toEqual(['Nguyễn Thị Hoa', 'Nguyễn Thị Hòa']);
    expect((await t.req('GET', '/api/members?q=048190001234', { cookie: ck.officerA })).json().rows[0].id).toBe(hoa.id);
    expect((await t.req('GET', '/api/members?q=PN001', { cookie: ck.officerA })).json().rows[0].id).toBe(hoa.id);
    const core = (await t.req('GET', `/api/members?unit=${f.communeA.id}&role=core`, { cookie: ck.officerA })).json();
    expect(core.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Phạm Thị Thu Hương']);
    const ages = (await t.req('GET', `/api/members?ageMin=45`, { cookie: ck.officerA })).json();
    expect(ages.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Phạm Thị Thu Hương']);
    const page = (await t.req('GET', `/api/members?limit=1&offset=1&sort=name`, { cookie: ck.officerA })).json();
    expect(page.total).toBe(2);
    expect(page.rows).toHaveLength(1);
    const bad = await t.req('GET', '/api/members?limit=100000', { cookie: ck.officerA });
    expect(bad.statusCode).toBe(400);
  });

  it('another commune’s officer gets 404 on every route by id, and sees nothing in lists', async () => {
    const c = ck.officerB;
    const id = hoa.id;
    const body = { version: hoa.version, date: '2026-01-01', reason: 'x' };
    expect((await t.req('GET', `/api/members/${id}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('PATCH', `/api/members/${id}`, { cookie: c, body: { version: hoa.version, phone: '0911111111' } })).statusCode).toBe(404);
    for (const a of ['suspend', 'resume', 'leave', 'death']) expect((await t.req('POST', `/api/members/${id}/${a}`, { cookie: c, body })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/members/${id}/transfer`, { cookie: c, body: { ...body, toUnitId: f.branchB.id } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/members/${id}/rating`, { cookie: c, body: { year: 2025, level: 'good' } })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/members/ratings', { cookie: c, body: { year: 2025, items: [{ memberId: id, level: 'good' }] } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/members/${id}/subject-export`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/members/${id}/erase`, { cookie: c, body: { reason: 'yêu cầu xóa' } })).statusCode).toBe(404);
    expect((await create(c, { ...HOA, cccd: null, fullName: 'Người Lạ', unitId: f.branchA.id })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/members?unit=${f.communeA.id}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/members/stats?unit=${f.communeA.id}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/members/ratings?unit=${f.communeA.id}&year=2025`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/members/gathering?unit=${f.communeA.id}&year=2026`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/members/export', { cookie: c, body: { unit: f.communeA.id } })).statusCode).toBe(404);
    const all = (await t.req('GET', '/api/members?q=hoa', { cookie: c })).json();
    expect(all.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Nguyễn Thị Hòa']);
    const still = await one<{ phone: string; status: string }>(t.handle.db, sql`SELECT p.phone, m.status FROM memberships m JOIN member_people p ON p.id = m.person_id WHERE m.id = ${id}`);
    expect(still).toEqual({ phone: '0905123456', status: 'active' });
  });

  it('masks personal fields for aggregate-only access (supervisor) and logs only unmasked reads', async () => {
    const before = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM member_access_log`))!.n;
    const sup = await t.req('GET', `/api/members/${hoa.id}`, { cookie: ck.supervisorA });
    expect(sup.statusCode).toBe(200);
    expect(sup.json()).toMatchObject({ masked: true, birthDate: null, birthYear: null, ethnicity: null, religion: null, cccd: '•••••••••234', phone: '•••••••456', canWrite: false });
    const list = (await t.req('GET', '/api/members', { cookie: ck.supervisorA })).json();
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows.every((r: { masked: boolean; cccd: string | null }) => r.masked && (r.cccd === null || r.cccd.startsWith('•')))).toBe(true);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM member_access_log`))!.n).toBe(before);
    expect((await t.req('PATCH', `/api/members/${hoa.id}`, { cookie: ck.supervisorA, body: { version: hoa.version, phone: '0911111111' } })).statusCode).toBe(403);
    expect((await t.req('POST', `/api/members/${hoa.id}/subject-export`, { cookie: ck.supervisorA })).statusCode).toBe(403);
    // The supervisor's area is commune A only.
    const other = (await t.req('GET', '/api/members?q=hoa', { cookie: ck.supervisorA })).json();
    expect(other.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Nguyễn Thị Hoa']);

    const viewer = await t.req('GET', `/api/members/${hoa.id}`, { cookie: ck.viewerA });
    expect(viewer.json()).toMatchObject({ masked: false, cccd: '048190001234', birthDate: '1990-03-05', canWrite: false });
    const logged = await rows<{ kind: string; personIds: number[]; actorId: number }>(t.handle.db, sql`SELECT kind, person_ids AS "personIds", actor_id AS "actorId" FROM member_access_log ORDER BY id DESC LIMIT 1`);
    expect(logged[0]).toEqual({ kind: 'view', personIds: [hoa.personId], actorId: f.viewerA.id });
    expect((await t.req('PATCH', `/api/members/${hoa.id}`, { cookie: ck.viewerA, body: { version: hoa.version, phone: '0911111111' } })).statusCode).toBe(403);
  });

  it('edits with optimistic locking, propagating the name to the membership', async () => {
    const r = await t.req('PATCH', `/api/members/${hoa.id}`, { cookie: ck.officerA, body: { version: hoa.version, phone: '0905999888', fullName: 'Nguyễn Thị Hoa', role: 'core' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ phone: '0905999888', role: 'core', version: hoa.version + 1 });
    const stale = await t.req('PATCH', `/api/members/${hoa.id}`, { cookie: ck.officerA, body: { version: hoa.version, phone: '0905000000' } });
    expect(stale.statusCode).toBe(409);
    hoa.version = r.json().version;
  });

  it('suspends, resumes, and transfers to another commune: the receiving unit accepts; counts follow the dates', async () => {
    let r = await t.req('POST', `/api/members/${hoa.id}/suspend`, { cookie: ck.officerA, body: { version: hoa.version, date: '2026-02-01', reason: 'Đi làm ăn xa' } });
    expect(r.json().status).toBe('suspended');
    r = await t.req('POST', `/api/members/${hoa.id}/resume`, { cookie: ck.officerA, body: { version: r.json().version, date: '2026-03-01' } });
    expect(r.json().status).toBe('active');
    const bad = await t.req('POST', `/api/members/${hoa.id}/resume`, { cookie: ck.officerA, body: { version: r.json().version, date: '2026-03-01' } });
    expect(bad.statusCode).toBe(409);
    const doan = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM units WHERE organization_id = (SELECT id FROM organizations WHERE code = 'DOAN') LIMIT 1`);
    if (doan) {
      const wrongOrg = await t.req('POST', `/api/members/${hoa.id}/transfer`, { cookie: ck.officerA, body: { version: r.json().version, date: '2026-04-01', toUnitId: doan.id } });
      expect(wrongOrg.statusCode).toBe(400);
    }
    r = await t.req('POST', `/api/members/${hoa.id}/transfer`, { cookie: ck.officerA, body: { version: r.json().version, date: '2026-04-01', toUnitId: f.branchB.id, reason: 'Chuyển nơi ở' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().pendingTransfer).toMatchObject({ onDate: '2026-04-01' });
    const out = (await t.req('GET', '/api/members/transfers?direction=outgoing', { cookie: ck.officerA })).json();
    expect(out).toHaveLength(1);
    // The sender cannot accept on the receiver's behalf.
    expect((await t.req('POST', `/api/members/transfers/${out[0].id}/accept`, { cookie: ck.officerA })).statusCode).toBe(404);
    const incoming = (await t.req('GET', '/api/members/transfers', { cookie: ck.officerB })).json();
    expect(incoming.map((x: { fullName: string }) => x.fullName)).toEqual(['Nguyễn Thị Hoa']);
    const acc = await t.req('POST', `/api/members/transfers/${incoming[0].id}/accept`, { cookie: ck.officerB });
    expect(acc.statusCode).toBe(200);
    const newId = acc.json().newMemberId;
    const moved = (await t.req('GET', `/api/members/${newId}`, { cookie: ck.officerB })).json();
    expect(moved).toMatchObject({ unitId: f.branchB.id, joinedOn: '2015-01-10', startedOn: '2026-04-01', cccd: '048190001234' });
    expect(moved.events.map((e: { kind: string }) => e.kind)).toContain('transfer_in');
    const old = (await t.req('GET', `/api/members/${hoa.id}`, { cookie: ck.officerA })).json();
    expect(old).toMatchObject({ status: 'transferred', endedOn: '2026-04-01' });
    expect(old.events.map((e: { kind: string }) => e.kind)).toEqual(['join', 'suspend', 'resume', 'transfer_request', 'transfer_out', 'update']);
    // officer A no longer sees the person's new membership details.
    expect((await t.req('GET', `/api/members/${newId}`, { cookie: ck.officerA })).statusCode).toBe(404);

    const q = (unit: { id: number; path: string; areaPath: string | null; organizationId: number }, from: string, to: string) => ({ unitId: unit.id, unitPath: unit.path, areaPath: unit.areaPath, organizationId: unit.organizationId, from, to });
    const ctx = systemCtx(t.handle.db, t.engine);
    const fig = (code: string, qq: ReturnType<typeof q>) => figureValue(ctx, code, qq);
    expect(await fig('members.memberships', q(f.communeA, '2026-01-01', '2026-03-31'))).toBe(2);
    expect(await fig('members.memberships', q(f.communeA, '2026-01-01', '2026-04-01'))).toBe(1);
    expect(await fig('members.left', q(f.communeA, '2026-01-01', '2026-12-31'))).toBe(1);
    expect(await fig('members.joined', q(f.communeB, '2026-01-01', '2026-12-31'))).toBe(1);
    // Inside the province the move is neither a join nor a departure.
    expect(await fig('members.left', q(f.province, '2026-01-01', '2026-12-31'))).toBe(0);
    expect(await fig('members.joined', q(f.province, '2026-01-01', '2026-12-31'))).toBe(0);
    expect(await fig('members.people', q(f.province, '2026-01-01', '2026-12-31'))).toBe(3);
    const byUnit = await findExport('members.by_unit')!.rows(ctx, q(f.province, '2026-01-01', '2026-12-31'));
    expect(byUnit.find((x) => x.unit === 'Hội LHPN phường Hải Châu')).toMatchObject({ memberships: 2, joined: 1, left: 0 });
  });

  it('rates members per year and shows the distribution per unit; the figures read the same', async () => {
    const list = (await t.req('GET', '/api/members', { cookie: ck.officerA })).json();
    const ids = list.rows.map((r: { id: number }) => r.id);
    expect(ids).toHaveLength(1);
    const bad = await t.req('POST', '/api/members/ratings', { cookie: ck.officerA, body: { year: 2025, items: [{ memberId: ids[0], level: 'superb' }] } });
    expect(bad.statusCode).toBe(400);
    const ok = await t.req('POST', '/api/members/ratings', { cookie: ck.officerA, body: { year: 2025, items: [{ memberId: ids[0], level: 'excellent' }] } });
    expect(ok.json()).toEqual({ rated: 1 });
    const sum = (await t.req('GET', `/api/members/ratings?unit=${f.communeA.id}&year=2025`, { cookie: ck.officerA })).json();
    expect(sum.levels.map((l: { code: string }) => l.code)).toEqual(['excellent', 'good', 'done', 'not_done']);
    expect(sum.rows.find((r: { unitId: number }) => r.unitId === f.branchA.id)).toMatchObject({ rated: 1, counts: { excellent: 1, good: 0 } });
    const ctx = systemCtx(t.handle.db, t.engine);
    expect(await figureValue(ctx, 'members.rated_excellent', { unitId: f.communeA.id, unitPath: f.communeA.path, areaPath: f.communeA.areaPath, organizationId: f.communeA.organizationId, from: '2025-01-01', to: '2025-12-31' })).toBe(1);
    // The supervisor may read the distribution (aggregate) but not rate.
    expect((await t.req('GET', `/api/members/ratings?unit=${f.communeA.id}&year=2025`, { cookie: ck.supervisorA })).statusCode).toBe(200);
    expect((await t.req('POST', '/api/members/ratings', { cookie: ck.supervisorA, body: { year: 2025, items: [{ memberId: ids[0], level: 'good' }] } })).statusCode).toBe(403);
  });

  it('computes the gathering rate from the eligible population entered per area', async () => {
    const area = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM areas WHERE code = '20341'`);
    expect((await t.req('PUT', '/api/members/eligible', { cookie: ck.officerB, body: { areaId: area!.id, organizationId: f.communeA.organizationId, year: 2026, count: 4 } })).statusCode).toBe(403);
    const put = await t.req('PUT', '/api/members/eligible', { cookie: ck.officerA, body: { areaId: area!.id, organizationId: f.communeA.organizationId, year: 2026, count: 4 } });
    expect(put.statusCode).toBe(200);
    const g = (await t.req('GET', `/api/members/gathering?unit=${f.communeA.id}&year=2026`, { cookie: ck.officerA })).json();
    expect(g[0]).toMatchObject({ unitId: f.communeA.id, people: 1, eligible: 4, rate: 25 });
    const ctx = systemCtx(t.handle.db, t.engine);
    expect(await figureValue(ctx, 'members.gathering_rate', { unitId: f.communeA.id, unitPath: f.communeA.path, areaPath: f.communeA.areaPath, organizationId: f.communeA.organizationId, from: '2026-01-01', to: '2026-12-31' })).toBe(25);
    expect(await figureValue(ctx, 'members.gathering_rate', { unitId: f.communeB.id, unitPath: f.communeB.path, areaPath: f.communeB.areaPath, organizationId: f.communeB.organizationId, from: '2026-01-01', to: '2026-12-31' })).toBeNull();
  });

  it('exports a person’s data on request and erases it, keeping anonymous counts', async () => {
    const list = (await t.req('GET', '/api/members', { cookie: ck.officerA })).json();
    const id = list.rows[0].id;
    const exp = await t.req('POST', `/api/members/${id}/subject-export`, { cookie: ck.officerA });
    expect(exp.statusCode).toBe(200);
    expect(exp.json()).toMatchObject({ person: { fullName: 'Phạm Thị Thu Hương', birthYear: 1975 }, memberships: [expect.objectContaining({ status: 'active' })] });
    const xlsx = await t.req('POST', `/api/members/${id}/subject-export?format=xlsx`, { cookie: ck.officerA });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const ctx = systemCtx(t.handle.db, t.engine);
    const qA = { unitId: f.communeA.id, unitPath: f.communeA.path, areaPath: f.communeA.areaPath, organizationId: f.communeA.organizationId, from: '2026-01-01', to: '2026-12-31' };
    const before = await figureValue(ctx, 'members.memberships', qA);
    const er = await t.req('POST', `/api/members/${id}/erase`, { cookie: ck.officerA, body: { reason: 'Yêu cầu của chủ thể dữ liệu' } });
    expect(er.statusCode).toBe(200);
    const after = (await t.req('GET', `/api/members/${id}`, { cookie: ck.officerA })).json();
    expect(after).toMatchObject({ erased: true, birthYear: null, cccd: null, phone: null });
    expect(after.fullName).toMatch(/^Đã xóa #/);
    expect(await figureValue(ctx, 'members.memberships', qA)).toBe(before);
    expect((await t.req('GET', `/api/members?q=${encodeURIComponent('pham thi thu huong')}`, { cookie: ck.officerA })).json().rows).toEqual([]);
    expect((await t.req('POST', `/api/members/${id}/erase`, { cookie: ck.officerA, body: { reason: 'lần nữa' } })).statusCode).toBe(409);
  });

  it('lists Youth Union members reaching the age limit at year end (trưởng thành Đoàn), and refuses a joiner over 30', async () => {
    const doan = await makeUnit(t.handle, { org: 'DOAN', name: 'Chi đoàn khối phố 1', areaCode: '20341' });
    const mk = (fullName: string, birthDate: string, joinedOn: string) => create(ck.admin, { fullName, birthDate, gender: 'male', joinedOn, unitId: doan.id });
    expect((await mk('Lê Văn Trưởng', '1996-05-01', '2012-03-26')).statusCode).toBe(201);
    expect((await mk('Lê Văn Trẻ', '2005-05-01', '2021-03-26')).statusCode).toBe(201);
    expect((await mk('Lê Văn Muộn', '1980-05-01', '2020-03-26')).statusCode).toBe(400);
    const list = (await t.req('GET', `/api/members?unit=${doan.id}&maturing=2026`, { cookie: ck.admin })).json();
    expect(list.rows.map((r: { fullName: string }) => r.fullName)).toEqual(['Lê Văn Trưởng']);
  });

  it('records a death and its date; the person leaves every organization', async () => {
    const c = await create(ck.adminA, { fullName: 'Võ Thị Sáu', birthDate: '1950-05-05', gender: 'female', joinedOn: '1990-01-01', unitId: f.branchA.id });
    const m = c.json();
    const d = await t.req('POST', `/api/members/${m.id}/death`, { cookie: ck.adminA, body: { version: m.version, date: '2026-05-05', reason: 'Từ trần' } });
    expect(d.json()).toMatchObject({ status: 'deceased', endedOn: '2026-05-05' });
    const early = await create(ck.adminA, { fullName: 'Võ Thị Bảy', birthDate: '1950-05-05', gender: 'female', joinedOn: '1990-01-01', unitId: f.branchA.id });
    const e = await t.req('POST', `/api/members/${early.json().id}/leave`, { cookie: ck.adminA, body: { version: early.json().version, date: '1980-01-01' } });
    expect(e.statusCode).toBe(400);
  });
});
