/**
 * The annual rating sheet: a unit's members with last year's and this year's rating, for the bulk
 * rating screen (ratings themselves are written by `bulkRate` in the service).
 *
 * Which members: those active on 31 December of the year in the unit and below it — the same set the
 * rating distribution counts, so a branch's "members" column equals the number of rows here. Only
 * names, roles and ratings are returned (no personal fields), so nothing is masked or logged.
 */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { can, requireActor, scopeWhere } from '../../kernel/access/authorize';
import { AppError } from '../../kernel/errors';
import { rows } from '../../kernel/db/sql';
import type { RatingSheet } from '../../../common/members';
import { loadUnitInfo, rulesFor } from './members.service';
import { activeOn } from './members.repo';

/** As many as one bulk rating request accepts. */
export const SHEET_LIMIT = 2000;

export async function ratingSheet(ctx: Ctx, unitId: number, year: number): Promise<RatingSheet> {
  requireActor(ctx);
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'members.aggregate', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  const rules = await rulesFor(ctx.db, u.organizationCode);
  const cols = { unitPath: sql`u.path`, areaPath: sql`u.area_path` };
  const list = await rows<{ id: number; fullName: string; unitId: number; unitName: string; role: string; status: string; previous: string | null; current: string | null; unitPath: string; unitAreaPath: string | null }>(ctx.db, sql`
    SELECT m.id, m.full_name AS "fullName", m.unit_id AS "unitId", u.name AS "unitName", m.role, m.status,
      (SELECT r.level FROM member_ratings r WHERE r.membership_id = m.id AND r.year = ${year - 1}) AS previous,
      (SELECT r.level FROM member_ratings r WHERE r.membership_id = m.id AND r.year = ${year}) AS current,
      u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath"
    FROM memberships m JOIN units u ON u.id = m.unit_id
    WHERE u.path <@ ${u.path}::ltree AND ${activeOn(`${year}-12-31`)}
      AND (${scopeWhere(ctx, 'members.read', cols)} OR ${scopeWhere(ctx, 'members.aggregate', cols)})
    ORDER BY u.id <> ${u.id}, u.name, m.name_fold, m.id LIMIT ${SHEET_LIMIT + 1}`);
  return {
    year, unitId, levels: rules.ratingLevels,
    canWrite: can(ctx.actor, 'members.write', u),
    rows: list.slice(0, SHEET_LIMIT).map((m) => ({
      id: m.id, fullName: m.fullName, unitId: m.unitId, unitName: m.unitName,
      role: m.role as RatingSheet['rows'][number]['role'], status: m.status as RatingSheet['rows'][number]['status'],
      previous: m.previous, current: m.current,
      canWrite: can(ctx.actor, 'members.write', { path: m.unitPath, areaPath: m.unitAreaPath }),
    })),
    truncated: list.length > SHEET_LIMIT,
  };
}
