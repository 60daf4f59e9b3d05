/**
 * The demo province: a real province from the official data (Đà Nẵng, which since 2025 includes the
 * former Quảng Nam province whose review is the founding notice), its real communes, a few made-up
 * residential areas in some communes, the units of every organization, and demo users. Then every
 * module's own `seedDemo`.
 */
import { sql } from 'drizzle-orm';
import type { DbHandle } from './kernel/db/connect';
import type { ModuleManifest, SeedContext } from './kernel/module';
import { systemCtx } from './kernel/context';
import { one, rows } from './kernel/db/sql';
import { hashPassword } from './kernel/auth';
import { writeAudit } from './kernel/audit';

export const DEMO_PROVINCE_CODE = '48';
export const DEMO_PASSWORD_DEFAULT = 'DanVan@2026';
/** Communes that get residential areas and branches (by name; all real communes of Đà Nẵng). */
export const DEMO_COMMUNES_WITH_AREAS = ['Tam Kỳ', 'Hải Châu', 'Hội An', 'Điện Bàn', 'Thăng Bình', 'Duy Xuyên', 'Đại Lộc', 'Hòa Vang', 'Núi Thành', 'Tiên Phước', 'Sơn Trà', 'Quế Sơn'];
/** The commune whose cadres are the demo's commune users. */
export const DEMO_COMMUNE = 'Tam Kỳ';

type Area = { id: number; code: string; name: string; type: string; path: string };

/** Unit names as Vietnamese bodies call themselves, per organization code and level. */
function unitName(org: string, level: 'province' | 'commune' | 'residential', a: Area): string | null {
  const place = level === 'province' ? `${a.type.toLowerCase()} ${a.name}` : `${a.type.toLowerCase()} ${a.name}`;
  const isCity = a.type === 'Thành phố';
  if (level === 'province') {
    return ({
      DANG: `${isCity ? 'Thành ủy' : 'Tỉnh ủy'} ${a.name}`,
      BTGDV: `Ban Tuyên giáo và Dân vận ${isCity ? 'Thành ủy' : 'Tỉnh ủy'} ${a.name}`,
      UBND: `UBND ${place}`,
      MTTQ: `Ủy ban MTTQ Việt Nam ${place}`,
      DOAN: `${isCity ? 'Thành đoàn' : 'Tỉnh đoàn'} ${a.name}`,
      PHUNU: `Hội LHPN ${place}`,
      NONGDAN: `Hội Nông dân ${place}`,
      CCB: `Hội Cựu chiến binh ${place}`,
      CONGDOAN: `Liên đoàn Lao động ${place}`,
    } as Record<string, string>)[org] ?? null;
  }
  if (level === 'commune') {
    return ({
      DANG: `Đảng ủy ${place}`,
      UBND: `UBND ${place}`,
      MTTQ: `Ủy ban MTTQ Việt Nam ${place}`,
      DOAN: `Đoàn ${place}`,
      PHUNU: `Hội LHPN ${place}`,
      NONGDAN: `Hội Nông dân ${place}`,
      CCB: `Hội Cựu chiến binh ${place}`,
    } as Record<string, string>)[org] ?? null;
  }
  const where = `${a.type.toLowerCase()} ${a.name}`;
  return ({
    MTTQ: `Ban công tác Mặt trận ${where}`,
    DOAN: `Chi đoàn ${where}`,
    PHUNU: `Chi hội Phụ nữ ${where}`,
    NONGDAN: `Chi hội Nông dân ${where}`,
    CCB: `Chi hội Cựu chiến binh ${where}`,
  } as Record<string, string>)[org] ?? null;
}

const ENTERPRISES = ['Công ty TNHH Dệt may Hòa Khánh', 'Công ty CP Thủy sản Tam Hải', 'Công ty TNHH Điện tử Điện Nam', 'Công ty CP Gỗ Tam Kỳ'];

export type DemoLogin = { username: string; password: string; role: string; unit: string };

