import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUser, scopeFixture, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';

describe.each(engines())('users and grants on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let adminA: string; let officerA: string; let admin: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    adminA = await login(t, f.adminA); officerA = await login(t, f.officerA); admin = await login(t, f.admin);
  });
  afterAll(async () => { await t?.close(); });

  it('a commune admin creates a user with a grant in its subtree, audited without personal data', async () => {
    const r = await t.req('POST', '/api/users', { cookie: adminA, body: {
      username: 'can.bo.moi', fullName: 'Nguyễn Thị Mai', password: 'MatKhau#2026', phone: '0905123456', email: 'mai@example.vn',
      grants: [{ unitId: f.branchA.id, role: 'officer' }] } });
    expect(r.statusCode).toBe(201);
    expect(r.json().grants[0]).toMatchObject({ unitId: f.branchA.id, role: 'officer' });
    const audit = await one<{ after: { phone: string; email: string; username: string } }>(t.handle.db,
      sql`SELECT after FROM audit_log WHERE action = 'users.create' AND entity_id = ${String(r.json().id)}`);
    expect(audit!.after.username).toBe('can.bo.moi');
    expect(audit!.after.phone).toBe('[redacted]');
    expect(JSON.stringify(audit)).not.toContain('0905123456');
    const created = await t.req('POST', '/api/auth/login', { body: { username: 'can.bo.moi', password: 'MatKhau#2026' } });
    expect(created.statusCode).toBe(200);
  });

  it('refuses to create users or grants on another commune, and admin roles', async () => {
    const other = await t.req('POST', '/api/users', { cookie: adminA, body: { username: 'xa.khac', fullName: 'Người Xã Khác', password: 'MatKhau#2026', grants: [{ unitId: f.communeB.id, role: 'officer' }] } });
    expect(other.statusCode).toBe(404);
    const adminRole = await t.req('POST', '/api/users', { cookie: adminA, body: { username: 'sieu.quyen', fullName: 'Siêu Quyền', password: 'MatKhau#2026', grants: [{ unitId: f.communeA.id, role: 'admin' }] } });
    expect(adminRole.statusCode).toBe(400);
    expect(adminRole.json().details.fields[0].path).toBe('grants.0.role');
    const byOfficer = await t.req('POST', '/api/users', { cookie: officerA, body: { username: 'khong.duoc', fullName: 'Không Được', password: 'MatKhau#2026', grants: [{ unitId: f.branchA.id, role: 'viewer' }] } });
    expect(byOfficer.statusCode).toBe(403);
    expect(await one(t.handle.db, sql`SELECT 1 FROM users WHERE username IN ('xa.khac', 'sieu.quyen', 'khong.duoc')`)).toBeUndefined();
  });

  it('a commune admin neither sees nor changes users of another commune, by id', async () => {
    const list = (await t.req('GET', '/api/users', { cookie: adminA })).json();
    const ids = list.items.map((u: { id: number }) => u.id);
    expect(ids).toContain(f.officerA.id);
    expect(ids).not.toContain(f.officerB.id);
    expect((await t.req('GET', `/api/users/${f.officerB.id}`, { cookie: adminA })).statusCode).toBe(404);
    expect((await t.req('PATCH', `/api/users/${f.officerB.id}`, { cookie: adminA, body: { version: 1, isActive: false } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/users/${f.officerB.id}/grants`, { cookie: adminA, body: { unitId: f.communeA.id, role: 'viewer' } })).statusCode).toBe(404);
    const gB = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM grants WHERE user_id = ${f.officerB.id}`);
    expect((await t.req('DELETE', `/api/users/${f.officerB.id}/grants/${gB!.id}`, { cookie: adminA })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/users?unit=${f.communeB.id}`, { cookie: adminA })).statusCode).toBe(404);
  });

  it('a user with a grant outside the caller’s subtree cannot be changed by the caller', async () => {
    const both = await makeUser(t.handle, [{ unit: f.communeA, role: 'viewer' }, { unit: f.communeB, role: 'viewer' }]);
    expect((await t.req('GET', `/api/users/${both.id}`, { cookie: adminA })).statusCode).toBe(200);
    expect((await t.req('PATCH', `/api/users/${both.id}`, { cookie: adminA, body: { version: 1, isActive: false } })).statusCode).toBe(403);
  });

  it('edits with optimistic versions, disables (ending sessions), adds and removes grants, all audited', async () => {
    const u = await makeUser(t.handle, [{ unit: f.branchA, role: 'viewer' }]);
    const cookie = await login(t, u);
    const upd = await t.req('PATCH', `/api/users/${u.id}`, { cookie: adminA, body: { version: 1, fullName: 'Tên Đã Sửa' } });
    expect(upd.statusCode).toBe(200);
    expect((await t.req('PATCH', `/api/users/${u.id}`, { cookie: adminA, body: { version: 1, fullName: 'Ghi Đè' } })).statusCode).toBe(409);
    const g = await t.req('POST', `/api/users/${u.id}/grants`, { cookie: adminA, body: { unitId: f.communeA.id, role: 'officer' } });
    expect(g.statusCode).toBe(201);
    const added = g.json().grants.find((x: { role: string }) => x.role === 'officer');
    const del = await t.req('DELETE', `/api/users/${u.id}/grants/${added.id}`, { cookie: adminA });
    expect(del.json().grants).toHaveLength(1);
    const off = await t.req('PATCH', `/api/users/${u.id}`, { cookie: adminA, body: { version: 2, isActive: false } });
    expect(off.json().isActive).toBe(false);
    expect((await t.req('GET', '/api/auth/me', { cookie })).statusCode).toBe(401);
    const actions = (await rows<{ action: string }>(t.handle.db, sql`SELECT action FROM audit_log WHERE (entity = 'user' AND entity_id = ${String(u.id)}) OR (entity = 'grant' AND after->>'userId' = ${String(u.id)}) OR (entity = 'grant' AND before->>'userId' = ${String(u.id)}) ORDER BY id`)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['users.update', 'grants.create', 'grants.delete']));
    expect(actions.filter((a) => a === 'users.update')).toHaveLength(2);
  });

  it('validates bodies field by field', async () => {
    const r = await t.req('POST', '/api/users', { cookie: admin, body: { username: 'A!', fullName: '', password: 'short', phone: '12', grants: [] } });
    expect(r.statusCode).toBe(400);
    const paths = r.json().details.fields.map((x: { path: string }) => x.path).sort();
    expect(paths).toEqual(['fullName', 'grants', 'password', 'phone', 'username']);
    expect(r.json().details.fields.find((x: { path: string }) => x.path === 'password').message).toBe('Mật khẩu cần ít nhất 8 ký tự.');
  });
});
