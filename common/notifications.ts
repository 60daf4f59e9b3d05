/** In-app notifications as their reader sees them (title and body in the request's language). */
import { z } from 'zod';

export const zNotification = z.object({
  id: z.number(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(),
  readAt: z.string().nullable(), createdAt: z.string(),
});
export type NotificationView = z.infer<typeof zNotification>;

export const zNotificationQuery = z.object({
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type NotificationQuery = z.input<typeof zNotificationQuery>;

export const zNotificationPage = z.object({ total: z.number(), unread: z.number(), items: z.array(zNotification) });
export type NotificationPage = z.infer<typeof zNotificationPage>;

/** The bell: how many are unread, and the newest unread one's id (a higher one later means a new arrival). */
export const zUnreadCount = z.object({ unread: z.number(), newest: z.number().nullable() });
export type UnreadCount = z.infer<typeof zUnreadCount>;
