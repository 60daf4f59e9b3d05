/**
 * The foundation's user journeys in a real browser: log in, pick units in the tree, add a
 * residential area and a branch, find both in the audit log; a commune officer sees only her
 * subtree; the shell on a 360 px phone; background job progress.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { clickMenuItem, hasChromium, login, logout, openMoreMenu, PASSWORD, sideMenu, snap, startE2E, unitIdByCode, type E2E } from './helpers';
import { one } from '../server/kernel/db/sql';

const PROVINCE_MTTQ = 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng';
const COMMUNE_MTTQ = 'Ủy ban MTTQ Việt Nam phường Tam Kỳ';
const AREA_NAME = 'Hòa Bình E2E';
const BRANCH_NAME = 'Ban công tác Mặt trận tổ dân phố Hòa Bình E2E';

/** A tree node by its exact title; scrolls the (virtual) tree until the node is rendered. */
async function treeNode(page: Page, title: string) {
  const tree = page.getByTestId('unit-picker').first();
  const node = tree.locator('.ant-tree-treenode', { has: page.getByText(title, { exact: true }) });
  const holder = tree.locator('.ant-tree-list-holder');
  for (let i = 0; i < 60 && (await node.count()) === 0; i++) {
    await holder.hover();
    await page.mouse.wheel(0, 250);
    await page.waitForTimeout(60);
  }
  await node.scrollIntoViewIfNeeded();
  return node;
}

async function expandNode(page: Page, title: string) {
  const node = await treeNode(page, title);
  await node.locator('.ant-tree-switcher').click();
}

async function openNode(page: Page, title: string) {
  const node = await treeNode(page, title);
  await node.locator('.ant-tree-node-content-wrapper').click();
}

