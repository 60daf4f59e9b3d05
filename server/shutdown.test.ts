import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { multipart } from './modules/members/members.fixtures';

/**
 * The real `danvan start` (PGlite): SIGTERM while an import job runs stops the server within seconds
 * (exit code 0), and the next start runs the job again to its end.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-shutdown-'));
const port = 39_500 + Math.floor(Math.random() * 400);
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

function startServer(): Promise<{ out: () => string }> {
  let out = '';
  child = spawn(process.execPath, ['bin/danvan.mjs', 'start', '--port', String(port), '--no-demo'], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', WORKERS: '1', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => {
    const until = Date.now() + 120_000;
    const poll = setInterval(() => {
      if (out.includes('ready')) { clearInterval(poll); resolve({ out: () => out }); }
      else if (Date.now() > until || child!.exitCode !== null) { clearInterval(poll); reject(new Error(`server did not start: ${out.slice(-2000)}`)); }
    }, 100);
  });
}

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stopping the server', () => {
  it('SIGTERM during an import: the server exits within seconds, the job runs again at the next start', async () => {
    const first = await startServer();
    try { await scenario(first); } catch (e) { throw new Error(`${(e as Error).message}\n--- server output:\n${first.out().slice(-3000)}`); }
  }, 300_000);
});

async function scenario(first: { out: () => string }) {
  const password = /admin\s+mật khẩu \/ password: (\S+)/.exec(first.out())![1];
  const api = async (method: string, url: string, cookie?: string, body?: unknown) => {
    const r = await fetch(base + url, { method, headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: (await r.json().catch(() => null)) as Record<string, unknown> & Record<string, never>, cookie: r.headers.get('set-cookie')?.split(';')[0] };
  };
  const login = async () => (await api('POST', '/api/auth/login', undefined, { username: 'admin', password })).cookie!;
  let cookie = await login();
  const org = ((await api('GET', '/api/organizations', cookie)).json as unknown as { id: number; code: string }[]).find((o) => o.code === 'PHUNU')!;
  const unit = await api('POST', '/api/units', cookie, { name: 'Chi hội khối phố 1', parentId: null, organizationId: org.id });
  expect(unit.status).toBe(201);
  // 100,000 members: long enough (20 batches) to be in the middle of it when the signal comes.
  const given = ['Hoa', 'Lan', 'Mai', 'Hồng', 'Thu', 'Thảo'];
  const letters = (i: number) => String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + (Math.floor(i / 676) % 26));
  const csv = 'Họ và tên,Năm sinh,Giới tính\n' + Array.from({ length: 100_000 }, (_, i) => `Nguyễn Thị ${given[i % 6]} ${letters(i)},${1960 + (i % 40)},Nữ`).join('\n') + '\n';
  const m = multipart('ds.csv', Buffer.from(csv), 'text/csv');
  const up = await fetch(`${base}/api/files`, { method: 'POST', headers: { cookie, ...m.headers }, body: m.body });
  const fileId = ((await up.json()) as { id: number }).id;
  const started = await api('POST', '/api/members/import', cookie, { fileId, unitId: unit.json.id, duplicates: 'merge' });
  expect(started.status).toBe(202);
  const job = async () => (await api('GET', `/api/jobs/${started.json.jobId}`, cookie)).json as unknown as { status: string; message: string | null; result: Record<string, number> | null; error: string | null };
  let j = await job();
  for (let i = 0; i < 1200 && !(j.status === 'running' && /Đã xử lý/.test(j.message ?? '')) && j.status !== 'done'; i++) { await new Promise((r) => setTimeout(r, 50)); j = await job(); }
  expect(j.status).toBe('running'); // a first batch is written, the others not yet

  const t0 = Date.now();
  const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
  child!.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(5000);

  await startServer();
  cookie = await login();
  j = await job();
  for (let i = 0; i < 2400 && j.status !== 'done' && j.status !== 'failed'; i++) { await new Promise((r) => setTimeout(r, 100)); j = await job(); }
  expect(j.error).toBeNull();
  // The rows written before the stop are found and skipped, the others written: every member once.
  expect(j).toMatchObject({ status: 'done', result: { rows: 100_000, rejected: 0 } });
  expect(j.result!.inserted + j.result!.skipped + j.result!.updated).toBe(100_000);
  expect(j.result!.skipped + j.result!.updated).toBeGreaterThan(0);
  child!.kill('SIGTERM');
}
