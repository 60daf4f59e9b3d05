import type { Db, Engine } from './db/types';
import type { Locale } from './i18n';
import type { Role } from './access/roles';

/** A grant as the permission module sees it: a role on a unit, valid for the unit's subtree. */
export type ActorGrant = { unitId: number | null; unitPath: string; areaPath: string | null; role: Role };

export type Actor = {
  userId: number;
  username: string;
  fullName: string;
  grants: ActorGrant[];
  isAdmin: boolean;
};

/** What every service function takes first. */
export type Ctx = {
  actor: Actor | null;
  db: Db;
  engine: Engine;
  locale: Locale;
  requestId: string;
};

/** Run `fn` in one transaction; the audit rows it writes commit or roll back with it. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db }));
}

export function systemCtx(db: Db, engine: Engine, locale: Locale = 'vi'): Ctx {
  return { actor: null, db, engine, locale, requestId: 'system' };
}
