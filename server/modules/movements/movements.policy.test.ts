/**
 * The movements module's declared policies, decided by the kernel on real rows: for each resource,
 * another commune's officer reads it as not found (404), and a caller who sees it but may not do the
 * action gets 403; a movement is also seen from below its lead unit, and the lists' SQL (`inScope`)
 * selects what the decision lets through.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, makeUser, scopeFixture, type TestApp, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { inScope, loadAuthorized } from '../../kernel/access/policy';
import { zCreateIndicatorInput, zCreateMovementInput, zCreateScheduleInput } from '../../../common/movements';
import { createIndicator, createMovement, createSchedule, getIndicator, listIndicators } from './catalogue.service';

describe.each(engines())('movements policies on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let provAdmin: TestUser;
  let provinceMovement: number, communeMovement: number, communeForm: number, branchForm: number, flagId: number, indicatorId: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    provAdmin = await makeUser(t.handle, [{ unit: f.province, role: 'unit_admin' }]);
    const prov = await ctxFor(t, provAdmin);
    indicatorId = (await createIndicator(prov, zCreateIndicatorInput.parse({ code: 'PT_HO', ownerUnitId: f.province.id, name: 'Hộ đạt chuẩn', measure: 'hộ', valueType: 'integer', aggregation: 'sum' }))).id;
    provinceMovement = (await createMovement(prov, zCreateMovementInput.parse({ code: 'PT-TP', name: 'Phong trào của thành phố', leadUnitId: f.province.id, startsOn: '2026-01-01', indicators: ['PT_HO'] }))).id;
    const communeA = await ctxFor(t, f.adminA);
    communeMovement = (await createMovement(communeA, zCreateMovementInput.parse({ code: 'PT-XA', name: 'Phong trào của phường', leadUnitId: f.communeA.id, startsOn: '2026-01-01', indicators: ['PT_HO'] }))).id;
    await createSchedule(communeA, communeMovement, zCreateScheduleInput.parse({ frequency: 'month', firstPeriod: '2026-01', lastPeriod: '2026-01', minDepth: 0, maxDepth: 1 }), new Date('2026-02-01T00:00:00Z'));
    const form = async (unitId: number) => (await one<{ id: number }>(t.handle.db, sql`SELECT id FROM mv_forms WHERE movement_id = ${communeMovement} AND unit_id = ${unitId}`))!.id;
    communeForm = await form(f.communeA.id);
    branchForm = await form(f.branchA.id);
    flagId = (await one<{ id: number }>(t.handle.db, sql`INSERT INTO mv_flags (form_id, unit_id, rule) VALUES (${branchForm}, ${f.branchA.id}, 'round') RETURNING id`))!.id;
  });
  afterAll(async () => { await t?.close(); });

  /** What the kernel answers for `who` doing `action` on the resource's row: 'OK', or the error code. */
  const answer = async (who: TestUser, resource: string, id: number, action: string): Promise<string> =>
    loadAuthorized(await ctxFor(t, who), resource, id, action).then(() => 'OK', (e: { code: string }) => e.code);

  it('another commune reads none of the rows: each resource answers its own 404', async () => {
    const cases: [string, number, string][] = [
      ['movements.movement', communeMovement, 'MOVEMENT_NOT_FOUND'], ['movements.movement_lead', communeMovement, 'MOVEMENT_NOT_FOUND'],
      ['movements.form', communeForm, 'FORM_NOT_FOUND'], ['movements.flag', flagId, 'FLAG_NOT_FOUND'], ['movements.unit', f.communeA.id, 'UNIT_NOT_FOUND'],
    ];
    for (const [resource, id, notFound] of cases) {
      expect(await answer(f.officerB, resource, id, 'movements.read')).toBe(notFound);
      expect(await answer(f.viewerA, resource, id, 'movements.read')).toBe('OK');
    }
  });

  it('seen but not allowed is 403; the level above approves, even where the form’s own unit would allow', async () => {
    expect(await answer(f.viewerA, 'movements.movement', communeMovement, 'movements.manage')).toBe('FORBIDDEN');
    expect(await answer(f.viewerA, 'movements.movement_lead', communeMovement, 'movements.manage')).toBe('FORBIDDEN');
    expect(await answer(f.adminA, 'movements.movement_lead', communeMovement, 'movements.manage')).toBe('OK');
    expect(await answer(f.viewerA, 'movements.form', communeForm, 'reports.fill')).toBe('FORBIDDEN');
    expect(await answer(f.officerA, 'movements.form', communeForm, 'reports.fill')).toBe('OK');
    // Commune A's unit_admin holds reports.approve at commune A, the form's unit; the province approves it.
    expect(await answer(f.adminA, 'movements.form', communeForm, 'reports.approve')).toBe('FORBIDDEN');
    expect(await answer(f.adminA, 'movements.form', branchForm, 'reports.approve')).toBe('OK');
    expect(await answer(f.officerA, 'movements.flag', flagId, 'reports.approve')).toBe('FORBIDDEN');
    expect(await answer(f.adminA, 'movements.flag', flagId, 'reports.approve')).toBe('OK');
    expect(await answer(f.viewerA, 'movements.unit', f.communeA.id, 'movements.manage')).toBe('FORBIDDEN');
  });

  it('the province’s movement is seen from below, by subtree grants only, and managed at its lead unit alone', async () => {
    expect(await answer(f.officerB, 'movements.movement', provinceMovement, 'movements.read')).toBe('OK');
    expect(await answer(f.supervisorA, 'movements.movement', provinceMovement, 'movements.read')).toBe('MOVEMENT_NOT_FOUND');
    // Commune A's unit_admin manages movements in its own subtree, and reaches the province's from below: seen, not managed.
    expect(await answer(f.adminA, 'movements.movement', provinceMovement, 'movements.manage')).toBe('FORBIDDEN');
    expect(await answer(f.adminA, 'movements.movement_lead', provinceMovement, 'movements.manage')).toBe('MOVEMENT_NOT_FOUND');
    expect(await answer(provAdmin, 'movements.movement_lead', provinceMovement, 'movements.manage')).toBe('OK');
  });

  it('the national catalogue: whoever reads movements anywhere; by id, anyone else reads it as not found', async () => {
    const nobody = await ctxFor(t, await makeUser(t.handle, []));
    await expect(getIndicator(nobody, indicatorId)).rejects.toMatchObject({ status: 404, code: 'INDICATOR_NOT_FOUND' });
    await expect(listIndicators(nobody)).rejects.toMatchObject({ status: 403 });
    expect((await getIndicator(await ctxFor(t, f.supervisorA), indicatorId)).code).toBe('PT_HO');
  });

  it('the lists select what the decision lets through', async () => {
    const movements = async (who: TestUser) => (await rows<{ id: number }>(t.handle.db, sql`SELECT m.id FROM mv_movements m JOIN units lu ON lu.id = m.lead_unit_id
      WHERE m.id IN (${provinceMovement}, ${communeMovement}) AND ${inScope(await ctxFor(t, who), 'movements.movement', 'movements.read')} ORDER BY m.id`)).map((r) => r.id);
    expect(await movements(f.officerB)).toEqual([provinceMovement]);
    expect(await movements(f.officerA)).toEqual([provinceMovement, communeMovement]);
    expect(await movements(f.supervisorA)).toEqual([communeMovement]);
    const forms = async (who: TestUser, action: string) => (await rows<{ id: number }>(t.handle.db, sql`SELECT f.id FROM mv_forms f JOIN units u ON u.id = f.unit_id
      WHERE f.movement_id = ${communeMovement} AND ${inScope(await ctxFor(t, who), 'movements.form', action)} ORDER BY f.id`)).map((r) => r.id);
    expect(await forms(f.officerB, 'movements.read')).toEqual([]);
    expect(await forms(f.viewerA, 'movements.read')).toEqual([communeForm, branchForm].sort((a, b) => a - b));
    expect(await forms(f.viewerA, 'reports.fill')).toEqual([]);
  });
});
