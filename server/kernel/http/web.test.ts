/**
 * Serving the web app to a phone on a slow network: precompressed copies (brotli, gzip) of the built
 * files, hashed assets cached for a year, the page itself revalidated; and the headers that decide
 * whether a browser on plain HTTP (a LAN address) may load it at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createTestDb } from '../../test/db';
import type { DbHandle } from '../db/connect';
import { precompressDir } from '../../../scripts/precompress.mjs';

const JS = Array.from({ length: 400 }, (_, i) => `export function step${i}(x){return x.map((v)=>v*${i}).filter(Boolean).join("Đoàn viên, hội viên ${i}")}`).join('\n');
const HTML = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';

async function appWith(handle: DbHandle, env: Record<string, string>, webDist = '/nonexistent'): Promise<FastifyInstance> {
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined, DATA_DIR: '.tmp/unused', ...env }, { webDist });
  const app = await buildApp({ handle, config, logger: false });
  await app.ready();
  return app;
}

describe('the built web app', () => {
  let dir: string;
  let handle: DbHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), HTML);
    fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), JS);
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    precompressDir(dir);
    handle = await createTestDb('pglite');
    app = await appWith(handle, {}, dir);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the build step wrote brotli and gzip copies of large text files only', () => {
    expect(fs.existsSync(path.join(dir, 'assets', 'index-AbC123.js.br'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'assets', 'index-AbC123.js.gz'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'favicon.svg.br'))).toBe(false); // under 1 KB
    expect(fs.statSync(path.join(dir, 'assets', 'index-AbC123.js.br')).size).toBeLessThan(JS.length / 4);
  });

  it('a hashed script: brotli when accepted, else gzip, else plain; cached for a year, immutable', async () => {
    const get = (enc?: string) => app.inject({ method: 'GET', url: '/assets/index-AbC123.js', headers: enc ? { 'accept-encoding': enc } : {} });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(JS);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);

    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
  });

  it('the page (any path outside /api) and unhashed files are revalidated; a missing asset or API route is a 404', async () => {
    for (const url of ['/', '/members/12?tab=history', '/index.html']) {
      const r = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toContain('<div id="root">');
    }
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ method: 'GET', url: '/assets/index-Old999.js' })).statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('HTTPS-only headers follow the setting', () => {
  let handle: DbHandle;
  beforeAll(async () => { handle = await createTestDb('pglite'); });
  afterAll(async () => { await handle?.close(); });

  const headersOf = async (env: Record<string, string>) => {
    const app = await appWith(handle, env);
    try {
      const api = await app.inject({ method: 'GET', url: '/api/health' });
      const docs = await app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
      return { csp: String(api.headers['content-security-policy']), hsts: api.headers['strict-transport-security'], docsCsp: String(docs.headers['content-security-policy']) };
    } finally {
      await app.close();
    }
  };

  it('plain HTTP by default (a LAN address works): no upgrade-insecure-requests, no HSTS, on the app and the API docs', async () => {
    for (const env of [{}, { PUBLIC_URL: 'http://192.168.1.20:3000' }, { PUBLIC_URL: 'https://danvan.example.vn', HTTPS_UPGRADE: '0' }] as Record<string, string>[]) {
      const h = await headersOf(env);
      expect(h.csp).toContain("default-src 'self'");
      expect(h.csp).not.toContain('upgrade-insecure-requests');
      expect(h.docsCsp).toContain("default-src 'self'");
      expect(h.docsCsp).not.toContain('upgrade-insecure-requests');
      expect(h.hsts).toBeUndefined();
    }
  });

  it('served over HTTPS (PUBLIC_URL https, or HTTPS_UPGRADE=1): both', async () => {
    for (const env of [{ PUBLIC_URL: 'https://danvan.example.vn' }, { HTTPS_UPGRADE: '1' }] as Record<string, string>[]) {
      const h = await headersOf(env);
      expect(h.csp).toContain('upgrade-insecure-requests');
      expect(h.docsCsp).toContain('upgrade-insecure-requests');
      expect(h.hsts).toMatch(/max-age=\d+/);
    }
  });
});
