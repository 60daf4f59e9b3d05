/**
 * Member search and lists at 1,000,000 members (issue: diacritic-insensitive name search p95 < 20 ms on
 * PostgreSQL with the ratio to a sequential ILIKE scan, and PGlite's figure; a member list page of a
 * province subtree with filters p95 < 50 ms).
 * Measured through the service functions the routes call (scope, masking, capped count, access log),
 * as a province Women's Union unit_admin. Baseline: the same search with index scans disabled
 * (a sequential scan with ILIKE on the folded name), in the same run.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../server/kernel/db/connect';
import { one, rows } from '../server/kernel/db/sql';
import { loadActor } from '../server/kernel/auth';
import { registerModules } from '../server/app';
import { listMembers, nameQuery } from '../server/modules/members/members.service';
import { foldSearch } from '../server/kernel/text';
import type { Ctx } from '../server/kernel/context';
import type { MemberListQuery } from '../common/members';
import { benchDatabaseUrl, fmt, machine, percentile, timeIt, writeSection } from './lib';
import { freshPglite, freshPostgres, prepareUnits, reusePglite, reusePostgres } from './members-lib';

const N = Number(process.env.MEMBERS_SEARCH_ROWS ?? 1_000_000);
const N_PGLITE = Number(process.env.MEMBERS_SEARCH_ROWS_PGLITE ?? 1_000_000);
/** Its own database: the import benchmark may run at the same time. */
const DB_NAME = 'danvan_bench_members_search';

const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Huỳnh', 'Phan', 'Võ', 'Trương', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Đoàn', 'Lương', 'Mai', 'Lý', 'Đinh', 'Tô'];
const MID = ['Thị', 'Thị', 'Thị', 'Thị Thu', 'Thị Kim', 'Thị Ngọc', 'Thị Minh', 'Ngọc', 'Thanh', 'Thị Mỹ', 'Thị Hồng', 'Thị Bích'];
const GIVEN = ['Hoa', 'Lan', 'Hương', 'Mai', 'Hạnh', 'Thủy', 'Ngọc', 'Trang', 'Linh', 'Hằng', 'Nga', 'Phương', 'Thảo', 'Yến', 'Loan', 'Hồng', 'Liên', 'Dung', 'Tuyết',
  'Nhung', 'Vân', 'Xuân', 'Oanh', 'Hiền', 'Thu', 'Huệ', 'Lý', 'Ánh', 'Diệu', 'Hà', 'My', 'Vy', 'Nhi', 'Tâm', 'Bích', 'Sương', 'Quyên', 'Trinh', 'Duyên', 'Kiều'];

