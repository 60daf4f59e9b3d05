/** The signed-in user's start: their own unit and what their grants are for; their work for today from every module. */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { rows } from '../../kernel/db/sql';
import { collectToday } from '../../kernel/registry';
import type { Shell, Today } from '../../../common/home';

export async function getShell(ctx: Ctx): Promise<Shell> {
  const actor = requireActor(ctx);
  // The caller's own grants only (their ids come from the session), highest unit first, then the oldest grant.
  const grants = await rows<{ unitId: number; role: string; orgKind: string; closed: boolean }>(ctx.db, sql`
    SELECT g.unit_id AS "unitId", g.role, o.kind AS "orgKind", u.closed_at IS NOT NULL AS closed
    FROM grants g JOIN units u ON u.id = g.unit_id JOIN organizations o ON o.id = u.organization_id
    WHERE g.user_id = ${actor.userId} ORDER BY u.depth, g.id`);
  const uses = [...new Map(grants.map((g) => [`${g.role}/${g.orgKind}`, { role: g.role, orgKind: g.orgKind }])).values()];
  return { homeUnitId: grants.find((g) => !g.closed)?.unitId ?? null, uses };
}

export async function getToday(ctx: Ctx): Promise<Today> {
  const actor = requireActor(ctx);
  return collectToday({ ...ctx, actor });
}
