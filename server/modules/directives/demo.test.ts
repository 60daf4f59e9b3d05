import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { seedDemo } from '../../demo';
import directives from './index';
import { noticeParagraphs } from './directives.demo';

describe.each(engines())('directives demo on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    // The core demo province, then this module's demo only (other modules' demos are theirs to test).
    await seedDemo(t.handle, [directives], { password: 'Demo@12345' });
  });
  afterAll(async () => { await t?.close(); });

  it('mends the notice’s page breaks into whole paragraphs', () => {
    const p = noticeParagraphs();
    const first = p.find((x) => x.startsWith('1. Tiếp tục quán triệt'))!;
    expect(first).toContain('tạo sự chuyển biến căn bản, mạnh mẽ');
    expect(p.filter((x) => /^4\.[123]-/.test(x))).toHaveLength(3);
  });

  it('loads the notice with its tasks assigned to the right units, one overdue, and an annual report', async () => {
    const d = await one<{ id: number; symbol: string; number: string | null; issuingBody: string; issuer: string }>(t.handle.db, sql`
      SELECT d.id, d.symbol, d.number, d.issuing_body AS "issuingBody", u.code AS issuer FROM directives d JOIN units u ON u.id = d.issuer_unit_id`);
    expect(d).toMatchObject({ symbol: 'TB/TU', number: null, issuingBody: 'Thường trực Tỉnh ủy Quảng Nam', issuer: 'DANG-48' });
    const tasks = await rows<{ ordinal: string; kind: string; lead: string; parent: string | null; overdue: boolean }>(t.handle.db, sql`
      SELECT t.ordinal, t.kind, u.code AS lead, p.ordinal AS parent,
        (t.kind <> 'series' AND t.status NOT IN ('done','cancelled') AND t.deadline < current_date) AS overdue
      FROM directive_tasks t JOIN units u ON u.id = t.lead_unit_id LEFT JOIN directive_tasks p ON p.id = t.parent_id
      WHERE t.directive_id = ${d!.id} ORDER BY t.ordinal, t.period_year NULLS FIRST`);
    const lead = Object.fromEntries(tasks.filter((x) => x.kind !== 'instance').map((x) => [x.ordinal, x.lead]));
    expect(lead).toEqual({ '1': 'DANG-48', '2': 'DANG-48', '3': 'UBND-48', '4': 'MTTQ-48', '4.1': 'MTTQ-48', '4.2': 'MTTQ-48', '4.3': 'MTTQ-48', '5': 'BTGDV-48' });
    expect(tasks.filter((x) => x.parent === '4').map((x) => x.ordinal)).toEqual(['4.1', '4.2', '4.3']);
    expect(tasks.filter((x) => x.ordinal === '5').map((x) => x.kind)).toEqual(['series', 'instance', 'instance']);
    expect(tasks.filter((x) => x.overdue).map((x) => x.ordinal)).toEqual(['2']);
    const coord3 = await rows<{ code: string }>(t.handle.db, sql`SELECT u.code FROM task_coordinators c JOIN units u ON u.id = c.unit_id JOIN directive_tasks t ON t.id = c.task_id
      WHERE t.directive_id = ${d!.id} AND t.ordinal = '3'`);
    expect(coord3.map((x) => x.code)).toEqual(['MTTQ-48']);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM task_reports`))!.n).toBeGreaterThanOrEqual(5);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM dissemination_sessions`))!.n).toBe(3);
    const program = await one<{ parties: string[] }>(t.handle.db, sql`SELECT array_agg(u.code ORDER BY pp.label) AS parties FROM program_parties pp JOIN units u ON u.id = pp.unit_id`);
    expect(program!.parties).toEqual(['UBND-48', 'MTTQ-48']);
    const report = await one<{ kind: string; unit: string; n: number }>(t.handle.db, sql`SELECT g.kind, u.code AS unit, jsonb_array_length(g.provenance)::int AS n
      FROM generated_reports g JOIN units u ON u.id = g.unit_id`);
    expect(report).toMatchObject({ kind: 'annual', unit: 'BTGDV-48' });
    expect(report!.n).toBeGreaterThan(10);
  });
});
