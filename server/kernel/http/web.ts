/**
 * The web app built by Vite (dist/web), served by the same server:
 * - a file of the build: its .br or .gz copy when the browser accepts it (made at build time by
 *   scripts/precompress.ts), else the file; hashed files under assets/ cached for a year
 *   (`immutable`: a new build has new names), everything else revalidated (`no-cache`);
 * - a missing file under assets/ (a chunk of an older build): 404, not the page;
 * - any other GET outside /api: index.html, `no-cache`, so a new build is picked up at once.
 * The list of files is read once at start, as index.html is.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

function listFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, rel));
    else if (e.isFile() && !/\.(br|gz)$/.test(e.name)) out.push(rel);
  }
  return out;
}

export async function installWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) return;
  const files = new Set(listFiles(webDist));
  const indexHtml = fs.readFileSync(path.join(webDist, 'index.html'));
  await app.register(fastifyStatic, {
    root: webDist,
    serve: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      const rel = path.relative(webDist, filePath).split(path.sep).join('/');
      reply.header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    },
  });
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const p = (req.params as { '*': string })['*'];
    if (files.has(p)) return reply.sendFile(p);
    if (p.startsWith('api/') || p.startsWith('assets/')) return reply.callNotFound();
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', REVALIDATE).send(indexHtml);
  });
}
