import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, login, makeUnit, makeUser, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one } from '../../kernel/db/sql';
import { computeFigure, renderFigureBasis } from '../../kernel/registry';
import type { FigureQuery } from '../../kernel/module';

/**
 * Record figures count what a unit's records hold: its own subtree, or — for a Front unit, which
 * federates the member organizations — every organization's units located in its area. A Front ward
 * with members in its Women's and Youth unions used to get 0.
 */
describe.each(engines())('member figures on %s', (engine) => {
  let t: TestApp;
  let admin: TestUser;
  let cookie: string;
  const u: Record<string, TestUnit> = {};
  const from = '2026-01-01';
  const to = '2026-01-31';

  /** `n` people with a membership in a unit since 2025 (or ended before the period). */
  async function members(unit: TestUnit, n: number, o: { endedOn?: string; personIds?: number[] } = {}): Promise<number[]> {
    const ids: number[] = [...(o.personIds ?? [])];
    for (let i = ids.length; i < n; i++) {
      const p = await one<{ id: number }>(t.handle.db, sql`INSERT INTO member_people (full_name, name_fold) VALUES (${'Người ' + i}, ${'nguoi ' + i}) RETURNING id`);
      ids.push(p!.id);
    }
    for (const pid of ids.slice(0, n)) {
      await t.handle.db.execute(sql`INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, started_on, ended_on)
        VALUES (${pid}, ${unit.organizationId}, ${unit.id}, 'Người', 'nguoi', '2025-01-01', ${o.endedOn ?? null})`);
    }
    return ids;
  }
  const q = (x: TestUnit): FigureQuery => ({ unitId: x.id, unitPath: x.path, areaPath: x.areaPath, organizationId: x.organizationId, from, to });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const h = t.handle;
    u.frontProv = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', areaCode: '48' });
    u.frontWard = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam phường Hải Vân', parent: u.frontProv, areaCode: '20194' });
    u.womenProv = await makeUnit(h, { org: 'PHUNU', name: 'Hội LHPN thành phố Đà Nẵng', areaCode: '48' });
    u.womenWard = await makeUnit(h, { org: 'PHUNU', name: 'Hội LHPN phường Hải Vân', parent: u.womenProv, areaCode: '20194' });
    u.womenBranch = await makeUnit(h, { org: 'PHUNU', name: 'Chi hội Phụ nữ tổ 5', parent: u.womenWard, areaCode: '20194', kind: 'branch' });
    u.youthProv = await makeUnit(h, { org: 'DOAN', name: 'Thành đoàn Đà Nẵng', areaCode: '48' });
    u.youthWard = await makeUnit(h, { org: 'DOAN', name: 'Đoàn phường Hải Vân', parent: u.youthProv, areaCode: '20194' });
    u.womenOther = await makeUnit(h, { org: 'PHUNU', name: 'Hội LHPN phường Tam Kỳ', parent: u.womenProv, areaCode: '20341' });
    const women = await members(u.womenWard, 3);
    await members(u.womenBranch, 4);
    await members(u.youthWard, 5, { personIds: [women[0]] }); // one woman is also in the Youth Union
    await members(u.youthWard, 2, { endedOn: '2025-06-30' }); // left before the period
    await members(u.womenOther, 7); // another ward
    admin = await makeUser(h, [{ unit: null, role: 'admin' }]);
    cookie = await login(t, admin);
  });
  afterAll(async () => { await t?.close(); });

  it('a Front ward counts the memberships of every organization’s units in its area, and says so', async () => {
    const ctx = await ctxFor(t, admin);
    const m = (await computeFigure(ctx, 'members.memberships', q(u.frontWard)))!;
    expect(m).toMatchObject({ value: 3 + 4 + 5, covers: 'area' });
    expect(renderFigureBasis('vi', m.basis)).toBe('Từ sổ đoàn viên, hội viên của các tổ chức thành viên: Đoàn TN 5, Hội LHPN 7 — 3 đơn vị đặt trên địa bàn Phường Hải Vân; tính đến ngày 31/01/2026.');
    expect(renderFigureBasis('en', m.basis)).toBe('From the member registries of the member organizations: Đoàn TN 5, Hội LHPN 7 — 3 units located in Phường Hải Vân; as of 31/01/2026.');
    // People: the woman in both organizations counts once.
    expect((await computeFigure(ctx, 'members.people', q(u.frontWard)))!.value).toBe(11);
    // The province's Front covers every ward of the province.
    expect((await computeFigure(ctx, 'members.memberships', q(u.frontProv)))!.value).toBe(3 + 4 + 5 + 7);
    // Leaving in the year's range: the two who left in 2025 are in the 2025 flow, not in January 2026's.
    expect((await computeFigure(ctx, 'members.left', { ...q(u.frontWard), from: '2025-01-01', to: '2025-12-31' }))!.value).toBe(2);
  });

  it('a unit of a member organization keeps counting its own subtree', async () => {
    const ctx = await ctxFor(t, admin);
    const w = (await computeFigure(ctx, 'members.memberships', q(u.womenWard)))!;
    expect(w).toMatchObject({ value: 3 + 4, covers: 'subtree' });
    expect(renderFigureBasis('vi', w.basis)).toBe('Từ sổ đoàn viên, hội viên: Hội LHPN 7 — 2 đơn vị thuộc Hội LHPN phường Hải Vân; tính đến ngày 31/01/2026.');
    expect((await computeFigure(ctx, 'members.memberships', q(u.youthWard)))!.value).toBe(5);
    expect((await computeFigure(ctx, 'members.memberships', q(u.womenProv)))!.value).toBe(3 + 4 + 7);
  });

  it('the Front ward’s report form shows the real count with what it counted, and the approver sees the same', async () => {
    const ok = async (method: string, url: string, body?: unknown) => {
      const r = await t.req(method, url, { cookie, body });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    await ok('POST', '/api/indicators', { code: 'HV', ownerUnitId: u.frontProv.id, name: 'Số đoàn viên, hội viên (từ hồ sơ)', measure: 'lượt', valueType: 'integer', aggregation: 'latest', source: 'members.memberships', sourceMode: 'fill' });
    await ok('POST', '/api/indicators', { code: 'HD', ownerUnitId: u.frontProv.id, name: 'Số hộ tham gia', measure: 'hộ', valueType: 'integer', aggregation: 'sum' });
    const mv = await ok('POST', '/api/movements', { code: 'MV-HV', name: 'Phong trào', leadUnitId: u.frontProv.id, startsOn: '2026-01-01', organizations: ['MTTQ'], indicators: ['HV', 'HD'] });
    await ok('POST', `/api/movements/${mv.id}/schedules`, { frequency: 'month', firstPeriod: '2026-01', lastPeriod: '2026-01', dueDays: 10, minDepth: 1, maxDepth: 1 });
    const list = await ok('GET', `/api/reports/forms?unit=${u.frontWard.id}&period=2026-01&movement=${mv.id}`);
    const formId = list.items.find((x: { unitId: number }) => x.unitId === u.frontWard.id).id;
    const draft = await ok('GET', `/api/reports/forms/${formId}`);
    const hv = (d: { indicators: { code: string; recordValue: number | null; recordBasis: string | null }[] }) => d.indicators.find((i) => i.code === 'HV')!;
    expect(hv(draft)).toMatchObject({ recordValue: 12, recordBasis: expect.stringContaining('Đoàn TN 5, Hội LHPN 7') });
    const saved = await ok('PUT', `/api/reports/forms/${formId}`, { version: draft.version, values: [{ indicator: 'HD', value: 40 }] });
    await ok('POST', `/api/reports/forms/${formId}/submit`, { version: saved.version });
    // New members after submission do not change what was sent up, nor its explanation.
    await members(u.youthWard, 1);
    const sent = await ok('GET', `/api/reports/forms/${formId}`);
    expect(hv(sent)).toEqual(expect.objectContaining({ recordValue: 12, recordBasis: hv(draft).recordBasis }));
    // The report generator's figure link gives the same number and basis.
    const fig = await ok('GET', `/api/directives/figures/members.memberships?unitId=${u.frontWard.id}&from=${from}&to=${to}`);
    expect(fig).toMatchObject({ value: 13, basis: expect.stringContaining('Đoàn TN 6, Hội LHPN 7') });
    // The ward's annual report: the Front's row holds the organizations' members, so the total does not add it twice.
    const draftReport = await ok('POST', '/api/directives/reports/preview', { unitId: u.frontWard.id, kind: 'annual', period: '2026' });
    const table = draftReport.tables.find((x: { section: string }) => x.section === 'members');
    const col = table.columns.indexOf('Số hội viên, đoàn viên (lượt)');
    expect(col).toBeGreaterThan(0);
    expect(table.rows.map((r: (string | number)[]) => [r[0], r[col]])).toEqual([
      ['Ủy ban MTTQ Việt Nam phường Hải Vân', 13], ['Đoàn phường Hải Vân', 6], ['Hội LHPN phường Hải Vân', 7], ['Tổng cộng', 13]]);
    expect(table.notes).toEqual([expect.stringMatching(/^Ủy ban MTTQ Việt Nam phường Hải Vân: Từ sổ đoàn viên, hội viên của các tổ chức thành viên: Đoàn TN 6, Hội LHPN 7 .* không cộng vào dòng Tổng cộng/)]);
  });
});
