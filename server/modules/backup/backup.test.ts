import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, scopeFixture, type TestApp } from '../../test/app';
import { buildApp } from '../../app';
import { loadConfig, type Config } from '../../config';
import { openDatabase, pgliteExtensions, type DbHandle } from '../../kernel/db/connect';
import { migrationsRoot } from '../../kernel/db/migrate';
import { one, rows } from '../../kernel/db/sql';
import { verifyAuditChain, writeAudit } from '../../kernel/audit';
import { systemCtx } from '../../kernel/context';
import { claimDataDir } from '../../kernel/db/pglite-lock';
import type { Engine } from '../../kernel/db/types';
import { modules } from '..';
import { setPetitionsConfig } from '../petitions/petitions.config';
import { identityKey } from '../petitions/petitions.crypto';
import { readHeader, type Manifest } from './backup.format';
import { tableCounts, type Query } from './backup.state';
import { pgliteSnapshot } from './backup.pglite';
import { backupToFile, BackupRefused, LOCAL_TOKEN_HEADER, restoreFromFile } from './backup.service';

const KEY_A = 'backup-test-key-A-0123456789';
const KEY_B = 'backup-test-key-B-9876543210';
const names = modules.map((m) => m.name);
const q = (h: DbHandle): Query => async (text) => rows(h.db, sql.raw(text));

/** The code's migrations plus one more (a module "backuptest"): a backup of the current schema is older than this code. */
function newerMigrations(dir: string): { root: string; moduleNames: string[] } {
  const root = path.join(dir, 'migrations');
  fs.cpSync(migrationsRoot, root, { recursive: true });
  fs.mkdirSync(path.join(root, 'backuptest', 'meta'), { recursive: true });
  fs.writeFileSync(path.join(root, 'backuptest', '0000_marker.sql'), 'CREATE TABLE "backup_test_marker" ("id" integer);\n');
  fs.writeFileSync(path.join(root, 'backuptest', 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql',
    entries: [{ idx: 0, version: '7', when: 1800000000000, tag: '0000_marker', breakpoints: true }] }));
  return { root, moduleNames: [...names, 'backuptest'] };
}

