/**
 * The member import journey in a real browser: the Women's Union officer of phường Tam Kỳ uploads the
 * branch's old Excel list (title rows, mixed date forms, a TCVN3 name, a duplicate, a bad CCCD),
 * checks the column mapping and preview, runs the import as a job, reads the report (which survives a
 * reload), and finds the converted name in the member list. A member another organization also
 * counts keeps her personal record: the edit form changes only the membership.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { hasChromium, login, snap, startE2E, unitIdByCode, type E2E } from './helpers';
import { one } from '../server/kernel/db/sql';
import { startJobRunner } from '../server/kernel/jobs';
import { makeMemberFile } from '../server/modules/members/members.fixtures';
import { createMember } from '../server/modules/members/members.service';
import { systemCtx, type Actor } from '../server/kernel/context';

describe.skipIf(!hasChromium)('members import journey (Chromium)', () => {
  let env: E2E;
  let stopJobs: () => Promise<void>;
  let file: string;
  let dir: string;
  let branchId: number;

  beforeAll(async () => {
    env = await startE2E({ seed: 'core' });
    stopJobs = startJobRunner(env.server.handle.db, env.server.handle.engine, { pollMs: 200 });
    branchId = await unitIdByCode(env.server, 'PHUNU-20341-001');
    const old = (await one<{ n: string }>(env.server.handle.db, sql`SELECT regexp_replace(old_name, '^(Xã|Phường|Thị trấn) ', '') AS n FROM area_mappings
      WHERE new_code = '20341' AND old_name IS NOT NULL AND old_code <> '20341' ORDER BY old_code LIMIT 1`))!.n;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-e2e-members-'));
    file = path.join(dir, 'danh-sach-chi-hoi-1.xlsx');
    fs.writeFileSync(file, await makeMemberFile(old));
  }, 300_000);
  afterAll(async () => {
    await stopJobs?.();
    await env?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports an old Excel list through the wizard and shows the report', async () => {
    const page = await env.newPage();
    await login(page, 'phunu.tamky');
    await page.goto(`/members/import?unit=${branchId}`);
    await page.locator('input[type=file]').setInputFiles(file);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect.poll(() => preview.textContent()).toContain('Dòng tiêu đề: 3');
    const table = page.getByTestId('preview-table');
    await expect.poll(() => table.textContent()).toContain('Trần Thị Mỹ');
    const text = (await table.textContent())!;
    expect(text).toContain('TCVN3');
    expect(text).toContain('Trùng dòng 4');
    expect(text).toContain('Số CCCD phải gồm đúng 12 chữ số.');
    await snap(page, 'members-import-preview');

    await page.getByTestId('import-start').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain('Thêm mới 3 · cập nhật 1 · bỏ qua 0 · từ chối 2');
    const errors = (await page.getByTestId('import-errors').textContent())!;
    expect(errors).toContain('Số CCCD phải gồm đúng 12 chữ số.');
    expect(errors).toContain('Tổ chức chỉ kết nạp nữ.');
    // The reject report downloads as an .xlsx.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await snap(page, 'members-import-report');

    // The job is in the URL: the report survives a reload.
    await page.reload();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-summary').textContent()).toContain('từ chối 2');

    // The converted name is found without diacritics in the member list.
    await page.goto(`/members?unit=${branchId}`);
    await page.getByTestId('member-search').locator('input').fill('tran thi my');
    await page.getByTestId('member-search').locator('input').press('Enter');
    const list = page.getByTestId('members-table');
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('Trần Thị Mỹ');
    await page.getByTestId('member-link').first().click();
    await page.getByTestId('member-timeline').waitFor();
    expect(await page.getByTestId('member-page').textContent()).toContain('Kết nạp / bắt đầu sinh hoạt');
  });

  it('is usable on a 360 px phone: the list and the import wizard fit', async () => {
    const page = await env.newPage({ width: 360, height: 740 });
    await login(page, 'phunu.tamky');
    await page.goto(`/members?unit=${branchId}`);
    await page.getByTestId('members-table').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(370);
    await snap(page, 'members-360');
  });

  it('a member the Farmers’ Union also counts: her personal fields are read-only, the card number still changes', async () => {
    const db = env.server.handle.db;
    const hoa = (await one<{ id: number; personId: number }>(db, sql`SELECT id, person_id AS "personId" FROM memberships WHERE full_name = 'Nguyễn Thị Hoa' AND unit_id = ${branchId}`))!;
    // The Farmers' Union records her too (here: the province's administrator, who may write anywhere).
    const adminId = (await one<{ id: number }>(db, sql`SELECT user_id AS id FROM grants WHERE role = 'admin' ORDER BY user_id LIMIT 1`))!.id;
    const admin: Actor = { userId: adminId, username: 'admin', fullName: 'admin', grants: [], isAdmin: true };
    await createMember({ ...systemCtx(db, env.server.handle.engine), actor: admin },
      { fullName: 'Nguyễn Thị Hoa', personId: hoa.personId, unitId: await unitIdByCode(env.server, 'NONGDAN-20341'), joinedOn: '2020-01-01', role: 'member' });
    const page = await env.newPage();
    await login(page, 'phunu.tamky');
    await page.goto(`/members/${hoa.id}`);
    await page.getByTestId('member-edit').click();
    await page.getByTestId('person-shared').waitFor();
    expect(await page.getByTestId('f-fullName').isDisabled()).toBe(true);
    expect(await page.getByTestId('f-cccd').isDisabled()).toBe(true);
    await page.getByLabel('Số thẻ').fill('PN-2026');
    await snap(page, 'members-edit-shared');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('person-shared').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('member-page').textContent()).toContain('PN-2026');
    const p = await one<{ fullName: string }>(db, sql`SELECT full_name AS "fullName" FROM member_people WHERE id = ${hoa.personId}`);
    expect(p!.fullName).toBe('Nguyễn Thị Hoa');
  });
});
