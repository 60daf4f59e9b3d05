/**
 * Hotspots: places where cases cluster, flagged early as a possible mass complaint (method in
 * docs/petitions.md). A place is the residential area (or commune) of the case, or a ~550 m grid cell
 * of its map point when it has no area. Denunciations are left out (confidential).
 */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { loadAuthorized } from '../../kernel/access/policy';
import { AppError } from '../../kernel/errors';
import { one, rows } from '../../kernel/db/sql';
import type { Hotspot } from '../../../common/petitions';
import { addDays, todayVN } from './deadlines';
import { caseScope } from './cases.service';

export const HOTSPOT_RULES = {
  /** Cases in the window at one place on one topic. */
  minCases: 5,
  /** …and at least this many times the place's usual rate (the 168 days before the window). */
  surgeFactor: 3,
  baselineDays: 168,
  /** Or this many people behind the cases in the window (petitions with many signatories). */
  minSignatories: 30,
  /** Grid for cases with a map point but no area: 0.005° ≈ 550 m. */
  cell: 0.005,
};

/** The path of a unit whose figures the caller may aggregate (404 otherwise). */
export async function unitPathFor(ctx: Ctx, unitId: number | undefined, action = 'cases.aggregate'): Promise<string | null> {
  if (!unitId) return null;
  return (await loadAuthorized<{ path: string }>(ctx, 'petitions.aggregate_unit', unitId, action)).path;
}

export async function findHotspots(ctx: Ctx, q: { unit?: number; asOf?: string; windowDays: number }): Promise<Hotspot[]> {
  requireActor(ctx);
  const unitPath = await unitPathFor(ctx, q.unit, 'cases.aggregate');
  const R = HOTSPOT_RULES;
  const asOf = q.asOf ?? todayVN();
  const winStart = `${addDays(asOf, -q.windowDays + 1)}T00:00:00+07:00`;
  const winEnd = `${addDays(asOf, 1)}T00:00:00+07:00`;
  const baseStart = `${addDays(asOf, -q.windowDays + 1 - R.baselineDays)}T00:00:00+07:00`;
  const unitCond = unitPath ? sql`(c.receiving_path <@ ${unitPath}::ltree OR c.responsible_path <@ ${unitPath}::ltree)` : sql`TRUE`;
  const r = await rows<Omit<Hotspot, 'reasons' | 'categoryName' | 'placeName' | 'placeLevel'> & { base: number; placeName: string | null; placeLevel: string | null; categoryName: string }>(ctx.db, sql`
    WITH src AS (
      SELECT c.id, c.category_code, c.signatories, c.received_at, c.lat, c.lng,
        CASE WHEN c.area_id IS NOT NULL THEN 'a:' || c.area_id
             WHEN c.lat IS NOT NULL THEN 'g:' || floor(c.lat / ${R.cell})::int || ':' || floor(c.lng / ${R.cell})::int END AS place
      FROM cases c
      WHERE NOT c.confidential AND c.received_at >= ${baseStart}::timestamptz AND c.received_at < ${winEnd}::timestamptz
        AND ${caseScope(ctx, 'cases.aggregate')} AND ${unitCond}
    ), g AS (
      SELECT place, category_code,
        count(*) FILTER (WHERE received_at >= ${winStart}::timestamptz)::int AS cases,
        COALESCE(sum(signatories) FILTER (WHERE received_at >= ${winStart}::timestamptz), 0)::int AS signatories,
        count(*) FILTER (WHERE received_at < ${winStart}::timestamptz)::float8 * ${q.windowDays} / ${R.baselineDays} AS base,
        min(received_at) FILTER (WHERE received_at >= ${winStart}::timestamptz) AS "firstAt",
        max(received_at) FILTER (WHERE received_at >= ${winStart}::timestamptz) AS "lastAt",
        avg(lat) FILTER (WHERE received_at >= ${winStart}::timestamptz) AS lat,
        avg(lng) FILTER (WHERE received_at >= ${winStart}::timestamptz) AS lng,
        array_agg(id ORDER BY received_at) FILTER (WHERE received_at >= ${winStart}::timestamptz) AS "caseIds"
      FROM src WHERE place IS NOT NULL GROUP BY place, category_code
    )
    SELECT g.place AS "placeCode", g.category_code AS category, g.cases, g.signatories, g.base, g."firstAt", g."lastAt", g.lat, g.lng, g."caseIds",
      CASE WHEN a.id IS NULL THEN NULL WHEN a.level = 'residential' THEN a.type || ' ' || a.name || ', ' || pa.type || ' ' || pa.name ELSE a.type || ' ' || a.name END AS "placeName",
      a.level AS "placeLevel", ${ctx.locale === 'en' ? sql`cat.name_en` : sql`cat.name_vi`} AS "categoryName"
    FROM g JOIN case_categories cat ON cat.code = g.category_code
    LEFT JOIN areas a ON g.place LIKE 'a:%' AND a.id = substr(g.place, 3)::int
    LEFT JOIN areas pa ON pa.id = a.parent_id
    WHERE g.cases > 0 AND ((g.cases >= ${R.minCases} AND g.cases >= ${R.surgeFactor} * g.base) OR g.signatories >= ${R.minSignatories})
    ORDER BY g.cases DESC, g.signatories DESC LIMIT 200`);
  return r.map((h) => {
    const reasons: Hotspot['reasons'] = [];
    if (h.cases >= R.minCases) reasons.push('many_cases');
    if (h.cases >= R.minCases && h.cases >= R.surgeFactor * h.base) reasons.push('surge');
    if (h.signatories >= R.minSignatories) reasons.push('many_signatories');
    return {
      placeCode: h.placeCode, placeName: h.placeName ?? `Điểm ${Number(h.lat).toFixed(3)}, ${Number(h.lng).toFixed(3)}`, placeLevel: h.placeLevel ?? 'grid',
      category: h.category, categoryName: h.categoryName, cases: h.cases, signatories: h.signatories,
      baselinePer28Days: Math.round((h.base * 28 / q.windowDays) * 10) / 10, reasons, firstAt: h.firstAt, lastAt: h.lastAt,
      lat: h.lat == null ? null : Number(h.lat), lng: h.lng == null ? null : Number(h.lng), caseIds: h.caseIds,
    };
  });
}

