/** Anomaly flags: listed with their reason, accepted by the approver with a comment. */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { authorizeLoaded, can, requireActor, scopeWhere } from '../../kernel/access/authorize';
import { AppError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { t } from '../../kernel/i18n';
import * as repo from './movements.repo';
import type { Flag } from '../../../common/movements';
import { measureLabel } from '../../../common/measures';
import type { z } from 'zod';
import type { zFlagListQuery } from '../../../common/movements';

export const FLAG_SELECT = sql`fl.id, fl.form_id AS "formId", fl.unit_id AS "unitId", u.name AS "unitName", pu.name AS "parentUnitName", fl.indicator_id AS "indicatorId",
  i.code AS "indicatorCode", i.name AS "indicatorName", i.measure, fl.rule, fl.severity, fl.params, fl.status, fl.comment,
  au.full_name AS "acceptedByName", f.period_key AS "periodKey", fl.created_at AS "createdAt"`;
// The parent unit's name goes with the unit's: "Ban công tác Mặt trận thôn 1" alone does not say of which commune.
export const FLAG_FROM = sql`mv_flags fl JOIN mv_forms f ON f.id = fl.form_id JOIN units u ON u.id = fl.unit_id LEFT JOIN units pu ON pu.id = u.parent_id
  LEFT JOIN mv_indicators i ON i.id = fl.indicator_id LEFT JOIN users au ON au.id = fl.accepted_by`;

type FlagRow = Omit<Flag, 'message'> & { measure: string | null };

const fmtNum = (locale: 'vi' | 'en', v: unknown) => typeof v === 'number' ? v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 }) : String(v);

/** The reason in the reader's language, from the rule and its parameters. */
export function flagView(ctx: Ctx, r: FlagRow): Flag {
  const p = Object.fromEntries(Object.entries(r.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : fmtNum(ctx.locale, v)]));
  const key = r.rule === 'validation' ? `movements.flag.validation.${String((r.params as Record<string, unknown>).check)}` : `movements.flag.${r.rule}`;
  const message = t(ctx.locale, key, { ...p, measure: measureLabel(r.measure ?? '', ctx.locale), indicator: r.indicatorName ?? '' });
  const { measure: _m, ...rest } = r;
  return { ...rest, message };
}

/**
 * Conditions for a list of rows joined to their unit `u`: the caller's `movements.read` scope, and, when a
 * unit is asked for, its subtree (404 if the caller cannot read that unit).
 */
export async function readScope(ctx: Ctx, unitId?: number): Promise<SQL[]> {
  const actor = requireActor(ctx);
  const conds: SQL[] = [scopeWhere(ctx, 'movements.read', { unitPath: sql`u.path`, areaPath: sql`u.area_path` })];
  if (unitId) {
    const u = await repo.findUnitInfo(ctx.db, unitId);
    if (!u) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
    authorizeLoaded(actor, 'movements.read', u, 'movements.read');
    conds.push(sql`u.path <@ ${u.path}::ltree`);
  }
  return conds;
}

export async function listFlags(ctx: Ctx, q: z.infer<typeof zFlagListQuery>): Promise<{ total: number; items: Flag[] }> {
  const conds = await readScope(ctx, q.unit);
  if (q.form) conds.push(sql`fl.form_id = ${q.form}`);
  if (q.rule) conds.push(sql`fl.rule = ${q.rule}`);
  if (q.status) conds.push(sql`fl.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const [items, total] = await Promise.all([
    rows<FlagRow>(ctx.db, sql`SELECT ${FLAG_SELECT} FROM ${FLAG_FROM} WHERE ${where} ORDER BY f.period_start DESC, fl.severity = 'high' DESC, fl.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`),
    one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${FLAG_FROM} WHERE ${where}`),
  ]);
  return { total: total?.n ?? 0, items: items.map((r) => flagView(ctx, r)) };
}

/** The approver (the level above the form's unit) accepts a flag with a comment. */
export async function acceptFlag(ctx: Ctx, id: number, comment: string): Promise<Flag> {
  return inTransaction(ctx, async (tx) => {
    requireActor(tx);
    const r = await one<FlagRow & { unitPath: string; unitAreaPath: string | null; parentPath: string | null; parentAreaPath: string | null }>(tx.db, sql`
      SELECT ${FLAG_SELECT}, u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath", p.path::text AS "parentPath", p.area_path::text AS "parentAreaPath"
      FROM ${FLAG_FROM} LEFT JOIN units p ON p.id = u.parent_id WHERE fl.id = ${id}`);
    if (!r) throw new AppError('FLAG_NOT_FOUND', 404, {}, 'error.not_found');
    authorizeLoaded(tx.actor, 'movements.read', { path: r.unitPath, areaPath: r.unitAreaPath }, 'movements.read', 'FLAG');
    const approver = r.parentPath ? { path: r.parentPath, areaPath: r.parentAreaPath } : { path: r.unitPath, areaPath: r.unitAreaPath };
    if (!can(tx.actor, 'reports.approve', approver)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
    if (r.status !== 'open') throw new AppError('FLAG_NOT_OPEN', 409, {}, 'movements.flag.not_open');
    await tx.db.execute(sql`UPDATE mv_flags SET status = 'accepted', comment = ${comment}, accepted_by = ${tx.actor!.userId}, accepted_at = now() WHERE id = ${id}`);
    await writeAudit(tx, { action: 'movements.flag.accept', entity: 'flag', entityId: id, unitId: r.unitId, before: { status: 'open', rule: r.rule }, after: { status: 'accepted', comment } });
    const after = await one<FlagRow>(tx.db, sql`SELECT ${FLAG_SELECT} FROM ${FLAG_FROM} WHERE fl.id = ${id}`);
    return flagView(tx, after!);
  });
}