export async function seedDemo(handle: DbHandle, mods: ModuleManifest[], options: SeedContext['options'] = {}, log: (s: string) => void = () => {}): Promise<DemoLogin[]> {
  const db = handle.db;
  const ctx = systemCtx(db, handle.engine);
  const password = (options.password as string | undefined) ?? DEMO_PASSWORD_DEFAULT;
  const province = (await one<Area>(db, sql`SELECT id, code, name, type, path::text AS path FROM areas WHERE code = ${DEMO_PROVINCE_CODE} AND level = 'province'`))!;
  const communes = await rows<Area>(db, sql`SELECT id, code, name, type, path::text AS path FROM areas WHERE parent_id = ${province.id} ORDER BY code`);
  const orgs = await rows<{ id: number; code: string }>(db, sql`SELECT id, code FROM organizations`);
  const orgId = (code: string) => orgs.find((o) => o.code === code)!.id;

  await db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as typeof db };
    // Residential areas (made up: "Thôn 1…" in a xã, "Tổ dân phố 1…" in a phường).
    for (const c of communes.filter((x) => DEMO_COMMUNES_WITH_AREAS.includes(x.name))) {
      const type = c.type === 'Phường' ? 'Tổ dân phố' : 'Thôn';
      const n = 4 + (Number(c.code) % 3);
      const names = Array.from({ length: n }, (_, i) => `${i + 1}`);
      await tx.execute(sql`
        WITH x AS (SELECT name, ord, nextval(pg_get_serial_sequence('areas','id'))::int AS id FROM unnest(${sql.param(names)}::text[]) WITH ORDINALITY AS t(name, ord))
        INSERT INTO areas (id, code, name, type, level, parent_id, path)
        SELECT x.id, ${c.code} || '-' || lpad(x.ord::text, 3, '0'), x.name, ${type}, 'residential', ${c.id}, ${c.path}::ltree || ('r' || x.id)::ltree FROM x`);
    }
    const unitRows: { level: number; code: string; name: string; org: string; areaId: number | null; areaPath: string | null; parentCode: string | null; kind: string }[] = [];
    const provinceOrgs = ['DANG', 'BTGDV', 'UBND', 'MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB', 'CONGDOAN'];
    for (const o of provinceOrgs) unitRows.push({ level: 0, code: `${o}-${province.code}`, name: unitName(o, 'province', province)!, org: o, areaId: province.id, areaPath: province.path, parentCode: null, kind: 'body' });
    for (const c of communes) {
      for (const o of provinceOrgs) {
        const name = unitName(o, 'commune', c);
        if (name) unitRows.push({ level: 1, code: `${o}-${c.code}`, name, org: o, areaId: c.id, areaPath: c.path, parentCode: `${o}-${province.code}`, kind: 'body' });
      }
    }
    const residential = await rows<Area & { communeCode: string }>(tx as never, sql`SELECT a.id, a.code, a.name, a.type, a.path::text AS path, p.code AS "communeCode"
      FROM areas a JOIN areas p ON p.id = a.parent_id WHERE a.level = 'residential' AND p.parent_id = ${province.id} ORDER BY a.code`);
    for (const r of residential) {
      for (const o of provinceOrgs) {
        const name = unitName(o, 'residential', r);
        if (name) unitRows.push({ level: 2, code: `${o}-${r.code}`, name, org: o, areaId: r.id, areaPath: r.path, parentCode: `${o}-${r.communeCode}`, kind: 'branch' });
      }
    }
    ENTERPRISES.forEach((e, i) => {
      const c = communes.find((x) => x.name === DEMO_COMMUNES_WITH_AREAS[i])!;
      unitRows.push({ level: 1, code: `CONGDOAN-DN${String(i + 1).padStart(3, '0')}`, name: `Công đoàn cơ sở ${e}`, org: 'CONGDOAN', areaId: c.id, areaPath: c.path, parentCode: `CONGDOAN-${province.code}`, kind: 'enterprise' });
    });
    // Insert level by level so parents' paths exist: one statement per level.
    for (const level of [0, 1, 2]) {
      const batch = unitRows.filter((u) => u.level === level);
      if (batch.length === 0) continue;
      await tx.execute(sql`
        WITH x AS (
          SELECT t.*, nextval(pg_get_serial_sequence('units','id'))::int AS id
          FROM unnest(${sql.param(batch.map((u) => u.code))}::text[], ${sql.param(batch.map((u) => u.name))}::text[], ${sql.param(batch.map((u) => orgId(u.org)))}::int[],
                      ${sql.param(batch.map((u) => u.areaId))}::int[], ${sql.param(batch.map((u) => u.areaPath))}::text[], ${sql.param(batch.map((u) => u.parentCode))}::text[], ${sql.param(batch.map((u) => u.kind))}::text[])
            AS t(code, name, org, area_id, area_path, parent_code, kind))
        INSERT INTO units (id, code, name, organization_id, area_id, area_path, kind, parent_id, path, depth)
        SELECT x.id, x.code, x.name, x.org, x.area_id, x.area_path::ltree, x.kind, p.id,
          CASE WHEN p.id IS NULL THEN ('u' || x.id)::ltree ELSE p.path || ('u' || x.id)::ltree END,
          CASE WHEN p.id IS NULL THEN 1 ELSE p.depth + 1 END
        FROM x LEFT JOIN units p ON p.code = x.parent_code`);
    }
    await writeAudit(txCtx, { action: 'demo.seed', entity: 'province', entityId: province.code, after: { province: province.name, units: unitRows.length, residentialAreas: residential.length } });
  });

  // Demo users. One password for all, printed at start-up.
  const hash = await hashPassword(password);
  const commune = communes.find((c) => c.name === DEMO_COMMUNE)!;
  const demoUsers: { username: string; fullName: string; unit: string; role: string }[] = [
    { username: 'admin', fullName: 'Quản trị hệ thống', unit: `BTGDV-${province.code}`, role: 'admin' },
    { username: 'bdv.tinh', fullName: 'Nguyễn Văn Bình', unit: `BTGDV-${province.code}`, role: 'supervisor' },
    { username: 'mttq.tinh', fullName: 'Trần Thị Lan', unit: `MTTQ-${province.code}`, role: 'unit_admin' },
    { username: 'phunu.tinh', fullName: 'Lê Thị Hồng', unit: `PHUNU-${province.code}`, role: 'unit_admin' },
    { username: 'mttq.tamky', fullName: 'Phạm Văn Minh', unit: `MTTQ-${commune.code}`, role: 'unit_admin' },
    { username: 'phunu.tamky', fullName: 'Võ Thị Hoa', unit: `PHUNU-${commune.code}`, role: 'officer' },
    { username: 'doan.tamky', fullName: 'Huỳnh Văn Nam', unit: `DOAN-${commune.code}`, role: 'officer' },
  ];
  const logins: DemoLogin[] = [];
  await db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as typeof db };
    for (const u of demoUsers) {
      const r = await one<{ id: number }>(tx as never, sql`INSERT INTO users (username, password_hash, full_name) VALUES (${u.username}, ${hash}, ${u.fullName})
        ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`);
      await tx.execute(sql`INSERT INTO grants (user_id, unit_id, role) SELECT ${r!.id}, id, ${u.role} FROM units WHERE code = ${u.unit} ON CONFLICT DO NOTHING`);
      await writeAudit(txCtx, { action: 'users.create', entity: 'user', entityId: r!.id, after: { username: u.username, fullName: u.fullName, grants: [{ unit: u.unit, role: u.role }], via: 'demo' } });
      logins.push({ username: u.username, password, role: u.role, unit: u.unit });
    }
    await tx.execute(sql`INSERT INTO settings (key, value) VALUES ('demo', ${JSON.stringify({ province: province.code, seededAt: new Date().toISOString() })}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
  });

  const seedCtx: SeedContext = {
    ctx, handle, province: { id: province.id, code: province.code, name: province.name, path: province.path }, options, log,
    unitByCode: (code) => one(db, sql`SELECT id, code, name, path::text AS path, area_path::text AS "areaPath", organization_id AS "organizationId" FROM units WHERE code = ${code}`),
  };
  for (const m of mods) {
    if (m.seedDemo) {
      log(`demo: ${m.name}…`);
      await m.seedDemo(seedCtx);
    }
  }
  return logins;
}
