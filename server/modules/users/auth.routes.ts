import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import {
  beginLoginAttempt, createSession, deleteSession, dummyPasswordHash, failLoginAttempt, hitRateLimit, loadActor, succeedLoginAttempt, takeRateLimit,
  verifyPassword, SESSION_COOKIE, LOCK_MINUTES, LOGIN_LIMITS,
} from '../../kernel/auth';
import { AppError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one } from '../../kernel/db/sql';
import * as c from '../../../common/core';
import * as svc from './users.service';

export async function authRoutes(app: Api, opts: { sessionTtlMs: number }): Promise<void> {
  app.post('/auth/login', { config: { public: true }, schema: { tags: ['auth'], summary: 'Log in; sets the session cookie', body: c.zLoginInput, response: { 200: c.zMe } } }, async (req, reply) => {
    const ctx = req.ctx;
    const username = req.body.username.trim().toLowerCase();
    // Throttles shared by all processes (see LOGIN_LIMITS); req.ip is the proxy's word only for TRUST_PROXY addresses.
    const tooMany = () => new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
    const L = LOGIN_LIMITS;
    if (!(await hitRateLimit(ctx.db, `login:${req.ip}`, L.address.limit, L.address.windowSeconds))) throw tooMany();
    const addressFailure = await takeRateLimit(ctx.db, `login-fail:${req.ip}`, L.addressFailures.limit, L.addressFailures.windowSeconds);
    if (!addressFailure.ok) throw tooMany();
    if (!(await hitRateLimit(ctx.db, `login-user:${username}`, L.account.limit, L.account.windowSeconds))) throw tooMany();
    // A locked account answers exactly like a wrong password or an unknown user (and takes as long).
    const refuse = () => new AppError('INVALID_CREDENTIALS', 401, { minutes: LOCK_MINUTES }, 'core.auth.invalid');
    const u = await one<{ id: number; passwordHash: string; isActive: boolean }>(ctx.db, sql`
      SELECT id, password_hash AS "passwordHash", is_active AS "isActive" FROM users WHERE username = ${username}`);
    const attempt = u ? await beginLoginAttempt(ctx.db, u.id) : { allowed: false, lockedNow: false };
    if (u && attempt.lockedNow) await writeAudit(ctx, { action: 'auth.lockout', entity: 'user', entityId: u.id, after: { lockedMinutes: LOCK_MINUTES } });
    const ok = await verifyPassword(u && attempt.allowed ? u.passwordHash : await dummyPasswordHash(), req.body.password);
    if (!u || !attempt.allowed) throw refuse();
    if (!ok || !u.isActive) {
      if (await failLoginAttempt(ctx.db, u.id)) await writeAudit(ctx, { action: 'auth.lockout', entity: 'user', entityId: u.id, after: { lockedMinutes: LOCK_MINUTES } });
      throw refuse();
    }
    if (!(await succeedLoginAttempt(ctx.db, u.id))) throw refuse();
    await addressFailure.giveBack();
    const token = await createSession(ctx.db, u.id, opts.sessionTtlMs, { ip: req.ip, userAgent: req.headers['user-agent'] });
    reply.setCookie(SESSION_COOKIE, token, {
      // req.protocol follows X-Forwarded-Proto only from a TRUST_PROXY address.
      path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: Math.floor(opts.sessionTtlMs / 1000),
    });
    const actor = await loadActor(ctx.db, u.id);
    const withActor = { ...ctx, actor: actor ?? null };
    await writeAudit(withActor, { action: 'auth.login', entity: 'user', entityId: u.id, after: { ip: req.ip } });
    return svc.me(withActor);
  });

  app.post('/auth/logout', { config: { public: true }, schema: { tags: ['auth'], response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) await deleteSession(req.ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { preHandler: requireLogin, schema: { tags: ['auth'], response: { 200: c.zMe } } }, async (req) => svc.me(req.ctx));
  app.patch('/auth/me', { preHandler: requireLogin, schema: { tags: ['auth'], summary: 'Change my name, language or password', body: c.zUpdateMeInput, response: { 200: c.zMe } } },
    async (req) => svc.updateMe(req.ctx, req.body, req.cookies?.[SESSION_COOKIE]));
}