/** 1M people with one Women's Union membership each, spread over the province's units, loaded in SQL. */
async function load(h: DbHandle, n: number) {
  await prepareUnits(h);
  // The word index is built once after the load (as a bulk import would merge its pending list).
  await h.db.execute(sql`DROP INDEX IF EXISTS memberships_name_words`);
  const org = (await one<{ id: number }>(h.db, sql`SELECT id FROM organizations WHERE code = 'PHUNU'`))!.id;
  const unitIds = (await rows<{ id: number }>(h.db, sql`SELECT u.id FROM units u WHERE u.organization_id = ${org} AND u.depth >= 2 ORDER BY u.id`)).map((r) => r.id);
  for (let off = 0; off < n; off += 100_000) {
    const k = Math.min(100_000, n - off);
    await h.db.execute(sql`
      INSERT INTO member_people (id, full_name, name_fold, birth_date, birth_year, gender, cccd, phone, ethnicity)
      SELECT g, nm, f_fold(nm), make_date(by, 1 + (g % 12), 1 + (g % 28)), by, 'female',
        '048' || CASE WHEN by >= 2000 THEN '3' ELSE '1' END || lpad((by % 100)::text, 2, '0') || lpad(g::text, 6, '0'),
        '09' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'), 'Kinh'
      FROM (SELECT g, (${sql.param(FAMILY)}::text[])[1 + (hashint4(g) & 2147483647) % ${FAMILY.length}] || ' ' ||
                      (${sql.param(MID)}::text[])[1 + (hashint4(g + 7) & 2147483647) % ${MID.length}] || ' ' ||
                      (${sql.param(GIVEN)}::text[])[1 + (hashint4(g + 13) & 2147483647) % ${GIVEN.length}] AS nm,
                   1951 + (hashint4(g + 3) & 2147483647) % 57 AS by
            FROM generate_series(${off + 1}::int, ${off + k}::int) g) x`);
    await h.db.execute(sql`
      INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, gender, birth_year, joined_on, started_on, status, role, card_no)
      SELECT p.id, ${org}, (${sql.param(unitIds)}::int[])[1 + (hashint4(p.id + 11) & 2147483647) % ${unitIds.length}], p.full_name, p.name_fold, p.gender, p.birth_year,
        make_date(p.birth_year + 20, 1, 1), make_date(p.birth_year + 20, 1, 1),
        CASE WHEN p.id % 25 = 0 THEN 'left' ELSE 'active' END, CASE WHEN p.id % 13 = 0 THEN 'core' ELSE 'member' END, 'PN' || lpad(p.id::text, 7, '0')
      FROM member_people p WHERE p.id BETWEEN ${off + 1} AND ${off + k}`);
    process.stdout.write(`\r${(off + k).toLocaleString('en')} members`);
  }
  process.stdout.write('\n');
  await h.db.execute(sql`SELECT setval(pg_get_serial_sequence('member_people', 'id'), ${n})`);
  const t = performance.now();
  // The same index as migration 0004.
  await h.db.execute(sql`CREATE INDEX memberships_name_words ON memberships USING gin (to_tsvector('simple'::regconfig, name_fold)) WITH (gin_pending_list_limit = 16384)`);
  const idx = performance.now() - t;
  // As autovacuum leaves a table after a bulk load: statistics, and the visibility map (index-only scans).
  await h.db.execute(sql`VACUUM (ANALYZE) memberships`);
  await h.db.execute(sql`VACUUM (ANALYZE) member_people`);
  await h.db.execute(sql`ANALYZE`);
  return { indexMs: idx };
}

