/**
 * A commune officer's day on a 360 px phone: she starts on her own unit with her work for today,
 * one tap opens a due item; the bell counts her unread notifications, a new one pops up as a system
 * notification, the notifications page marks them read; the menu lists what her role uses, the rest
 * under "Thêm".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { clickMenuItem, hasChromium, login, openMoreMenu, sideMenu, snap, startE2E, type E2E } from './helpers';
import { one } from '../server/kernel/db/sql';
import { notifyUser } from '../server/kernel/notify';

const COMMUNE_MTTQ = 'Ủy ban MTTQ Việt Nam phường Tam Kỳ';
// The commune Front's officer of the demo (her unit has reports due, cases and approvals waiting).
const OFFICER = 'mttq.tamky';

describe.skipIf(!hasChromium)("a commune officer's day (Chromium, 360 px)", () => {
  let env: E2E;
  let userId: number;
  const unread = async () => (await one<{ n: number }>(env.server.handle.db, sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND channel = 'app' AND read_at IS NULL`))!.n;

  beforeAll(async () => {
    env = await startE2E();
    userId = (await one<{ id: number }>(env.server.handle.db, sql`SELECT id FROM users WHERE username = ${OFFICER}`))!.id;
  }, 300_000);
  afterAll(async () => { await env?.close(); });

  it('home lists her work for today on her own unit; one tap opens an item; the bell counts, a new notification pops up, the page marks read; the menu is short', async () => {
    const page = await env.newPage({ width: 360, height: 740 });
    // The browser's notifications, recorded instead of shown (allowed, as after the user's "yes").
    await page.addInitScript(() => {
      const shown: { title: string; body?: string }[] = [];
      (window as unknown as { __shown: typeof shown }).__shown = shown;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, opts: { body?: string } = {}) { shown.push({ title, body: opts.body }); }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    await login(page, OFFICER);

    // Her own unit, without picking it.
    await expect.poll(() => page.getByTestId('current-unit').textContent()).toContain(COMMUNE_MTTQ);
    expect(page.url()).toMatch(/[?&]unit=\d+/);

    // Her work for today: what the server lists, overdue first, each a link.
    const api = await (await page.request.get('/api/me/today')).json() as { items: { title: string; link: string; overdue: boolean }[] };
    expect(api.items.length).toBeGreaterThan(0);
    const rows = page.getByTestId('today-item');
    await expect.poll(() => rows.count()).toBe(api.items.length);
    expect(await rows.first().textContent()).toContain(api.items[0].title);
    if (api.items.some((i) => i.overdue)) expect(await rows.first().textContent()).toContain('Quá hạn từ');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(page, 'today-360');
    const href = (await rows.first().getAttribute('href'))!;
    expect(href).toBe(api.items[0].link);
    await rows.first().click();
    await page.waitForURL((u) => u.pathname === new URL(href, 'http://x').pathname);
    expect(await page.getByText('Trang gặp lỗi khi hiển thị.').count()).toBe(0);

    // The bell: her unread count.
    const bell = page.getByTestId('bell');
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    await expect.poll(() => bell.getAttribute('data-count')).toBe(String(before));
    await bell.click();
    await page.waitForURL(/\/notifications/);
    await expect.poll(() => page.getByTestId('notifications-unread').textContent()).toBe(`${before} chưa đọc`);
    await expect.poll(() => page.getByTestId('notification').count()).toBe(Math.min(await one<{ n: number }>(env.server.handle.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND channel = 'app'`).then((r) => r!.n), 20));

    // Device notifications on; a new notification arrives while the tab is open.
    await page.getByTestId('system-on').click();
    await expect.poll(() => page.getByTestId('system-notifications').textContent()).toContain('Đang bật trên máy này.');
    await notifyUser(env.server.handle.db, { userId, key: 'petitions.notice.case_assigned', params: { code: 'E2E-0001' }, link: '/cases' });
    // The bell asks every minute and when the tab comes back to the front: bring it back.
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => bell.getAttribute('data-count'), { timeout: 10_000 }).toBe(String(before + 1));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __shown: { title: string }[] }).__shown.map((n) => n.title)))
      .toEqual(['Bạn được phân công xử lý vụ việc E2E-0001']);

    // Mark one read, then all.
    const first = page.getByTestId('notification').first();
    await expect.poll(() => first.textContent()).toContain('E2E-0001');
    await first.getByTestId('mark-read').click();
    await expect.poll(() => bell.getAttribute('data-count')).toBe(String(before));
    await expect.poll(() => first.getAttribute('data-read')).toBe('true');
    await snap(page, 'notifications-360');
    await page.getByTestId('mark-all-read').click();
    await expect.poll(() => bell.getAttribute('data-count')).toBe('0');
    expect(await unread()).toBe(0);
    await page.getByTestId('notifications-filter').getByText('Chưa đọc').click();
    await expect.poll(() => page.getByText('Bạn đã đọc hết thông báo.').count()).toBe(1);

    // The menu: what a commune Front committee uses, the rest under "Thêm".
    const menu = await sideMenu(page);
    const top = menu.locator(':scope > li.ant-menu-item');
    const labels = await top.allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Trang chủ', 'Phản ánh, đơn thư', 'Bảng theo dõi nhiệm vụ']));
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels).not.toContain('Nhật ký hệ thống');
    expect(labels).not.toContain('Công việc nền');
    await expect.poll(() => menu.getByTestId('menu-more').textContent()).toBe('Thêm');
    await openMoreMenu(menu);
    await expect.poll(() => menu.getByText('Nhật ký hệ thống', { exact: true }).isVisible()).toBe(true);
    await snap(page, 'menu-360');
    await clickMenuItem(page, 'Công việc nền');
    await page.waitForURL(/\/jobs/);
    await page.context().close();
  });
});