/** Points for the map (cases with coordinates; denunciations left out). */
export async function mapPoints(ctx: Ctx, q: { unit?: number; from?: string; to?: string }): Promise<{ id: number; lat: number; lng: number; kind: string; category: string; status: string; hot: boolean }[]> {
  requireActor(ctx);
  const unitPath = await unitPathFor(ctx, q.unit, 'cases.aggregate');
  const to = q.to ?? todayVN();
  const from = q.from ?? addDays(to, -89);
  const hot = new Set((await findHotspots(ctx, { unit: q.unit, asOf: to, windowDays: 28 })).flatMap((h) => h.caseIds));
  const pts = await rows<{ id: number; lat: number; lng: number; kind: string; category: string; status: string }>(ctx.db, sql`
    SELECT c.id, c.lat, c.lng, c.kind, c.category_code AS category, c.status FROM cases c
    WHERE c.lat IS NOT NULL AND NOT c.confidential AND ${caseScope(ctx, 'cases.aggregate')}
      ${unitPath ? sql`AND (c.receiving_path <@ ${unitPath}::ltree OR c.responsible_path <@ ${unitPath}::ltree)` : sql``}
      AND c.received_at >= ${`${from}T00:00:00+07:00`}::timestamptz AND c.received_at < ${`${addDays(to, 1)}T00:00:00+07:00`}::timestamptz
    ORDER BY c.received_at DESC LIMIT 5000`);
  return pts.map((p) => ({ ...p, hot: hot.has(p.id) }));
}
