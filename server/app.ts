/**
 * buildApp: kernel plugins in a fixed order, then every module's manifest.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DbHandle } from './kernel/db/connect';
import { installRequestContext } from './kernel/http/context';
import { installErrorHandler } from './kernel/http/errors';
import { collectRoutes } from './kernel/http/routes';
import { installOriginCheck } from './kernel/http/origin';
import { installInputGuard } from './kernel/http/input';
import { loggerOptions, type LogStream } from './kernel/http/logging';
import { installWebApp } from './kernel/http/web';
import { registerPermissions } from './kernel/access/roles';
import { registerPolicies } from './kernel/access/policy';
import { addMessages } from './kernel/i18n';
import { registerJobHandler } from './kernel/jobs';
import { setImportLimits } from './kernel/import';
import { registerFigure, registerExport, registerToday } from './kernel/registry';
import type { Api, ModuleManifest } from './kernel/module';
import { modules as allModules } from './modules';
import { authRoutes } from './modules/users/auth.routes';

let registered = false;
/** Permissions, messages and job handlers are process-wide registries: fill them once. */
export function registerModules(mods: ModuleManifest[] = allModules): void {
  if (registered) return;
  registered = true;
  for (const m of mods) {
    if (m.permissions) registerPermissions(m.permissions);
    if (m.policies) registerPolicies(m.policies);
    if (m.messages) addMessages(m.messages);
    for (const [kind, h] of Object.entries(m.jobs ?? {})) registerJobHandler(kind, h);
    for (const [code, f] of Object.entries(m.figures ?? {})) registerFigure(code, f);
    for (const [code, e] of Object.entries(m.exports ?? {})) registerExport(code, e);
    if (m.today) registerToday(m.name, m.today);
  }
}

export async function buildApp(opts: { handle: DbHandle; config: Config; logger?: boolean; logStream?: LogStream; modules?: ModuleManifest[] }): Promise<FastifyInstance> {
  const { handle, config } = opts;
  const mods = opts.modules ?? allModules;
  registerModules(mods);
  setImportLimits(config.importLimits);
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config.logLevel, opts.logStream),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    genReqId: () => Math.random().toString(36).slice(2, 10),
  }).withTypeProvider<ZodTypeProvider>();
  collectRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:'], styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"], connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'],
        // Over plain HTTP (a LAN address) this would make the browser fetch the scripts over https: a blank page.
        upgradeInsecureRequests: config.httpsOnly ? [] : null,
      },
    },
    strictTransportSecurity: config.httpsOnly,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);

  // Before anything reads the session: writes from other origins refused; text the database cannot store refused.
  installOriginCheck(app, { allowedOrigins: config.allowedOrigins });
  installInputGuard(app);

  await app.register(multipart, { limits: { fileSize: config.uploadLimit, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Dân Vận API', version: '0.1.0', description: 'HTTP JSON API of Dân Vận. Session cookie `dv_session` from POST /api/auth/login.' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs', staticCSP: true,
    transformStaticCSP: (h: string) => (config.httpsOnly ? h : h.replace(/\s*upgrade-insecure-requests;?/, '')),
  });

  installRequestContext(app, handle);
  installErrorHandler(app);

  await app.register(async (api) => {
    const a = api as unknown as Api;
    a.get('/health', { config: { public: true }, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }) } } },
      async () => ({ status: 'ok' as const, db: handle.engine }));
    await authRoutes(a, { sessionTtlMs: config.sessionTtlMs });
    for (const m of mods) if (m.routes) await m.routes(a);
  }, { prefix: '/api' });
  for (const m of mods) if (m.rootRoutes) await app.register(async (r) => { await m.rootRoutes!(r as unknown as Api); });

  await installWebApp(app, config.webDist);
  return app;
}
