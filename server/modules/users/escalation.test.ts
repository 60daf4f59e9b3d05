/**
 * Grants and unit areas cannot widen anyone's reach beyond what its grantor holds: the escalation an
 * attacker test found (a commune admin granting itself supervisor, then moving its unit's area to the
 * province) and its neighbours, each refused.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, scopeFixture, type TestApp, type TestUnit } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';

describe.each(engines())('grant and area escalation on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let admin: string; let adminA: string;
  let area: Record<string, number>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    admin = await login(t, f.admin); adminA = await login(t, f.adminA);
    area = {};
    for (const code of ['48', '20341', '20194']) area[code] = (await one<{ id: number }>(t.handle.db, sql`SELECT id FROM areas WHERE code = ${code}`))!.id;
    const kp = await t.req('POST', '/api/areas', { cookie: admin, body: { parentId: area['20341'], name: 'Khối phố Một', type: 'Khu phố' } });
    expect(kp.statusCode).toBe(201);
    area.resA1 = kp.json().id;
  });
  afterAll(async () => { await t?.close(); });

  const version = async (u: { id: number }) => (await one<{ v: number }>(t.handle.db, sql`SELECT version AS v FROM units WHERE id = ${u.id}`))!.v;
  const areaOf = async (u: { id: number }) => (await one<{ a: number | null }>(t.handle.db, sql`SELECT area_id AS a FROM units WHERE id = ${u.id}`))!.a;
  const rolesOf = async (userId: number) => (await rows<{ role: string; unitId: number }>(t.handle.db,
    sql`SELECT role, unit_id AS "unitId" FROM grants WHERE user_id = ${userId} ORDER BY id`));
  const unitAt = (parent: TestUnit | null, areaCode: string | null, org = 'PHUNU') => makeUnit(t.handle, { org, parent, areaCode });

  it('the reported attack: a commune admin neither grants itself supervisor nor moves its unit to the province area', async () => {
    const self = await t.req('POST', `/api/users/${f.adminA.id}/grants`, { cookie: adminA, body: { unitId: f.communeA.id, role: 'supervisor' } });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('OWN_GRANTS');
    const widen = await t.req('PATCH', `/api/units/${f.communeA.id}`, { cookie: adminA, body: { version: await version(f.communeA), areaId: area['48'] } });
    expect(widen.statusCode).toBe(400);
    expect(widen.json().details.fields[0]).toMatchObject({ path: 'areaId', message: 'Địa bàn nằm ngoài địa bàn mà bạn được giao quản lý.' });
    expect(await rolesOf(f.adminA.id)).toEqual([{ role: 'unit_admin', unitId: f.communeA.id }]);
    expect(await areaOf(f.communeA)).toBe(area['20341']);
    const fresh = await login(t, f.adminA);
    for (const u of [f.communeB, f.frontA, f.province]) expect((await t.req('GET', `/api/units/${u.id}`, { cookie: fresh })).statusCode).toBe(404);
  });

  it('gives only a role the grantor holds on the unit or above, and a supervisor’s area only from a supervisor of a wider area', async () => {
    const target = await makeUser(t.handle, [{ unit: f.branchA, role: 'viewer' }]);
    const sup = await t.req('POST', `/api/users/${target.id}/grants`, { cookie: adminA, body: { unitId: f.branchA.id, role: 'supervisor' } });
    expect(sup.statusCode).toBe(400);
    expect(sup.json().details.fields[0]).toMatchObject({ path: 'role', message: 'Chỉ được trao vai trò và phạm vi mà chính bạn đang giữ tại đơn vị này hoặc cấp trên.' });
    // unit_admin includes officer: allowed below its unit.
    expect((await t.req('POST', `/api/users/${target.id}/grants`, { cookie: adminA, body: { unitId: f.branchA.id, role: 'officer' } })).statusCode).toBe(201);
    // A unit admin who is also the commune's supervisor may pass that supervision on, within its area…
    const both = await makeUser(t.handle, [{ unit: f.communeA, role: 'unit_admin' }, { unit: f.frontA, role: 'supervisor' }]);
    const bothC = await login(t, both);
    expect((await t.req('POST', `/api/users/${target.id}/grants`, { cookie: bothC, body: { unitId: f.branchA.id, role: 'supervisor' } })).statusCode).toBe(201);
    // …but one supervising a single residential area may not give the whole commune.
    const narrowFront = await unitAt(null, null, 'BTGDV');
    await t.handle.db.execute(sql`UPDATE units SET area_id = ${area.resA1}, area_path = (SELECT path FROM areas WHERE id = ${area.resA1}) WHERE id = ${narrowFront.id}`);
    const narrow = await makeUser(t.handle, [{ unit: f.communeA, role: 'unit_admin' }, { unit: narrowFront, role: 'supervisor' }]);
    const wide = await t.req('POST', `/api/users/${target.id}/grants`, { cookie: await login(t, narrow), body: { unitId: f.communeA.id, role: 'supervisor' } });
    expect(wide.statusCode).toBe(400);
    expect((await rolesOf(target.id)).map((g) => g.role).sort()).toEqual(['officer', 'supervisor', 'viewer']);
    // Creating a user is the same decision.
    const created = await t.req('POST', '/api/users', { cookie: adminA, body: { username: 'giam.sat.gia', fullName: 'Giám Sát Giả', password: 'MatKhau#2026', grants: [{ unitId: f.branchA.id, role: 'supervisor' }] } });
    expect(created.statusCode).toBe(400);
    expect(created.json().details.fields[0].path).toBe('grants.0.role');
  });

  it('nobody adds or removes their own grants, not even an admin', async () => {
    const adminSelf = await t.req('POST', `/api/users/${f.admin.id}/grants`, { cookie: admin, body: { unitId: f.communeA.id, role: 'viewer' } });
    expect(adminSelf.statusCode).toBe(403);
    const own = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM grants WHERE user_id = ${f.adminA.id}`);
    expect((await t.req('DELETE', `/api/users/${f.adminA.id}/grants/${own!.id}`, { cookie: adminA })).statusCode).toBe(403);
    expect(await rolesOf(f.admin.id)).toEqual([{ role: 'admin', unitId: null }]);
    expect(await rolesOf(f.adminA.id)).toHaveLength(1);
  });

  it('a grant the caller could not give is neither taken away nor borrowed through a password reset', async () => {
    const watched = await makeUser(t.handle, [{ unit: f.branchA, role: 'supervisor' }]);
    const g = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM grants WHERE user_id = ${watched.id}`);
    expect((await t.req('DELETE', `/api/users/${watched.id}/grants/${g!.id}`, { cookie: adminA })).statusCode).toBe(403);
    const reset = await t.req('PATCH', `/api/users/${watched.id}`, { cookie: adminA, body: { version: 1, password: 'TiepQuan#2026' } });
    expect(reset.statusCode).toBe(403);
    expect((await t.req('POST', '/api/auth/login', { body: { username: watched.username, password: 'TiepQuan#2026' } })).statusCode).toBe(401);
    expect(await rolesOf(watched.id)).toHaveLength(1);
  });

  it('a unit’s area stays inside the changer’s area, on edit, create and move', async () => {
    const open1 = await unitAt(f.communeA, null);
    const open2 = await unitAt(open1, null);
    const far = await unitAt(open1, '20194');
    const create = await t.req('POST', '/api/units', { cookie: adminA, body: { name: 'Chi hội xa', parentId: open1.id, areaId: area['20194'] } });
    expect(create.statusCode).toBe(400);
    expect(create.json().details.fields[0].path).toBe('areaId');
    const edit = await t.req('PATCH', `/api/units/${open2.id}`, { cookie: adminA, body: { version: await version(open2), areaId: area['20194'] } });
    expect(edit.statusCode).toBe(400);
    expect(await areaOf(open2)).toBeNull();
    const move = await t.req('POST', `/api/units/${far.id}/move`, { cookie: adminA, body: { version: await version(far), parentId: open2.id } });
    expect(move.statusCode).toBe(400);
    expect(move.json().details.fields[0].path).toBe('parentId');
    // Inside its own area it is free to act.
    expect((await t.req('PATCH', `/api/units/${open2.id}`, { cookie: adminA, body: { version: await version(open2), areaId: area.resA1 } })).statusCode).toBe(200);
    expect((await t.req('POST', '/api/units', { cookie: adminA, body: { name: 'Chi hội gần', parentId: open1.id, areaId: area['20341'] } })).statusCode).toBe(201);
  });

  it('widening the area of a unit someone supervises takes a supervisor of the new area', async () => {
    const frontP = await unitAt(null, '48', 'BTGDV');
    const watchedUnit = await unitAt(frontP, null, 'BTGDV');
    const plainUnit = await unitAt(frontP, null, 'BTGDV');
    for (const u of [watchedUnit, plainUnit]) await t.handle.db.execute(sql`UPDATE units SET area_id = ${area.resA1}, area_path = (SELECT path FROM areas WHERE id = ${area.resA1}) WHERE id = ${u.id}`);
    const supervisor = await makeUser(t.handle, [{ unit: watchedUnit, role: 'supervisor' }]);
    const frontAdmin = await login(t, await makeUser(t.handle, [{ unit: frontP, role: 'unit_admin' }]));
    for (const code of ['20341', '48']) {
      const r = await t.req('PATCH', `/api/units/${watchedUnit.id}`, { cookie: frontAdmin, body: { version: await version(watchedUnit), areaId: area[code] } });
      expect(r.statusCode).toBe(400);
      expect(r.json().details.fields[0].path).toBe('areaId');
    }
    expect(await areaOf(watchedUnit)).toBe(area.resA1);
    const s = await login(t, supervisor);
    expect((await t.req('GET', `/api/units/${f.communeA.id}`, { cookie: s })).statusCode).toBe(404);
    // Without a supervisor on it, the same change is the unit admin's to make; an admin may do both.
    expect((await t.req('PATCH', `/api/units/${plainUnit.id}`, { cookie: frontAdmin, body: { version: await version(plainUnit), areaId: area['20341'] } })).statusCode).toBe(200);
    expect((await t.req('PATCH', `/api/units/${watchedUnit.id}`, { cookie: admin, body: { version: await version(watchedUnit), areaId: area['20341'] } })).statusCode).toBe(200);
  });
});