export async function measure(h: DbHandle, n: number) {
  registerModules();
  // MEMBERS_SEARCH_REUSE=1: measure again on a database a previous run kept (KEEP_DB=1).
  const loaded = process.env.MEMBERS_SEARCH_REUSE ? { indexMs: NaN } : await load(h, n);
  const phunu = (await one<{ id: number }>(h.db, sql`SELECT id FROM units WHERE code = 'PHUNU-48'`))!.id;
  const commune = (await one<{ id: number }>(h.db, sql`SELECT id FROM units WHERE code = 'PHUNU-20341'`))!.id;
  const user = (await one<{ id: number }>(h.db, sql`INSERT INTO users (username, password_hash, full_name) VALUES ('bench.members', 'x', 'Bench')
    ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`))!.id;
  await h.db.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${user}, ${phunu}, 'unit_admin') ON CONFLICT DO NOTHING`);
  const ctx: Ctx = { actor: (await loadActor(h.db, user))!, db: h.db, engine: h.engine, locale: 'vi', requestId: 'bench' };
  // A commune's officer (one commune's members in scope).
  const officer = (await one<{ id: number }>(h.db, sql`INSERT INTO users (username, password_hash, full_name) VALUES ('bench.commune', 'x', 'Bench')
    ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`))!.id;
  await h.db.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${officer}, ${commune}, 'officer') ON CONFLICT DO NOTHING`);
  const communeCtx: Ctx = { ...ctx, actor: (await loadActor(h.db, officer))! };
  // Names as people type them: whole names without diacritics, and "family + given" fragments.
  const sample = await rows<{ n: string }>(h.db, sql`SELECT name_fold AS n FROM memberships WHERE id % 9973 = 1 ORDER BY id LIMIT 60`);
  const queries = sample.map((s, i) => (i % 3 === 2 ? `${s.n.split(' ')[0]} ${s.n.split(' ').slice(-1)[0]}` : s.n));
  let qi = 0;
  const q = (over: Partial<MemberListQuery>): MemberListQuery => ({ status: 'active', sort: 'name', limit: 20, offset: 0, ...over });
  const search = await timeIt(() => listMembers(ctx, q({ q: queries[qi++ % queries.length] })), 120, 10);
  // The same names with the last word still being typed (its first two letters): whole words mostly
  // find nobody, and the prefix form answers.
  const typed = queries.map((s) => s.replace(/(\S{2})\S*$/, '$1'));
  qi = 0;
  const typing = await timeIt(() => listMembers(ctx, q({ q: typed[qi++ % typed.length] })), 60, 6);
  qi = 0;
  const inCommune = await timeIt(() => listMembers(communeCtx, q({ q: queries[qi++ % queries.length] })), 60, 6);
  qi = 0;
  const rawIdx = await timeIt(() => rows(h.db, sql`SELECT m.id FROM memberships m
    WHERE to_tsvector('simple'::regconfig, m.name_fold) @@ to_tsquery('simple'::regconfig, ${nameQuery(queries[qi++ % queries.length])}) ORDER BY m.name_fold, m.id LIMIT 20`), 120, 10);
  // One word only, as typed first: family names (clustered in name order), middle and given names.
  const COMMON = ['nguyen', 'thi', 'tran', 'hoa', 'le', 'ngoc', 'pham', 'thu'];
  qi = 0;
  const common = await timeIt(() => listMembers(ctx, q({ q: COMMON[qi++ % COMMON.length] })), 40, 8);
  qi = 0;
  const seq = await timeIt(() => h.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
    await tx.execute(sql`SET LOCAL enable_indexscan = off`);
    await tx.execute(sql`SET LOCAL enable_indexonlyscan = off`);
    await tx.execute(sql`SELECT m.id FROM memberships m WHERE f_fold(m.full_name) ILIKE ${foldSearch(queries[qi++ % queries.length])} ORDER BY m.name_fold, m.id LIMIT 20`);
  }), 12, 1);
  const pages = [0, 1, 2, 5, 10, 20];
  let pi = 0;
  const provinceList = await timeIt(() => listMembers(ctx, q({ unit: phunu, gender: 'female', ageMin: 30, ageMax: 60, limit: 50, offset: 50 * pages[pi++ % pages.length] })), 100, 10);
  pi = 0;
  const provinceCore = await timeIt(() => listMembers(ctx, q({ unit: phunu, role: 'core', ageMin: 40, limit: 50, offset: 50 * pages[pi++ % pages.length] })), 100, 10);
  const communeList = await timeIt(() => listMembers(ctx, q({ unit: commune, gender: 'female', ageMin: 30, ageMax: 60, sort: '-joined', limit: 50 })), 100, 10);
  const total = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM memberships`))!.n;
  const communeN = (await one<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM memberships m JOIN units u ON u.id = m.unit_id WHERE u.path <@ (SELECT path FROM units WHERE id = ${commune})`))!.n;
  return { total, communeN, indexMs: loaded.indexMs, search, typing, inCommune, rawIdx, common, seq, provinceList, provinceCore, communeList, load: os.loadavg()[0] };
}

