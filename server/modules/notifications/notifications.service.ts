/**
 * A user's own in-app notifications: listed in the reader's language, counted, marked read. Every
 * query is keyed on the caller's user id, so another user's notification is simply not found.
 * Marking read is not audited: it is the reader's own state, not shared data, and the bell would
 * otherwise fill the audit chain with clicks.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { AppError } from '../../kernel/errors';
import { one, rows } from '../../kernel/db/sql';
import { renderNotification } from '../../kernel/notify';
import type { MessageParams } from '../../kernel/i18n';
import type { NotificationPage, NotificationView } from '../../../common/notifications';

type Row = { id: number; title: string; body: string | null; messageKey: string | null; params: MessageParams | null; link: string | null; readAt: string | null; createdAt: string };

const mine = (ctx: Ctx): SQL => sql`user_id = ${requireActor(ctx).userId} AND channel = 'app'`;

/** Both from the partial index of unread rows. */
export async function unreadSummary(ctx: Ctx): Promise<{ unread: number; newest: number | null }> {
  const r = await one<{ unread: number; newest: number | null }>(ctx.db, sql`SELECT count(*)::int AS unread, max(id) AS newest FROM notifications WHERE ${mine(ctx)} AND read_at IS NULL`);
  return { unread: r?.unread ?? 0, newest: r?.newest ?? null };
}

export async function countUnread(ctx: Ctx): Promise<number> {
  return (await unreadSummary(ctx)).unread;
}

export async function listNotifications(ctx: Ctx, q: { unread?: 'true' | 'false'; limit: number; offset: number }): Promise<NotificationPage> {
  const where = sql`${mine(ctx)} ${q.unread === 'true' ? sql`AND read_at IS NULL` : sql``}`;
  const [items, total, unread] = await Promise.all([
    rows<Row>(ctx.db, sql`SELECT id, title, body, message_key AS "messageKey", params, link, read_at AS "readAt", created_at AS "createdAt"
      FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`),
    one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM notifications WHERE ${where}`),
    countUnread(ctx),
  ]);
  return { total: total?.n ?? 0, unread, items: items.map((r) => view(ctx, r)) };
}

function view(ctx: Ctx, r: Row): NotificationView {
  const text = renderNotification(ctx.locale, r);
  return { id: r.id, title: text.title, body: text.body, link: r.link, readAt: r.readAt, createdAt: r.createdAt };
}

/** Mark one of my notifications read (404 for anyone else's). */
export async function markRead(ctx: Ctx, id: number): Promise<void> {
  const r = await one(ctx.db, sql`UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = ${id} AND ${mine(ctx)} RETURNING id`);
  if (!r) throw new AppError('NOTIFICATION_NOT_FOUND', 404, {}, 'error.not_found');
}

export async function markAllRead(ctx: Ctx): Promise<number> {
  const r = await rows(ctx.db, sql`UPDATE notifications SET read_at = now() WHERE ${mine(ctx)} AND read_at IS NULL RETURNING id`);
  return r.length;
}
