/**
 * The route table as Fastify builds it (method, url, schemas), collected by an onRoute hook so
 * tests can walk every route (the input fuzz test) without a hand-kept list.
 */
import type { FastifyInstance, FastifySchema } from 'fastify';

export type RouteEntry = { method: string; url: string; schema?: FastifySchema };

declare module 'fastify' {
  interface FastifyInstance { routeTable: RouteEntry[] }
}

/** Call first in buildApp: routes registered afterwards (in any plugin) are recorded. */
export function collectRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table as never);
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) table.push({ method, url: r.url, schema: r.schema });
  });
}