async function main() {
  const out: string[] = [];
  const variants: string[] = [];
  const row = (engine: string, r: Awaited<ReturnType<typeof measure>>) => {
    const p = (s: number[], k = 95) => fmt(percentile(s, k));
    variants.push(`| ${engine} | ${p(r.search, 50)} / ${p(r.search)} | ${p(r.typing, 50)} / ${p(r.typing)} | ${p(r.inCommune, 50)} / ${p(r.inCommune)} |`);
    out.push(`| ${engine} | ${r.total.toLocaleString('en')} | ${p(r.search, 50)} / **${p(r.search)}** | ${p(r.common, 50)} / ${p(r.common)} | ${p(r.rawIdx, 50)} / ${p(r.rawIdx)} | ${p(r.seq, 50)} / ${p(r.seq)} | ${(percentile(r.seq, 95) / percentile(r.search, 95)).toFixed(0)}× | ${p(r.provinceList, 50)} / **${p(r.provinceList)}** | ${p(r.provinceCore, 50)} / ${p(r.provinceCore)} | ${p(r.communeList, 50)} / ${p(r.communeList)} (${r.communeN.toLocaleString('en')}) | ${Number.isNaN(r.indexMs) ? 'kept' : `${(r.indexMs / 1000).toFixed(1)} s`} | ${r.load.toFixed(1)} |`);
    console.log(out[out.length - 1]);
  };
  const url = benchDatabaseUrl();
  if (url && N > 0) {
    const db = process.env.MEMBERS_SEARCH_REUSE ? await reusePostgres(url, DB_NAME) : await freshPostgres(url, DB_NAME);
    try { row('PostgreSQL 15', await measure(db.handle, N)); } finally { if (process.env.KEEP_DB) await db.handle.close(); else await db.drop(); }
  } else console.log('BENCH_DATABASE_URL/TEST_DATABASE_URL not set or MEMBERS_SEARCH_ROWS=0: PostgreSQL skipped');
  if (N_PGLITE > 0) {
    const lite = process.env.MEMBERS_SEARCH_REUSE ? await reusePglite('pglite-search') : await freshPglite('pglite-search');
    try { row('PGlite', await measure(lite.handle, N_PGLITE)); } finally { if (process.env.KEEP_DB) await lite.handle.close(); else await lite.drop(); }
  }
  const md = `### Members — search and lists (\`bench/members-search.bench.ts\`)

Members spread over the demo province's Women's Union units (one membership each, 4 % left), searched
and listed through the service functions the routes call (scope of a province unit_admin, masking,
capped count, the access-log insert), p50 / p95 in ms. **Name search**: 60 names taken from the data,
typed without diacritics (two in three whole names, one in three "family + given name"), matched as whole
words through the word index (\`to_tsvector('simple', name_fold) @@ 'nguyen & thi & hoa'\`; the last word
as a prefix only when whole words find nobody; see docs/members.md). **One common word**: \`nguyen\`,
\`thi\`, \`tran\`, \`hoa\`, \`le\`, \`ngoc\`, \`pham\`, \`thu\` alone (2–83 % of the members each; counted up
to 1,000). **Bare SQL**: the same names (whole words) as one
\`… WHERE to_tsvector(…) @@ … ORDER BY name_fold, id LIMIT 20\`, planned by PostgreSQL alone (it walks the
name index in order hoping to meet 20 matches soon: fast for scattered matches, seconds for a common family
name). **Baseline**: the same names as a sequential scan (\`f_fold(full_name) ILIKE '%nguyen%thi%hoa%'\`,
index scans disabled), in the same run. Load: the 1-minute load average when the engine's measurements
ended (the machine is shared; 1.0 is this benchmark alone).

| engine | members | name search (service) | one common word (service) | name search (bare SQL) | sequential ILIKE scan (baseline) | baseline / service p95 | province list, 4 filters, pages 1–21 | province list, core members | commune list (its members) | word index build | load |
|---|---|---|---|---|---|---|---|---|---|---|---|
${out.join('\n')}

Name search variants (service, p50 / p95 in ms): the same 60 names; with the last word still being typed
(cut to its first two letters: "nguyen thi ho"; whole words then mostly find nobody, and the prefix form
answers, a second statement); and searched by a commune's officer (one commune's members in scope, so a
whole name often matches a handful of members or none).

| engine | whole names (province unit_admin) | last word being typed | whole names (commune officer) |
|---|---|---|---|
${variants.join('\n')}
`;
  writeSection('members-search', md);
  console.log(md);
  console.log(machine());
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
