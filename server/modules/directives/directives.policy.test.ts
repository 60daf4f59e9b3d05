/**
 * The directives module's declared policies, decided by the kernel on real rows: for each resource,
 * another commune's officer reads it as not found (404), and a caller who sees it but may not do the
 * action gets 403; the lists' SQL (`inScope`) selects the same rows the decision lets through.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, makeUnit, makeUser, scopeFixture, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { decide, inScope, loadAuthorized, policyOf } from '../../kernel/access/policy';
import { zCreateDirectiveInput, zProgramInput, zSessionInput } from '../../../common/directives';
import { createDirective } from './directives.service';
import { addSession } from './dissemination.service';
import { createProgram } from './programs.service';
import { reportingUnit, type DirectiveAccess, type TaskAccess } from './directives.policy';

describe.each(engines())('directives policies on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let dang: TestUnit;
  let issuer: TestUser, branchOfficer: TestUser;
  let directiveId: number, taskId: number, sessionId: number, programId: number, clauseId: number, reportId: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    dang = await makeUnit(t.handle, { org: 'DANG', name: 'Thành ủy Đà Nẵng', areaCode: '48' });
    issuer = await makeUser(t.handle, [{ unit: dang, role: 'unit_admin' }]);
    branchOfficer = await makeUser(t.handle, [{ unit: f.branchA, role: 'officer' }]);
    // Issued by the Party committee (another tree), received by commune A, its task led by commune A with branch A coordinating.
    const d = await createDirective(await ctxFor(t, issuer), zCreateDirectiveInput.parse({
      issuerUnitId: dang.id, kind: 'notice', issuingBody: 'Thường trực Thành ủy', title: 'Kế hoạch tuyên truyền', recipientUnitIds: [f.communeA.id],
      tasks: [{ ordinal: '1', title: 'Tổ chức quán triệt', leadUnitId: f.communeA.id, coordinatorUnitIds: [f.branchA.id] }],
    }));
    directiveId = d.id;
    taskId = d.tasks[0].id;
    sessionId = (await addSession(await ctxFor(t, f.officerA), directiveId, zSessionInput.parse({ unitId: f.branchA.id, heldOn: '2026-03-02', audience: 'Hội viên', attendanceTotal: 12 }))).id;
    const p = await createProgram(await ctxFor(t, issuer), zProgramInput.parse({
      unitId: dang.id, kind: 'program', title: 'Chương trình phối hợp', periodFrom: '2026-01-01', periodTo: '2026-12-31',
      parties: [{ unitId: dang.id, label: 'Bên A' }, { unitId: f.communeA.id, label: 'Bên B' }],
      clauses: [{ ordinal: '1', text: 'Tuyên truyền', ownerUnitId: f.communeA.id }],
    }));
    programId = p.id;
    clauseId = p.clauses[0].id;
    reportId = (await one<{ id: number }>(t.handle.db, sql`INSERT INTO generated_reports (unit_id, kind, period, period_from, period_to, title, header, sections, format)
      VALUES (${f.communeA.id}, 'annual', '2026', '2026-01-01', '2026-12-31', 'Báo cáo', '{}'::jsonb, '[]'::jsonb, 'docx') RETURNING id`))!.id;
  });
  afterAll(async () => { await t?.close(); });

  /** The status the kernel answers for `who` doing `action` on the resource's row (200 when allowed). */
  const status = async (who: TestUser, resource: string, id: number, action: string): Promise<number> => {
    try { await loadAuthorized(await ctxFor(t, who), resource, id, action); return 200; } catch (e) { return (e as { status: number }).status; }
  };
  const code = async (who: TestUser, resource: string, id: number) =>
    loadAuthorized(await ctxFor(t, who), resource, id, policyOf(resource).read).then(() => 'OK', (e: { code: string }) => e.code);

  it('another commune reads none of the rows: each resource answers its own 404', async () => {
    const cases: [string, number, string][] = [
      ['directives.directive', directiveId, 'DIRECTIVE_NOT_FOUND'], ['directives.task', taskId, 'TASK_NOT_FOUND'],
      ['directives.session', sessionId, 'SESSION_NOT_FOUND'], ['directives.program', programId, 'PROGRAM_NOT_FOUND'],
      ['directives.clause', clauseId, 'CLAUSE_NOT_FOUND'], ['directives.stored_report', reportId, 'REPORT_NOT_FOUND'],
      ['directives.unit', f.communeA.id, 'UNIT_NOT_FOUND'], ['directives.report_unit', f.communeA.id, 'UNIT_NOT_FOUND'],
    ];
    for (const [resource, id, notFound] of cases) {
      expect(await code(f.officerB, resource, id)).toBe(notFound);
      expect(await code(f.officerA, resource, id)).toBe('OK');
    }
    // A missing row reads the same as an unseen one.
    expect(await code(f.officerA, 'directives.task', 99_999_999)).toBe('TASK_NOT_FOUND');
  });

  it('seen but not allowed is 403, decided by the named constraint where the place alone would allow', async () => {
    // Commune A's officer manages directives at commune A, one of the directive's places, but only the issuing body manages it.
    expect(await status(f.officerA, 'directives.directive', directiveId, 'directives.manage')).toBe(403);
    expect(await status(issuer, 'directives.directive', directiveId, 'directives.manage')).toBe(200);
    expect(await status(f.officerA, 'directives.task', taskId, 'directives.manage')).toBe(403);
    expect(await status(issuer, 'directives.task', taskId, 'directives.manage')).toBe(200);
    expect(await status(f.viewerA, 'directives.task', taskId, 'tasks.report')).toBe(403);
    expect(await status(issuer, 'directives.task', taskId, 'tasks.report')).toBe(403); // the issuing body does not report
    expect(await status(f.viewerA, 'directives.session', sessionId, 'tasks.report')).toBe(403);
    expect(await status(f.supervisorA, 'directives.program', programId, 'programs.manage')).toBe(403);
    expect(await status(f.officerA, 'directives.program', programId, 'programs.manage')).toBe(200); // a party manages
    expect(await status(f.supervisorA, 'directives.clause', clauseId, 'programs.manage')).toBe(403);
    expect(await status(f.viewerA, 'directives.unit', f.communeA.id, 'tasks.report')).toBe(403);
    expect(await status(f.viewerA, 'directives.report_unit', f.communeA.id, 'reports.generate')).toBe(403);
    expect(await status(f.supervisorA, 'directives.report_unit', f.communeA.id, 'reports.generate')).toBe(200);
    // Stored reports are read by those who generate reports there: a viewer does not see them at all.
    expect(await status(f.viewerA, 'directives.stored_report', reportId, 'reports.generate')).toBe(404);
  });

  it('acting for a unit: a recipient acknowledges for itself, a report is made for the unit named', async () => {
    const ack = async (who: TestUser) => {
      const ctx = await ctxFor(t, who);
      const d = await loadAuthorized<DirectiveAccess>(ctx, 'directives.directive', directiveId, 'directives.read');
      return () => decide(ctx.actor, policyOf<DirectiveAccess>('directives.directive'), { ...d, actingFor: { path: f.communeA.path, areaPath: f.communeA.areaPath } }, 'tasks.report');
    };
    expect(await ack(f.officerA)).not.toThrow();
    expect(await ack(f.viewerA)).toThrow(expect.objectContaining({ status: 403 }));
    // Branch A's officer coordinates: it reports for its branch, not for the lead unit.
    const ctx = await ctxFor(t, branchOfficer);
    const task = await loadAuthorized<TaskAccess>(ctx, 'directives.task', taskId, 'directives.read');
    const report = (unitId?: number) => () => decide(ctx.actor, policyOf<TaskAccess>('directives.task'), { ...task, reportingFor: unitId }, 'tasks.report');
    expect(report(f.communeA.id)).toThrow(expect.objectContaining({ status: 403 }));
    expect(report(f.branchA.id)).not.toThrow();
    expect(report()).not.toThrow();
    expect(reportingUnit(ctx.actor, task)).toMatchObject({ role: 'coordinator', unitId: f.branchA.id });
    expect(reportingUnit((await ctxFor(t, f.officerA)).actor, task)).toMatchObject({ role: 'lead', unitId: f.communeA.id });
  });

  it('the lists select what the decision lets through: through the issuer, a recipient, a lead or coordinating unit, a party', async () => {
    const ids = async (who: TestUser, resource: string, query: (where: ReturnType<typeof sql>) => ReturnType<typeof sql>) =>
      (await rows<{ id: number }>(t.handle.db, query(inScope(await ctxFor(t, who), resource, 'directives.read')))).map((r) => r.id);
    const directives = (w: ReturnType<typeof sql>) => sql`SELECT d.id FROM directives d JOIN units iu ON iu.id = d.issuer_unit_id WHERE d.id = ${directiveId} AND ${w}`;
    const tasks = (w: ReturnType<typeof sql>) => sql`SELECT t.id FROM directive_tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = ${taskId} AND ${w}`;
    const programs = (w: ReturnType<typeof sql>) => sql`SELECT p.id FROM programs p JOIN units pu ON pu.id = p.unit_id WHERE p.id = ${programId} AND ${w}`;
    for (const who of [issuer, f.officerA, branchOfficer, f.supervisorA]) {
      expect(await ids(who, 'directives.directive', directives)).toEqual([directiveId]);
      expect(await ids(who, 'directives.task', tasks)).toEqual([taskId]);
    }
    expect(await ids(f.officerB, 'directives.directive', directives)).toEqual([]);
    expect(await ids(f.officerB, 'directives.task', tasks)).toEqual([]);
    expect(await ids(f.supervisorA, 'directives.program', programs)).toEqual([programId]);
    expect(await ids(f.officerB, 'directives.program', programs)).toEqual([]);
  });
});