describe.skipIf(!hasChromium)('foundation journeys (Chromium)', () => {
  let env: E2E;
  // The demo exactly as `danvan start` seeds it (E2E_SEED=core: the core demo only, faster).
  beforeAll(async () => { env = await startE2E(); });
  afterAll(async () => { await env?.close(); });

  it('shows the login page in Vietnamese and the server\'s error for a wrong password', async () => {
    const page = await env.newPage();
    await page.goto('/units');
    await page.waitForURL(/\/login\?redirect=/);
    await expect.poll(() => page.getByRole('heading', { name: 'Đăng nhập' }).count()).toBe(1);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/mật khẩu/i);
    await snap(page, 'login-error-1280');
    await page.context().close();
  });

  it('admin: tree → commune unit, adds a residential area and a branch in it, finds both in the audit log', async () => {
    const page = await env.newPage();
    await login(page, 'admin');
    await page.getByTestId('side-menu').getByText('Đơn vị', { exact: true }).click();
    await page.waitForURL(/\/units/);

    // The tree: top-level units of the province; expand the Front and open the Tam Kỳ committee.
    await expandNode(page, PROVINCE_MTTQ);
    await openNode(page, COMMUNE_MTTQ);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(COMMUNE_MTTQ);
    const communeUnitId = await unitIdByCode(env.server, 'MTTQ-20341');
    expect(new URL(page.url()).searchParams.get('unit')).toBe(String(communeUnitId));
    const view = page.getByTestId('unit-view');
    await expect.poll(() => view.getByRole('navigation').textContent()).toContain(PROVINCE_MTTQ); // breadcrumb
    await expect.poll(() => view.textContent()).toContain('MTTQ-20341');
    await snap(page, 'unit-1280');
    // The picked unit is remembered: a fresh visit without ?unit= comes back to it.
    await page.goto('/units');
    // The unit is put back once the session is known: a second or more on a busy machine.
    await expect.poll(() => new URL(page.url()).searchParams.get('unit'), { timeout: 10_000 }).toBe(String(communeUnitId));
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(COMMUNE_MTTQ);

    // A new residential area under the commune (Phường Tam Kỳ).
    await view.getByRole('button', { name: 'Thêm khu dân cư' }).click();
    const areaDialog = page.getByRole('dialog', { name: 'Thêm khu dân cư' });
    await expect.poll(() => areaDialog.textContent()).toContain('Phường Tam Kỳ');
    await areaDialog.getByLabel('Tên').fill(AREA_NAME);
    await areaDialog.getByRole('button', { name: 'Thêm mới' }).click();
    await expect.poll(() => page.getByText(`Đã thêm Tổ dân phố ${AREA_NAME}.`).count()).toBeGreaterThan(0);
    const area = await one<{ id: number; type: string }>(env.server.handle.db, sql`SELECT id, type FROM areas WHERE name = ${AREA_NAME}`);
    expect(area?.type).toBe('Tổ dân phố');

    // A branch below the commune unit, located in that new area (picked in the area tree by search).
    await view.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const unitDialog = page.getByRole('dialog', { name: /Thêm đơn vị trực thuộc/ });
    await unitDialog.getByLabel('Tên đơn vị').fill('x'); // too short: the client says so
    await unitDialog.getByRole('button', { name: 'Thêm mới' }).click();
    await expect.poll(() => unitDialog.textContent()).toContain('Cần ít nhất 2 ký tự.');
    await unitDialog.getByLabel('Tên đơn vị').fill(BRANCH_NAME);
    await unitDialog.getByLabel('Mã đơn vị (không bắt buộc)').fill('MTTQ-20341'); // taken: the server says so, on the field
    await unitDialog.getByLabel('Loại đơn vị').click();
    await page.locator('.ant-select-item-option', { hasText: 'Chi hội, chi đoàn, ban công tác' }).click();
    await unitDialog.getByTestId('area-picker-input').click();
    const areaPicker = page.getByRole('dialog', { name: 'Chọn địa bàn' });
    await areaPicker.getByRole('searchbox').fill('hoa binh e2e'); // without diacritics
    await areaPicker.getByRole('option', { name: new RegExp(AREA_NAME) }).click();
    await expect.poll(() => unitDialog.getByTestId('area-picker-input').textContent()).toContain(AREA_NAME);
    await unitDialog.getByRole('button', { name: 'Thêm mới' }).click();
    await expect.poll(() => unitDialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([expect.stringMatching(/mã|code/i)]);
    await unitDialog.getByLabel('Mã đơn vị (không bắt buộc)').fill('');
    await unitDialog.getByRole('button', { name: 'Thêm mới' }).click();
    await expect.poll(() => page.getByText(`Đã thêm đơn vị ${BRANCH_NAME}.`).count()).toBeGreaterThan(0);
    const branch = await one<{ id: number; areaId: number; parentId: number; kind: string }>(env.server.handle.db,
      sql`SELECT id, area_id AS "areaId", parent_id AS "parentId", kind FROM units WHERE name = ${BRANCH_NAME}`);
    expect(branch).toMatchObject({ areaId: area!.id, parentId: communeUnitId, kind: 'branch' });
    // It is in the children table and, once the commune is expanded, in the tree.
    await expect.poll(() => page.getByTestId('children-table').textContent()).toContain(BRANCH_NAME);
    await expandNode(page, COMMUNE_MTTQ);
    await openNode(page, BRANCH_NAME);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(BRANCH_NAME);
    await expect.poll(() => page.getByTestId('unit-view').textContent()).toContain(AREA_NAME);

    // The audit log: both changes, the unit's with its details when expanded.
    await page.getByTestId('side-menu').getByText('Nhật ký hệ thống').click();
    await page.waitForURL(/\/audit/);
    // The unit filter carries the current unit (the branch): its creation is there.
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.textContent()).toContain('Tạo đơn vị');
    // Areas belong to no unit: clear the unit filter to see the whole log.
    await page.getByRole('button', { name: 'Bỏ chọn' }).click();
    await expect.poll(() => table.textContent()).toContain('Tạo khu dân cư');
    const unitRow = table.locator('tr', { hasText: 'Tạo đơn vị' }).first();
    await unitRow.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => table.getByTestId('audit-diff').first().textContent()).toContain(BRANCH_NAME);
    const areaRow = table.locator('tr', { hasText: 'Tạo khu dân cư' }).first();
    await areaRow.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => table.textContent()).toContain(AREA_NAME);
    await snap(page, 'audit-1280');

    // The language switch: English everywhere, saved in the profile.
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('side-menu').textContent()).toContain('Audit log');
    await expect.poll(async () => (await one<{ locale: string }>(env.server.handle.db, sql`SELECT locale FROM users WHERE username = 'admin'`))?.locale).toBe('en');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: 'Tiếng Việt' }).click();
    await expect.poll(() => page.getByTestId('side-menu').textContent()).toContain('Nhật ký hệ thống');
    await logout(page);
    await page.context().close();
  });

  it('a commune officer sees only her subtree; another commune\'s unit by id is "not found"', async () => {
    const page = await env.newPage();
    await login(page, 'phunu.tamky');
    // No users/audit menu for an officer, not even under "Thêm".
    const menu = await sideMenu(page);
    await openMoreMenu(menu);
    await expect.poll(() => menu.textContent()).toContain('Đơn vị');
    expect(await menu.textContent()).not.toContain('Người dùng');
    expect(await menu.textContent()).not.toContain('Nhật ký');
    await menu.getByText('Đơn vị', { exact: true }).click();
    const tree = page.getByTestId('unit-picker');
    // The tree loads behind the home page's work for today and her unit's page (PGlite answers one query at a time).
    await expect.poll(() => tree.getByRole('treeitem').allTextContents(), { timeout: 10_000 }).toEqual(['Hội LHPN phường Tam Kỳ']);
    await expandNode(page, 'Hội LHPN phường Tam Kỳ');
    await expect.poll(async () => (await tree.getByRole('treeitem').allTextContents()).length).toBeGreaterThan(1);
    const titles = await tree.getByRole('treeitem').allTextContents();
    expect(titles.every((x) => x === 'Hội LHPN phường Tam Kỳ' || x.startsWith('Chi hội Phụ nữ tổ dân phố'))).toBe(true);
    expect(titles).not.toContain('Hội LHPN thành phố Đà Nẵng');
    // Search finds only her units too (other communes have "Chi hội Phụ nữ …" branches as well).
    await tree.getByRole('searchbox').fill('chi hoi phu nu');
    await expect.poll(() => tree.getByRole('option').count()).toBeGreaterThan(0);
    const hits = await tree.getByRole('option').allTextContents();
    expect(hits.every((h) => h.includes('Hội LHPN phường Tam Kỳ'))).toBe(true);
    await tree.getByRole('searchbox').fill('');
    await openNode(page, 'Hội LHPN phường Tam Kỳ');
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe('Hội LHPN phường Tam Kỳ');
    // Her officer role cannot manage: no action buttons.
    expect(await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).count()).toBe(0);
    await snap(page, 'officer-unit-1280');

    // Another commune's unit, and the province unit, by URL: not found.
    const other = await unitIdByCode(env.server, 'PHUNU-20194'); // Hội LHPN phường Hải Châu
    await page.goto(`/units?unit=${other}`);
    await expect.poll(() => page.getByText('Không tìm thấy, hoặc bạn không có quyền xem.').count()).toBe(1);
    expect(await page.getByTestId('unit-view').count()).toBe(0);
    const province = await unitIdByCode(env.server, 'PHUNU-48');
    await page.goto(`/units?unit=${province}`);
    await expect.poll(() => page.getByText('Không tìm thấy, hoặc bạn không có quyền xem.').count()).toBe(1);
    // And the users page is not for her.
    await page.goto('/users');
    await expect.poll(() => page.getByText('Bạn không có quyền thực hiện thao tác này.').count()).toBe(1);
    await page.context().close();
  });

  it('on a 360×740 phone: the menu is a drawer and the unit page is usable', async () => {
    const page = await env.newPage({ width: 360, height: 740 });
    await login(page, 'mttq.tamky');
    expect(await page.getByTestId('side-menu').count()).toBe(0); // no side bar on a phone
    await clickMenuItem(page, 'Đơn vị');
    await page.waitForURL(/\/units/);
    await expect.poll(() => page.getByTestId('menu-drawer').isVisible()).toBe(false);
    // She starts on her own unit.
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(COMMUNE_MTTQ);
    // The header's unit picker opens the tree from the bottom.
    await page.getByTestId('current-unit').click();
    const picker = page.getByTestId('unit-picker');
    await expandNode(page, COMMUNE_MTTQ);
    await expect.poll(async () => (await picker.getByRole('treeitem').allTextContents()).length).toBeGreaterThan(1);
    const child = (await picker.getByRole('treeitem').allTextContents()).find((x) => x !== COMMUNE_MTTQ)!;
    await openNode(page, child);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(child);
    // Nothing sticks out sideways and the main actions are on screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const add = page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' });
    const box = await add.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await add.click();
    const dialog = page.getByRole('dialog', { name: /Thêm đơn vị trực thuộc/ });
    const dbox = await dialog.boundingBox();
    expect(dbox && dbox.width <= 360).toBe(true);
    await snap(page, 'unit-form-360');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await snap(page, 'unit-360');
    await page.context().close();
  });

  it('units: export the children (CSV with BOM, .xlsx), a stale edit says "changed by someone else", move (field error, then done), a remembered draft, close and reopen', async () => {
    const page = await env.newPage();
    await login(page, 'mttq.tamky');
    const commune = await unitIdByCode(env.server, 'MTTQ-20341');
    await page.goto(`/units?unit=${commune}`);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe(COMMUNE_MTTQ);
    const table = page.getByTestId('children-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(1);

    // Exports, made in the browser.
    for (const [label, ext] of [['Xuất CSV (Excel)', 'csv'], ['Xuất Excel (.xlsx)', 'xlsx']] as const) {
      await table.getByRole('button', { name: 'Xuất tệp' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: label }).click()]);
      expect(download.suggestedFilename()).toBe(`MTTQ-20341-don-vi-truc-thuoc.${ext}`);
      const file = await download.path();
      const bytes = fs.readFileSync(file!);
      if (ext === 'csv') {
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads UTF-8
        const text = bytes.toString('utf8');
        expect(text).toContain('Tên đơn vị,Mã,Tổ chức');
        expect(text).toContain('Ban công tác Mặt trận tổ dân phố 1');
      } else {
        expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip: .xlsx
      }
    }

    // Edit: someone else saves first (the version moves on), our save is refused with a reload offer.
    const target = await unitIdByCode(env.server, 'MTTQ-20341-001');
    await page.goto(`/units?unit=${target}`);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe('Ban công tác Mặt trận tổ dân phố 1');
    await page.getByTestId('unit-more').click();
    await page.getByRole('menuitem', { name: 'Sửa thông tin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin đơn vị' });
    await dialog.getByLabel('Tên đơn vị').fill('Ban công tác Mặt trận TDP 1');
    await env.server.handle.db.execute(sql`UPDATE units SET version = version + 1 WHERE id = ${target}`);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const notice = page.locator('.ant-notification-notice', { hasText: 'Dữ liệu đã bị người khác thay đổi. Vui lòng tải lại.' });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByTestId('unit-more').click();
    await page.getByRole('menuitem', { name: 'Sửa thông tin' }).click();
    await dialog.getByLabel('Tên đơn vị').fill('Ban công tác Mặt trận TDP 1');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toBe('Ban công tác Mặt trận TDP 1');

    // Move: under a sibling branch the server refuses (outside its area), on the field; under the commune it works.
    await page.getByTestId('unit-more').click();
    await page.getByRole('menuitem', { name: 'Chuyển đơn vị' }).click();
    const move = page.getByRole('dialog', { name: /^Chuyển / });
    const picker = page.getByRole('dialog', { name: 'Chọn đơn vị' });
    await move.getByTestId('unit-picker-input').click();
    await picker.getByRole('searchbox').fill('mat tran to dan pho 2');
    await picker.getByRole('option', { name: /Ban công tác Mặt trận tổ dân phố 2/ }).click();
    await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
    await expect.poll(() => move.locator('.ant-form-item-explain-error').allTextContents()).toHaveLength(1);
    await move.getByTestId('unit-picker-input').click();
    await picker.getByRole('searchbox').fill('mttq viet nam phuong tam ky');
    await picker.getByRole('option', { name: new RegExp(COMMUNE_MTTQ) }).click();
    await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
    await expect.poll(() => page.getByText('Đã chuyển 1 đơn vị.').count()).toBeGreaterThan(0);

    // A long form keeps its draft: type, cancel, come back.
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const create = page.getByRole('dialog', { name: /Thêm đơn vị trực thuộc/ });
    await create.getByLabel('Tên đơn vị').fill('Tổ công tác bản nháp');
    await page.waitForTimeout(400);
    await create.getByRole('button', { name: 'Hủy' }).click();
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    await expect.poll(() => create.textContent()).toContain('Đã khôi phục bản nháp chưa gửi.');
    expect(await create.getByLabel('Tên đơn vị').inputValue()).toBe('Tổ công tác bản nháp');
    await create.getByRole('button', { name: 'Bỏ bản nháp' }).click();
    expect(await create.getByLabel('Tên đơn vị').inputValue()).toBe('');
    await create.getByRole('button', { name: 'Hủy' }).click();

    // Close (with a reason), then reopen.
    await page.getByTestId('unit-more').click();
    await page.getByRole('menuitem', { name: 'Giải thể' }).click();
    const close = page.getByRole('dialog', { name: /Giải thể/ });
    await close.getByLabel(/Lý do/).fill('Sáp nhập tổ dân phố');
    await close.getByRole('button', { name: 'Giải thể' }).click();
    await expect.poll(() => page.getByTestId('unit-view').textContent()).toContain('Sáp nhập tổ dân phố');
    await page.getByTestId('unit-more').click();
    await page.getByRole('menuitem', { name: 'Khôi phục hoạt động' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Khôi phục hoạt động' }).click();
    await expect.poll(async () => (await one<{ closedAt: string | null }>(env.server.handle.db, sql`SELECT closed_at AS "closedAt" FROM units WHERE id = ${target}`))?.closedAt).toBeNull();
    await page.context().close();
  });

  it('users: a unit admin creates an officer of a branch (server field errors on the form), resets the password, adds and removes a role', async () => {
    const page = await env.newPage();
    await login(page, 'mttq.tamky');
    await clickMenuItem(page, 'Người dùng');
    await page.waitForURL(/\/users/);
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const drawer = page.getByTestId('user-create-form');
    await drawer.getByLabel('Họ và tên').fill('Nguyễn Thị Mai');
    await drawer.getByLabel('Tên đăng nhập').fill('phunu.tamky'); // taken
    await drawer.getByLabel('Mật khẩu ban đầu').fill('MatKhau@2026');
    await drawer.getByLabel(/Số điện thoại/).fill('0905123456');
    await drawer.getByTestId('unit-picker-input').first().click();
    const picker = page.getByRole('dialog', { name: 'Chọn đơn vị' });
    await picker.getByRole('searchbox').fill('to dan pho 2');
    await picker.getByRole('option', { name: /Ban công tác Mặt trận tổ dân phố 2/ }).click();
    await page.getByRole('button', { name: 'Thêm mới' }).click();
    await expect.poll(() => drawer.locator('.ant-form-item-explain-error').allTextContents()).toEqual([expect.stringMatching(/tên đăng nhập|đã tồn tại|đã có/i)]);
    await drawer.getByLabel('Tên đăng nhập').fill('mai.nguyen');
    await page.getByRole('button', { name: 'Thêm mới' }).click();
    const edit = page.getByTestId('user-edit');
    await expect.poll(() => edit.textContent()).toContain('mai.nguyen');
    const user = await one<{ id: number; phone: string }>(env.server.handle.db, sql`SELECT id, phone FROM users WHERE username = 'mai.nguyen'`);
    expect(user?.phone).toBe('0905123456');
    await expect.poll(() => edit.getByTestId('grant-row').allTextContents()).toEqual([expect.stringContaining('Cán bộ nghiệp vụ Ban công tác Mặt trận tổ dân phố 2')]);

    // Reset the password; the new one works.
    await edit.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    const pw = page.getByRole('dialog', { name: /Đặt lại mật khẩu/ });
    await pw.getByLabel('Mật khẩu mới').fill('DoiMatKhau@1');
    await pw.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã đặt lại mật khẩu.').count()).toBeGreaterThan(0);

    // Another role, on the commune unit; then remove it.
    await edit.getByTestId('unit-picker-input').click();
    await picker.getByRole('searchbox').fill('mttq viet nam phuong tam ky');
    await picker.getByRole('option', { name: new RegExp(COMMUNE_MTTQ) }).click();
    await edit.getByRole('button', { name: 'Thêm quyền' }).click();
    await expect.poll(() => edit.getByTestId('grant-row').count()).toBe(2);
    await edit.getByTestId('grant-row').nth(1).getByRole('button', { name: 'Gỡ' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Gỡ' }).click();
    await expect.poll(() => edit.getByTestId('grant-row').count()).toBe(1);
    await page.context().close();

    const mai = await env.newPage();
    await login(mai, 'mai.nguyen', 'DoiMatKhau@1');
    await clickMenuItem(mai, 'Đơn vị');
    await expect.poll(() => mai.getByTestId('unit-picker').locator('.ant-tree-treenode:not([aria-hidden])').allTextContents()).toEqual(['Ban công tác Mặt trận tổ dân phố 2']);
    await mai.context().close();
  });

  it('job progress: bars update until done, the job id in the URL survives a reload; an ended session leads to the login page and back', async () => {
    const admin = await one<{ id: number }>(env.server.handle.db, sql`SELECT id FROM users WHERE username = 'admin'`);
    const job = await one<{ id: number }>(env.server.handle.db, sql`INSERT INTO jobs (kind, payload, created_by, status, progress_done, progress_total, message, started_at)
      VALUES ('e2e.demo', '{}'::jsonb, ${admin!.id}, 'running', 3, 10, 'Đang xử lý dòng 3', now()) RETURNING id`);
    const page = await env.newPage();
    await login(page, 'admin');
    await page.goto(`/jobs?job=${job!.id}`);
    const bar = page.getByTestId(`job-${job!.id}`).first();
    await expect.poll(() => bar.textContent()).toContain('Đang xử lý dòng 3');
    await expect.poll(() => bar.textContent()).toContain('30%');
    await page.reload();
    // A job that says what it counts says it in its message (the raw 3/10 is shown only without one).
    await expect.poll(() => page.getByTestId(`job-${job!.id}`).first().textContent()).toMatch(/30%.*Đang xử lý dòng 3/);
    await env.server.handle.db.execute(sql`UPDATE jobs SET status = 'done', progress_done = 10, message = 'Xong', finished_at = now() WHERE id = ${job!.id}`);
    await expect.poll(() => page.getByTestId(`job-${job!.id}`).first().getAttribute('data-status'), { timeout: 5000 }).toBe('done');
    expect(await page.getByTestId(`job-${job!.id}`).first().textContent()).toContain('Hoàn thành');
    await snap(page, 'jobs-1280');

    // The session ends on the server (expired, password reset): the next request leads to the
    // login page, and back to where the user was.
    await env.server.handle.db.execute(sql`DELETE FROM sessions WHERE user_id = ${admin!.id}`);
    await page.getByTestId('side-menu').getByText('Đơn vị', { exact: true }).click();
    await page.waitForURL(/\/login\?redirect=%2Funits/);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/units/);
    await page.context().close();
  });
});
