/**
 * Foundation speed (issue: 40,000 units): listing a unit's children and counting a subtree, median
 * under 20 ms on PGlite and PostgreSQL, through the real HTTP route (session, permission check and
 * all); and start-up to a ready server on an existing database under 3 s.
 * Baselines measured in the same run: the bare SQL of each query, and (for the subtree count) the
 * same count with a recursive query over parent_id instead of the ltree index.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { prepareDatabase } from '../server/boot';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { one, rows } from '../server/kernel/db/sql';
import { hashPassword } from '../server/kernel/auth';
import { timeIt, percentile, fmt, benchDatabaseUrl, writeSection, root } from './lib';

const ORGS = ['DANG', 'BTGDV', 'UBND', 'MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN'];
const BRANCHES_PER_COMMUNE = 48;

async function seedTree(h: DbHandle): Promise<void> {
  const have = await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM units`);
  if ((have?.n ?? 0) >= 40_000) return;
  const province = (await one<{ id: number; path: string }>(h.db, sql`SELECT id, path::text AS path FROM areas WHERE code = '48'`))!;
  const communes = await rows<{ id: number; code: string; name: string; path: string }>(h.db, sql`SELECT id, code, name, path::text AS path FROM areas WHERE parent_id = ${province.id} ORDER BY code`);
  for (const org of ORGS) {
    const o = (await one<{ id: number }>(h.db, sql`SELECT id FROM organizations WHERE code = ${org}`))!;
    const root = (await one<{ id: number; path: string }>(h.db, sql`
      WITH nid AS (SELECT nextval(pg_get_serial_sequence('units','id'))::int AS id)
      INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
      SELECT id, ${`${org}-48`}, ${`${org} thành phố Đà Nẵng`}, ${o.id}, ${province.id}, ${province.path}::ltree, 'body', NULL, ('u' || id)::ltree, 1 FROM nid
      RETURNING id, path::text AS path`))!;
    await h.db.execute(sql`
      WITH x AS (SELECT c.*, nextval(pg_get_serial_sequence('units','id'))::int AS uid FROM unnest(${sql.param(communes.map((c) => c.id))}::int[], ${sql.param(communes.map((c) => c.code))}::text[], ${sql.param(communes.map((c) => c.name))}::text[], ${sql.param(communes.map((c) => c.path))}::text[]) AS c(id, code, name, path))
      INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
      SELECT uid, ${org} || '-' || code, ${org} || ' ' || name, ${o.id}, id, path::ltree, 'body', ${root.id}, ${root.path}::ltree || ('u' || uid)::ltree, 2 FROM x`);
    await h.db.execute(sql`
      WITH p AS (SELECT id, code, path, area_id, area_path FROM units WHERE parent_id = ${root.id}),
      x AS (SELECT p.*, g AS n, nextval(pg_get_serial_sequence('units','id'))::int AS uid FROM p, generate_series(1, ${BRANCHES_PER_COMMUNE}) g)
      INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
      SELECT uid, code || '-' || lpad(n::text, 3, '0'), 'Chi hội ' || n, ${o.id}, area_id, area_path, 'branch', id, path || ('u' || uid)::ltree, 3 FROM x`);
  }
  await h.db.execute(sql`ANALYZE units`);
}

async function measure(engine: 'pglite' | 'postgres', h: DbHandle) {
  await prepareDatabase(h, { demo: false });
  await seedTree(h);
  const total = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM units`))!.n;
  const hash = await hashPassword('Bench#12345');
  await h.db.execute(sql`INSERT INTO users (username, password_hash, full_name) VALUES ('bench', ${hash}, 'Bench') ON CONFLICT DO NOTHING`);
  const phunu = (await one<{ id: number; path: string }>(h.db, sql`SELECT id, path::text AS path FROM units WHERE code = 'PHUNU-48'`))!;
  const commune = (await one<{ id: number; path: string }>(h.db, sql`SELECT id, path::text AS path FROM units WHERE code = 'PHUNU-20341'`))!;
  await h.db.execute(sql`INSERT INTO grants (user_id, unit_id, role) SELECT u.id, ${phunu.id}, 'unit_admin' FROM users u WHERE username = 'bench' ON CONFLICT DO NOTHING`);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' }, { webDist: '/nonexistent' });
  const app = await buildApp({ handle: h, config, logger: false });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'Bench#12345' } });
  const cookie = `dv_session=${login.cookies.find((c) => c.name === 'dv_session')!.value}`;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r;
  };
  const children = await timeIt(() => get(`/api/units?parent=${phunu.id}`), 100, 10);
  const childrenSql = await timeIt(() => rows(h.db, sql`SELECT id, code, name FROM units WHERE parent_id = ${phunu.id} ORDER BY name`), 100, 10);
  const countHttp = await timeIt(() => get(`/api/units/${phunu.id}/count`), 100, 10);
  const countLtree = await timeIt(() => one(h.db, sql`SELECT count(*) FROM units WHERE path <@ ${phunu.path}::ltree`), 100, 10);
  const countRecursive = await timeIt(() => one(h.db, sql`WITH RECURSIVE t AS (SELECT id FROM units WHERE id = ${phunu.id} UNION ALL SELECT u.id FROM units u JOIN t ON u.parent_id = t.id) SELECT count(*) FROM t`), 30, 3);
  const subtreeSize = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM units WHERE path <@ ${phunu.path}::ltree`))!.n;
  const communeKids = await timeIt(() => get(`/api/units?parent=${commune.id}`), 100, 10);
  await app.close();
  const med = (s: number[]) => percentile(s, 50);
  return { engine, total, subtreeSize, children: med(children), childrenP95: percentile(children, 95), childrenSql: med(childrenSql), communeKids: med(communeKids),
    countHttp: med(countHttp), countLtree: med(countLtree), countRecursive: med(countRecursive) };
}

/** Spawn `danvan start` on an existing database and time until /api/health answers. */
async function startup(env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/danvan.mjs'), 'start', '--port', String(port)], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) return performance.now() - t0;
      } catch { /* not yet */ }
      if (performance.now() - t0 > 60_000) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** Baseline for start-up: a bare Fastify server answering one route, spawned the same way. */
