/**
 * Cross-origin writes refused, for every route, before anything else runs. The session cookie is
 * SameSite=Lax: a browser does not send it on a cross-SITE POST, but does on a same-site one — another
 * port or another sub-domain of the same site. A page there could post a `text/plain` form (no CORS
 * preflight) to any write that reads no JSON body: accept a transfer, reveal an identity, log out.
 *
 * For a POST, PUT, PATCH or DELETE:
 * - `Origin` present: it must be this server's own origin (the Host the request was sent to — so any
 *   address or name the server is reached by works) or one listed in ALLOWED_ORIGINS / PUBLIC_URL.
 *   `Origin: null` (sandboxed frames, file pages) is never allowed.
 * - no `Origin`: `Sec-Fetch-Site` decides (`same-origin` or `none` pass).
 * - neither: a non-browser client (CLI, scripts, servers calling the API or Open311) — allowed, unless
 *   it presents the session cookie and says it is a browser, which no current browser does.
 * Routes meant to be called from other sites declare `config: { otherOrigins: true }` (Open311's
 * POST); they must act without the session (as Open311 submission does).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { SESSION_COOKIE } from '../auth';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A write other sites may call (no session used): the origin check lets it through. */
    otherOrigins?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `https://Example.vn:443/x` → `https://example.vn`; null when not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Whether `origin` names the host this request was addressed to (same host and port). */
function isOwnOrigin(origin: string, req: FastifyRequest): boolean {
  const host = req.host;
  if (!host) return false;
  const o = new URL(origin);
  // The Host header omits the default port of the scheme, as Origin does; URL normalizes both.
  const own = originOf(`${o.protocol}//${host}`);
  return own === o.origin;
}

export type OriginVerdict = 'same' | 'cross' | 'unknown';

export function originVerdict(req: FastifyRequest, allowed: ReadonlySet<string>): OriginVerdict {
  const raw = req.headers.origin;
  if (typeof raw === 'string' && raw !== '') {
    const origin = originOf(raw);
    if (!origin) return 'cross'; // "null" or anything else that is not an http(s) origin
    return allowed.has(origin) || isOwnOrigin(origin, req) ? 'same' : 'cross';
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site === 'same-origin' || site === 'none' ? 'same' : 'cross';
  return 'unknown';
}

export function installOriginCheck(app: FastifyInstance, opts: { allowedOrigins: readonly string[] }): void {
  const allowed = new Set(opts.allowedOrigins.map((o) => originOf(o)).filter((o): o is string => !!o));
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return;
    const verdict = originVerdict(req, allowed);
    if (verdict === 'same') return;
    if (req.routeOptions.config?.otherOrigins) return;
    if (verdict === 'unknown') {
      const withSession = !!req.cookies?.[SESSION_COOKIE];
      const browser = /Mozilla\//.test(req.headers['user-agent'] ?? '');
      if (!(withSession && browser)) return;
    }
    throw new AppError('CROSS_ORIGIN', 403, {}, 'error.cross_origin');
  });
}
