import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { createTestDb } from './test/db';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './kernel/db/connect';
import { one } from './kernel/db/sql';
import { hashPassword } from './kernel/auth';
import { enqueueJob, registerJobHandler, startJobRunner, waitForJob } from './kernel/jobs';

registerJobHandler('test.whoami', async ({ job }) => ({ result: { runner: String(job.payload.expect) } }));

/** Several server processes on one PostgreSQL database share sessions, jobs and everything else. */
describe.skipIf(!process.env.TEST_DATABASE_URL)('several servers on one PostgreSQL database', () => {
  it('a session made by one server works on another; a job queued on one is run by another', async () => {
    const h = await createTestDb('postgres');
    const dbName = (await one<{ d: string }>(h.db, sql`SELECT current_database() AS d`))!.d;
    const url = new URL(process.env.TEST_DATABASE_URL!); url.pathname = `/${dbName}`;
    const h2 = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' }, { webDist: '/nonexistent' });
    const a = await buildApp({ handle: h, config, logger: false });
    const b = await buildApp({ handle: h2, config, logger: false });
    try {
      await h.db.execute(sql`INSERT INTO users (username, password_hash, full_name) VALUES ('hai.may', ${await hashPassword('Test#12345')}, 'Hai Máy')`);
      const login = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hai.may', password: 'Test#12345' } });
      const cookie = `dv_session=${login.cookies[0].value}`;
      const me = await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe('hai.may');
      await b.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect((await a.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);

      const job = await enqueueJob({ actor: null, db: h.db, engine: 'postgres', locale: 'vi', requestId: 't' }, { kind: 'test.whoami', payload: { expect: 'b' } });
      const stop = startJobRunner(h2.db, 'postgres', { pollMs: 50 });
      const done = await waitForJob(h.db, job.id, 20_000);
      await stop();
      expect(done).toMatchObject({ status: 'done', result: { runner: 'b' } });
    } finally {
      await a.close(); await b.close(); await h2.close(); await h.close();
    }
  });

  it('`danvan start` with WORKERS=2 serves from two processes', async () => {
    const h = await createTestDb('postgres');
    const dbName = (await one<{ d: string }>(h.db, sql`SELECT current_database() AS d`))!.d;
    await h.close().catch(() => {});
    // createTestDb's close dropped it; make a fresh empty one for the real start-up path.
    const admin = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await admin.db.execute(sql.raw(`CREATE DATABASE "${dbName}"`));
    await admin.close();
    const url = new URL(process.env.TEST_DATABASE_URL!); url.pathname = `/${dbName}`;
    const port = 39_000 + Math.floor(Math.random() * 500);
    const child = spawn(process.execPath, ['bin/danvan.mjs', 'start', '--port', String(port), '--no-demo'], {
      env: { ...process.env, DATABASE_URL: url.toString(), WORKERS: '2', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    try {
      const until = Date.now() + 90_000;
      let ok = false;
      while (!ok && Date.now() < until) {
        ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok).catch(() => false);
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok).toBe(true);
      expect(out).toMatch(/2 tiến trình/);
      const password = /admin\s+mật khẩu \/ password: (\S+)/.exec(out)![1];
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const codes = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { cookie } }).then((r) => r.status)));
      expect(codes.every((c) => c === 200)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      const admin = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 1 });
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
      await admin.close();
    }
  }, 120_000);
});
