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
    expect(a.json().message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('locks an account after repeated failures, even with the right password, and audits it', async () => {
    const u = await makeUser(t.handle, []);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await t.req('POST', '/api/auth/login', { body: { username: u.username, password: 'bad-password' } });
    }
    const locked = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
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

  it('answers health with the engine', async () => {
    const r = await t.req('GET', '/api/health');
    expect(r.json()).toEqual({ status: 'ok', db: engine });
  });
});