async function bareStartup(port: number): Promise<number> {
  const t0 = performance.now();
  const code = `import Fastify from 'fastify'; const a = Fastify(); a.get('/api/health', async () => ({status:'ok'})); await a.listen({port:${port}, host:'127.0.0.1'});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: 'ignore' });
  try {
    for (;;) {
      try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return performance.now() - t0; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const results = [];
  const dataDir = path.join(root, '.tmp', 'bench-units');
  fs.mkdirSync(dataDir, { recursive: true });
  const lite = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  results.push(await measure('pglite', lite));
  await lite.close();
  const url = benchDatabaseUrl();
  let pgUrl: string | undefined;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS danvan_bench_units WITH (FORCE)');
    await admin.query('CREATE DATABASE danvan_bench_units');
    await admin.end();
    const u = new URL(url); u.pathname = '/danvan_bench_units'; pgUrl = u.toString();
    const h = await openDatabase({ databaseUrl: pgUrl });
    results.push(await measure('postgres', h));
    await h.close();
  }
  const starts: { engine: string; ms: number[] }[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push(await bareStartup(39_400 + i));
  starts.push({ engine: 'pglite', ms: [] });
  for (let i = 0; i < 5; i++) starts[0].ms.push(await startup({ DATA_DIR: dataDir, DATABASE_URL: '' }, 39_410 + i));
  if (pgUrl) {
    starts.push({ engine: 'postgres', ms: [] });
    for (let i = 0; i < 5; i++) starts[1].ms.push(await startup({ DATABASE_URL: pgUrl }, 39_420 + i));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS danvan_bench_units WITH (FORCE)');
    await admin.end();
  }
  const lines = [
    '## Foundation: the unit tree and start-up',
    '',
    `Tree: ${results[0].total.toLocaleString('en')} units (9 organizations × 94 real communes of Đà Nẵng × ${BRANCHES_PER_COMMUNE} branches); the subtree counted is one organization's province unit (${results[0].subtreeSize.toLocaleString('en')} units). HTTP figures go through \`app.inject\`: session lookup, permission check, zod serialization. Target: median under 20 ms.`,
    '',
    '| measure (median ms) | ' + results.map((r) => r.engine).join(' | ') + ' |',
    '|---|' + results.map(() => '---:').join('|') + '|',
    `| GET /api/units?parent= (94 children) | ${results.map((r) => fmt(r.children)).join(' | ')} |`,
    `| … p95 | ${results.map((r) => fmt(r.childrenP95)).join(' | ')} |`,
    `| GET /api/units?parent= (${BRANCHES_PER_COMMUNE} children) | ${results.map((r) => fmt(r.communeKids)).join(' | ')} |`,
    `| baseline: bare SQL of the children query | ${results.map((r) => fmt(r.childrenSql)).join(' | ')} |`,
    `| GET /api/units/:id/count (subtree) | ${results.map((r) => fmt(r.countHttp)).join(' | ')} |`,
    `| subtree count, ltree \`<@\` (SQL only) | ${results.map((r) => fmt(r.countLtree)).join(' | ')} |`,
    `| baseline: same count by recursive query over parent_id | ${results.map((r) => fmt(r.countRecursive)).join(' | ')} |`,
    `| ratio recursive / ltree | ${results.map((r) => (r.countRecursive / r.countLtree).toFixed(1) + '×').join(' | ')} |`,
    '',
    'Start-up to a ready server (`danvan start` until `/api/health` answers) on an existing database with these 40,000 units, 5 runs; baseline: a bare Fastify process answering one route, spawned the same way. Target: under 3 s.',
    '',
    '| engine | median ms | max ms | bare Fastify median ms | ratio |',
    '|---|---:|---:|---:|---:|',
    ...starts.map((s) => `| ${s.engine} | ${fmt(percentile(s.ms, 50))} | ${fmt(Math.max(...s.ms))} | ${fmt(percentile(bare, 50))} | ${(percentile(s.ms, 50) / percentile(bare, 50)).toFixed(1)}× |`),
  ];
  console.log(lines.join('\n'));
  writeSection('units', lines.join('\n'));
}

await main();
