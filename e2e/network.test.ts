/**
 * The app as people reach it over a network, in a real Chromium, on loopback only:
 * - by a name that is not localhost, over plain HTTP (an office LAN: http://<server's address>:3000).
 *   With the CSP directive upgrade-insecure-requests the browser fetched the scripts over https and
 *   the page stayed on its splash. The name is mapped to 127.0.0.1 inside Chromium.
 * - a page on another port of the same host (same site: the SameSite=Lax session cookie goes along)
 *   posting a text/plain form to the app: refused, and the write does not happen.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, hasChromium, login, startServer, type E2EServer } from './helpers';

const LAN_NAME = 'danvan.lan';

describe.skipIf(!hasChromium)('served over the network', () => {
  let server: E2EServer;
  let browser: Browser;
  let attacker: http.Server;
  let attackerUrl = '';

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ seed: 'core' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`], headless: true });
    // The other origin: a page that posts a form to the app as soon as it loads.
    attacker = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><form method="POST" action="${server.url}/api/auth/logout" enctype="text/plain">
        <input name='{"a":"' value='"}'></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.close();
  });

  it('by a LAN name over plain HTTP: the login page renders and a login reaches the home page', async () => {
    const port = new URL(server.url).port;
    const base = `http://${LAN_NAME}:${port}`;
    const ctx = await browser.newContext({ baseURL: base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    ctx.setDefaultTimeout(15_000);
    try {
      const page = await ctx.newPage();
      const upgraded: string[] = [];
      page.on('request', (r) => { if (r.url().startsWith('https:')) upgraded.push(r.url()); });
      await login(page, 'admin');
      expect(page.url().startsWith(`${base}/`)).toBe(true);
      expect(upgraded).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('a form posted from another port of the same host is refused and the session survives', async () => {
    const ctx = await browser.newContext({ baseURL: server.url, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    ctx.setDefaultTimeout(15_000);
    try {
      const page = await ctx.newPage();
      await login(page, 'admin');
      const answer = page.waitForResponse((r) => r.url() === `${server.url}/api/auth/logout`);
      await page.goto(attackerUrl, { waitUntil: 'commit' });
      const r = await answer;
      // The attack is real: the browser sent the session cookie along (same site).
      expect((await r.request().allHeaders()).cookie ?? '').toContain('dv_session=');
      expect(r.status()).toBe(403);
      expect(await r.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
      // Nothing happened: still logged in.
      expect((await ctx.request.get(`${server.url}/api/auth/me`)).status()).toBe(200);
      await page.goto('/');
      await page.getByTestId('user-menu').waitFor();
    } finally {
      await ctx.close();
    }
  });
});
