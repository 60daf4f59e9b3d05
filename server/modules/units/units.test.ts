import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, scopeFixture, type TestApp } from '../../test/app';
import { rows, one } from '../../kernel/db/sql';

describe.each(engines())('units API on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let cookies: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    cookies = {
      admin: await login(t, f.admin), adminA: await login(t, f.adminA), officerA: await login(t, f.officerA),
      officerB: await login(t, f.officerB), supervisorA: await login(t, f.supervisorA), viewerA: await login(t, f.viewerA),
    };
  });
  afterAll(async () => { await t?.close(); });

  const auditCount = async (action: string, entityId: number) =>
    (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND entity_id = ${String(entityId)}`))!.n;

  it('requires a session', async () => {
    const r = await t.req('GET', '/api/units');
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lists the top units a user may see: their own commune only', async () => {
    const top = (await t.req('GET', '/api/units', { cookie: cookies.officerA })).json();
    expect(top.map((u: { id: number }) => u.id)).toEqual([f.communeA.id]);
    const kids = (await t.req('GET', `/api/units?parent=${f.communeA.id}`, { cookie: cookies.officerA })).json();
    expect(kids.map((u: { id: number }) => u.id)).toEqual([f.branchA.id]);
  });

  it('admin sees the roots', async () => {
    const top = (await t.req('GET', '/api/units', { cookie: cookies.admin })).json();
    expect(top.map((u: { id: number }) => u.id)).toContain(f.province.id);
  });

  it('a commune user cannot read another commune’s unit by id, through every route', async () => {
    const c = cookies.officerA;
    const B = f.communeB.id;
    expect((await t.req('GET', `/api/units/${B}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/units/${B}/count`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/units?parent=${B}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/units/${f.province.id}`, { cookie: c })).statusCode).toBe(404);
    const found = (await t.req('GET', `/api/units/search?q=${encodeURIComponent('hai chau')}`, { cookie: c })).json();
    expect(found).toEqual([]);
  });

  it('a commune admin cannot change, move, close or create under another commune', async () => {
    const c = cookies.adminA;
    const B = await makeUnit(t.handle, { org: 'PHUNU', name: 'Chi hội B2', parent: f.communeB, areaCode: '20194' });
    const before = await rows(t.handle.db, sql`SELECT name, path::text, closed_at FROM units WHERE id = ${B.id}`);
    expect((await t.req('PATCH', `/api/units/${B.id}`, { cookie: c, body: { version: 1, name: 'Đổi tên' } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/units/${B.id}/move`, { cookie: c, body: { version: 1, parentId: f.communeA.id } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/units/${f.branchA.id}/move`, { cookie: c, body: { version: 1, parentId: f.communeB.id } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/units/${B.id}/close`, { cookie: c, body: { version: 1, reason: 'Sáp nhập' } })).statusCode).toBe(404);
    expect((await t.req('POST', `/api/units/${B.id}/reopen`, { cookie: c, body: { version: 1 } })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/units', { cookie: c, body: { name: 'Chi hội lạ', parentId: f.communeB.id } })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/units', { cookie: c, body: { name: 'Gốc mới', parentId: null, organizationId: 1 } })).statusCode).toBe(403);
    expect(await rows(t.handle.db, sql`SELECT name, path::text, closed_at FROM units WHERE id = ${B.id}`)).toEqual(before);
  });

  it('an officer may read but not manage units (403 on a visible unit)', async () => {
    const r = await t.req('PATCH', `/api/units/${f.branchA.id}`, { cookie: cookies.officerA, body: { version: 1, name: 'Tên mới' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('FORBIDDEN');
  });

  it('a supervisor reads every organization’s units in its area, not elsewhere', async () => {
    const c = cookies.supervisorA;
    expect((await t.req('GET', `/api/units/${f.communeA.id}`, { cookie: c })).statusCode).toBe(200);
    expect((await t.req('GET', `/api/units/${f.branchA.id}`, { cookie: c })).statusCode).toBe(200);
    expect((await t.req('GET', `/api/units/${f.communeB.id}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('GET', `/api/units/${f.province.id}`, { cookie: c })).statusCode).toBe(404);
    expect((await t.req('PATCH', `/api/units/${f.communeA.id}`, { cookie: c, body: { version: 1, name: 'Tên khác' } })).statusCode).toBe(403);
  });

  it('creates, renames (409 on a stale version), moves with its subtree, closes and reopens, all audited', async () => {
    const c = cookies.adminA;
    const created = await t.req('POST', '/api/units', { cookie: c, body: { name: 'Chi hội Phụ nữ khối phố 2', parentId: f.communeA.id, kind: 'branch' } });
    expect(created.statusCode).toBe(201);
    const u = created.json();
    expect(u).toMatchObject({ parentId: f.communeA.id, organizationCode: 'PHUNU', depth: f.communeA.path.split('.').length + 1, areaCode: '20341' });
    expect(await auditCount('units.create', u.id)).toBe(1);
    const child = await t.req('POST', '/api/units', { cookie: c, body: { name: 'Tổ phụ nữ 2a', parentId: u.id } });
    expect(child.statusCode).toBe(201);

    const renamed = await t.req('PATCH', `/api/units/${u.id}`, { cookie: c, body: { version: 1, name: 'Chi hội Phụ nữ khối phố 2 (mới)' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().version).toBe(2);
    const stale = await t.req('PATCH', `/api/units/${u.id}`, { cookie: c, body: { version: 1, name: 'Ghi đè' } });
    expect(stale.statusCode).toBe(409);
    expect(await auditCount('units.update', u.id)).toBe(1);

    const moved = await t.req('POST', `/api/units/${u.id}/move`, { cookie: c, body: { version: 2, parentId: f.branchA.id } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().moved).toBe(2);
    const childRow = await one<{ path: string; depth: number }>(t.handle.db, sql`SELECT path::text AS path, depth FROM units WHERE id = ${child.json().id}`);
    expect(childRow!.path).toBe(`${f.branchA.path}.u${u.id}.u${child.json().id}`);
    expect(childRow!.depth).toBe(childRow!.path.split('.').length);
    const intoItself = await t.req('POST', `/api/units/${u.id}/move`, { cookie: c, body: { version: 3, parentId: child.json().id } });
    expect(intoItself.statusCode).toBe(400);

    const closed = await t.req('POST', `/api/units/${u.id}/close`, { cookie: c, body: { version: 3, reason: 'Sáp nhập vào chi hội 1' } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closed).toBe(2);
    const kids = (await t.req('GET', `/api/units?parent=${f.branchA.id}`, { cookie: c })).json();
    expect(kids.find((k: { id: number }) => k.id === u.id)).toBeUndefined();
    const withClosed = (await t.req('GET', `/api/units?parent=${f.branchA.id}&includeClosed=true`, { cookie: c })).json();
    expect(withClosed.find((k: { id: number }) => k.id === u.id).closedReason).toBe('Sáp nhập vào chi hội 1');
    const reopened = await t.req('POST', `/api/units/${u.id}/reopen`, { cookie: c, body: { version: 4 } });
    expect(reopened.statusCode).toBe(200);
    for (const a of ['units.move', 'units.close', 'units.reopen']) expect(await auditCount(a, u.id)).toBe(1);
  });

  it('refuses a child of another organization or outside the parent’s area', async () => {
    const c = cookies.adminA;
    const wrongOrg = await t.req('POST', '/api/units', { cookie: c, body: { name: 'Chi đoàn', parentId: f.communeA.id, organizationId: 5 } });
    expect(wrongOrg.statusCode).toBe(400);
    expect(wrongOrg.json().details.fields[0].path).toBe('organizationId');
    const area = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM areas WHERE code = '20194'`);
    const wrongArea = await t.req('POST', '/api/units', { cookie: c, body: { name: 'Chi hội lạc', parentId: f.communeA.id, areaId: area!.id } });
    expect(wrongArea.statusCode).toBe(400);
    expect(wrongArea.json().details.fields[0]).toMatchObject({ path: 'areaId' });
  });

  it('answers bad bodies with field-level 400s in the request’s language', async () => {
    const vi = await t.req('POST', '/api/units', { cookie: cookies.adminA, body: { name: 'x', parentId: 'abc', kind: 'nope' } });
    expect(vi.statusCode).toBe(400);
    const fields = vi.json().details.fields as { path: string; message: string }[];
    expect(fields.map((x) => x.path).sort()).toEqual(['kind', 'name', 'parentId']);
    expect(fields.find((x) => x.path === 'name')!.message).toBe('Cần ít nhất 2 ký tự.');
    const en = await t.req('POST', '/api/units', { cookie: cookies.adminA, body: { name: 'x', parentId: 1 }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().details.fields[0].message).toBe('Must be at least 2 characters.');
    const notJson = await t.req('POST', '/api/units', { cookie: cookies.adminA, body: '{oops', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).not.toMatch(/at .*\.ts/);
    const big = await t.req('POST', '/api/units', { cookie: cookies.adminA, body: JSON.stringify({ name: 'a'.repeat(3 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('finds units without diacritics, with their ancestors’ names, only in scope', async () => {
    const mine = (await t.req('GET', `/api/units/search?q=${encodeURIComponent('chi hoi phu nu khoi pho 1')}`, { cookie: cookies.officerA })).json();
    expect(mine.map((u: { id: number }) => u.id)).toEqual([f.branchA.id]);
    expect(mine[0].ancestorNames).toEqual(['Hội LHPN thành phố Đà Nẵng', 'Hội LHPN phường Tam Kỳ']);
    const all = (await t.req('GET', `/api/units/search?q=${encodeURIComponent('HỘI lhpn phuong')}`, { cookie: cookies.admin })).json();
    expect(all.map((u: { id: number }) => u.id).sort()).toEqual([f.communeA.id, f.communeB.id].sort());
  });

  it('counts a subtree', async () => {
    const r = await t.req('GET', `/api/units/${f.province.id}/count`, { cookie: cookies.admin });
    expect(r.json().count).toBe((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int - 1 AS n FROM units WHERE path <@ ${f.province.path}::ltree`))!.n);
  });
});
