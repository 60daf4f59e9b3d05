/**
 * Notifications: in-app rows for users, and an outbox for email/SMS. The sender is pluggable; the
 * default one only leaves messages in the outbox (`notifications` rows with channel email|sms and
 * sent_at null) for a gateway to pick up.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db/types';
import { rows } from './db/sql';

export type Notification = { userId?: number | null; unitId?: number | null; title: string; body?: string | null; link?: string | null };
export type OutboundMessage = { channel: 'email' | 'sms'; recipient: string; title: string; body: string };

export interface MessageSender { send(db: Db, m: OutboundMessage): Promise<void> }

/** Default sender: writes to the outbox table. */
export const outboxSender: MessageSender = {
  async send(db, m) {
    await db.execute(sql`INSERT INTO notifications (channel, recipient, title, body) VALUES (${m.channel}, ${m.recipient}, ${m.title}, ${m.body})`);
  },
};

let sender: MessageSender = outboxSender;
export function setMessageSender(s: MessageSender): void { sender = s; }
/** Whether email/SMS only wait in the outbox (no gateway plugged in): screens must not promise they were sent. */
export function messagesStayInOutbox(): boolean { return sender === outboxSender; }

/** In-app notification to one user. */
export async function notifyUser(db: Db, n: Notification & { userId: number }): Promise<void> {
  await db.execute(sql`INSERT INTO notifications (user_id, unit_id, channel, title, body, link) VALUES (${n.userId}, ${n.unitId ?? null}, 'app', ${n.title}, ${n.body ?? null}, ${n.link ?? null})`);
}

/** In-app notification to everyone holding a grant directly on a unit (optionally only some roles). */
export async function notifyUnit(db: Db, unitId: number, n: Omit<Notification, 'userId' | 'unitId'>, roles: string[] = ['unit_admin', 'officer']): Promise<number> {
  const r = await rows<{ id: number }>(db, sql`
    INSERT INTO notifications (user_id, unit_id, channel, title, body, link)
    SELECT DISTINCT g.user_id, ${unitId}::int, 'app', ${n.title}, ${n.body ?? null}, ${n.link ?? null}
    FROM grants g JOIN users u ON u.id = g.user_id WHERE g.unit_id = ${unitId} AND u.is_active AND g.role = ANY(${sql.param(roles)}::text[])
    RETURNING id`);
  return r.length;
}

/** Email or SMS through the configured sender. */
export async function sendMessage(db: Db, m: OutboundMessage): Promise<void> {
  await sender.send(db, m);
}
