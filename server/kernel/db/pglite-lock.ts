/**
 * PGlite runs inside one process, and nothing in it stops a second process from opening the same
 * data directory (two writers corrupt it; a copy taken beside a running server misses what is still
 * in its memory). So every danvan process that opens `DATA_DIR/pglite` first claims
 * `DATA_DIR/pglite.lock`: its pid, what it is, and — for a server — the local address and a random
 * token with which a second process (`danvan backup`) asks the server itself for a consistent copy.
 * The file is readable by its owner only: whoever can read it can already read the data directory.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LockInfo = { pid: number; role: string; startedAt: string; url?: string; token?: string };

export class DataDirBusy extends Error {
  constructor(public readonly holder: LockInfo, public readonly file: string) {
    super(`data directory in use by ${holder.role} (pid ${holder.pid})`);
    this.name = 'DataDirBusy';
  }
  /** One line for the command line, in both languages. */
  describe(): string {
    const what = this.holder.role === 'server' ? `máy chủ / the server${this.holder.url ? ` (${this.holder.url})` : ''}` : `lệnh danvan / a danvan command (${this.holder.role})`;
    return `Thư mục dữ liệu PGlite đang được dùng bởi ${what}, pid ${this.holder.pid}. Dừng tiến trình đó trước; nếu không còn tiến trình nào, xóa ${this.file}. / `
      + `The PGlite data directory is in use by that process; stop it first, or delete ${this.file} if no such process runs.`;
  }
}

export const lockFile = (dataDir: string) => path.join(dataDir, 'pglite.lock');

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The live holder of the data directory, if any (a lock left by a process that died does not count). */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

let held: { file: string; info: LockInfo } | null = null;

export type DataDirLock = { token: string; setUrl(url: string): void; release(): void };

/** Claim the data directory for this process, or throw DataDirBusy naming the live holder. */
export function claimDataDir(dataDir: string, role: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const info: LockInfo = { pid: process.pid, role, startedAt: new Date().toISOString(), token: randomBytes(32).toString('base64url') };
  const write = (flag: 'wx' | 'w') => fs.writeFileSync(file, JSON.stringify(info), { flag, mode: 0o600 });
  for (let attempt = 0; ; attempt++) {
    try { write('wx'); break; } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) throw new DataDirBusy(holder, file);
      fs.rmSync(file, { force: true }); // left by a process that is gone (or by this one)
    }
  }
  held = { file, info };
  return {
    token: info.token!,
    setUrl(url) { info.url = url; write('w'); },
    release() {
      if (held?.info === info) held = null;
      try { if ((JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo).token === info.token) fs.rmSync(file, { force: true }); } catch { /* already gone */ }
    },
  };
}

/** The token of the lock this process holds as a server (checked by the backup endpoint). */
export function localToken(): string | null {
  return held?.info.role === 'server' ? held.info.token ?? null : null;
}
