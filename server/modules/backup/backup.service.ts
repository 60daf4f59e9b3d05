/**
 * Backup and restore on either engine (decision 0005). A backup of PGlite is taken by the process
 * that holds the database: the server when one runs (asked over HTTP with the token of its lock
 * file), else the command itself. A backup of PostgreSQL is pg_dump's, in one exported snapshot.
 * A restore checks engine and schema version, refuses a non-empty target unless forced, checks the
 * row counts against the manifest, runs the migrations the backup predates, and records itself in
 * the audit log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Config } from '../../config';
import { openDatabase, type DbHandle } from '../../kernel/db/connect';
import { migrateAll } from '../../kernel/db/migrate';
import { one, rows } from '../../kernel/db/sql';
import { claimDataDir, DataDirBusy, lockFile, readLock } from '../../kernel/db/pglite-lock';
import { verifyAuditChain, writeAudit, type VerifyResult } from '../../kernel/audit';
import { systemCtx, type Ctx } from '../../kernel/context';
import { headerBytes, readHeader, type Manifest } from './backup.format';
import { migrationState, pendingMigrations, tableCounts, unknownMigrations, type Described, type Query } from './backup.state';
import { pgliteLoad, pgliteSnapshot } from './backup.pglite';
import { pgDump, pgRestore, put } from './backup.postgres';

/** A refusal the operator can act on (wrong engine, non-empty target, newer backup): exit status 1, no stack. */
export class BackupRefused extends Error {
  constructor(message: string) { super(message); this.name = 'BackupRefused'; }
}

export const LOCAL_TOKEN_HEADER = 'x-danvan-local-token';

export type BackupSummary = {
  engine: Manifest['engine']; file: string; bytes: number; tables: Record<string, number>;
  migrations: Record<string, string | null>; keysInside: string[]; via: 'server' | 'direct';
};

export type RestoreSummary = Omit<BackupSummary, 'via' | 'keysInside'> & {
  /** Migrations applied after loading (the backup was older than the code). */
  migrated: string[];
  backupCreatedAt: string;
  audit: VerifyResult;
  /** PGlite with --force: where the previous data directory was moved. */
  replaced: string | null;
};

const rawQuery = (h: DbHandle): Query => async (text) => rows(h.db, sql.raw(text));

/** Write a backup of an open database (header, then the engine's copy) to `sink`, which stays open. */
export async function writeBackup(handle: DbHandle, sink: Writable, ctx: Ctx | null, via: string, d: Described): Promise<Manifest> {
  // The copy holds every person's data: who took it is recorded (and the record is in the copy).
  await writeAudit(ctx ?? systemCtx(handle.db, handle.engine), { action: 'backup.create', entity: 'backup', after: { engine: handle.engine, via } });
  if (handle.engine === 'pglite') {
    const { manifest, payload } = await pgliteSnapshot(handle.raw, d);
    await put(sink, headerBytes(manifest));
    for (let at = 0; at < payload.length; at += 1 << 20) await put(sink, payload.subarray(at, at + (1 << 20)));
    return manifest;
  }
  const url = (handle.raw as pg.Pool & { options: { connectionString?: string } }).options.connectionString;
  if (!url) throw new Error('backup: the PostgreSQL pool has no connection string');
  return pgDump(handle.raw, url, sink, headerBytes, d);
}

function summary(file: string, via: BackupSummary['via']): BackupSummary {
  const { manifest, size } = readHeader(file);
  return { engine: manifest.engine, file, bytes: size, tables: manifest.tables, migrations: manifest.migrations, keysInside: manifest.keysInside, via };
}

