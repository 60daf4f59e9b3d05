import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { one } from '../../kernel/db/sql';

describe.each(engines())('members eligibility rules on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let ck: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    ck = { admin: await login(t, f.admin), adminA: await login(t, f.adminA), officerA: await login(t, f.officerA) };
  });
  afterAll(async () => { await t?.close(); });

  const put = (cookie: string, body: unknown, code = 'PHUNU') => t.req('PUT', `/api/members/rules/${code}`, { cookie, body });

  it('an administrator changes a rule; registrations follow it, with the audit row', async () => {
    const r = await put(ck.admin, { minAge: 20, gender: 'female', onBreach: 'refuse' });
    expect(r.statusCode).toBe(200);
    const list = (await t.req('GET', '/api/members/rules', { cookie: ck.officerA })).json() as { organizationCode: string; rules: { minAge?: number } }[];
    expect(list.find((x) => x.organizationCode === 'PHUNU')!.rules.minAge).toBe(20);
    const young = await t.req('POST', '/api/members', { cookie: ck.officerA, body: { fullName: 'Phan Thị Nhỏ', birthDate: '2008-01-01', gender: 'female', joinedOn: '2026-01-01', unitId: f.branchA.id } });
    expect(young.statusCode).toBe(400);
    expect(JSON.stringify(young.json())).toContain('20 tuổi');
    const audit = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'members.rules%'`);
    expect(audit!.n).toBeGreaterThan(0);
  });

  it('refuses inconsistent rules field by field, in the user’s language', async () => {
    const bad = await put(ck.admin, { minAge: 40, maxAge: 30, onBreach: 'flag' });
    expect(bad.statusCode).toBe(400);
    const fields = (r: { json(): { details: { fields: { path: string; message: string }[] } } }) => Object.fromEntries(r.json().details.fields.map((x) => [x.path, x.message]));
    expect(fields(bad)).toMatchObject({ maxAge: 'Tuổi tối đa không được nhỏ hơn tuổi tối thiểu.' });
    const dup = await put(ck.admin, { onBreach: 'flag', ratingLevels: [{ code: 'good', label: 'Tốt' }, { code: 'good', label: 'Khá' }] });
    expect(dup.statusCode).toBe(400);
    expect(fields(dup)).toMatchObject({ ratingLevels: 'Mã các mức xếp loại phải khác nhau.' });
  });

  it('only an administrator may change rules', async () => {
    expect((await put(ck.adminA, { minAge: 18, onBreach: 'flag' })).statusCode).toBe(403);
    expect((await put(ck.officerA, { minAge: 18, onBreach: 'flag' })).statusCode).toBe(403);
  });
});
