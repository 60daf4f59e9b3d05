/** The signed-in user's start: where they work, what their roles are used for, and their work for today. */
import { z } from 'zod';

export const zTodayEntry = z.object({
  /** The module that offered it (the web app picks an icon by it). */
  module: z.string(),
  kind: z.string(),
  /** In the request's language. */
  title: z.string(),
  count: z.number(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  /** Where one tap leads in the web app. */
  link: z.string(),
});
export type TodayEntry = z.infer<typeof zTodayEntry>;
export const zToday = z.object({ date: z.string(), items: z.array(zTodayEntry) });
export type Today = z.infer<typeof zToday>;

export const zShell = z.object({
  /** The unit to start on when none is chosen: the user's own (the highest of their grants). */
  homeUnitId: z.number().nullable(),
  /** Each grant's role and its organization's kind (front, government, party, …): which menu items are used day to day. */
  uses: z.array(z.object({ role: z.string(), orgKind: z.string() })),
});
export type Shell = z.infer<typeof zShell>;
