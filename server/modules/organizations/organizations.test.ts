import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { one } from '../../kernel/db/sql';

describe.each(engines())('organizations on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp(engine); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('lists the seeded catalogue to any user', async () => {
    const list = (await t.req('GET', '/api/organizations', { cookie: await login(t, f.officerA) })).json();
    expect(list.map((o: { code: string }) => o.code)).toEqual(['DANG', 'BTGDV', 'UBND', 'MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN']);
  });

  it('only an admin adds or edits an organization, and it is audited', async () => {
    const body = { code: 'HOICTD', name: 'Hội Chữ thập đỏ', shortName: 'Hội CTĐ', kind: 'socio_political', memberTerm: 'hội viên' };
    expect((await t.req('POST', '/api/organizations', { cookie: await login(t, f.adminA), body })).statusCode).toBe(403);
    const admin = await login(t, f.admin);
    const r = await t.req('POST', '/api/organizations', { cookie: admin, body });
    expect(r.statusCode).toBe(201);
    expect((await t.req('POST', '/api/organizations', { cookie: admin, body })).statusCode).toBe(400);
    const bad = await t.req('POST', '/api/organizations', { cookie: admin, body: { ...body, code: 'lower case' } });
    expect(bad.json().details.fields[0]).toMatchObject({ path: 'code' });
    const upd = await t.req('PATCH', `/api/organizations/${r.json().id}`, { cookie: admin, body: { shortName: 'CTĐ' } });
    expect(upd.json()).toMatchObject({ shortName: 'CTĐ', kind: 'socio_political', memberTerm: 'hội viên' }); // untouched fields kept
    const n = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'organization' AND entity_id = ${String(r.json().id)}`);
    expect(n!.n).toBe(2);
  });
});
