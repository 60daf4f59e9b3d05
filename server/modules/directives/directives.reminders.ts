/**
 * Background work of the module, safe with any number of server processes because every step is
 * idempotent in the database: yearly task instances (unique series + year) and reminders (one per
 * task, kind and week — or day for a manual reminder — by primary key).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import type { DbHandle } from '../../kernel/db/connect';
import { rows } from '../../kernel/db/sql';
import { messageText, notifyUnit, sendMessage } from '../../kernel/notify';
import { AT_RISK_DAYS, AT_RISK_PERCENT } from '../../../common/directives';
import { atRiskExpr, overdueExpr, todayVN } from './directives.scope';
import { ensureInstances } from './directives.repo';
import { errorSummary } from '../../kernel/errors/redact';

const fmtDate = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');

/**
 * Remind the lead units of overdue and at-risk tasks: in-app notification to the unit's officers,
 * and an e-mail in the outbox for those with an address. Returns the number of tasks reminded.
 */
export async function sendReminders(db: Db, today: string, opts: { directiveId?: number; kindSuffix?: string } = {}): Promise<number> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const only = opts.directiveId ? sql`AND t.directive_id = ${opts.directiveId}` : sql``;
    const suffix = opts.kindSuffix ? `_${opts.kindSuffix}`.slice(0, 8) : '';
    // Automatic reminders: once a week (Monday's date); manual ones: once a day.
    const onDate = opts.kindSuffix ? sql`${today}::date` : sql`date_trunc('week', ${today}::date)::date`;
    const due = await rows<{ taskId: number; kind: string; leadUnitId: number; title: string; deadline: string; directiveId: number }>(tx, sql`
      WITH due AS (
        SELECT t.id, t.lead_unit_id, t.title, t.deadline, t.directive_id,
          CASE WHEN ${overdueExpr(today)} THEN 'overdue' ELSE 'at_risk' END AS kind
        FROM directive_tasks t
        WHERE (${overdueExpr(today)} OR ${atRiskExpr(today, AT_RISK_DAYS, AT_RISK_PERCENT)}) ${only}),
      ins AS (
        INSERT INTO task_reminders (task_id, kind, on_date)
        SELECT id, kind || ${suffix}::text, ${onDate} FROM due
        ON CONFLICT DO NOTHING RETURNING task_id)
      SELECT due.id AS "taskId", due.kind, due.lead_unit_id AS "leadUnitId", due.title, due.deadline::text AS deadline, due.directive_id AS "directiveId"
      FROM due JOIN ins ON ins.task_id = due.id`);
    for (const d of due) {
      const message = { key: d.kind === 'overdue' ? 'directives.notice.task_overdue' : 'directives.notice.task_at_risk', params: { deadline: fmtDate(d.deadline) }, body: d.title.slice(0, 500) };
      const { title, body } = messageText(message);
      const n = await notifyUnit(tx, d.leadUnitId, { ...message, link: `/directives/${d.directiveId}?task=${d.taskId}` });
      const emails = await rows<{ email: string }>(tx, sql`SELECT DISTINCT u.email FROM grants g JOIN users u ON u.id = g.user_id
        WHERE g.unit_id = ${d.leadUnitId} AND u.is_active AND u.email IS NOT NULL AND g.role IN ('unit_admin','officer')`);
      for (const e of emails) await sendMessage(tx, { channel: 'email', recipient: e.email, title, body: `${body}\n\nXem: /directives/${d.directiveId}` });
      await tx.execute(sql`UPDATE task_reminders SET recipients = ${n + emails.length} WHERE task_id = ${d.taskId} AND kind = ${d.kind + suffix} AND on_date = ${onDate}`);
    }
    return due.length;
  });
}

/** The periodic tick: this year's instances of yearly tasks, then the week's reminders. */
export async function tick(db: Db, today = todayVN()): Promise<{ instances: number; reminded: number }> {
  const instances = await ensureInstances(db, Number(today.slice(0, 4)));
  const reminded = await sendReminders(db, today);
  return { instances, reminded };
}

/** Started with the server: a tick shortly after start, then every hour. */
export function startTicker(handle: DbHandle): () => void {
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    try { await tick(handle.db); } catch (e) { console.error('directives tick failed:', errorSummary(e)); }
  };
  const first = setTimeout(run, 10_000);
  const every = setInterval(run, 3_600_000);
  first.unref?.(); every.unref?.();
  return () => { stopped = true; clearTimeout(first); clearInterval(every); };
}
