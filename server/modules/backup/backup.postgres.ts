/**
 * PostgreSQL: pg_dump in its custom format, inside one snapshot that this process exports and reads
 * the table counts and migrations from, so the manifest describes exactly the dump. Restoring pipes
 * pg_restore's script into psql as one transaction, after dropping the old schemas when asked to:
 * a failed restore leaves the target as it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Manifest } from './backup.format';
import { describeDatabase, type Described, type Query } from './backup.state';

export class ToolMissing extends Error {
  constructor(tool: string) {
    super(`Không tìm thấy ${tool} trong PATH: cài công cụ máy khách PostgreSQL (Debian/Ubuntu: apt install postgresql-client, cùng hoặc mới hơn phiên bản máy chủ). / `
      + `${tool} was not found on PATH: install the PostgreSQL client tools (Debian/Ubuntu: apt install postgresql-client), the server's major version or newer.`);
    this.name = 'ToolMissing';
  }
}

/** libpq arguments for a database URL: the password goes in the environment, not on a command line others can list. */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv, stdin: 'pipe' | 'ignore'): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(tool, args, { env, stdio: [stdin, 'pipe', 'pipe'] });
  // A broken pipe shows up as the tool's own exit status; the stream's error adds nothing.
  child.stdin?.on('error', () => {});
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { if (stderr.length < 8000) stderr += c.toString('utf8'); });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new ToolMissing(tool) : e));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} (${code}): ${stderr.trim()}`))));
  });
  return { child, done };
}

/** Write with back-pressure; fails instead of waiting forever when the other end has gone. */
export async function put(sink: Writable, chunk: Buffer): Promise<void> {
  if (sink.destroyed) throw new Error('output closed');
  if (sink.write(chunk)) return;
  const ac = new AbortController(); // removes the losing listener (they would pile up, one per chunk)
  try {
    await Promise.race([once(sink, 'drain', { signal: ac.signal }), once(sink, 'close', { signal: ac.signal }).then(() => { throw new Error('output closed'); })]);
  } finally {
    ac.abort();
  }
}

/** Write header and dump to `sink` (left open); the manifest is read in the very snapshot pg_dump copies. */
export async function pgDump(pool: pg.Pool, url: string, sink: Writable, header: (m: Manifest) => Buffer, d: Described): Promise<Manifest> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s);
    const q: Query = async (text) => (await client.query(text)).rows;
    const manifest: Manifest = { ...(await describeDatabase(q, d)), engine: 'postgres', payload: 'pg_dump-custom' };
    const { dbname, env } = libpq(url);
    const dump = run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--dbname=${dbname}`], env, 'ignore');
    const copying = (async () => {
      await put(sink, header(manifest));
      for await (const chunk of dump.child.stdout!) await put(sink, chunk as Buffer);
    })();
    await Promise.all([dump.done, copying]);
    await client.query('COMMIT');
    return manifest;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Load a dump (the file from `offset`) into the database at `url` in one transaction; with `replace`,
 * the same transaction first drops what is there (schemas public and drizzle).
 */
export async function pgRestore(url: string, file: string, offset: number, replace: boolean): Promise<void> {
  const { dbname, env } = libpq(url);
  const script = run('pg_restore', ['--no-owner', '--no-privileges', '--no-comments', '--file=-'], env, 'pipe');
  const apply = run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', '-', `--dbname=${dbname}`], env, 'pipe');
  const feed = (async () => {
    for await (const chunk of fs.createReadStream(file, { start: offset })) await put(script.child.stdin!, chunk as Buffer);
    script.child.stdin!.end();
  })();
  const forward = (async () => {
    const into = apply.child.stdin!;
    if (replace) await put(into, Buffer.from('DROP SCHEMA IF EXISTS drizzle CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n'));
    for await (const chunk of script.child.stdout!) await put(into, chunk as Buffer);
    into.end();
  })();
  // If one side fails the other must not wait for input forever.
  const all = Promise.all([script.done, apply.done, feed, forward]);
  all.catch(() => { script.child.kill(); apply.child.kill(); });
  await all;
}
