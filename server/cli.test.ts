import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `danvan` command end to end, on a PGlite data directory of its own. */
describe('danvan CLI on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-cli-'));
  const run = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/danvan.mjs', ...args], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }, input, encoding: 'utf8', timeout: 120_000,
  });
  beforeAll(() => {
    const r = run(['seed', 'demo', '--password', 'Demo#12345', '--json']);
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);

  it('lists units as JSON, whole tree or under a code', () => {
    const all = run(['units', 'list', '--json']);
    expect(all.status).toBe(0);
    const units = JSON.parse(all.stdout) as { id: number; code: string; name: string; organization: string; parent: string | null; path: string }[];
    expect(Object.keys(units[0]).sort()).toEqual(['code', 'id', 'name', 'organization', 'parent', 'path']);
    expect(units.find((u) => u.code === 'PHUNU-48')).toMatchObject({ name: 'Hội LHPN thành phố Đà Nẵng', organization: 'PHUNU', parent: null });
    const under = JSON.parse(run(['units', 'list', '--under', 'PHUNU-20341', '--json']).stdout) as typeof units;
    expect(under[0].code).toBe('PHUNU-20341');
    expect(under.length).toBeGreaterThan(1);
    expect(under.every((u) => u.path.startsWith(under[0].path))).toBe(true);
    expect(run(['units', 'list', '--under', 'NO-SUCH']).status).toBe(1);
  });

  it('creates a user from stdin and refuses a bad role', () => {
    const ok = run(['user', 'create', '--username', 'canbo.moi', '--password-stdin', '--unit', 'MTTQ-20341', '--role', 'officer', '--json'], 'MatKhau#2026\n');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ username: 'canbo.moi', unit: 'MTTQ-20341', role: 'officer' });
    expect(run(['user', 'create', '--username', 'khac', '--password-stdin', '--unit', 'MTTQ-20341', '--role', 'boss'], 'MatKhau#2026\n').status).toBe(2);
    expect(run(['user', 'create', '--username', 'canbo.moi', '--password-stdin', '--unit', 'MTTQ-20341', '--role', 'viewer'], 'MatKhau#2026\n').status).toBe(1);
  });

  it('verifies the audit chain', () => {
    const r = run(['audit', 'verify', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });
});
