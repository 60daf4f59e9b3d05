/**
 * Test helpers: a real server instance (fastify inject) on a fresh database, factories that build
 * the small trees each test needs, and logins.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import type { DbHandle } from '../kernel/db/connect';
import type { Engine } from '../kernel/db/types';
import { one } from '../kernel/db/sql';
import { hashPassword, loadActor } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { createTestDb } from './db';
import type { RoleCode } from '../../common/core';

export type TestApp = {
  app: FastifyInstance;
  handle: DbHandle;
  engine: Engine;
  close(): Promise<void>;
  /** Inject a request as the user whose cookie is given (or anonymously). */
  req(method: string, url: string, opts?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
};

/** `config` overrides settings (e.g. `trustProxy`) for this app only. */
export async function createTestApp(engine: Engine = 'pglite', opts: { config?: Partial<Config> } = {}): Promise<TestApp> {
  const handle = await createTestDb(engine);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: undefined, DATA_DIR: '.tmp/unused' }, { webDist: '/nonexistent', ...opts.config });
  const app = await buildApp({ handle, config, logger: false });
  await app.ready();
  return {
    app, handle, engine,
    async close() { await app.close(); await handle.close(); },
    req(method, url, opts = {}) {
      return app.inject({
        method: method as 'GET', url, payload: opts.body as never,
        headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? {}) },
      });
    },
  };
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export type TestUnit = { id: number; code: string; path: string; areaPath: string | null; organizationId: number };

/** Insert a unit directly (factories bypass the API so tests stay fast and focused). */
export async function makeUnit(h: DbHandle, o: { org: string; name?: string; parent?: TestUnit | null; areaCode?: string | null; code?: string; kind?: string }): Promise<TestUnit> {
  const org = await one<{ id: number }>(h.db, sql`SELECT id FROM organizations WHERE code = ${o.org}`);
  if (!org) throw new Error(`no organization ${o.org}`);
  const area = o.areaCode ? await one<{ id: number; path: string }>(h.db, sql`SELECT id, path::text AS path FROM areas WHERE code = ${o.areaCode}`) : null;
  if (o.areaCode && !area) throw new Error(`no area ${o.areaCode}`);
  const code = o.code ?? `T-${next()}`;
  const r = await one<TestUnit>(h.db, sql`
    WITH nid AS (SELECT nextval(pg_get_serial_sequence('units','id'))::int AS id)
    INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
    SELECT nid.id, ${code}, ${o.name ?? 'Đơn vị ' + code}, ${org.id}, ${area?.id ?? null}, ${area?.path ?? null}::ltree, ${o.kind ?? 'body'}, ${o.parent?.id ?? null},
      CASE WHEN ${o.parent?.path ?? null}::text IS NULL THEN ('u' || nid.id)::ltree ELSE ${o.parent?.path ?? null}::ltree || ('u' || nid.id)::ltree END,
      CASE WHEN ${o.parent?.path ?? null}::text IS NULL THEN 1 ELSE nlevel(${o.parent?.path ?? null}::ltree) + 1 END
    FROM nid RETURNING id, code, path::text AS path, area_path::text AS "areaPath", organization_id AS "organizationId"`);
  return r!;
}

const PASSWORD = 'Test@12345';
let cachedHash: Promise<string> | undefined;

export type TestUser = { id: number; username: string; password: string };

export async function makeUser(h: DbHandle, grants: { unit: TestUnit | null; role: RoleCode }[], username = `u${next()}`): Promise<TestUser> {
  cachedHash ??= hashPassword(PASSWORD);
  const r = await one<{ id: number }>(h.db, sql`INSERT INTO users (username, password_hash, full_name) VALUES (${username}, ${await cachedHash}, ${'Người dùng ' + username}) RETURNING id`);
  for (const g of grants) await h.db.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${r!.id}, ${g.unit?.id ?? null}, ${g.role})`);
  return { id: r!.id, username, password: PASSWORD };
}

/** Log in through the API; returns the Cookie header value. */
export async function login(t: TestApp, u: TestUser): Promise<string> {
  const res = await t.req('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'dv_session');
  return `dv_session=${c!.value}`;
}

/** A service context acting as the user (for service-level tests). */
export async function ctxFor(t: TestApp, u: TestUser | null, locale: 'vi' | 'en' = 'vi'): Promise<Ctx> {
  const actor = u ? (await loadActor(t.handle.db, u.id)) ?? null : null;
  return { actor, db: t.handle.db, engine: t.engine, locale, requestId: 'test' };
}

/**
 * The usual scope fixture: a province (Đà Nẵng, 48) with two real communes (Tam Kỳ 20341,
 * Hải Châu 20194), one organization's tree over them, and users on each.
 */
export async function scopeFixture(t: TestApp, org = 'PHUNU') {
  const h = t.handle;
  const province = await makeUnit(h, { org, name: 'Hội LHPN thành phố Đà Nẵng', areaCode: '48' });
  const communeA = await makeUnit(h, { org, name: 'Hội LHPN phường Tam Kỳ', parent: province, areaCode: '20341' });
  const communeB = await makeUnit(h, { org, name: 'Hội LHPN phường Hải Châu', parent: province, areaCode: '20194' });
  const branchA = await makeUnit(h, { org, name: 'Chi hội Phụ nữ khối phố 1', parent: communeA, areaCode: '20341', kind: 'branch' });
  const branchB = await makeUnit(h, { org, name: 'Chi hội Phụ nữ tổ 5', parent: communeB, areaCode: '20194', kind: 'branch' });
  const admin = await makeUser(h, [{ unit: null, role: 'admin' }]);
  const adminA = await makeUser(h, [{ unit: communeA, role: 'unit_admin' }]);
  const officerA = await makeUser(h, [{ unit: communeA, role: 'officer' }]);
  const viewerA = await makeUser(h, [{ unit: communeA, role: 'viewer' }]);
  const officerB = await makeUser(h, [{ unit: communeB, role: 'officer' }]);
  const frontA = await makeUnit(h, { org: 'BTGDV', name: 'Ban Dân vận phường Tam Kỳ', areaCode: '20341' });
  const supervisorA = await makeUser(h, [{ unit: frontA, role: 'supervisor' }]);
  return { province, communeA, communeB, branchA, branchB, admin, adminA, officerA, viewerA, officerB, frontA, supervisorA };
}
