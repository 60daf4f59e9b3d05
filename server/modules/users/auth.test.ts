import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, type TestApp } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { MAX_FAILED_LOGINS } from '../../kernel/auth';

describe.each(engines())('auth on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(engine); });
  afterAll(async () => { await t?.close(); });

  it('logs in with an httpOnly SameSite=Lax session cookie, stores only the token hash, logs out', async () => {
    const unit = await makeUnit(t.handle, { org: 'MTTQ', areaCode: '20341' });
    const u = await makeUser(t.handle, [{ unit, role: 'officer' }]);
    const res = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'dv_session')!;
    expect(c.httpOnly).toBe(true);
    expect(String(c.sameSite).toLowerCase()).toBe('lax');
    const stored = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM sessions WHERE token_hash = ${c.value}`);
    expect(stored!.n).toBe(0); // the raw token is never stored
    const me = await t.req('GET', '/api/auth/me', { cookie: `dv_session=${c.value}` });
    expect(me.json()).toMatchObject({ username: u.username, isAdmin: false });
    expect(me.json().can).toContain('units.read');
    expect(me.json().can).not.toContain('units.manage');
    await t.req('POST', '/api/auth/logout', { cookie: `dv_session=${c.value}` });
    expect((await t.req('GET', '/api/auth/me', { cookie: `dv_session=${c.value}` })).statusCode).toBe(401);
  });

  it('rejects a wrong password with the same answer as an unknown user', async () => {
    const u = await makeUser(t.handle, []);
    const a = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: 'wrong-password' } });
    const b = await t.req('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'wrong-password' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().message).toBe('Tên đăng nhập hoặc mật khẩu không đúng. Đăng nhập sai nhiều lần thì tài khoản bị tạm khóa 15 phút: khi đó hãy thử lại sau.');
  });

  it('locks an account after repeated failures, even with the right password, answering as for an unknown user, and audits it', async () => {
    await t.handle.db.execute(sql`DELETE FROM rate_limits`);
    const u = await makeUser(t.handle, []);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await t.req('POST', '/api/auth/login', { body: { username: u.username, password: 'bad-password' } });
    }
    const locked = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    const unknown = await t.req('POST', '/api/auth/login', { body: { username: 'nobody-here', password: u.password } });
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual(unknown.json());
    expect(locked.json().code).toBe('INVALID_CREDENTIALS');
    await t.handle.db.execute(sql`DELETE FROM rate_limits`);
    const audit = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout' AND entity_id = ${String(u.id)}`);
    expect(audit!.n).toBe(1);
  });

  it('expires sessions', async () => {
    const u = await makeUser(t.handle, []);
    const cookie = await login(t, u);
    await t.handle.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${u.id}`);
    expect((await t.req('GET', '/api/auth/me', { cookie })).statusCode).toBe(401);
  });

  it('throttles login attempts per client address (shared counter in the database)', async () => {
    await t.handle.db.execute(sql`DELETE FROM rate_limits`);
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (await t.req('POST', '/api/auth/login', { body: { username: `ghost${i}`, password: 'x' } })).statusCode;
    }
    expect(last).toBe(429);
    await t.handle.db.execute(sql`DELETE FROM rate_limits`);
  });

  it('changes its own password only with the current one', async () => {
    const u = await makeUser(t.handle, []);
    const cookie = await login(t, u);
    const bad = await t.req('PATCH', '/api/auth/me', { cookie, body: { currentPassword: 'nope', newPassword: 'Another#2026' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('currentPassword');
    const ok = await t.req('PATCH', '/api/auth/me', { cookie, body: { currentPassword: u.password, newPassword: 'Another#2026', locale: 'en' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('en');
    const again = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: 'Another#2026' } });
    expect(again.statusCode).toBe(200);
  });

  it('answers a change of name with the new name', async () => {
    const u = await makeUser(t.handle, []);
    const cookie = await login(t, u);
    const r = await t.req('PATCH', '/api/auth/me', { cookie, body: { fullName: 'Trần Thị Đổi Tên' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().fullName).toBe('Trần Thị Đổi Tên');
    expect((await t.req('GET', '/api/auth/me', { cookie })).json().fullName).toBe('Trần Thị Đổi Tên');
  });

  it('a new password ends the user’s other sessions and keeps the current one', async () => {
    const u = await makeUser(t.handle, []);
    const here = await login(t, u);
    const phone = await login(t, u);
    const r = await t.req('PATCH', '/api/auth/me', { cookie: here, body: { currentPassword: u.password, newPassword: 'DoiMatKhau#2026' } });
    expect(r.statusCode).toBe(200);
    expect((await t.req('GET', '/api/auth/me', { cookie: here })).statusCode).toBe(200);
    expect((await t.req('GET', '/api/auth/me', { cookie: phone })).statusCode).toBe(401);
    // A change of name alone ends nothing.
    const again = await login(t, { ...u, password: 'DoiMatKhau#2026' });
    await t.req('PATCH', '/api/auth/me', { cookie: here, body: { fullName: 'Tên Mới' } });
    expect((await t.req('GET', '/api/auth/me', { cookie: again })).statusCode).toBe(200);
  });

  it('answers health with the engine', async () => {
    const r = await t.req('GET', '/api/health');
    expect(r.json()).toEqual({ status: 'ok', db: engine });
  });
});
