/**
 * English picked on the login page stays after the login: it becomes the profile's language, so
 * it holds after a reload and on another device; Vietnamese picked back is kept the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, login, PASSWORD, startE2E, type E2E } from './helpers';

async function pickLanguage(page: Page, label: 'English' | 'Tiếng Việt') {
  await page.getByTestId('lang-switch').click();
  await page.getByRole('menuitem', { name: label }).click();
}

describe.skipIf(!hasChromium)('interface language (Chromium)', () => {
  let env: E2E;
  beforeAll(async () => { env = await startE2E({ seed: 'core' }); });
  afterAll(async () => { await env?.close(); });

  it('English chosen on the login page persists after login, a reload and on another device', async () => {
    const page = await env.newPage({ width: 360, height: 740 });
    await page.goto('/login');
    await pickLanguage(page, 'English');
    await page.getByLabel('Username').fill('mttq.tamky');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('user-menu').waitFor();
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang-switch').waitFor();
    expect(await page.getByTestId('lang-switch').textContent()).toContain('EN');

    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // Another device (fresh storage) in Vietnamese by default: the profile brings English.
    const other = await env.newPage({ width: 1280, height: 800 });
    await login(other, 'mttq.tamky');
    await expect.poll(() => other.evaluate(() => document.documentElement.lang)).toBe('en');
    await other.context().close();

    // Back to Vietnamese on the login page after logging out: the profile follows again.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await pickLanguage(page, 'Tiếng Việt');
    await login(page, 'mttq.tamky');
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.context().close();
  });
});
