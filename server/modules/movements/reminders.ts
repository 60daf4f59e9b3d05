/**
 * Reminders to units that have not reported: an in-app notification to the unit's officers and an
 * email (through the pluggable sender, whose default is the outbox) to those with an address.
 * Forms are claimed with FOR UPDATE SKIP LOCKED and stamped `reminded_at` in the same transaction,
 * so any number of server processes can run this without sending twice.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { rows } from '../../kernel/db/sql';
import { messageText, notifyUnit, sendMessage } from '../../kernel/notify';
import { periodLabel } from '../../../common/movements';

/** A period's label in both languages, for a stored message. */
export const periodParam = (key: string) => ({ vi: periodLabel(key, 'vi'), en: periodLabel(key, 'en') });
import { todayVN } from '../../kernel/clock';

export type ReminderOptions = {
  /** Remind this many days before the due date (and every `everyHours` after, until submitted). */
  daysBefore?: number;
  everyHours?: number;
  /** Restrict to a subtree / movement / period (manual reminders). */
  where?: SQL;
  limit?: number;
};

export async function sendReminders(db: Db, o: ReminderOptions = {}): Promise<{ forms: number; notifications: number; emails: number }> {
  const daysBefore = o.daysBefore ?? 3;
  const everyHours = o.everyHours ?? 72;
  return db.transaction(async (tx) => {
    const claimed = await rows<{ id: number; unitId: number; periodKey: string; dueOn: string; movementName: string }>(tx as unknown as Db, sql`
      WITH c AS (
        SELECT f.id FROM mv_forms f JOIN units u ON u.id = f.unit_id JOIN mv_schedules s ON s.id = f.schedule_id
        WHERE f.status IN ('draft', 'returned') AND s.active AND u.closed_at IS NULL
          AND f.due_on <= ${todayVN()}::date + ${daysBefore}::int
          AND (f.reminded_at IS NULL OR f.reminded_at < now() - make_interval(hours => ${everyHours}::int))
          ${o.where ? sql`AND ${o.where}` : sql``}
        ORDER BY f.id LIMIT ${o.limit ?? 500} FOR UPDATE OF f SKIP LOCKED)
      UPDATE mv_forms f SET reminded_at = now() FROM c, mv_movements m
      WHERE f.id = c.id AND m.id = f.movement_id
      RETURNING f.id, f.unit_id AS "unitId", f.period_key AS "periodKey", f.due_on AS "dueOn", m.name AS "movementName"`);
    let notifications = 0;
    let emails = 0;
    for (const f of claimed) {
      const overdue = f.dueOn < todayVN();
      const due = f.dueOn.split('-').reverse().join('/');
      const message = { key: overdue ? 'movements.notice.report_overdue' : 'movements.notice.report_due', params: { movement: f.movementName, period: periodParam(f.periodKey), due } };
      const { title, body } = messageText(message);
      notifications += await notifyUnit(tx as unknown as Db, f.unitId, { ...message, link: `/movements/forms/${f.id}` });
      const recipients = await rows<{ email: string }>(tx as unknown as Db, sql`SELECT DISTINCT us.email FROM grants g JOIN users us ON us.id = g.user_id
        WHERE g.unit_id = ${f.unitId} AND us.is_active AND us.email IS NOT NULL AND g.role IN ('unit_admin', 'officer')`);
      for (const r of recipients) { await sendMessage(tx as unknown as Db, { channel: 'email', recipient: r.email, title, body: body ?? '' }); emails++; }
    }
    return { forms: claimed.length, notifications, emails };
  });
}
