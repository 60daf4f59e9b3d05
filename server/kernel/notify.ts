/**
 * Notifications: in-app rows for users, and an outbox for email/SMS. The sender is pluggable; the
 * default one only leaves messages in the outbox (`notifications` rows with channel email|sms and
 * sent_at null) for a gateway to pick up.
 *
 * An in-app notification is stored as a message key with parameters and listed in the reader's
 * language (`renderNotification`). Its Vietnamese rendering is also kept in `title`/`body`: rows
 * written before keys existed have only that, and e-mail/SMS go out in Vietnamese at send time.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db/types';
import { rows } from './db/sql';
import { hasMessage, t, type Locale, type MessageParams } from './i18n';

/**
 * What a notification says: `key` is its title's message; `key + '.body'`, when that message exists,
 * its body. `body` is free text written by a person (a return comment), shown as written.
 */
export type NotificationMessage = { key: string; params?: MessageParams; body?: string | null };
export type Notification = NotificationMessage & { userId?: number | null; unitId?: number | null; link?: string | null };
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

/** A notification's title and body in one language (from its key, or as stored for old rows). */
export function renderNotification(locale: Locale, n: { messageKey: string | null; params: MessageParams | null; title: string; body: string | null }): { title: string; body: string | null } {
  if (!n.messageKey || !hasMessage(n.messageKey)) return { title: n.title, body: n.body };
  const params = n.params ?? {};
  const bodyKey = `${n.messageKey}.body`;
  return { title: t(locale, n.messageKey, params), body: hasMessage(bodyKey) ? t(locale, bodyKey, params) : n.body };
}

/** The Vietnamese text stored beside the key (and the text of e-mails). */
export function messageText(m: NotificationMessage, locale: Locale = 'vi'): { title: string; body: string | null } {
  // An unknown key would be stored and shown as the bare key: refuse it where it is written.
  if (!hasMessage(m.key)) throw new Error(`notification message ${m.key} is not registered`);
  return renderNotification(locale, { messageKey: m.key, params: m.params ?? null, title: '', body: m.body ?? null });
}

/** In-app notification to one user. */
export async function notifyUser(db: Db, n: Notification & { userId: number }): Promise<void> {
  const text = messageText(n);
  await db.execute(sql`INSERT INTO notifications (user_id, unit_id, channel, title, body, message_key, params, link)
    VALUES (${n.userId}, ${n.unitId ?? null}, 'app', ${text.title}, ${text.body}, ${n.key}, ${JSON.stringify(n.params ?? {})}::jsonb, ${n.link ?? null})`);
}

/** In-app notification to everyone holding a grant directly on a unit (optionally only some roles). */
export async function notifyUnit(db: Db, unitId: number, n: Omit<Notification, 'userId' | 'unitId'>, roles: string[] = ['unit_admin', 'officer']): Promise<number> {
  const text = messageText(n);
  const r = await rows<{ id: number }>(db, sql`
    INSERT INTO notifications (user_id, unit_id, channel, title, body, message_key, params, link)
    SELECT DISTINCT g.user_id, ${unitId}::int, 'app', ${text.title}, ${text.body}, ${n.key}::varchar, ${JSON.stringify(n.params ?? {})}::jsonb, ${n.link ?? null}
    FROM grants g JOIN users u ON u.id = g.user_id WHERE g.unit_id = ${unitId} AND u.is_active AND g.role = ANY(${sql.param(roles)}::text[])
    RETURNING id`);
  return r.length;
}

/** Email or SMS through the configured sender. */
export async function sendMessage(db: Db, m: OutboundMessage): Promise<void> {
  await sender.send(db, m);
}
