import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { authorize, requireActor, scopeWhere } from '../../kernel/access/authorize';
import { one, rows } from '../../kernel/db/sql';

export type AuditQuery = { unit?: number; user?: number; entity?: string; entityId?: string; from?: string; to?: string; limit: number; offset: number };

/** The audit log, filtered; rows outside the caller's `audit.read` scope are not there for them. */
export async function listAudit(ctx: Ctx, q: AuditQuery) {
  const actor = requireActor(ctx);
  const conds: SQL[] = [actor.isAdmin ? sql`TRUE` : scopeWhere(ctx, 'audit.read', { unitPath: sql`l.unit_path` })];
  if (q.unit) {
    const u = await authorize(ctx, 'audit.read', q.unit);
    conds.push(sql`l.unit_path <@ ${u.path}::ltree`);
  }
  if (q.user) conds.push(sql`l.actor_id = ${q.user}`);
  if (q.entity) conds.push(sql`l.entity = ${q.entity}`);
  if (q.entityId) conds.push(sql`l.entity_id = ${q.entityId}`);
  if (q.from) conds.push(sql`l.at >= ${q.from}::date`);
  if (q.to) conds.push(sql`l.at < ${q.to}::date + 1`);
  const where = sql.join(conds, sql` AND `);
  const total = (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM audit_log l WHERE ${where}`))!.n;
  const items = await rows(ctx.db, sql`
    SELECT l.id, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, l.actor_id AS "actorId", l.actor_name AS "actorName",
      l.action, l.entity, l.entity_id AS "entityId", l.unit_id AS "unitId", u.name AS "unitName", l.before, l.after
    FROM audit_log l LEFT JOIN units u ON u.id = l.unit_id WHERE ${where} ORDER BY l.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  return { total, items };
}