async function toFile(part: string, write: (sink: Writable) => Promise<unknown>): Promise<void> {
  const out = fs.createWriteStream(part, { mode: 0o600 });
  try {
    await write(out);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}

/** `danvan backup --out FILE`: from the running server if one holds the PGlite directory, else directly. */
export async function backupToFile(config: Config, out: string, d: Described): Promise<BackupSummary> {
  const file = path.resolve(out);
  const part = `${file}.part`;
  let via: BackupSummary['via'] = 'direct';
  try {
    if (config.databaseUrl) {
      const h = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
      try { await toFile(part, (sink) => writeBackup(h, sink, null, 'cli', d)); } finally { await h.close(); }
    } else {
      const holder = readLock(config.dataDir);
      if (holder) {
        if (holder.role !== 'server' || !holder.url || !holder.token) throw new DataDirBusy(holder, lockFile(config.dataDir));
        via = 'server';
        const res = await fetch(new URL('/api/admin/backup', holder.url), { method: 'POST', headers: { [LOCAL_TOKEN_HEADER]: holder.token } });
        if (!res.ok || !res.body) throw new Error(`Máy chủ từ chối / the server answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
        await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(part, { mode: 0o600 }));
      } else {
        const dir = path.join(config.dataDir, 'pglite');
        if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) throw new BackupRefused(`Không có cơ sở dữ liệu tại / no database at ${dir}`);
        const lock = claimDataDir(config.dataDir, 'backup');
        try {
          const h = await openDatabase({ dataDir: dir });
          try { await toFile(part, (sink) => writeBackup(h, sink, null, 'cli', d)); } finally { await h.close(); }
        } finally {
          lock.release();
        }
      }
    }
    const s = summary(part, via); // also checks that the file is whole
    fs.renameSync(part, file);
    return { ...s, file };
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw e;
  }
}

/** After the copy is loaded: same rows as the manifest says, then migrations, then the audit record. */
async function afterLoad(h: DbHandle, file: string, manifest: Manifest, d: Described) {
  const q = rawQuery(h);
  const loaded = await tableCounts(q);
  const names = [...new Set([...Object.keys(loaded), ...Object.keys(manifest.tables)])].sort();
  const differ = names.filter((n) => loaded[n] !== manifest.tables[n]).map((n) => `${n}: ${loaded[n] ?? '-'} ≠ ${manifest.tables[n] ?? '-'}`);
  if (differ.length) throw new Error(`Bản khôi phục khác mô tả của bản sao lưu / the restored copy differs from its manifest: ${differ.join(', ')}`);
  const migrated = pendingMigrations(manifest.migrations, d.moduleNames, d.root);
  await migrateAll(h, d.moduleNames, d.root);
  await writeAudit(systemCtx(h.db, h.engine), { action: 'backup.restore', entity: 'backup',
    after: { file: path.basename(file), engine: manifest.engine, createdAt: manifest.createdAt, app: manifest.app, migrated } });
  return { tables: await tableCounts(q), migrations: await migrationState(q, d.moduleNames, d.root), migrated, audit: await verifyAuditChain(h.db) };
}

const notEmpty = (where: string) => `Nơi khôi phục đã có dữ liệu (${where}); thêm --force để thay thế. / The target already holds data (${where}); add --force to replace it.`;

/** `danvan restore FILE [--force]` into the configured database. */
export async function restoreFromFile(config: Config, input: string, opts: { force: boolean } & Described): Promise<RestoreSummary> {
  const file = path.resolve(input);
  const { manifest, offset, size } = readHeader(file);
  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.engine !== engine) {
    throw new BackupRefused(`Bản sao lưu là của ${manifest.engine}, máy chủ này dùng ${engine}: khôi phục với ${manifest.engine === 'postgres' ? 'DATABASE_URL trỏ tới một PostgreSQL' : 'DATABASE_URL để trống (PGlite trong DATA_DIR)'}. / `
      + `This backup holds a ${manifest.engine} database but this server uses ${engine}; restore it with ${manifest.engine === 'postgres' ? 'DATABASE_URL set to a PostgreSQL database' : 'DATABASE_URL unset (PGlite in DATA_DIR)'}.`);
  }
  const newer = unknownMigrations(manifest.migrations, opts.moduleNames, opts.root);
  if (newer.length) {
    throw new BackupRefused(`Bản sao lưu từ phiên bản mới hơn (${manifest.app}), có migration mà mã này không biết: ${newer.join(', ')}; hãy nâng cấp Dân Vận trước. / `
      + `The backup comes from a newer version (${manifest.app}) with migrations this code does not know; upgrade first.`);
  }
  const base = { engine, file, bytes: size, backupCreatedAt: manifest.createdAt } as const;
  if (engine === 'postgres') {
    const url = config.databaseUrl!;
    const h = await openDatabase({ databaseUrl: url, poolSize: 1 });
    try {
      const others = await rows<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      if (others[0].n > 0) throw new BackupRefused(`${others[0].n} kết nối khác đang mở tới cơ sở dữ liệu: dừng các máy chủ Dân Vận trước. / ${others[0].n} other connections to the database: stop the Dân Vận servers first.`);
      const present = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p')`))!.n;
      if (present > 0 && !opts.force) throw new BackupRefused(notEmpty(`${present} bảng / tables`));
      await pgRestore(url, file, offset, present > 0);
      return { ...base, ...(await afterLoad(h, file, manifest, opts)), replaced: null };
    } finally {
      await h.close();
    }
  }
  const dir = path.join(config.dataDir, 'pglite');
  const lock = claimDataDir(config.dataDir, 'restore'); // refuses while a server (or another command) holds it
  try {
    const occupied = fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
    if (occupied && !opts.force) throw new BackupRefused(notEmpty(dir));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const staging = `${dir}.restoring-${stamp}`;
    let result: Awaited<ReturnType<typeof afterLoad>>;
    try {
      const client = await pgliteLoad(file, offset, staging).catch((e: Error) => {
        throw new Error(`PGlite không mở được bản sao (tạo bởi PostgreSQL ${manifest.server}) / PGlite could not open the copy (made by PostgreSQL ${manifest.server}): ${e.message}`);
      });
      try { result = await afterLoad(await openDatabase({ pglite: client }), file, manifest, opts); } finally { await client.close(); }
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    let replaced: string | null = null;
    if (occupied) fs.renameSync(dir, (replaced = `${dir}.replaced-${stamp}`));
    else fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return { ...base, ...result, replaced };
  } finally {
    lock.release();
  }
}
