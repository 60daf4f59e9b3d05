/**
 * Writes from other origins: a `text/plain` form posted from another port of the same host carries
 * the SameSite=Lax session cookie (same site) and needs no CORS preflight; it must be refused before
 * it changes anything. Clients that are not browsers (no Origin, no Sec-Fetch-Site) keep working, and
 * so does Open311 from other sites.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createTestDb } from '../../test/db';
import { createTestApp, login, makeUser, scopeFixture, type TestApp } from '../../test/app';
import { one } from '../db/sql';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
/** What a browser sends for `<form enctype="text/plain">` from http://localhost:4000 to this server (Host localhost:80). */
const attack = (cookie: string, extra: Record<string, string> = {}) => ({
  cookie, origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain', 'user-agent': CHROME, ...extra,
});

describe('writes from other origins', () => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = await scopeFixture(t);
    admin = await login(t, f.admin);
  });
  afterAll(async () => { await t?.close(); });

  const me = (cookie: string) => t.req('GET', '/api/auth/me', { cookie });

  it('a form posted from another port of the same host is refused (vi/en) and changes nothing', async () => {
    const victim = await login(t, f.officerA);
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: attack(victim), payload: '{"x":"=y"}' });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'CROSS_ORIGIN', message: expect.stringContaining('trang web khác') });
    const en = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: attack(victim, { 'accept-language': 'en' }), payload: 'x' });
    expect(en.json()).toMatchObject({ code: 'CROSS_ORIGIN', message: expect.stringContaining('another website') });
    expect((await me(victim)).statusCode).toBe(200); // still logged in

    // A delete (no body at all) likewise: the grant is still there.
    const u = await makeUser(t.handle, [{ unit: f.communeA, role: 'viewer' }]);
    const g = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM grants WHERE user_id = ${u.id}`);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/users/${u.id}/grants/${g!.id}`, headers: attack(admin, { 'content-type': '' }) });
    expect(del.statusCode).toBe(403);
    expect(await one(t.handle.db, sql`SELECT id FROM grants WHERE id = ${g!.id}`)).toBeTruthy();
  });

  it('passes from the server’s own origin, whatever name or address it is reached by', async () => {
    const own = async (host: string, origin: string) => {
      const c = await login(t, f.viewerA);
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host, origin, cookie: c, 'user-agent': CHROME, 'sec-fetch-site': 'same-origin' } });
      return r.statusCode;
    };
    expect(await own('localhost', 'http://localhost')).toBe(204);
    expect(await own('192.168.1.20:3000', 'http://192.168.1.20:3000')).toBe(204); // the office LAN
    expect(await own('danvan.example.vn', 'https://danvan.example.vn')).toBe(204); // behind an HTTPS proxy
    expect(await own('danvan.example.vn:443', 'https://danvan.example.vn')).toBe(204);
    expect(await own('192.168.1.20:3000', 'http://192.168.1.20:3001')).toBe(403); // another port
    expect(await own('danvan.example.vn', 'https://evil.example.vn')).toBe(403);
    expect(await own('danvan.example.vn', 'null')).toBe(403); // a sandboxed frame
  });

  it('without Origin, Sec-Fetch-Site decides; with neither, only a browser presenting the session is refused', async () => {
    const c = await login(t, f.officerB);
    const post = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: c, 'content-type': 'application/json', ...headers }, payload: '{}' });
    expect((await post({ 'sec-fetch-site': 'same-site', 'user-agent': CHROME })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site', 'user-agent': CHROME })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin', 'user-agent': CHROME })).statusCode).toBeLessThan(300);
    expect((await post({ 'user-agent': CHROME })).statusCode).toBe(403);
    // Scripts and the CLI: no Origin, no browser.
    expect((await post({ 'user-agent': 'curl/8.5.0' })).statusCode).toBeLessThan(300);
    expect((await post({})).statusCode).toBeLessThan(300);
    // No session: nothing to ride on; a login from a tool works.
    const l = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': CHROME }, payload: { username: f.officerB.username, password: f.officerB.password } });
    expect(l.statusCode).toBe(200);
  });

  it('reads are not concerned; Open311 submissions come from other sites', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: attack(admin) })).statusCode).toBe(200);
    const r = await t.app.inject({
      method: 'POST', url: '/open311/v2/requests.json',
      headers: { origin: 'https://ung-dung-thanh-pho.example.vn', 'sec-fetch-site': 'cross-site', 'user-agent': CHROME, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ service_code: 'INFRA', lat: '16.06', long: '108.22', description: 'Đèn đường hỏng ở ngã tư, tối om cả tuần.', api_key: 'k' }).toString(),
    });
    // Past the origin check, in the module (this database has no intake unit for the place: 503).
    expect(r.statusCode).not.toBe(403);
    expect(r.json().code).not.toBe('CROSS_ORIGIN');
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('lets the listed origins write; refuses others; rejects a value that is not an origin', async () => {
    const handle = await createTestDb('pglite');
    const config = loadConfig({ ...process.env, DATABASE_URL: undefined, DATA_DIR: '.tmp/unused', ALLOWED_ORIGINS: 'https://cong-thong-tin.example.vn, http://10.0.0.5:8080' }, { webDist: '/nonexistent' });
    const app = await buildApp({ handle, config, logger: false });
    try {
      const post = (origin: string) => app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin, cookie: 'dv_session=x', 'user-agent': CHROME } });
      expect((await post('https://cong-thong-tin.example.vn')).statusCode).toBe(204);
      expect((await post('http://10.0.0.5:8080')).statusCode).toBe(204);
      expect((await post('http://10.0.0.5:8081')).statusCode).toBe(403);
    } finally {
      await app.close();
      await handle.close();
    }
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'cong-thong-tin.example.vn' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example.vn/path' })).toThrow(/ALLOWED_ORIGINS/);
    expect(loadConfig({ PUBLIC_URL: 'https://danvan.example.vn/' }).allowedOrigins).toEqual(['https://danvan.example.vn']);
  });
});
