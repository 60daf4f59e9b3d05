/** Dissemination sessions (quán triệt) of a directive, and its coverage per unit. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { decide, loadAuthorized, policyOf } from '../../kernel/access/policy';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import type { SessionInput, zCoverage, zSession } from '../../../common/directives';
import { getDirectiveRow } from './directives.service';
import { SESSION_SELECT, type SessionRow } from './directives.repo';
import { actsFor, coverageSeenBy } from './directives.policy';

/** Names are personal data: only those who may record the unit's sessions see them. */
function view(ctx: Ctx, s: SessionRow): z.infer<typeof zSession> {
  const { path, areaPath, attendees, ...rest } = s;
  const mayNames = actsFor(ctx.actor, { path, areaPath });
  return { ...rest, attendees: mayNames ? attendees : null, attendeeCount: attendees.length };
}

/**
 * Sessions of a directive that the caller may see (held by units in the caller's read scope, or all
 * of them for the issuing body), and the coverage of the units expected to disseminate it: the
 * recipient units and the tasks' lead and coordinating units.
 */
export async function coverage(ctx: Ctx, directiveId: number): Promise<z.infer<typeof zCoverage>> {
  const d = await getDirectiveRow(ctx, directiveId);
  const seeUnit = coverageSeenBy(ctx.actor, d);
  const sessions = (await rows<SessionRow>(ctx.db, sql`SELECT ${SESSION_SELECT} FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id
    WHERE s.directive_id = ${directiveId} ORDER BY s.held_on DESC, s.id DESC`)).filter(seeUnit);
  const expected = (await rows<{ unitId: number; unitName: string; path: string; areaPath: string | null }>(ctx.db, sql`
    SELECT DISTINCT u.id AS "unitId", u.name AS "unitName", u.path::text AS path, u.area_path::text AS "areaPath" FROM units u WHERE u.id IN (
      SELECT unit_id FROM directive_recipients WHERE directive_id = ${directiveId}
      UNION SELECT lead_unit_id FROM directive_tasks WHERE directive_id = ${directiveId} AND status <> 'cancelled'
      UNION SELECT tc.unit_id FROM task_coordinators tc JOIN directive_tasks t ON t.id = tc.task_id WHERE t.directive_id = ${directiveId})
    ORDER BY u.name`)).filter(seeUnit);
  // A unit is covered by a session held by itself or by a unit of its subtree.
  const under = (p: string, anc: string) => p === anc || p.startsWith(anc + '.');
  const cov = expected.map((e) => {
    const mine = sessions.filter((s) => under(s.path, e.path));
    return {
      unitId: e.unitId, unitName: e.unitName, sessions: mine.length,
      attendance: mine.reduce((a, s) => a + s.attendanceTotal, 0),
      lastHeldOn: mine.map((s) => s.heldOn).sort().at(-1) ?? null,
    };
  });
  return { sessions: sessions.map((s) => view(ctx, s)), coverage: cov, covered: cov.filter((c) => c.sessions > 0).length, expected: cov.length };
}

export async function addSession(ctx: Ctx, directiveId: number, input: SessionInput): Promise<z.infer<typeof zSession>> {
  const id = await inTransaction(ctx, async (tx) => {
    await getDirectiveRow(tx, directiveId);
    // A unit the caller cannot see, like a closed one, reads as unknown (400); a unit it sees but does not report for, 403.
    const unknown = () => new FieldValidationError([{ path: 'unitId', messageKey: 'directives.unit_unknown' }]);
    const u = await loadAuthorized<{ id: number; path: string; areaPath: string | null; closedAt: string | null }>(tx, 'directives.unit', input.unitId, 'directives.read')
      .catch((e) => { throw e instanceof AppError && e.status === 404 ? unknown() : e; });
    if (u.closedAt) throw unknown();
    decide(tx.actor, policyOf('directives.unit'), u, 'tasks.report');
    const groups = Object.values(input.attendanceByGroup);
    const total = groups.length ? groups.reduce((a, b) => a + b, 0) : input.attendanceTotal ?? input.attendees.length;
    if (input.attendanceTotal !== undefined && groups.length && input.attendanceTotal !== total) {
      throw new FieldValidationError([{ path: 'attendanceTotal', messageKey: 'directives.session.total_mismatch' }]);
    }
    if (input.attendees.length > total) throw new FieldValidationError([{ path: 'attendees', messageKey: 'directives.session.more_names_than_total' }]);
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO dissemination_sessions (directive_id, unit_id, held_on, audience, attendance_by_group, attendance_total, attendees, materials, file_id, created_by)
      VALUES (${directiveId}, ${u.id}, ${input.heldOn}, ${input.audience}, ${JSON.stringify(input.attendanceByGroup)}::jsonb, ${total}, ${JSON.stringify(input.attendees)}::jsonb,
        ${input.materials ?? null}, ${input.fileId ?? null}, ${tx.actor!.userId || null}) RETURNING id`);
    await writeAudit(tx, { action: 'directives.session.create', entity: 'dissemination_session', entityId: r!.id, unitId: u.id,
      after: { ...input, attendanceTotal: total }, redact: ['attendees'] });
    return r!.id;
  });
  const s = await one<SessionRow>(ctx.db, sql`SELECT ${SESSION_SELECT} FROM dissemination_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = ${id}`);
  return view(ctx, s!);
}

export async function deleteSession(ctx: Ctx, directiveId: number, sessionId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await getDirectiveRow(tx, directiveId);
    const s = await loadAuthorized<SessionRow>(tx, 'directives.session', sessionId, 'directives.read');
    if (s.directiveId !== directiveId) throw new AppError('SESSION_NOT_FOUND', 404, {}, 'error.not_found');
    decide(tx.actor, policyOf<SessionRow>('directives.session'), s, 'tasks.report');
    await tx.db.execute(sql`DELETE FROM dissemination_sessions WHERE id = ${sessionId}`);
    const { path: _p, areaPath: _a, ...before } = s;
    await writeAudit(tx, { action: 'directives.session.delete', entity: 'dissemination_session', entityId: sessionId, unitId: s.unitId, before, redact: ['attendees'] });
  });
}
