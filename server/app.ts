/**
 * buildApp: kernel plugins in a fixed order, then every module's manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DbHandle } from './kernel/db/connect';
import { installRequestContext } from './kernel/http/context';
import { installErrorHandler } from './kernel/http/errors';
import { registerPermissions } from './kernel/access/roles';
import { addMessages } from './kernel/i18n';
import { registerJobHandler } from './kernel/jobs';
import { setImportLimits } from './kernel/import';
import { registerFigure, registerExport } from './kernel/registry';
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
    if (m.messages) addMessages(m.messages);
    for (const [kind, h] of Object.entries(m.jobs ?? {})) registerJobHandler(kind, h);
    for (const [code, f] of Object.entries(m.figures ?? {})) registerFigure(code, f);
    for (const [code, e] of Object.entries(m.exports ?? {})) registerExport(code, e);
  }
}

export async function buildApp(opts: { handle: DbHandle; config: Config; logger?: boolean; modules?: ModuleManifest[] }): Promise<FastifyInstance> {
  const { handle, config } = opts;
  const mods = opts.modules ?? allModules;
  registerModules(mods);
  setImportLimits(config.importLimits);
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    genReqId: () => Math.random().toString(36).slice(2, 10),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:'], styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"], connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.uploadLimit, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Dân Vận API', version: '0.1.0', description: 'HTTP JSON API of Dân Vận. Session cookie `dv_session` from POST /api/auth/login.' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installRequestContext(app, handle);
  installErrorHandler(app);

  await app.register(async (api) => {
    const a = api as unknown as Api;
    a.get('/health', { schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }) } } },
      async () => ({ status: 'ok' as const, db: handle.engine }));
    await authRoutes(a, { sessionTtlMs: config.sessionTtlMs });
    for (const m of mods) if (m.routes) await m.routes(a);
  }, { prefix: '/api' });
  for (const m of mods) if (m.rootRoutes) await app.register(async (r) => { await m.rootRoutes!(r as unknown as Api); });

  // The web app, built by Vite: static files, and index.html for every other GET outside /api.
  if (fs.existsSync(path.join(config.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: config.webDist, wildcard: false, index: false });
    const indexHtml = fs.readFileSync(path.join(config.webDist, 'index.html'));
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const p = req.params as { '*': string };
      const file = path.join(config.webDist, p['*']);
      if (p['*'] && file.startsWith(config.webDist) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        if (p['*'].startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(p['*']);
      }
      if (p['*'].startsWith('api/')) return reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: 'Not found' });
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    });
  }
  return app;
}
