import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { verifyAuditChain, canonicalJson } from '../../kernel/audit';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe.each(engines())('audit log on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp(engine); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('writes one row per write, readable by the unit’s admin and filtered by scope', async () => {
    const adminA = await login(t, f.adminA);
    const adminB = await login(t, await (await import('../../test/app')).makeUser(t.handle, [{ unit: f.communeB, role: 'unit_admin' }]));
    const created = (await t.req('POST', '/api/units', { cookie: adminA, body: { name: 'Chi hội kiểm tra nhật ký', parentId: f.communeA.id } })).json();
    const a = (await t.req('GET', `/api/audit?entity=unit&entityId=${created.id}`, { cookie: adminA })).json();
    expect(a.total).toBe(1);
    expect(a.items[0]).toMatchObject({ action: 'units.create', actorName: f.adminA.username, unitId: created.id });
    expect(a.items[0].after.name).toBe('Chi hội kiểm tra nhật ký');
    const b = (await t.req('GET', `/api/audit?entity=unit&entityId=${created.id}`, { cookie: adminB })).json();
    expect(b.total).toBe(0);
    expect((await t.req('GET', `/api/audit?unit=${f.communeA.id}`, { cookie: adminB })).statusCode).toBe(404);
    expect((await t.req('GET', '/api/audit', { cookie: await login(t, f.officerA) })).json().total).toBe(0);
  });

  it('is append-only in the database itself', async () => {
    await expect(t.handle.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow();
    await expect(t.handle.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });

  it('verifies the chain and reports the first tampered row', async () => {
    const ok = await verifyAuditChain(t.handle.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(3);
    const victim = await one<{ id: number }>(t.handle.db, sql`SELECT id FROM audit_log ORDER BY id OFFSET 2 LIMIT 1`);
    await t.handle.db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await tx.execute(sql`UPDATE audit_log SET after = '{"name":"forged"}'::jsonb WHERE id = ${victim!.id}`);
      await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    });
    const bad = await verifyAuditChain(t.handle.db);
    expect(bad).toMatchObject({ ok: false, firstBrokenId: victim!.id });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('`danvan audit verify` on PostgreSQL', () => {
  it('exits 0 on an intact chain and 1 on a tampered one', async () => {
    const { createTestDb } = await import('../../test/db');
    const h = await createTestDb('postgres');
    try {
      const { writeAudit } = await import('../../kernel/audit');
      const ctx = { actor: null, db: h.db, engine: h.engine, locale: 'vi' as const, requestId: 't' };
      for (let i = 0; i < 3; i++) await writeAudit(ctx, { action: 'test.write', entity: 'thing', entityId: i, after: { i } });
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${(await one<{ d: string }>(h.db, sql`SELECT current_database() AS d`))!.d}`;
      const run = () => spawnSync(process.execPath, ['bin/danvan.mjs', 'audit', 'verify', '--json'], { env: { ...process.env, DATABASE_URL: url.toString() }, encoding: 'utf8' });
      const good = run();
      expect(good.status).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, checked: 3 });
      await h.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await h.db.execute(sql`UPDATE audit_log SET entity_id = '99' WHERE id = (SELECT min(id) + 1 FROM audit_log)`);
      const broken = run();
      expect(broken.status).toBe(1);
      expect(JSON.parse(broken.stdout).ok).toBe(false);
    } finally {
      await h.close();
    }
  });
});
