import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockFile, readLock } from '../../kernel/db/pglite-lock';

/** `danvan backup` / `danvan restore` as an operator runs them, beside a server running on PGlite. */
describe('backup and restore commands beside a running PGlite server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-backup-cli-'));
  const live = path.join(dir, 'live');
  const file = path.join(dir, 'live.backup');
  const run = (dataDir: string, args: string[]) => spawnSync(process.execPath, ['bin/danvan.mjs', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 240_000,
  });
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    server = spawn(process.execPath, ['bin/danvan.mjs', 'start', '--no-demo', '--port', '0'], {
      env: { ...process.env, DATA_DIR: live, DATABASE_URL: '', LOG_LEVEL: 'silent' }, stdio: 'ignore',
    });
    // Ready when the server has written its address into the lock file.
    while (!readLock(live)?.url) {
      if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 240_000);
  afterAll(async () => {
    if (server && server.exitCode === null) { server.kill('SIGTERM'); await once(server, 'exit'); }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up through the running server; restore and other commands are refused while it holds the data', () => {
    const b = run(live, ['backup', '--out', file, '--json']);
    expect(b.status, b.stderr).toBe(0);
    const out = JSON.parse(b.stdout);
    expect(out).toMatchObject({ engine: 'pglite', via: 'server', file, bytes: fs.statSync(file).size });
    expect(out.tables.users).toBe(1); // the first admin
    expect(out.tables.audit_log).toBeGreaterThanOrEqual(2); // its creation and this backup
    expect(out.migrations.core).toMatch(/^\d{4}_/);
    const r = run(live, ['restore', file, '--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/in use by that process/);
    expect(run(live, ['audit', 'verify']).status).toBe(1);
  }, 600_000);

  it('after the server stops, the backup restores into another data directory where the chain verifies', async () => {
    server!.kill('SIGTERM');
    await once(server!, 'exit');
    expect(fs.existsSync(lockFile(live))).toBe(false);
    const other = path.join(dir, 'other');
    const r = run(other, ['restore', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engine: 'pglite', migrated: [], audit: { ok: true }, replaced: null });
    expect(out.tables.users).toBe(1);
    const v = run(other, ['audit', 'verify', '--json']);
    expect(v.status, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, checked: out.audit.checked });
    expect(run(other, ['restore', file]).status).toBe(1); // not empty any more
  }, 600_000);
});
