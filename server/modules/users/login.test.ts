/**
 * Login under attack: forged proxy headers, one address against many accounts, parallel guesses.
 * `t` trusts no proxy (the default); `proxied` trusts 127.0.0.1 (the address of injected requests), as
 * behind a reverse proxy, so each request can come from its own client address.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, makeUser, type TestApp } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { beginLoginAttempt, LOGIN_LIMITS, MAX_FAILED_LOGINS } from '../../kernel/auth';

describe.each(engines())('login limits and proxies on %s', (engine) => {
  let t: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    proxied = await createTestApp(engine, { config: { trustProxy: ['127.0.0.1'] } });
  });
  afterAll(async () => { await t?.close(); await proxied?.close(); });

  const clearLimits = (a: TestApp) => a.handle.db.execute(sql`DELETE FROM rate_limits`);
  const loginAs = (a: TestApp, username: string, password: string, headers: Record<string, string> = {}) =>
    a.req('POST', '/api/auth/login', { body: { username, password }, headers });
  const lockState = async (a: TestApp, id: number) => (await one<{ locked: boolean; fails: number }>(a.handle.db,
    sql`SELECT COALESCE(locked_until > now(), false) AS locked, failed_logins AS fails FROM users WHERE id = ${id}`))!;
  const sessionIp = async (a: TestApp, userId: number) => (await one<{ ip: string }>(a.handle.db, sql`SELECT ip FROM sessions WHERE user_id = ${userId}`))!.ip;

  it('believes X-Forwarded-For and X-Forwarded-Proto from a TRUST_PROXY address only', async () => {
    await clearLimits(t);
    const codes: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.address.limit; i++) codes.push((await loginAs(t, `ghost${i}`, 'x', { 'x-forwarded-for': `10.1.${i}.7` })).statusCode);
    expect(codes.at(-1)).toBe(429); // a new forged address per request did not reset the count
    await clearLimits(t);
    const forged = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
    const u = await makeUser(t.handle, []);
    const direct = await loginAs(t, u.username, u.password, forged);
    expect(direct.statusCode).toBe(200);
    expect(direct.cookies.find((c) => c.name === 'dv_session')!.secure).toBeFalsy();
    expect(await sessionIp(t, u.id)).toBe('127.0.0.1');
    const p = await makeUser(proxied.handle, []);
    const viaProxy = await loginAs(proxied, p.username, p.password, forged);
    expect(viaProxy.cookies.find((c) => c.name === 'dv_session')!.secure).toBe(true);
    expect(await sessionIp(proxied, p.id)).toBe('203.0.113.9');
  });

  it('throttles one address before it can lock more than two accounts', async () => {
    await clearLimits(t);
    const [a, b, c] = [await makeUser(t.handle, []), await makeUser(t.handle, []), await makeUser(t.handle, [])];
    for (const u of [a, b]) {
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await loginAs(t, u.username, `wrong-${i}`)).statusCode).toBe(401);
      expect((await lockState(t, u.id)).locked).toBe(true);
    }
    expect(LOGIN_LIMITS.addressFailures.limit).toBe(2 * MAX_FAILED_LOGINS);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await loginAs(t, c.username, `wrong-${i}`)).statusCode).toBe(429);
    expect(await lockState(t, c.id)).toEqual({ locked: false, fails: 0 });
    // A successful login gives its attempt back: people who type their password right are not slowed down.
    await clearLimits(t);
    for (let i = 0; i < LOGIN_LIMITS.addressFailures.limit + 2; i++) expect((await loginAs(t, c.username, c.password)).statusCode).toBe(200);
    await clearLimits(t);
  });

  it('locks an account under 50 parallel wrong guesses; the right password in the same burst does not log in', async () => {
    const u = await makeUser(proxied.handle, []);
    await clearLimits(proxied);
    const burst = Array.from({ length: 50 }, (_, i) => loginAs(proxied, u.username, `wrong-${i}`, { 'x-forwarded-for': `10.2.${i}.1` }));
    burst.push(loginAs(proxied, u.username, u.password, { 'x-forwarded-for': '10.3.0.1' }));
    const codes = (await Promise.all(burst)).map((r) => r.statusCode);
    expect(codes).not.toContain(200);
    expect(codes.filter((c) => c !== 429).length).toBeLessThanOrEqual(LOGIN_LIMITS.account.limit);
    expect((await lockState(proxied, u.id)).locked).toBe(true);
    const lockouts = await one<{ n: number }>(proxied.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout' AND entity_id = ${String(u.id)}`);
    expect(lockouts!.n).toBe(1);
    await clearLimits(proxied);
    expect((await loginAs(proxied, u.username, u.password, { 'x-forwarded-for': '10.4.0.1' })).statusCode).toBe(401);
  });

  it('refuses the right password sent while wrong guesses are still being checked, once the threshold is counted', async () => {
    const u = await makeUser(proxied.handle, []);
    await clearLimits(proxied);
    let settled = 0;
    const wrong = Array.from({ length: MAX_FAILED_LOGINS + 3 }, (_, i) =>
      loginAs(proxied, u.username, `wrong-${i}`, { 'x-forwarded-for': `10.5.${i}.1` }).finally(() => { settled++; }));
    // Send the right password as soon as MAX_FAILED_LOGINS attempts are counted, or all wrong ones are done.
    for (let i = 0; i < 400 && settled < wrong.length; i++) {
      const s = await lockState(proxied, u.id);
      if (s.locked || s.fails >= MAX_FAILED_LOGINS) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const right = await loginAs(proxied, u.username, u.password, { 'x-forwarded-for': '10.6.0.1' });
    await Promise.all(wrong);
    const unknown = await loginAs(proxied, 'nobody-at-all', 'wrong-password', { 'x-forwarded-for': '10.6.0.2' });
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual(unknown.json());
    expect((await lockState(proxied, u.id)).locked).toBe(true);
  });

  it('counts and locks in one statement: of 50 parallel attempts exactly MAX_FAILED_LOGINS go on to a password check', async () => {
    const u = await makeUser(t.handle, []);
    const results = await Promise.all(Array.from({ length: 50 }, () => beginLoginAttempt(t.handle.db, u.id)));
    expect(results.filter((r) => r.allowed)).toHaveLength(MAX_FAILED_LOGINS);
    expect(results.filter((r) => r.lockedNow)).toHaveLength(1);
    expect((await lockState(t, u.id)).locked).toBe(true);
  });
});
