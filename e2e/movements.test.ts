/**
 * The movements journey in a real browser: a residential-area cadre fills this quarter's rural-roads
 * form on a phone (360 px), saves a draft, submits; the commune Front committee approves it; the
 * province's Ban Dân vận (supervisor) sees the province dashboard change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROOT, ensureWebBuilt, hasChromium, login, snap } from './helpers';
import { loadConfig } from '../server/config';
import { openDatabase, type DbHandle } from '../server/kernel/db/connect';
import { prepareDatabase } from '../server/boot';
import { buildApp } from '../server/app';
import { seedDemo } from '../server/demo';
import { one } from '../server/kernel/db/sql';
import { hashPassword } from '../server/kernel/auth';
import movementsModule from '../server/modules/movements';
import { periodContaining } from '../common/movements';

/** "1.234,5 km" → 1234.5 */
const parseVi = (s: string) => Number(s.replace(/[^\d,.-]/g, '').replace(/\./g, '').replace(',', '.'));

describe.skipIf(!hasChromium)('movements journey (Chromium)', () => {
  let app: FastifyInstance;
  let handle: DbHandle;
  let browser: Browser;
  let url: string;
  let dataDir: string;
  let provinceId: number;
  let movementId: number;
  let formId: number;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    ensureWebBuilt();
    // The core demo province and this module's demo (other modules' demos have their own journeys).
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-e2e-mv-'));
    const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { webDist: path.join(ROOT, 'dist', 'web'), demo: false, port: 0, host: '127.0.0.1' });
    handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await prepareDatabase(handle, { demo: false });
    await seedDemo(handle, [movementsModule], { password: PASSWORD });
    // A residential-area cadre: officer of the Front committee of Tam Kỳ's quarter 1.
    const unit = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-20341-001'`))!;
    const u = await one<{ id: number }>(handle.db, sql`INSERT INTO users (username, password_hash, full_name) VALUES ('mttq.to1', ${await hashPassword(PASSWORD)}, 'Đỗ Thị Thu') RETURNING id`);
    await handle.db.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${u!.id}, ${unit.id}, 'officer')`);
    provinceId = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-48'`))!.id;
    movementId = (await one<{ id: number }>(handle.db, sql`SELECT id FROM mv_movements WHERE code = 'GTNT'`))!.id;
    const now = new Date();
    const q = periodContaining('quarter', now.getUTCFullYear() * 12 + now.getUTCMonth());
    formId = (await one<{ id: number }>(handle.db, sql`SELECT id FROM mv_forms WHERE unit_id = ${unit.id} AND movement_id = ${movementId} AND period_key = ${q.key}`))!.id;
    app = await buildApp({ handle, config, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(width = 1280, height = 800): Promise<Page> {
    const ctx = await browser.newContext({ baseURL: url, viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    ctx.setDefaultTimeout(20_000);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => console.error(`[browser error] ${err.message}`));
    return page;
  }

  async function provinceRoads(page: Page): Promise<number> {
    await page.goto(`/movements/dashboard?unit=${provinceId}&movement=${movementId}&from=${year}-01&to=${year}-12`);
    const v = page.getByTestId('kpi-value-GT_KM_BE_TONG');
    await v.waitFor();
    return parseVi(await v.innerText());
  }

  it('fill on a phone, submit, approve as the commune, see the province dashboard change', async () => {
    // The province's Ban Dân vận reads the dashboard across organizations (supervisor, area scope).
    const bdv = await newPage();
    await login(bdv, 'bdv.tinh');
    const before = await provinceRoads(bdv);
    expect(before).toBeGreaterThan(0);

    // A cadre on a phone.
    const phone = await newPage(360, 740);
    await login(phone, 'mttq.to1');
    await phone.goto('/movements/forms');
    await phone.getByTestId('forms-table').waitFor();
    // This quarter's forms are in the cadre's "to fill" list.
    await phone.getByTestId('form-link-MTTQ-20341-001').first().waitFor();
    await phone.goto(`/movements/forms/${formId}`);
    await phone.getByTestId('report-form').waitFor();
    // The page fits the phone: no horizontal scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(362);
    const field = (code: string) => phone.locator(`input[data-testid="value-${code}"], [data-testid="value-${code}"] input`).first();
    await field('GT_KM_BE_TONG').fill('12,5');
    await field('GT_CAU_CONG').fill('3');
    await field('GT_KINH_PHI_DAN').fill('250000000');
    await phone.getByTestId('save-draft').click();
    await phone.getByText('Đã lưu nháp.').waitFor();
    await field('GT_NGAY_CONG').fill('417');
    await snap(phone, 'movements-phone-form');
    await phone.getByTestId('submit-form').click();
    await phone.getByText('Đã gửi báo cáo lên cấp trên.').waitFor();
    await expect.poll(async () => phone.getByTestId('form-status').first().innerText()).toBe('Chờ duyệt');
    const stored = await one<{ value: number }>(handle.db, sql`SELECT v.value FROM mv_values v JOIN mv_indicators i ON i.id = v.indicator_id WHERE v.form_id = ${formId} AND i.code = 'GT_KM_BE_TONG'`);
    expect(stored!.value).toBe(12.5);

    // Not yet on the dashboard: only approved figures count.
    expect(await provinceRoads(bdv)).toBeCloseTo(before, 1);

    // The commune's Front committee approves it from its inbox.
    const commune = await newPage();
    await login(commune, 'mttq.tamky');
    await commune.goto('/movements/forms?view=inbox');
    await commune.getByTestId('form-link-MTTQ-20341-001').first().click();
    await commune.getByTestId('approve-form').click();
    await commune.getByText('Đã duyệt báo cáo.').waitFor();
    await expect.poll(async () => commune.getByTestId('form-status').first().innerText()).toBe('Đã duyệt');

    // The province dashboard has changed by exactly the approved figure.
    expect(await provinceRoads(bdv)).toBeCloseTo(before + 12.5, 1);
    // Drill down: the Tam Kỳ commune row is there.
    await bdv.getByTestId('kpi-GT_KM_BE_TONG').click();
    await bdv.getByTestId('drill-table').getByText('phường Tam Kỳ').first().waitFor();
    await snap(bdv, 'movements-dashboard');

    // Every page of the module is usable at 360 px: nothing wider than the screen.
    const small = await newPage(360, 740);
    const communeId = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-20341'`))!.id;
    await login(small, 'mttq.tamky');
    for (const [path, testId] of [['/movements', 'movements-nav'], ['/movements/forms', 'forms-table'], ['/movements/completeness', 'completeness-table'],
      [`/movements/dashboard?unit=${communeId}&movement=${movementId}&from=${year}-01&to=${year}-12`, 'kpi-GT_KM_BE_TONG'], ['/movements/flags', 'flags-table'], ['/movements/indicators', 'movements-nav']] as const) {
      await small.goto(path);
      await small.getByTestId(testId).first().waitFor();
      await small.waitForTimeout(300);
      expect(await small.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(362);
    }
    await snap(small, 'movements-phone-indicators');
  }, 240_000);

  it('numbers typed the Vietnamese way are stored whole; an ambiguous one is refused with a suggestion', async () => {
    const unit = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-20341-001'`))!;
    const now = new Date();
    const q = periodContaining('quarter', now.getUTCFullYear() * 12 + now.getUTCMonth());
    const ntm = (await one<{ id: number }>(handle.db, sql`SELECT f.id FROM mv_forms f JOIN mv_movements m ON m.id = f.movement_id
      WHERE f.unit_id = ${unit.id} AND m.code = 'CS-NTM' AND f.period_key = ${q.key}`))!.id;
    const page = await newPage(360, 740);
    await login(page, 'mttq.to1');
    await page.goto(`/movements/forms/${ntm}`);
    await page.getByTestId('report-form').waitFor();
    const field = (code: string) => page.locator(`input[data-testid="value-${code}"], [data-testid="value-${code}"] input`).first();
    await field('NTM_TIEN_DONG_GOP').fill('150.000.000'); // money, in đồng
    await field('NTM_NGAY_CONG').fill('1.250'); // a count
    await field('NTM_DAT_HIEN').fill('1.25'); // neither grouping nor a Vietnamese decimal
    await field('NTM_HO_THAM_GIA').click();
    await page.getByTestId('value-NTM_DAT_HIEN-error').getByText('Có phải ý bạn là 1,25?').waitFor();
    await page.getByTestId('save-draft').click();
    await page.getByText('Có 1 ô số chưa đúng').waitFor();
    await field('NTM_DAT_HIEN').fill('1,25');
    await field('NTM_HO_THAM_GIA').click();
    expect(await page.getByTestId('value-NTM_DAT_HIEN-error').count()).toBe(0);
    await page.getByTestId('save-draft').click();
    await page.getByText('Đã lưu nháp.').waitFor();
    // Shown grouped as stored, and stored whole: read back through the API.
    expect(await field('NTM_TIEN_DONG_GOP').inputValue()).toBe('150.000.000');
    const res = await page.request.get(`/api/reports/forms/${ntm}`);
    expect(res.status()).toBe(200);
    const stored = Object.fromEntries(((await res.json()) as { values: { code: string; value: number }[] }).values.map((v) => [v.code, v.value]));
    expect(stored).toMatchObject({ NTM_TIEN_DONG_GOP: 150_000_000, NTM_NGAY_CONG: 1250, NTM_DAT_HIEN: 1.25 });
  }, 120_000);

  it('the forms list shows the selected unit’s forms; a record figure says what it counted', async () => {
    const page = await newPage();
    await login(page, 'mttq.tamky');
    const quarter = (await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = 'MTTQ-20341-002'`))!.id;
    await page.goto(`/movements/forms?view=all&unit=${quarter}`);
    await page.getByTestId('forms-table').waitFor();
    await page.getByTestId('form-link-MTTQ-20341-002').first().waitFor();
    const codes = await page.locator('[data-testid^="form-link-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['form-link-MTTQ-20341-002']));
    // The quarter's form: its members figure comes from the records, with the units and the date it counted.
    const form = (await one<{ id: number }>(handle.db, sql`SELECT f.id FROM mv_forms f JOIN mv_movements m ON m.id = f.movement_id
      WHERE f.unit_id = ${quarter} AND m.code = 'TDDK-VHKDC' ORDER BY f.period_start DESC LIMIT 1`))!.id;
    await page.goto(`/movements/forms/${form}`);
    await expect.poll(() => page.getByTestId('record-basis-HOI_VIEN').innerText()).toContain('Tổ dân phố 2');
  }, 120_000);
});
