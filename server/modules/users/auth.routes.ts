import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { createSession, deleteSession, dummyPasswordHash, hitRateLimit, loadActor, verifyPassword, SESSION_COOKIE, MAX_FAILED_LOGINS, LOCK_MINUTES } from '../../kernel/auth';
import { AppError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one } from '../../kernel/db/sql';
import * as c from '../../../common/core';
import * as svc from './users.service';

export async function authRoutes(app: Api, opts: { sessionTtlMs: number }): Promise<void> {
  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Log in; sets the session cookie', body: c.zLoginInput, response: { 200: c.zMe } } }, async (req, reply) => {
    const ctx = req.ctx;
    // Throttle per client address across all processes (the table is shared).
    if (!(await hitRateLimit(ctx.db, `login:${req.ip}`, 30, 300))) throw new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
    const username = req.body.username.trim().toLowerCase();
    const u = await one<{ id: number; passwordHash: string; isActive: boolean; locked: boolean; failedLogins: number }>(ctx.db, sql`
      SELECT id, password_hash AS "passwordHash", is_active AS "isActive", (locked_until IS NOT NULL AND locked_until > now()) AS locked, failed_logins AS "failedLogins"
      FROM users WHERE username = ${username}`);
    if (u?.locked) throw new AppError('ACCOUNT_LOCKED', 423, { minutes: LOCK_MINUTES }, 'core.auth.locked');
    const ok = await verifyPassword(u?.passwordHash ?? (await dummyPasswordHash()), req.body.password);
    if (!u || !ok || !u.isActive) {
      if (u) {
        const fails = u.failedLogins + 1;
        const lock = fails >= MAX_FAILED_LOGINS;
        await ctx.db.execute(sql`UPDATE users SET failed_logins = ${lock ? 0 : fails},
          locked_until = ${lock ? new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString() : null}::timestamptz WHERE id = ${u.id}`);
        if (lock) await writeAudit(ctx, { action: 'auth.lockout', entity: 'user', entityId: u.id, after: { lockedMinutes: LOCK_MINUTES } });
      }
      throw new AppError('INVALID_CREDENTIALS', 401, {}, 'core.auth.invalid');
    }
    await ctx.db.execute(sql`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = ${u.id}`);
    const token = await createSession(ctx.db, u.id, opts.sessionTtlMs, { ip: req.ip, userAgent: req.headers['user-agent'] });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: Math.floor(opts.sessionTtlMs / 1000),
    });
    const actor = await loadActor(ctx.db, u.id);
    const withActor = { ...ctx, actor: actor ?? null };
    await writeAudit(withActor, { action: 'auth.login', entity: 'user', entityId: u.id, after: { ip: req.ip } });
    return svc.me(withActor);
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) await deleteSession(req.ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { preHandler: requireLogin, schema: { tags: ['auth'], response: { 200: c.zMe } } }, async (req) => svc.me(req.ctx));
  app.patch('/auth/me', { preHandler: requireLogin, schema: { tags: ['auth'], summary: 'Change my name, language or password', body: c.zUpdateMeInput, response: { 200: c.zMe } } },
    async (req) => svc.updateMe(req.ctx, req.body, req.cookies?.[SESSION_COOKIE]));
}
