/**
 * The directives journey in a real browser: the Front's provincial committee records a directive
 * with two tasks for commune organizations, the lead unit's officer reports progress on a phone,
 * the issuer sees it in the task table and downloads the annual report (.docx, parsed back).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import JSZip from 'jszip';
import { CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROOT, ensureWebBuilt, hasChromium, login, snap } from './helpers';
import { chromium } from 'playwright-core';
import { loadConfig } from '../server/config';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { prepareDatabase } from '../server/boot';
import { buildApp } from '../server/app';
import { seedDemo } from '../server/demo';
import { one } from '../server/kernel/db/sql';
import { sql } from 'drizzle-orm';
import directivesModule from '../server/modules/directives';
import type { FastifyInstance } from 'fastify';

const TITLE = 'Kế hoạch E2E triển khai Ngày hội Đại đoàn kết toàn dân tộc';
const TASK_A = 'Tổ chức Ngày hội tại các tổ dân phố (E2E)';
const TASK_B = 'Vận động đoàn viên tham gia Ngày hội (E2E)';

describe.skipIf(!hasChromium)('directives journey (Chromium)', () => {
  let app: FastifyInstance;
  let handle: DbHandle;
  let browser: Browser;
  let url: string;
  let dataDir: string;
  let mttqId: number;

  beforeAll(async () => {
    ensureWebBuilt();
    // The core demo province and this module's demo (other modules' demos are tested by their own journeys).
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-e2e-dir-'));
    const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { webDist: path.join(ROOT, 'dist', 'web'), demo: false, port: 0, host: '127.0.0.1' });
    handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await prepareDatabase(handle, { demo: false });
    await seedDemo(handle, [directivesModule], { password: PASSWORD });
    app = await buildApp({ handle, config, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    mttqId = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-48'`))!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(width = 1280, height = 800): Promise<Page> {
    const ctx = await browser.newContext({ baseURL: url, viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    ctx.setDefaultTimeout(15_000);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => console.error(`[browser error] ${err.message}`));
    return page;
  }

  /** Pick a unit in a UnitSelect by typing part of its name. */
  async function pickUnit(page: Page, testId: string, query: string, name: string) {
    const select = page.getByTestId(testId);
    await select.click();
    await select.locator('input').fill(query);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
    await page.keyboard.press('Escape');
  }

  let directiveId: number;
  let taskAId: number;

  it('the Front records a directive with two tasks for commune organizations', async () => {
    const page = await newPage();
    await login(page, 'mttq.tinh');
    await page.goto(`/directives?unit=${mttqId}`);
    await page.getByTestId('new-directive').click();
    await page.getByTestId('f-issuingBody').fill('Ban Thường trực Ủy ban MTTQ Việt Nam thành phố');
    await page.getByTestId('f-number').fill('27');
    await page.getByTestId('f-symbol').fill('KH/MTTQ-BTT');
    await page.getByTestId('f-title').fill(TITLE);
    await page.getByTestId('t-title-0').fill(TASK_A);
    await pickUnit(page, 't-lead-0', 'lhpn phuong tam ky', 'Hội LHPN phường Tam Kỳ');
    await page.getByTestId('add-task').click();
    await page.getByTestId('t-title-1').fill(TASK_B);
    await pickUnit(page, 't-lead-1', 'doan phuong tam ky', 'Đoàn phường Tam Kỳ');
    await pickUnit(page, 't-coord-1', 'lhpn phuong tam ky', 'Hội LHPN phường Tam Kỳ');
    await snap(page, 'directives-form');
    await page.getByTestId('directive-save').click();
    await page.waitForURL(/\/directives\/\d+/);
    directiveId = Number(/\/directives\/(\d+)/.exec(page.url())![1]);
    await expect.poll(() => page.getByTestId('directive-title').textContent()).toBe(TITLE);
    await expect.poll(() => page.getByText(TASK_A).count()).toBeGreaterThan(0);
    // A third task added afterwards, from the directive's page.
    await page.getByTestId('add-task-to-directive').click();
    const modal = page.getByRole('dialog');
    await modal.locator('textarea').first().fill('Tổng kết Ngày hội (E2E)');
    await pickUnit(page, 'add-task-lead', 'mttq viet nam thanh pho', 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng');
    await modal.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Tổng kết Ngày hội (E2E)').count()).toBeGreaterThan(0);
    expect((await one<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM directive_tasks WHERE directive_id = ${directiveId}`))!.n).toBe(3);
    const row = await one<{ id: number }>(handle.db, sql`SELECT t.id FROM directive_tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.directive_id = ${directiveId} AND u.code = 'PHUNU-20341'`);
    taskAId = row!.id;
    await page.context().close();
  });

  it('the lead unit’s officer reports progress on a phone', async () => {
    const page = await newPage(360, 740);
    await login(page, 'phunu.tamky');
    await page.goto('/tasks');
    await page.getByTestId(`task-link-${taskAId}`).click();
    await page.waitForURL(new RegExp(`/tasks/${taskAId}`));
    await page.getByTestId('progress-form').waitFor();
    await page.getByTestId('progress-status').getByText('Đang thực hiện').click();
    await page.locator('input[data-testid="progress-percent"], [data-testid="progress-percent"] input').first().fill('60');
    await page.getByTestId('progress-narrative').fill('Đã tổ chức Ngày hội tại 6/10 tổ dân phố.');
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(362);
    await snap(page, 'directives-progress-360');
    await page.getByTestId('progress-submit').click();
    await expect.poll(() => page.getByText('Đã gửi báo cáo tiến độ.').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Đã tổ chức Ngày hội tại 6/10 tổ dân phố.').count()).toBeGreaterThan(0);
    const t = await one<{ status: string; percent: number }>(handle.db, sql`SELECT status, percent FROM directive_tasks WHERE id = ${taskAId}`);
    expect(t).toEqual({ status: 'in_progress', percent: 60 });
    await page.context().close();
  });

  it('the issuer sees the task in its table and downloads the report', async () => {
    const page = await newPage();
    await login(page, 'mttq.tinh');
    await page.goto(`/tasks?directive=${directiveId}&unit=${mttqId}`);
    const row = page.locator('tr', { has: page.getByTestId(`task-link-${taskAId}`) });
    await expect.poll(() => row.textContent()).toContain('60%');
    expect(await row.textContent()).toContain('Đang thực hiện');
    expect(await page.locator('tbody tr', { hasText: '(E2E)' }).count()).toBe(3);
    await snap(page, 'directives-task-table');

    await page.goto(`/directives/reports?unit=${mttqId}`);
    await page.getByTestId('report-preview').click();
    await page.getByTestId('h-number').fill('31');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-docx').click()]);
    const file = path.join(dataDir, 'report.docx');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain('Số 31-BC/MTTQ');
    expect(text).toContain('27-KH/MTTQ-BTT');
    expect(text).toContain(TITLE);
    await snap(page, 'directives-report');
    await page.context().close();
  });
});
