/**
 * Every page of the app on a 360 px phone: nothing wider than the screen (the page never scrolls
 * sideways; wide tables scroll inside their own box). The pages are read from the web modules'
 * route declarations, so a new page is walked too; a page with an id gets a real one from the demo.
 * At 1280 px, the petitions list still shows its status and deadline columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { hasChromium, login, ROOT, snap, startE2E, unitIdByCode, type E2E } from './helpers';
import { one } from '../server/kernel/db/sql';

/** `path: '…'` of every createRoute in web/modules/<name>/index.tsx (signed-in and public pages). */
function routePaths(): string[] {
  const dir = path.join(ROOT, 'web', 'modules');
  const out = new Set<string>();
  for (const m of fs.readdirSync(dir)) {
    const f = path.join(dir, m, 'index.tsx');
    if (!fs.existsSync(f)) continue;
    for (const x of fs.readFileSync(f, 'utf8').matchAll(/createRoute\(\{[^}]*?path: '([^']*)'/g)) out.add('/' + x[1].replace(/^\//, ''));
  }
  return [...out].sort();
}

async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; widest: string }> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    let widest = '';
    let right = vw;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) { right = r.right; widest = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} → ${Math.round(r.right)} px: "${(el.textContent ?? '').slice(0, 50)}"`; }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, widest };
  });
}

describe.skipIf(!hasChromium)('phone layout (Chromium)', () => {
  let env: E2E;
  let ids: Record<string, string>;
  let unit: number;
  beforeAll(async () => {
    env = await startE2E({ seed: 'full' });
    const db = env.server.handle.db;
    unit = await unitIdByCode(env.server, 'MTTQ-20341');
    const id = async (q: ReturnType<typeof sql>) => {
      const r = await one<{ id: number | string }>(db, q);
      if (!r) throw new Error('the demo has no row for a detail page');
      return String(r.id);
    };
    // Rows of the commune the officer works in where the demo has them; the busiest ones (the most to lay out).
    ids = {
      '/members/$id': await id(sql`SELECT m.id FROM memberships m JOIN units u ON u.id = m.unit_id JOIN units c ON c.id = ${unit} WHERE u.area_path <@ c.area_path ORDER BY m.id LIMIT 1`),
      '/movements/$id': await id(sql`SELECT movement_id AS id FROM mv_movement_indicators GROUP BY movement_id ORDER BY count(*) DESC, movement_id LIMIT 1`),
      '/movements/forms/$id': await id(sql`SELECT f.id FROM mv_forms f LEFT JOIN mv_flags fl ON fl.form_id = f.id WHERE f.unit_id = ${unit} GROUP BY f.id ORDER BY count(fl.id) DESC, f.id DESC LIMIT 1`),
      '/cases/$id': await id(sql`SELECT c.id FROM cases c JOIN case_steps s ON s.case_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`),
      '/directives/$id': await id(sql`SELECT id FROM directives ORDER BY id LIMIT 1`),
      '/directives/reports/$id': await id(sql`SELECT id FROM generated_reports ORDER BY id LIMIT 1`),
      '/tasks/$id': await id(sql`SELECT task_id AS id FROM task_reports GROUP BY task_id ORDER BY count(*) DESC, task_id LIMIT 1`),
      '/programs/$id': await id(sql`SELECT id FROM programs ORDER BY id LIMIT 1`),
    };
    const code = await one<{ code: string }>(db, sql`SELECT tracking_code AS code FROM cases WHERE NOT confidential ORDER BY id LIMIT 1`);
    ids['/tra-cuu'] = `?code=${encodeURIComponent(code!.code)}`;
  });
  afterAll(async () => { await env?.close(); });

  it('at 360 px no page is wider than the screen', async () => {
    const paths = routePaths();
    // The walk covers the modules' pages: a detail page without an id here fails instead of being skipped.
    expect(paths.length).toBeGreaterThan(30);
    const page = await env.newPage({ width: 360, height: 740 });
    await login(page, 'admin');
    const failures: string[] = [];
    for (const p of paths) {
      let url = p;
      if (p.includes('$')) {
        expect(ids[p], `a real id for ${p}`).toBeDefined();
        url = p.replace(/\$\w+/, ids[p]);
      } else if (ids[p]) url = p + ids[p];
      await page.goto(`${url}${url.includes('?') ? '&' : '?'}unit=${unit}`);
      await page.waitForLoadState('networkidle');
      // The page itself, not a spinner or an error: something of the app's content is drawn.
      await page.locator('.ant-card, .ant-result, .ant-table, .ant-empty, form').first().waitFor();
      await page.waitForTimeout(300); // charts and late layouts settle
      const o = await overflow(page);
      if (o.scrollWidth > o.innerWidth) failures.push(`${url}: ${o.scrollWidth} px (${o.widest})`);
      await snap(page, `phone${url.replace(/[/?=&$]/g, '_')}`);
    }
    expect(failures).toEqual([]);
    await page.context().close();
  }, 900_000); // some forty pages, each drawn in full

  it('at 1280 px the petitions list shows its status and deadline columns', async () => {
    const page = await env.newPage({ width: 1280, height: 800 });
    await login(page, 'admin');
    await page.goto(`/cases?unit=${unit}`);
    const table = page.getByTestId('cases-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    for (const title of ['Trạng thái', 'Hạn']) {
      const th = table.locator('thead th', { hasText: new RegExp(`^${title}$`) }).first();
      const box = await th.boundingBox();
      expect(box, `column ${title}`).not.toBeNull();
      // Inside the screen without scrolling the table sideways.
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
      expect(box!.width).toBeGreaterThan(40);
    }
    await page.context().close();
  });
});
