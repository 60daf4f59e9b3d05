import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, type TestApp, type TestUser } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { notifyUnit, notifyUser } from '../../kernel/notify';
import { periodParam } from '../movements/reminders';

describe.each(engines())('notifications on %s', (engine) => {
  let t: TestApp;
  let hoa: TestUser, lan: TestUser;
  const ck: Record<string, string> = {};
  const get = (who: string, url: string, headers: Record<string, string> = {}) => t.req('GET', url, { cookie: ck[who], headers });
  const post = (who: string, url: string) => t.req('POST', url, { cookie: ck[who] });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const unit = await makeUnit(t.handle, { org: 'PHUNU', name: 'Hội LHPN phường Tam Kỳ', areaCode: '20341' });
    hoa = await makeUser(t.handle, [{ unit, role: 'officer' }]);
    lan = await makeUser(t.handle, [{ unit, role: 'officer' }]);
    ck.hoa = await login(t, hoa);
    ck.lan = await login(t, lan);
    // Hoa: 25 notifications (a row written before keys existed, then keyed ones); Lan: 3, from the same unit-wide notice and her own.
    await t.handle.db.execute(sql`INSERT INTO notifications (user_id, channel, title, body, link) VALUES (${hoa.id}, 'app', 'Thông báo cũ', 'Nội dung cũ', '/cases/1')`);
    for (let i = 1; i <= 23; i++) await notifyUser(t.handle.db, { userId: hoa.id, key: 'petitions.notice.case_assigned', params: { code: `PA-${i}` }, link: `/cases/${i}` });
    await notifyUnit(t.handle.db, unit.id, { key: 'movements.notice.form_returned', params: { period: periodParam('2026-Q1'), movement: 'Đường giao thông nông thôn' }, body: 'Thiếu số liệu tháng 3', link: '/movements/forms/7' });
    await notifyUser(t.handle.db, { userId: lan.id, key: 'petitions.notice.case_assigned', params: { code: 'PA-LAN' }, link: '/cases/99' });
    await notifyUser(t.handle.db, { userId: lan.id, key: 'petitions.notice.case_assigned', params: { code: 'PA-LAN2' }, link: '/cases/98' });
    // The outbox is not anybody's inbox.
    await t.handle.db.execute(sql`INSERT INTO notifications (user_id, channel, recipient, title, body) VALUES (${hoa.id}, 'email', 'hoa@example.vn', 'Thư', 'Nội dung')`);
  });
  afterAll(async () => { await t?.close(); });

  it('needs a session on every route', async () => {
    for (const [m, u] of [['GET', '/api/notifications'], ['GET', '/api/notifications/unread-count'], ['POST', '/api/notifications/read-all'], ['POST', '/api/notifications/1/read']] as const) {
      expect((await t.req(m, u)).statusCode, `${m} ${u}`).toBe(401);
    }
  });

  it('lists only my in-app notifications, newest first, a page at a time, with the unread count', async () => {
    const p1 = (await get('hoa', '/api/notifications?limit=10')).json();
    expect(p1.total).toBe(25);
    expect(p1.unread).toBe(25);
    expect(p1.items).toHaveLength(10);
    expect(p1.items[0].title).toContain('Quý 1/2026');
    const p3 = (await get('hoa', '/api/notifications?limit=10&offset=20')).json();
    expect(p3.items).toHaveLength(5);
    expect(p3.items[4]).toMatchObject({ title: 'Thông báo cũ', body: 'Nội dung cũ', link: '/cases/1', readAt: null });
    const ids = [...p1.items, ...p3.items].map((n: { id: number }) => n.id);
    expect(new Set(ids).size).toBe(15);
    expect((await get('hoa', '/api/notifications/unread-count')).json()).toEqual({ unread: 25, newest: p1.items[0].id });
    const lanList = (await get('lan', '/api/notifications')).json();
    expect(lanList.total).toBe(3);
    expect(lanList.items.map((n: { title: string }) => n.title).join('|')).not.toContain('PA-1');
    expect((await get('hoa', '/api/notifications?limit=0')).statusCode).toBe(400);
  });

  it('another user can neither read nor mark my notification by its id', async () => {
    const mine = (await get('hoa', '/api/notifications?limit=1')).json().items[0];
    expect((await post('lan', `/api/notifications/${mine.id}/read`)).statusCode).toBe(404);
    const after = (await get('hoa', '/api/notifications?limit=1')).json().items[0];
    expect(after.readAt).toBeNull();
    // Lan's "all read" leaves Hoa's unread.
    expect((await post('lan', '/api/notifications/read-all')).json()).toEqual({ marked: 3 });
    expect((await get('hoa', '/api/notifications/unread-count')).json()).toMatchObject({ unread: 25 });
    expect((await get('lan', '/api/notifications/unread-count')).json()).toEqual({ unread: 0, newest: null });
  });

  it('marks one read, filters unread, then marks all read', async () => {
    const first = (await get('hoa', '/api/notifications?limit=1')).json().items[0];
    expect((await post('hoa', `/api/notifications/${first.id}/read`)).statusCode).toBe(204);
    const unread = (await get('hoa', '/api/notifications?unread=true&limit=100')).json();
    expect(unread.total).toBe(24);
    expect(unread.items.some((n: { id: number }) => n.id === first.id)).toBe(false);
    const all = (await get('hoa', '/api/notifications?limit=1')).json();
    expect(all.items[0].readAt).not.toBeNull();
    expect((await post('hoa', '/api/notifications/read-all')).json()).toEqual({ marked: 24 });
    expect((await get('hoa', '/api/notifications/unread-count')).json()).toMatchObject({ unread: 0 });
    expect((await post('hoa', '/api/notifications/999999/read')).statusCode).toBe(404);
  });

  it('shows the same stored notification in the reader’s language: the request’s, else the profile’s', async () => {
    const row = (await one<{ title: string; messageKey: string }>(t.handle.db, sql`SELECT title, message_key AS "messageKey" FROM notifications WHERE user_id = ${hoa.id} AND link = '/movements/forms/7'`))!;
    // Stored once: the key with its parameters, and the Vietnamese text kept for the outbox and older readers.
    expect(row).toEqual({ title: 'Báo cáo bị trả lại: Quý 1/2026', messageKey: 'movements.notice.form_returned' });
    const vi = (await get('hoa', '/api/notifications?limit=1', { 'x-lang': 'vi' })).json().items[0];
    const en = (await get('hoa', '/api/notifications?limit=1', { 'x-lang': 'en' })).json().items[0];
    expect(vi.id).toBe(en.id);
    expect(vi.title).toBe('Báo cáo bị trả lại: Quý 1/2026');
    expect(en.title).toBe('Report returned: Q1 2026');
    // A person's words are shown as written.
    expect(en.body).toBe('Thiếu số liệu tháng 3');
    const enCase = (await get('hoa', '/api/notifications?limit=2', { 'x-lang': 'en' })).json().items[1];
    expect(enCase.title).toBe('You are assigned to handle case PA-23');
    // No header: the user's own language setting.
    await t.handle.db.execute(sql`UPDATE users SET locale = 'en' WHERE id = ${hoa.id}`);
    const byProfile = (await get('hoa', '/api/notifications?limit=1')).json().items[0];
    expect(byProfile.title).toBe('Report returned: Q1 2026');
    // A row from before keys existed reads as it was written, in any language.
    const old = (await get('hoa', '/api/notifications?limit=1&offset=24', { 'x-lang': 'en' })).json().items[0];
    expect(old.title).toBe('Thông báo cũ');
  });
});
