/** Anomaly flags: listed with their reason, accepted by the approver with a comment. */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { inScope, loadAuthorized } from '../../kernel/access/policy';
import { AppError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { t } from '../../kernel/i18n';
import { FLAG_FROM, FLAG_SELECT, type FlagAccessRow, type FlagRow } from './movements.repo';
import type { Flag } from '../../../common/movements';
import { measureLabel } from '../../../common/measures';
import type { z } from 'zod';
import type { zFlagListQuery } from '../../../common/movements';

export { FLAG_FROM, FLAG_SELECT } from './movements.repo';

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
 * Conditions for a list of forms or flags (joined to their unit `u`): the caller's `movements.read`
 * scope, and, when a unit is asked for, its subtree (404 if the caller cannot read that unit).
 */
export async function readScope(ctx: Ctx, resource: 'movements.form' | 'movements.flag', unitId?: number): Promise<SQL[]> {
  requireActor(ctx);
  const conds: SQL[] = [inScope(ctx, resource, 'movements.read')];
  if (unitId) {
    const u = await loadAuthorized<{ path: string }>(ctx, 'movements.unit', unitId, 'movements.read');
    conds.push(sql`u.path <@ ${u.path}::ltree`);
  }
  return conds;
}

export async function listFlags(ctx: Ctx, q: z.infer<typeof zFlagListQuery>): Promise<{ total: number; items: Flag[] }> {
  const conds = await readScope(ctx, 'movements.flag', q.unit);
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
    // The level above the flag's unit approves (404 unseen, 403 seen but not the approver).
    const r = await loadAuthorized<FlagAccessRow>(tx, 'movements.flag', id, 'reports.approve');
    if (r.status !== 'open') throw new AppError('FLAG_NOT_OPEN', 409, {}, 'movements.flag.not_open');
    await tx.db.execute(sql`UPDATE mv_flags SET status = 'accepted', comment = ${comment}, accepted_by = ${tx.actor!.userId}, accepted_at = now() WHERE id = ${id}`);
    await writeAudit(tx, { action: 'movements.flag.accept', entity: 'flag', entityId: id, unitId: r.unitId, before: { status: 'open', rule: r.rule }, after: { status: 'accepted', comment } });
    const after = await one<FlagRow>(tx.db, sql`SELECT ${FLAG_SELECT} FROM ${FLAG_FROM} WHERE fl.id = ${id}`);
    return flagView(tx, after!);
  });
}
