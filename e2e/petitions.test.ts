/**
 * People's voice in a real browser: a citizen submits on a phone-sized public page (no login), the
 * commune's Front routes the case, the responsible People's Committee answers, and the citizen sees
 * the answer by tracking code. Then the staff pages (list, hotspots with the planted demo cluster).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { hasChromium, login, snap, startE2E, type E2E } from './helpers';
import { one } from '../server/kernel/db/sql';

const ANSWER = 'UBND phường đã thay bóng đèn và kiểm tra toàn tuyến vào ngày 25/11.';

async function pickOption(page: Page, opener: string, label: string, type?: string) {
  await page.locator(opener).click();
  if (type) await page.keyboard.type(type);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
}

describe.skipIf(!hasChromium)('people’s voice journeys (Chromium)', () => {
  let env: E2E;
  beforeAll(async () => { env = await startE2E(); }, 240_000);
  afterAll(async () => { await env?.close(); });

  it('submit on a phone → the commune routes → the body answers → the sender sees the answer', async () => {
    // 1. A citizen on a 360 px phone, not signed in.
    const phone = await env.newPage({ width: 360, height: 740 });
    await phone.goto('/phan-anh');
    await phone.getByTestId('public-case-form').waitFor();
    await pickOption(phone, '#category', 'Hạ tầng');
    await pickOption(phone, '#place-commune', 'Phường Tam Kỳ', 'Tam Ky');
    await pickOption(phone, '#place-area', 'Tổ dân phố 1');
    await phone.getByTestId('text').fill('Đèn đường trên tuyến kiệt 12 không sáng hơn hai tuần, đi lại ban đêm nguy hiểm.');
    await phone.getByTestId('name').fill('Nguyễn Thị E2E');
    await phone.getByTestId('phone').fill('0905123456');
    await phone.getByTestId('consent').check();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await snap(phone, 'petitions-submit-360');
    await phone.getByTestId('submit-case').click();
    const codeEl = phone.getByTestId('tracking-code');
    await codeEl.waitFor({ timeout: 30_000 });
    const code = (await codeEl.textContent())!.trim().slice(0, 14);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const row = await one<{ id: number; receiving: string }>(env.server.handle.db, sql`SELECT c.id, u.code AS receiving FROM cases c JOIN units u ON u.id = c.receiving_unit_id WHERE c.tracking_code = ${code}`);
    expect(row!.receiving).toMatch(/^MTTQ-/);

    // 2. The commune's Front routes it to the ward People's Committee.
    const front = await env.newPage();
    await login(front, 'mttq.tamky');
    await front.goto(`/cases/${row!.id}`);
    await front.getByTestId('case-title').waitFor();
    await pickOption(front, '[data-testid="route-target"]', 'UBND phường Tam Kỳ', 'UBND phuong Tam');
    await front.getByTestId('route-submit').click();
    await expect.poll(() => front.getByTestId('case-body').textContent()).toContain('UBND phường Tam Kỳ');
    await expect.poll(() => front.getByTestId('case-step').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Chuyển đến UBND phường Tam Kỳ')]));
    await snap(front, 'petitions-routed-1280');

    // 3. The People's Committee officer answers.
    const body = await env.newPage();
    await login(body, 'ubnd.tamky');
    await body.goto(`/cases/${row!.id}`);
    await body.getByTestId('action-answer').click();
    await body.getByTestId('step-note').fill(ANSWER);
    await body.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => body.getByTestId('case-status').textContent()).toBe('Đã trả lời');

    // 4. The sender follows it by tracking code, on the phone, still not signed in.
    await phone.goto(`/tra-cuu?code=${code.toLowerCase()}`);
    await phone.getByTestId('track-result').waitFor();
    await expect.poll(() => phone.getByTestId('track-status').textContent()).toBe('Đã trả lời');
    const steps = (await phone.getByTestId('track-step').allTextContents()).join('\n');
    expect(steps).toContain(ANSWER);
    expect(await phone.getByTestId('track-result').textContent()).not.toContain('Nguyễn Thị E2E');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await snap(phone, 'petitions-track-360');
    // The sender was told by SMS (outbox).
    const sms = await one<{ n: number }>(env.server.handle.db, sql`SELECT count(*)::int AS n FROM notifications WHERE channel = 'sms' AND recipient = '0905123456'`);
    expect(sms!.n).toBeGreaterThanOrEqual(2);
    await Promise.all([phone.context().close(), front.context().close(), body.context().close()]);
  });

  it('staff: the list filters overdue cases, the hotspots page shows the planted cluster', async () => {
    const page = await env.newPage();
    await login(page, 'mttq.tamky');
    await page.goto('/cases');
    await page.getByTestId('cases-table').waitFor({ timeout: 30_000 });
    await pickOption(page, '[data-testid="filter-deadline"]', 'Quá hạn');
    await page.getByTestId('filter-apply').click();
    await expect.poll(async () => (await page.locator('[data-testid="cases-table"] .ant-badge-status-error').count())).toBeGreaterThan(0);
    await page.goto('/cases/hotspots');
    await page.getByTestId('hotspots-table').waitFor();
    await expect.poll(() => page.getByTestId('hotspots-table').textContent()).toContain('Tổ dân phố 2');
    await page.getByTestId('hotspot-map').locator('canvas').first().waitFor();
    await snap(page, 'petitions-hotspots-1280');
    await page.context().close();
  });
});
