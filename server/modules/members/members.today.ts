/** The members part of a user's work for today: transfers into the units they keep, waiting for them to accept. */
import { sql } from 'drizzle-orm';
import { scopeWhere } from '../../kernel/access/authorize';
import { one } from '../../kernel/db/sql';
import type { TodayContribution } from '../../kernel/module';

export const membersToday: TodayContribution = async (ctx) => {
  // The same rows as the transfers page's default view (incoming, pending): the receiving side decides.
  const r = await one<{ n: number }>(ctx.db, sql`
    SELECT count(*)::int AS n FROM member_transfers t JOIN units tu ON tu.id = t.to_unit_id
    WHERE t.status = 'pending' AND ${scopeWhere(ctx, 'members.write', { unitPath: sql`tu.path` })}`);
  const n = r?.n ?? 0;
  return n ? [{ kind: 'members.transfers', titleKey: 'members.today.transfers', params: { count: n }, count: n, link: '/members/transfers' }] : [];
};
