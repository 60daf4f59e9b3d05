import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Ctx } from '../context';
import type { DbHandle } from '../db/connect';
import { loadActor, resolveSession, SESSION_COOKIE } from '../auth';
import { pickLocale } from '../i18n';
import { unauthenticated } from '../errors';

declare module 'fastify' {
  interface FastifyRequest { ctx: Ctx }
  interface FastifyInstance { handle: DbHandle }
  /** `public: true`: the route answers without a session (login, health, the public petition form). */
  interface FastifyContextConfig { public?: boolean }
}

/** Builds `req.ctx` (actor from the session cookie, language, request id) for every request. */
export function installRequestContext(app: FastifyInstance, handle: DbHandle): void {
  app.decorate('handle', handle as never);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    let actor: Ctx['actor'] = null;
    let userLocale: string | undefined;
    if (token) {
      const s = await resolveSession(handle.db, token);
      if (s) {
        actor = (await loadActor(handle.db, s.userId)) ?? null;
        userLocale = s.locale;
      }
    }
    const headerLang = req.headers['x-lang'];
    req.ctx = {
      actor,
      db: handle.db,
      engine: handle.engine,
      locale: pickLocale(typeof headerLang === 'string' ? headerLang : req.headers['accept-language'], userLocale),
      requestId: String(req.id ?? randomUUID()),
    };
  });
  requireSessionByDefault(app);
}

/**
 * Every /api route registered from here on needs a session unless it declares `config: { public: true }`.
 * The check is the route's first onRequest hook (after the context above), so an anonymous caller gets
 * 401 before any body is read or validated; a route's own `requireLogin` then only repeats it.
 */
function requireSessionByDefault(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.config?.public) return;
    const own = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [requireLogin as onRequestHookHandler, ...own];
  });
}

/** preHandler for routes that need a logged-in user. */
export async function requireLogin(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!req.ctx?.actor) throw unauthenticated();
}
