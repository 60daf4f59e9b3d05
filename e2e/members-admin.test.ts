/**
 * The member registry's two administrative screens in a real browser, on the full demo province:
 * - "Xếp loại hằng năm": the Women's Union officer of phường Tam Kỳ rates two members of a branch
 *   (one row by row, one through the selection), saves once, reloads and finds the ratings and the
 *   distribution changed; a supervisor sees the ratings without a save button, and an officer of
 *   another organization cannot rate them;
 * - "Điều kiện kết nạp": the administrator changes the Women's Union minimum age (server errors land
 *   on the form), checked through the API; an officer reads the rules without edit buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { apiWrite, hasChromium, login, snap, startE2E, type E2E } from './helpers';
import { one, rows } from '../server/kernel/db/sql';

/** The demo's ratings are for 2025 ("last year" of the 2026 seed): rate 2026. */
const YEAR = 2026;
const EXCELLENT = 'Hoàn thành xuất sắc nhiệm vụ';
const GOOD = 'Hoàn thành tốt nhiệm vụ';

/** Open an antd Select and pick one of its options (the list is in a portal: found through the combobox's aria-controls). */
async function pickOption(page: Page, select: Locator, label: string) {
  await select.click();
  const listId = await select.getByRole('combobox').getAttribute('aria-controls');
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
  await dropdown.locator('.ant-select-item-option', { hasText: label }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** The year of the rating page (remembered per user; a fresh browser starts at the current year). */
async function setYear(page: Page) {
  const input = page.getByLabel('Năm', { exact: true });
  await input.fill(String(YEAR));
  await input.press('Tab');
}

describe.skipIf(!hasChromium)('members: annual ratings and eligibility rules (Chromium)', () => {
  let env: E2E;
  let branch: { id: number; name: string };
  let members: { id: number; fullName: string }[];

  beforeAll(async () => {
    env = await startE2E({ seed: 'full' });
    const db = env.server.handle.db;
    // The Tam Kỳ Women's Union branch with the most members active today.
    branch = (await one<{ id: number; name: string }>(db, sql`SELECT u.id, u.name FROM units u JOIN units c ON c.id = u.parent_id
      JOIN memberships m ON m.unit_id = u.id AND m.ended_on IS NULL
      WHERE c.code = 'PHUNU-20341' GROUP BY u.id, u.name ORDER BY count(*) DESC, u.id LIMIT 1`))!;
    members = await rows<{ id: number; fullName: string }>(db, sql`SELECT m.id, m.full_name AS "fullName" FROM memberships m
      WHERE m.unit_id = ${branch.id} AND m.ended_on IS NULL AND NOT EXISTS (SELECT 1 FROM member_ratings r WHERE r.membership_id = m.id AND r.year = ${YEAR})
      ORDER BY m.name_fold, m.id LIMIT 2`);
    expect(members).toHaveLength(2);
  }, 300_000);
  afterAll(async () => { await env?.close(); });

  const ratingOf = async (id: number) => (await one<{ level: string }>(env.server.handle.db, sql`SELECT level FROM member_ratings WHERE membership_id = ${id} AND year = ${YEAR}`))?.level;

  it('a branch officer rates two members in one save; the ratings and the distribution survive a reload', async () => {
    const page = await env.newPage();
    await login(page, 'phunu.tamky');
    await page.goto(`/members/ratings?unit=${branch.id}`);
    await setYear(page);
    const sheet = page.getByTestId('rating-sheet-table');
    await expect.poll(() => sheet.textContent()).toContain(members[0].fullName);
    await expect.poll(() => sheet.textContent()).toContain(`Xếp loại năm ${YEAR}`);
    expect(await sheet.textContent()).toContain(`Năm trước (${YEAR - 1})`);

    // The distribution before: nobody of the branch rated for the year yet.
    await page.getByRole('tab', { name: 'Kết quả theo đơn vị' }).click();
    await page.getByTestId('ratings-chart').waitFor();
    await expect.poll(() => page.getByTestId(`rated-${branch.id}`).textContent()).toMatch(/^0\b/);
    await page.getByRole('tab', { name: 'Xếp loại hội viên' }).click();

    // One row by its own select, the other through the selection and the bulk level.
    await pickOption(page, page.getByTestId(`rating-select-${members[0].id}`), EXCELLENT);
    await sheet.locator('tr', { hasText: members[1].fullName }).locator('input[type=checkbox]').check();
    await pickOption(page, page.getByTestId('rating-bulk-level'), GOOD);
    await page.getByTestId('rating-bulk-apply').click();
    await expect.poll(() => page.getByTestId('rating-save').textContent()).toContain('(2)');
    await snap(page, 'members-ratings-sheet');
    await page.getByTestId('rating-save').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('Đã lưu xếp loại của 2 hội viên.');
    expect(await ratingOf(members[0].id)).toBe('excellent');
    expect(await ratingOf(members[1].id)).toBe('good');

    // After a reload (the year remembered, the unit in the URL) the sheet and the distribution show them.
    await page.reload();
    expect(await page.getByLabel('Năm', { exact: true }).inputValue()).toBe(String(YEAR));
    await expect.poll(() => page.getByTestId(`rating-select-${members[0].id}`).textContent()).toContain(EXCELLENT);
    expect(await page.getByTestId(`rating-select-${members[1].id}`).textContent()).toContain(GOOD);
    await page.getByRole('tab', { name: 'Kết quả theo đơn vị' }).click();
    await expect.poll(() => page.getByTestId(`rated-${branch.id}`).textContent()).toMatch(/^2\b/);
    expect(await page.getByTestId(`rated-${branch.id}-excellent`).textContent()).toMatch(/^1 \(50/);
    expect(await page.getByTestId(`rated-${branch.id}-good`).textContent()).toMatch(/^1 \(50/);
    await snap(page, 'members-ratings-distribution');
  });

  it('fits a 360 px phone: the rating sheet and the rules page scroll inside their cards', async () => {
    const page = await env.newPage({ width: 360, height: 740 });
    await login(page, 'phunu.tamky');
    await page.goto(`/members/ratings?unit=${branch.id}`);
    await page.getByTestId('rating-sheet-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(370);
    // Each member is a card: this year's select is on screen, not behind a horizontal scroll.
    const box = (await page.locator('[data-testid^="rating-select-"]').first().boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await snap(page, 'members-ratings-360');
    await page.goto('/members/rules');
    await page.getByTestId('rules-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(370);
  });

  it('read-only and other-unit users cannot rate', async () => {
    // The Ban Dân vận supervisor reads the branch's ratings (aggregate) but has no selects and no save.
    const sup = await env.newPage();
    await login(sup, 'bdv.tinh');
    await sup.goto(`/members/ratings?unit=${branch.id}`);
    await setYear(sup);
    await sup.getByTestId('rating-readonly').waitFor();
    await expect.poll(() => sup.getByTestId('rating-sheet-table').textContent()).toContain(EXCELLENT);
    expect(await sup.getByTestId('rating-save').count()).toBe(0);
    expect(await sup.locator('[data-testid^="rating-select-"]').count()).toBe(0);
    const asSupervisor = await apiWrite(sup, 'POST', '/api/members/ratings', { year: YEAR, items: [{ memberId: members[0].id, level: 'good' }] });
    expect(asSupervisor).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    // The Youth Union officer of the same commune does not see the Women's Union branch at all.
    const doan = await env.newPage();
    await login(doan, 'doan.tamky');
    await doan.goto(`/members/ratings?unit=${branch.id}`);
    await expect.poll(() => doan.locator('.ant-result').textContent()).toContain('404');
    expect(await doan.getByTestId('rating-save').count()).toBe(0);
    const asOther = await apiWrite(doan, 'POST', '/api/members/ratings', { year: YEAR, items: [{ memberId: members[0].id, level: 'not_done' }] });
    expect(asOther.status).toBe(404);
    expect(await ratingOf(members[0].id)).toBe('excellent');
  });

  it('the administrator changes the Women’s Union minimum age; officers only read the rules', async () => {
    const page = await env.newPage();
    await login(page, 'admin');
    await page.goto('/members/rules');
    const table = page.getByTestId('rules-table');
    await expect.poll(() => table.textContent()).toContain('Từ 18 tuổi');
    await page.getByTestId('rule-edit-PHUNU').click();
    const form = page.getByTestId('rule-form');
    await form.waitFor();
    const minAge = page.getByLabel('Tuổi tối thiểu');
    const maxAge = page.getByLabel('Tuổi tối đa');
    expect(await minAge.inputValue()).toBe('18');
    await snap(page, 'members-rules-edit');

    // The form's own check: a range ending below its start.
    await maxAge.fill('15');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => form.textContent()).toContain('Tuổi tối đa phải lớn hơn hoặc bằng tuổi tối thiểu.');
    await maxAge.fill('');

    // The server's 400 field messages land on the form (a body the form would not send, altered on the way).
    await page.route('**/api/members/rules/PHUNU', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...body, minAge: 150 }) });
    }, { times: 1 });
    const [rejected] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/members/rules/PHUNU')), page.getByTestId('rule-save').click()]);
    expect(rejected.status()).toBe(400);
    await expect.poll(() => form.locator('.ant-form-item', { has: minAge }).locator('.ant-form-item-explain-error').count()).toBe(1);

    await minAge.fill('20');
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/members/rules/PHUNU')), page.getByTestId('rule-save').click()]);
    expect(saved.status()).toBe(200);
    await expect.poll(() => table.textContent()).toContain('Từ 20 tuổi');
    await snap(page, 'members-rules');
    const rules = await (await page.request.get('/api/members/rules')).json() as { organizationCode: string; rules: { minAge?: number; gender?: string; onBreach: string; ratingLevels: unknown[] } }[];
    expect(rules.find((r) => r.organizationCode === 'PHUNU')!.rules).toMatchObject({ minAge: 20, gender: 'female', onBreach: 'refuse' });
    expect(rules.find((r) => r.organizationCode === 'PHUNU')!.rules.ratingLevels).toHaveLength(4);

    // An officer reads them without edit buttons, and the API refuses her change.
    const officer = await env.newPage();
    await login(officer, 'phunu.tamky');
    await officer.goto('/members/rules');
    await officer.getByTestId('rules-readonly').waitFor();
    await expect.poll(() => officer.getByTestId('rules-table').textContent()).toContain('Từ 20 tuổi');
    expect(await officer.locator('[data-testid^="rule-edit-"]').count()).toBe(0);
    const put = await apiWrite(officer, 'PUT', '/api/members/rules/PHUNU', { minAge: 16, gender: 'female', onBreach: 'refuse' });
    expect(put).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