/** A restore target on the engine: a fresh PGlite data directory, or a new empty PostgreSQL database. */
function targets(engine: Engine, dir: string) {
  const made: string[] = [];
  const adminUrl = (db = 'postgres') => { const u = new URL(process.env.TEST_DATABASE_URL!); u.pathname = `/${db}`; return u.toString(); };
  return {
    async fresh(): Promise<Config> {
      const base = { ...process.env, LOG_LEVEL: 'silent' };
      if (engine === 'pglite') return loadConfig({ ...base, DATABASE_URL: '', DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')) });
      const name = `danvan_t_${Math.floor(Date.now() / 1000)}_bk${randomBytes(3).toString('hex')}`;
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`CREATE DATABASE "${name}"`);
      await c.end();
      made.push(name);
      return loadConfig({ ...base, DATABASE_URL: adminUrl(name), DATA_DIR: dir });
    },
    /** The other engine's configuration (never connected to: the engine check comes first). */
    other(): Config {
      return engine === 'pglite'
        ? loadConfig({ ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
        : loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: path.join(dir, 'never') });
    },
    open: (c: Config) => openDatabase(c.databaseUrl ? { databaseUrl: c.databaseUrl, poolSize: 2 } : { dataDir: path.join(c.dataDir, 'pglite') }),
    async dropAll() {
      if (!made.length) return;
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      for (const n of made) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

describe.each(engines())('backup and restore on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  const ck: Record<string, string> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-backup-'));
  const tg = targets(engine, dir);
  const ids: Record<string, number> = {};

  /** Back up the test server's database through the endpoint, as an administrator. */
  async function backupNow(file: string): Promise<Manifest> {
    const res = await t.req('POST', '/api/admin/backup', { cookie: ck.admin });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    fs.writeFileSync(file, res.rawPayload);
    return readHeader(file).manifest;
  }

  beforeAll(async () => {
    setPetitionsConfig({ identityKey: KEY_A, powBits: 0 });
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    for (const [k, u] of Object.entries({ admin: f.admin, officerA: f.officerA })) ck[k] = await login(t, u);
    const m = await t.req('POST', '/api/members', { cookie: ck.officerA, body: { fullName: 'Nguyễn Thị Hoa', birthDate: '1990-03-05', gender: 'female', cccd: '048190001234', joinedOn: '2015-01-10', unitId: f.branchA.id } });
    expect(m.statusCode, m.body).toBe(201);
    ids.member = m.json().id;
    const c = await t.req('POST', '/api/cases', { cookie: ck.officerA, body: { kind: 'feedback', category: 'ENV', text: 'Phản ánh rác thải tại khối phố 1.', receivingUnitId: f.communeA.id, name: 'Phạm Văn Năm', phone: '0901222333' } });
    expect(c.statusCode, c.body).toBe(201);
    ids.case = c.json().id;
    const den = await t.req('POST', '/api/cases', { cookie: ck.officerA, body: { kind: 'denunciation', category: 'OFFICIALS', text: 'Tố cáo cán bộ nhận tiền hỗ trợ của dân.', receivingUnitId: f.communeA.id, name: 'Hoàng Bảo Mật', phone: '0912345678' } });
    expect(den.statusCode, den.body).toBe(201);
    ids.denunciation = den.json().id;
    const as = await t.req('POST', `/api/cases/${ids.denunciation}/assign`, { cookie: await login(t, f.adminA), body: { userIds: [f.officerA.id] } });
    expect(as.statusCode, as.body).toBe(200);
    const dang = await makeUnit(t.handle, { org: 'DANG', name: 'Thành ủy Đà Nẵng', areaCode: '48' });
    ck.issuer = await login(t, await makeUser(t.handle, [{ unit: dang, role: 'unit_admin' }]));
    const d = await t.req('POST', '/api/directives', { cookie: ck.issuer, body: { issuerUnitId: dang.id, kind: 'notice', number: '62', symbol: 'TB/TU', issuedOn: '2026-03-01',
      issuingBody: 'Thường trực Thành ủy', title: 'Kết luận sơ kết', recipientUnitIds: [f.province.id], tasks: [{ ordinal: '1', title: 'Quán triệt kết luận', leadUnitId: f.communeA.id, deadline: '2026-12-31' }] } });
    expect(d.statusCode, d.body).toBe(201);
  }, 120_000);
  afterAll(async () => {
    setPetitionsConfig({ identityKey: undefined });
    await t?.close();
    await tg.dropAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('only an administrator may take a backup over HTTP (or the holder of the running server’s lock token)', async () => {
    expect((await t.req('POST', '/api/admin/backup')).statusCode).toBe(401);
    expect((await t.req('POST', '/api/admin/backup', { cookie: ck.officerA })).statusCode).toBe(403);
    expect((await t.req('POST', '/api/admin/backup', { headers: { [LOCAL_TOKEN_HEADER]: 'guess' } })).statusCode).toBe(401);
    const lock = claimDataDir(path.join(dir, 'lock-test'), 'server');
    try {
      const res = await t.req('POST', '/api/admin/backup', { headers: { [LOCAL_TOKEN_HEADER]: lock.token } });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.subarray(0, 14).toString()).toBe('DANVAN-BACKUP ');
    } finally {
      lock.release();
    }
  }, 120_000);

  it('restores into a fresh target with the same rows, runs the migrations the backup predates, and the audit chain verifies', async () => {
    const file = path.join(dir, 'a.backup');
    const manifest = await backupNow(file);
    const source = await tableCounts(q(t.handle));
    expect(manifest).toMatchObject({ engine, tables: source, keysInside: [] });
    expect(source.memberships).toBeGreaterThan(0);
    expect(source.cases).toBeGreaterThan(0);
    expect(source.directives).toBeGreaterThan(0);
    expect((await rows(t.handle.db, sql`SELECT 1 FROM audit_log WHERE action = 'backup.create'`)).length).toBeGreaterThan(0);

    const newer = newerMigrations(dir);
    const target = await tg.fresh();
    const r = await restoreFromFile(target, file, { force: false, ...newer });
    expect(r.migrated).toEqual(['backuptest/0000_marker']);
    expect(r.migrations.backuptest).toBe('0000_marker');
    expect(r.audit).toMatchObject({ ok: true, checked: source.audit_log + 1 }); // + the restore's own row
    const h = await tg.open(target);
    try {
      const restored = await tableCounts(q(h));
      expect(restored).toEqual({ ...source, audit_log: source.audit_log + 1, backup_test_marker: 0 });
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
      expect((await one<{ after: { migrated: string[] } }>(h.db, sql`SELECT after FROM audit_log ORDER BY id DESC LIMIT 1`))!.after.migrated).toEqual(['backuptest/0000_marker']);

      // A backup of that copy holds a migration the code (without "backuptest") does not know: refused.
      await h.close();
      const newerFile = path.join(dir, 'newer.backup');
      const b = await backupToFile(target, newerFile, newer);
      expect(b).toMatchObject({ engine, via: 'direct', migrations: { backuptest: '0000_marker' } });
      await expect(restoreFromFile(await tg.fresh(), newerFile, { force: false, moduleNames: names })).rejects.toThrow(/backuptest\/0000_marker/);
    } finally {
      await h.close().catch(() => {});
    }
    // The target is not empty any more: refused without --force.
    await expect(restoreFromFile(target, file, { force: false, moduleNames: names })).rejects.toBeInstanceOf(BackupRefused);
    // The other engine: refused before touching anything.
    await expect(restoreFromFile(tg.other(), file, { force: true, moduleNames: names })).rejects.toThrow(new RegExp(`holds a ${engine} database`));
  }, 300_000);

  it('on a server with a different identity key the restored copy starts and works, without the identities', async () => {
    const file = path.join(dir, 'k.backup');
    await backupNow(file);
    const target = await tg.fresh();
    await restoreFromFile(target, file, { force: false, moduleNames: names });
    const h = await tg.open(target);
    const app = await buildApp({ handle: h, config: { ...target, webDist: '/nonexistent' }, logger: false });
    try {
      const req = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
      expect((await req('/api/health')).json()).toMatchObject({ status: 'ok', db: engine });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: f.officerA.username, password: f.officerA.password } });
      expect(res.statusCode).toBe(200);
      const cookie = `dv_session=${res.cookies.find((x) => x.name === 'dv_session')!.value}`;
      setPetitionsConfig({ identityKey: KEY_B });
      const other = await req(`/api/cases/${ids.case}`, cookie);
      expect(other.statusCode, other.body).toBe(200);
      expect(other.json()).toMatchObject({ id: ids.case, sender: null, text: 'Phản ánh rác thải tại khối phố 1.' });
      const reveal = () => app.inject({ method: 'POST', url: `/api/cases/${ids.denunciation}/identity`, headers: { cookie, 'accept-language': 'en' } });
      const refused = await reveal();
      expect(refused.statusCode).toBe(500);
      expect(refused.json()).toMatchObject({ code: 'IDENTITY_UNREADABLE', message: expect.stringContaining('PETITIONS_IDENTITY_KEY') });
      expect((await req(`/api/members/${ids.member}`, cookie)).statusCode).toBe(200);
      expect((await req('/api/directives', cookie)).statusCode).toBe(200);
      setPetitionsConfig({ identityKey: KEY_A });
      expect((await req(`/api/cases/${ids.case}`, cookie)).json().sender).toMatchObject({ name: 'Phạm Văn Năm' });
      expect((await reveal()).json().sender).toMatchObject({ name: 'Hoàng Bảo Mật' });
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    } finally {
      setPetitionsConfig({ identityKey: KEY_A });
      await app.close();
      await h.close();
    }
  }, 300_000);

  it('a backup taken while audited writes run restores to a prefix of them; one taken after holds every committed write', async () => {
    let stop = false;
    let committed = 0;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await t.handle.db.transaction(async (tx) => {
          // Committed like imports and public submissions: without waiting for the disk.
          await tx.execute(sql`SET LOCAL synchronous_commit TO OFF`);
          await tx.execute(sql`INSERT INTO settings (key, value) VALUES (${`bk.${i}`}, ${JSON.stringify(i)}::jsonb)`);
          await writeAudit(systemCtx(tx as never, engine), { action: 'test.write', entity: 'test', entityId: i, after: { i } });
        });
        committed = i + 1;
        // PGlite answers without leaving the microtask queue: let timers and the request run too.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const until = async (n: number) => { while (committed < n) await new Promise((r) => setTimeout(r, 5)); };
    await until(3);
    const during = path.join(dir, 'during.backup');
    const m = await backupNow(during);
    const atBackup = committed;
    await until(atBackup + 3);
    stop = true;
    await writer;

    const target = await tg.fresh();
    const r = await restoreFromFile(target, during, { force: false, moduleNames: names });
    expect(r.audit.ok).toBe(true);
    const h = await tg.open(target);
    try {
      const keys = (await rows<{ v: number }>(h.db, sql`SELECT (value #>> '{}')::int AS v FROM settings WHERE key LIKE 'bk.%' ORDER BY 1`)).map((x) => x.v);
      const logged = (await rows<{ e: string }>(h.db, sql`SELECT entity_id AS e FROM audit_log WHERE action = 'test.write' ORDER BY id`)).map((x) => Number(x.e));
      expect(keys.length).toBeGreaterThanOrEqual(3);
      expect(keys.length).toBeLessThan(committed);
      expect(keys).toEqual([...Array(keys.length).keys()]); // a prefix, no gap
      expect(logged).toEqual(keys); // each write with its audit row, in order
      expect(m.tables.settings).toBe((await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM settings`))!.n);
      expect(keys.length).toBeLessThanOrEqual(atBackup + 1);
    } finally {
      await h.close();
    }

    if (engine === 'pglite') {
      // The copy alone (the endpoint's audit row, a synchronous commit, would flush what precedes it):
      // writes committed without waiting for the disk are in it.
      for (let i = 0; i < 5; i++) {
        await t.handle.db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL synchronous_commit TO OFF`);
          await tx.execute(sql`INSERT INTO settings (key, value) VALUES (${`async.${i}`}, 'true'::jsonb)`);
        });
      }
      const snap = await pgliteSnapshot(t.handle.raw as PGlite, { moduleNames: names });
      const copy = await PGlite.create({ extensions: pgliteExtensions, loadDataDir: new Blob([new Uint8Array(snap.payload)]) });
      try {
        const n = (await copy.query<{ n: number }>(`SELECT count(*)::int AS n FROM settings`)).rows[0].n;
        expect(n).toBe(snap.manifest.tables.settings);
        expect((await copy.query<{ n: number }>(`SELECT count(*)::int AS n FROM settings WHERE key LIKE 'async.%'`)).rows[0].n).toBe(5);
      } finally {
        await copy.close();
      }
    }

    // After the writes: every asynchronously committed one is in the copy. With the key kept in the
    // database (no PETITIONS_IDENTITY_KEY), the manifest says the key is inside.
    setPetitionsConfig({ identityKey: undefined });
    await identityKey(t.handle.db);
    setPetitionsConfig({ identityKey: KEY_A });
    const after = path.join(dir, 'after.backup');
    expect((await backupNow(after)).keysInside).toEqual(['petitions.identity_key']);
    const r2 = await restoreFromFile(target, after, { force: true, moduleNames: names });
    if (engine === 'pglite') expect(r2.replaced).toMatch(/pglite\.replaced-/);
    const h2 = await tg.open(target);
    try {
      expect((await one<{ n: number }>(h2.db, sql`SELECT count(*)::int AS n FROM settings WHERE key LIKE 'bk.%'`))!.n).toBe(committed);
      expect(await verifyAuditChain(h2.db)).toMatchObject({ ok: true });
    } finally {
      await h2.close();
    }
  }, 300_000);
});
