/** Shared by the member benchmarks: a realistic member spreadsheet, the demo unit tree, databases. */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { prepareDatabase } from '../server/boot';
import { seedDemo } from '../server/demo';
import { one } from '../server/kernel/db/sql';
import { makePerson, rng } from '../server/modules/members/members.seed';
import { root } from './lib';

export const TMP = path.join(root, '.tmp', 'bench-members');


/**
 * A branch's list as people keep it, `n` rows: two title rows, the header, then members with dates
 * as dd/mm/yyyy text, Excel serials or bare years, CCCDs (unique), phones, addresses. Written with
 * exceljs' streaming writer; reused when it already exists.
 */
export async function memberXlsx(n: number): Promise<string> {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `members-${n}.xlsx`);
  if (fs.existsSync(file)) return file;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file + '.part', useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG TAM KỲ']).commit();
  ws.addRow(['DANH SÁCH HỘI VIÊN']).commit();
  ws.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Điện thoại', 'Địa chỉ', 'Ngày vào Hội', 'Số thẻ']).commit();
  const r = rng(48);
  for (let i = 1; i <= n; i++) {
    const p = makePerson(r, { gender: 'female', age: [18, 75], year: 2026, cccdSeq: i });
    const [y, m, d] = p.birthDate.split('-');
    const k = i % 3;
    const birth = k === 0 ? `${d}/${m}/${y}` : k === 1 ? Math.round(Date.UTC(+y, +m - 1, +d) / 86_400_000 + 25569) : Number(y);
    // Unique CCCD: the serial number is the row number.
    const cccd = `048${p.cccd[3]}${p.cccd.slice(4, 6)}${String(i).padStart(6, '0')}`;
    const joinYear = Math.min(2026, +y + 18 + (i % 20));
    ws.addRow([i, p.fullName, birth, 'Nữ', cccd, p.phone, `Tổ ${1 + (i % 30)}, khối phố ${1 + (i % 9)}`, `01/0${1 + (i % 9)}/${joinYear}`, `PN${String(i).padStart(7, '0')}`]).commit();
  }
  ws.commit();
  await wb.commit();
  fs.renameSync(file + '.part', file);
  return file;
}

export const benchDbName = 'danvan_bench_members';

/** Run `sql` on the server's maintenance database (to create or drop a bench database). */
async function onServer(url: string, sql: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

async function dropDatabase(handle: DbHandle, url: string, name: string): Promise<void> {
  await handle.close();
  await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A new, empty database `name` (each benchmark its own, so two benchmarks can run side by side). */
export async function freshPostgres(url: string, name = benchDbName): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(url, `CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  return { handle, drop: () => dropDatabase(handle, url, name) };
}

/** The bench database a previous run kept, with a drop function. */
export async function reusePostgres(url: string, name = benchDbName): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  return { handle, drop: () => dropDatabase(handle, url, name) };
}

export async function freshPglite(name: string): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  const dir = path.join(TMP, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  const handle = await openDatabase({ dataDir: dir });
  return { handle, async drop() { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** The PGlite bench database a previous run kept (KEEP_DB=1). */
export async function reusePglite(name: string): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  const dir = path.join(TMP, name);
  const handle = await openDatabase({ dataDir: dir });
  return { handle, async drop() { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Migrations, reference data and the demo province's units (no module demo data). */
export async function prepareUnits(h: DbHandle): Promise<void> {
  await prepareDatabase(h, { demo: false });
  if (!(await one(h.db, sql`SELECT 1 FROM units LIMIT 1`))) await seedDemo(h, [], { password: 'Bench#12345' });
}

export type UnitInfoRow = { id: number; path: string; areaPath: string | null; organizationId: number; organizationCode: string; closedAt: string | null; name: string };
