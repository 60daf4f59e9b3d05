/**
 * Browser tests: a real server in this process (fresh PGlite with the demo province), the built web
 * app, and Debian's Chromium driven by playwright-core. Never downloads a browser.
 *
 *   const env = await startE2E();             // server + browser ({ seed: 'core' } for the core demo only)
 *   const page = await env.newPage();         // fresh context (cookies), 1280×800 unless told
 *   await login(page, 'admin');
 *   ...
 *   await env.close();
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../server/config';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { prepareDatabase } from '../server/boot';
import { migrateAll } from '../server/kernel/db/migrate';
import { ensureOrganizations } from '../server/modules/organizations/organizations.service';
import { ensureAreas } from '../server/modules/areas/areas.load';
import { seedDemo } from '../server/demo';
import { modules } from '../server/modules';
import { buildApp } from '../server/app';
import { one } from '../server/kernel/db/sql';
import { sql } from 'drizzle-orm';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'DanVan@2026';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Whether the browser tests can run; on CI a missing Chromium is an error, not a skip. */
export const hasChromium: boolean = (() => {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`CI: Chromium is required at ${CHROMIUM} (apt-get install -y chromium) — the browser tests cannot be skipped on CI.`);
  console.warn(`Chromium not found at ${CHROMIUM}: browser tests skipped`);
  return false;
})();

const WEB_DIST = path.join(ROOT, 'dist', 'web');

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    m = Math.max(m, newestMtime(path.join(p, e)));
  }
  return m;
}

/** Build the web app once when dist/web is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = ['web', 'common', 'vite.config.ts'].map((p) => path.join(ROOT, p));
  if (built >= Math.max(...sources.map(newestMtime))) return;
  // A production build whatever runs us: under vitest NODE_ENV is 'test', which would give a
  // development build (and libraries that behave differently in tests, e.g. fixed element ids).
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
  });
}

export type E2EServer = { url: string; app: FastifyInstance; handle: DbHandle; dataDir: string; close(): Promise<void> };

/**
 * What the fresh database holds:
 * - 'full': `prepareDatabase({ demo: true })`, exactly what `danvan start` does on a new data dir —
 *   the demo province, its units and users, and every module's own demo data;
 * - 'core': the same migrations and reference data, and the core demo only (province, units,
 *   users) without the modules' `seedDemo`: faster, and independent of the domain modules' seeds.
 * Default: 'full', or what E2E_SEED says.
 */
export type Seed = 'full' | 'core';

/** The real server, in-process, on a free port, with a fresh PGlite database seeded with the demo province. */
export async function startServer(opts: { seed?: Seed } = {}): Promise<E2EServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-e2e-db-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { webDist: WEB_DIST, demo: true, port: 0, host: '127.0.0.1' });
  const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  const seed: Seed = opts.seed ?? (process.env.E2E_SEED === 'core' ? 'core' : 'full');
  if (seed === 'full') {
    await prepareDatabase(handle, { demo: true, demoPassword: PASSWORD });
  } else {
    await migrateAll(handle, modules.map((m) => m.name));
    await ensureOrganizations(handle.db);
    await ensureAreas(handle.db);
    await seedDemo(handle, [], { password: PASSWORD });
  }
  const app = await buildApp({ handle, config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    handle,
    dataDir,
    async close() {
      await app.close();
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium. `launch` gives it a fresh temporary user-data dir (created under the temp
 * dir, removed on close); each `newContext` is a separate incognito-like profile with its own cookies.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return { browser, close: () => browser.close() };
}

export type E2E = {
  server: E2EServer;
  browser: Browser;
  /** A new browser context (own cookies and storage) and page on the app. */
  newPage(opts?: { width?: number; height?: number; locale?: string }): Promise<Page>;
  close(): Promise<void>;
};

export async function startE2E(opts: { seed?: Seed } = {}): Promise<E2E> {
  ensureWebBuilt();
  const server = await startServer(opts);
  let b: Awaited<ReturnType<typeof launchBrowser>>;
  try {
    b = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser: b.browser,
    async newPage(opts = {}) {
      const ctx = await b.browser.newContext({
        baseURL: server.url,
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        locale: opts.locale ?? 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        acceptDownloads: true,
      });
      ctx.setDefaultTimeout(15_000);
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (err) => console.error(`[browser error] ${err.message}`));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await b.close();
      await server.close();
    },
  };
}

/** Log in through the login page and wait for the signed-in shell. */
export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * A write through the page's session as its own scripts make it: with the page's Origin, which the
 * server's cross-origin check requires of a browser carrying the session cookie.
 */
export async function apiWrite(page: Page, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, data: unknown): Promise<{ status: number; code?: string }> {
  const res = await page.request.fetch(url, { method, data, headers: { origin: new URL(page.url()).origin } });
  const body = await res.json().catch(() => ({})) as { code?: string; error?: { code?: string } };
  return { status: res.status(), code: body.code ?? body.error?.code };
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/login/);
}

/**
 * The side menu (or, on a phone, the drawer's), once it has its final shape: the items the user's
 * roles use day to day, the others under "Thêm". On a phone the drawer is opened first.
 */
export async function sideMenu(page: Page): Promise<Locator> {
  if ((await page.getByTestId('menu-button').isVisible()) && !(await page.getByTestId('menu-drawer').isVisible())) {
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-drawer').waitFor();
  }
  const menu = page.locator('[data-testid="side-menu"]:visible');
  await menu.and(page.locator('[data-ready="true"]')).waitFor();
  return menu;
}

/** Open the "Thêm" (More) group of the menu, if it is closed. */
export async function openMoreMenu(menu: Locator): Promise<void> {
  const more = menu.getByTestId('menu-more');
  if ((await more.count()) === 0) return;
  const group = menu.locator('.ant-menu-submenu:has([data-testid="menu-more"])');
  if (!(await group.evaluate((el) => el.classList.contains('ant-menu-submenu-open')))) await more.click();
  await menu.locator('.ant-menu-submenu-open .ant-menu-sub').waitFor();
}

/** Click a menu item by its label, in the short list or under "Thêm". */
export async function clickMenuItem(page: Page, label: string): Promise<void> {
  const menu = await sideMenu(page);
  const item = menu.getByText(label, { exact: true });
  if (!(await item.isVisible())) await openMoreMenu(menu);
  await item.click();
}

/** A unit's id by its code, straight from the database. */
export async function unitIdByCode(server: E2EServer, code: string): Promise<number> {
  const row = await one<{ id: number }>(server.handle.db, sql`SELECT id FROM units WHERE code = ${code}`);
  if (!row) throw new Error(`no unit ${code}`);
  return row.id;
}

/** Save a screenshot under .tmp/screenshots (not committed) when SCREENSHOTS=1. */
export async function snap(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  const dir = path.join(ROOT, '.tmp', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
