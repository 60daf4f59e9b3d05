/** Staff side of cases: list, detail, steps (accept → … → closed), routing, assignment, the confidential identity. */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx, Actor } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { inScope, isAllowed, loadAuthorized } from '../../kernel/access/policy';
import { SELECT_CASE, type CaseRow } from './petitions.repo';
import { actingUnitOf, canOnCase } from './petitions.policy';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { messagesStayInOutbox, notifyUnit, notifyUser, sendMessage } from '../../kernel/notify';
import { one, rows } from '../../kernel/db/sql';
import { foldSearch } from '../../kernel/text';
import type { CaseDetail, CaseKind, CaseListItem, CaseListQuery, CaseStatus, CaseStepInput, Sender, PublicCase } from '../../../common/petitions';
import { identityKey, readSender } from './petitions.crypto';
import { acceptDue, clocks, dateVN, LIMITS, loadCalendar, resolveDue, todayVN, addDays } from './deadlines';
import { INTAKE_ORG, countHit, normalizeTrackingCode } from './intake';
import { KIND_LABELS, kindLabel, statusLabel } from './labels';
import { petitionsConfig } from './petitions.config';

export type { CaseRow } from './petitions.repo';
export { canOnCase } from './petitions.policy';

/** The case if the caller may do `action` on it (404 unseen, 403 seen but not allowed: the kernel decides). */
export const loadCase = (ctx: Ctx, id: number, action = 'cases.read'): Promise<CaseRow> => loadAuthorized<CaseRow>(ctx, 'petitions.case', id, action);

/** Rows the actor may see for `action`: receiving or responsible unit in scope (or, for area roles, the place). */
export const caseScope = (ctx: Ctx, action: string): SQL => inScope(ctx, 'petitions.case', action);

async function isAssignee(ctx: Ctx, caseId: number): Promise<boolean> {
  if (!ctx.actor) return false;
  return !!(await one(ctx.db, sql`SELECT 1 FROM case_assignees WHERE case_id = ${caseId} AND user_id = ${ctx.actor.userId}`));
}

const EXCERPT = 160;
const isOverdue = (due: string | null, today: string) => !!due && due < today;

function listItem(c: CaseRow, today: string): CaseListItem {
  return {
    id: c.id, trackingCode: c.trackingCode, kind: c.kind, category: c.category, categoryName: c.categoryName, status: c.status,
    channel: c.channel as CaseListItem['channel'], confidential: c.confidential,
    excerpt: c.confidential ? null : c.text.length > EXCERPT ? `${c.text.slice(0, EXCERPT)}…` : c.text,
    areaName: c.areaName, signatories: c.signatories, receivingUnitId: c.receivingUnitId, receivingUnitName: c.receivingUnitName,
    responsibleUnitId: c.responsibleUnitId, responsibleUnitName: c.responsibleUnitName, receivedAt: c.receivedAt, dueDate: c.dueDate,
    answeredAt: c.answeredAt, overdue: isOverdue(c.dueDate, today),
  };
}

/**
 * The list's condition. `bodyInScope`: the responsible body filtered on is itself in the caller's
 * scope, so every case it is responsible for is too and the row-level scope test can be dropped
 * (it would otherwise steer the planner away from the ordered index scan).
 */
export function listWhere(ctx: Ctx, q: CaseListQuery & { unitPath?: string; bodyInScope?: boolean }): SQL {
  const parts: SQL[] = q.body && q.bodyInScope ? [] : [caseScope(ctx, 'cases.read')];
  const statuses = q.status ? (Array.isArray(q.status) ? q.status : [q.status]) : [];
  if (statuses.length === 1) parts.push(sql`c.status = ${statuses[0]}`);
  else if (statuses.length > 1) parts.push(sql`c.status = ANY(${sql.param(statuses)}::text[])`);
  if (q.kind) parts.push(sql`c.kind = ${q.kind}`);
  if (q.category) parts.push(sql`c.category_code = ${q.category}`);
  if (q.body) parts.push(sql`c.responsible_unit_id = ${q.body}`);
  if (q.unitPath) parts.push(sql`(c.receiving_path <@ ${q.unitPath}::ltree OR c.responsible_path <@ ${q.unitPath}::ltree)`);
  if (q.area) parts.push(sql`c.area_path <@ (SELECT path FROM areas WHERE code = ${q.area})`);
  const today = todayVN();
  if (q.deadline === 'overdue') parts.push(sql`c.due_date < ${today}::date`);
  if (q.deadline === 'near') parts.push(sql`c.due_date >= ${today}::date AND c.due_date <= ${addDays(today, 7)}::date`);
  if (q.from) parts.push(sql`c.received_at >= ${`${q.from}T00:00:00+07:00`}::timestamptz`);
  if (q.to) parts.push(sql`c.received_at < ${`${addDays(q.to, 1)}T00:00:00+07:00`}::timestamptz`);
  if (q.q) {
    const code = normalizeTrackingCode(q.q);
    // Confidential texts are not searchable by people who may not read them.
    parts.push(code ? sql`c.tracking_code = ${code}` : sql`(f_fold(c.text) LIKE ${foldSearch(q.q)} AND NOT c.confidential)`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`TRUE`;
}

export async function listCases(ctx: Ctx, q: CaseListQuery & { limit: number; offset: number }): Promise<{ items: CaseListItem[]; total: number; totalCapped: boolean }> {
  requireActor(ctx);
  let unitPath: string | undefined;
  if (q.unit) {
    unitPath = (await loadAuthorized<{ path: string }>(ctx, 'petitions.unit', Number(q.unit), 'cases.read')).path;
  }
  let bodyInScope = false;
  if (q.body) {
    bodyInScope = await isAllowed(ctx, 'petitions.unit', Number(q.body), 'cases.read');
  }
  const where = listWhere(ctx, { ...q, unitPath, bodyInScope });
  const CAP = 10_000;
  const [items, count] = await Promise.all([
    rows<CaseRow>(ctx.db, sql`${SELECT_CASE(ctx.locale)} WHERE ${where} ORDER BY c.received_at DESC NULLS LAST, c.id DESC NULLS LAST LIMIT ${q.limit} OFFSET ${q.offset}`),
    one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${where} LIMIT ${CAP + 1}) x`),
  ]);
  const today = todayVN();
  const n = count?.n ?? 0;
  return { items: items.map((c) => listItem(c, today)), total: Math.min(n, CAP), totalCapped: n > CAP };
}

async function senderOf(ctx: Ctx, c: CaseRow): Promise<Sender | null> {
  if (!c.identityEnc) return { name: null, phone: null, email: null, address: null };
  return readSender(await identityKey(ctx.db), c.identityEnc);
}

export async function getCase(ctx: Ctx, id: number): Promise<CaseDetail> {
  const c = await loadCase(ctx, id);
  const actor = ctx.actor!;
  const assigned = await isAssignee(ctx, id);
  const [steps, assignees, attachments, cal] = await Promise.all([
    rows<CaseDetail['steps'][number]>(ctx.db, sql`SELECT s.id, s.at, s.action, s.status, s.note, s.is_public AS "isPublic", s.actor_name AS "actorName", u.name AS "unitName"
      FROM case_steps s LEFT JOIN units u ON u.id = s.unit_id WHERE s.case_id = ${id} ORDER BY s.at, s.id`),
    rows<{ userId: number; fullName: string }>(ctx.db, sql`SELECT a.user_id AS "userId", u.full_name AS "fullName" FROM case_assignees a JOIN users u ON u.id = a.user_id WHERE a.case_id = ${id} ORDER BY u.full_name`),
    rows<{ fileId: number; name: string; size: number }>(ctx.db, sql`SELECT f.id AS "fileId", f.name, f.size FROM case_attachments x JOIN files f ON f.id = x.file_id WHERE x.case_id = ${id} ORDER BY f.id`),
    loadCalendar(ctx.db),
  ]);
  const hidden = c.confidential;
  return {
    ...listItem(c, todayVN()),
    text: hidden ? null : c.text,
    sender: hidden ? null : await senderOf(ctx, c),
    senderHidden: hidden,
    hasContact: c.hasContact,
    // A map point may be where the denouncer stood: hidden with the identity.
    lat: hidden ? null : c.lat, lng: hidden ? null : c.lng, areaCode: c.areaCode, remote: c.remote, complex: c.complex, extensions: c.extensions,
    acceptDue: c.acceptDue, resolveDue: c.resolveDue, acceptedAt: c.acceptedAt, closedAt: c.closedAt,
    deadlines: clocks(cal, c),
    steps,
    assignees,
    // A confidential case's attachments (handwriting, documents) are listed to its handlers only.
    attachments: hidden && !assigned ? [] : attachments,
    routedByRule: c.routedByRule, forwarded: c.forwarded,
    messagesVia: messagesStayInOutbox() ? 'outbox' : 'gateway',
    can: {
      handle: canOnCase(actor, 'cases.handle', c),
      assign: canOnCase(actor, 'cases.manage_routing', c),
      revealIdentity: hidden ? assigned : false,
    },
  };
}

/**
 * The confidential content of a case (sender's identity and the text) for a user assigned to handle
 * it. Every view writes an audit row (without the identity in it).
 */
export async function revealIdentity(ctx: Ctx, id: number): Promise<{ sender: Sender; text: string; lat: number | null; lng: number | null }> {
  const c = await loadCase(ctx, id);
  if (!(await isAssignee(ctx, id))) throw new AppError('NOT_ASSIGNED', 403, {}, 'petitions.not_assigned');
  const sender = await senderOf(ctx, c);
  if (!sender) throw new AppError('IDENTITY_UNREADABLE', 500, {}, 'petitions.identity_unreadable');
  await writeAudit(ctx, { action: 'cases.identity_view', entity: 'case', entityId: id, unitId: c.receivingUnitId, after: { caseId: id, trackingCode: c.trackingCode } });
  return { sender, text: c.text, lat: c.lat, lng: c.lng };
}

// ---- steps
type Transition = { from: CaseStatus[]; to: CaseStatus | null; public: boolean };
const TRANSITIONS: Record<CaseStepInput['action'], Transition> = {
  accept: { from: ['received'], to: 'accepted', public: true },
  start: { from: ['received', 'accepted', 'reopened'], to: 'in_progress', public: true },
  answer: { from: ['received', 'accepted', 'in_progress', 'reopened'], to: 'answered', public: true },
  close: { from: ['answered'], to: 'closed', public: true },
  reopen: { from: ['answered', 'closed'], to: 'reopened', public: true },
  note: { from: ['received', 'accepted', 'in_progress', 'answered', 'closed', 'reopened'], to: null, public: false },
  extend: { from: ['received', 'accepted', 'in_progress'], to: null, public: true },
};
const NEEDS_ACCEPT: CaseKind[] = ['complaint', 'denunciation'];

export async function addStep(ctx: Ctx, id: number, input: CaseStepInput): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const c = await loadCase(tx, id, 'cases.handle');
    const t = TRANSITIONS[input.action];
    if (!t.from.includes(c.status) || (NEEDS_ACCEPT.includes(c.kind) && c.status === 'received' && (input.action === 'start' || input.action === 'answer'))) {
      throw new AppError('BAD_TRANSITION', 409, { from: c.status, action: input.action }, 'petitions.bad_transition');
    }
    if ((input.action === 'answer' || input.action === 'note' || input.action === 'reopen') && !input.note) {
      throw new FieldValidationError([{ path: 'note', messageKey: 'petitions.note_required' }]);
    }
    const cal = await loadCalendar(tx.db);
    const today = todayVN();
    const set: SQL[] = [];
    const after: Record<string, unknown> = { action: input.action };
    if (t.to) { set.push(sql`status = ${t.to}`); after.status = t.to; }
    if (input.action === 'accept') {
      const complex = input.complex ?? false;
      set.push(sql`accepted_at = now()`, sql`complex = ${complex}`);
      if (NEEDS_ACCEPT.includes(c.kind)) {
        const due = resolveDue(cal, c.kind, today, { complex, remote: c.remote, extensions: c.extensions });
        set.push(sql`resolve_due = ${due}::date`, sql`due_date = ${due}::date`);
        after.resolveDue = due;
      }
    } else if (input.action === 'answer') {
      set.push(sql`answered_at = now()`, sql`due_date = NULL`);
    } else if (input.action === 'close') {
      set.push(sql`closed_at = now()`);
    } else if (input.action === 'reopen') {
      // A new answer is due, counted from today with the same rule.
      const start = today;
      const due = resolveDue(cal, c.kind, start, { complex: c.complex, remote: c.remote, extensions: c.extensions });
      set.push(sql`answered_at = NULL`, sql`closed_at = NULL`, sql`resolve_due = ${due}::date`, sql`due_date = ${due}::date`);
      after.resolveDue = due;
    } else if (input.action === 'extend') {
      if (c.kind !== 'denunciation') throw new AppError('NO_EXTENSION', 409, {}, 'petitions.no_extension');
      if (c.status === 'received') {
        const due = acceptDue(cal, c.kind, dateVN(c.receivedAt)!, true)!;
        if (due === c.acceptDue) throw new AppError('NO_EXTENSION', 409, {}, 'petitions.no_extension');
        set.push(sql`accept_due = ${due}::date`, sql`due_date = ${due}::date`);
        after.acceptDue = due;
      } else {
        if (c.extensions >= LIMITS.denunciation.maxExtensions) throw new AppError('NO_EXTENSION', 409, {}, 'petitions.no_extension');
        const due = resolveDue(cal, c.kind, dateVN(c.acceptedAt)!, { extensions: c.extensions + 1 });
        set.push(sql`extensions = extensions + 1`, sql`resolve_due = ${due}::date`, sql`due_date = ${due}::date`);
        after.resolveDue = due;
        after.extensions = c.extensions + 1;
      }
    }
    set.push(sql`version = version + 1`);
    const r = await one(tx.db, sql`UPDATE cases SET ${sql.join(set, sql`, `)} WHERE id = ${id} AND status = ${c.status} RETURNING id`);
    if (!r) throw new AppError('CONFLICT', 409, {}, 'error.conflict');
    const isPublic = input.isPublic ?? t.public;
    const actingUnit = actingUnitOf(actor, c);
    await tx.db.execute(sql`INSERT INTO case_steps (case_id, action, status, note, is_public, actor_id, actor_name, unit_id)
      VALUES (${id}, ${input.action}, ${t.to}, ${input.note ?? null}, ${isPublic}, ${actor.userId}, ${actor.fullName}, ${actingUnit})`);
    await writeAudit(tx, { action: `cases.${input.action}`, entity: 'case', entityId: id, unitId: c.receivingUnitId, before: { status: c.status }, after: { ...after, note: input.note ?? null, isPublic } });
    if (isPublic) await tellSender(tx, c, t.to ?? c.status, input.note ?? null);
    if (t.to === 'answered' && c.responsibleUnitId !== c.receivingUnitId) {
      await notifyUnit(tx.db, c.receivingUnitId, { key: 'petitions.notice.case_answered', params: { code: c.trackingCode }, link: `/cases/${id}` });
    }
  });
  return getCase(ctx, id);
}

/** The sender is told of each public step, when they left a phone or an email (the outbox). */
async function tellSender(ctx: Ctx, c: CaseRow, status: CaseStatus, note: string | null): Promise<void> {
  if (!c.hasContact || !c.identityEnc) return;
  const s = readSender(await identityKey(ctx.db), c.identityEnc);
  if (!s) return; // written under another key: nobody to tell
  const title = `Vụ việc ${c.trackingCode}: ${statusLabel(status, 'vi')}`;
  const body = `${kindLabel(c.kind, 'vi')} mã ${c.trackingCode} — ${statusLabel(status, 'vi')}.${note ? ` ${note}` : ''} Tra cứu bằng mã theo dõi trên cổng thông tin.`;
  if (s.phone) await sendMessage(ctx.db, { channel: 'sms', recipient: s.phone, title, body: body.slice(0, 600) });
  if (s.email) await sendMessage(ctx.db, { channel: 'email', recipient: s.email, title, body });
}

/** Assign the competent body by hand (overrides the rules). */
export async function routeCase(ctx: Ctx, id: number, input: { unitId: number; note?: string; isPublic: boolean }): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const c = await loadCase(tx, id, 'cases.handle');
    // An answered case is done by the body that answered it: reopen it first to send it elsewhere.
    if (c.status === 'closed' || c.status === 'answered') throw new AppError('BAD_TRANSITION', 409, { from: c.status, action: 'route' }, 'petitions.bad_transition');
    const u = await one<{ id: number; path: string; name: string; orgCode: string; closedAt: string | null }>(tx.db, sql`
      SELECT u.id, u.path::text AS path, u.name, o.code AS "orgCode", u.closed_at AS "closedAt" FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ${input.unitId}`);
    if (!u || u.closedAt) throw new FieldValidationError([{ path: 'unitId', messageKey: 'petitions.unit_unknown' }]);
    await tx.db.execute(sql`UPDATE cases SET responsible_unit_id = ${u.id}, responsible_path = ${u.path}::ltree, routed_by_rule = NULL,
      forwarded = ${u.orgCode !== INTAKE_ORG}, version = version + 1 WHERE id = ${id}`);
    const note = `Chuyển đến ${u.name}${input.note ? `: ${input.note}` : ''}`;
    await tx.db.execute(sql`INSERT INTO case_steps (case_id, action, status, note, is_public, actor_id, actor_name, unit_id)
      VALUES (${id}, 'route', NULL, ${note}, ${input.isPublic}, ${actor.userId}, ${actor.fullName}, ${c.receivingUnitId})`);
    await writeAudit(tx, { action: 'cases.route', entity: 'case', entityId: id, unitId: c.receivingUnitId, before: { responsibleUnitId: c.responsibleUnitId }, after: { responsibleUnitId: u.id, note: input.note ?? null } });
    const cat = await one<{ vi: string; en: string }>(tx.db, sql`SELECT name_vi AS vi, name_en AS en FROM case_categories WHERE code = ${c.category}`);
    await notifyUnit(tx.db, u.id, { key: 'petitions.notice.case_routed', params: { code: c.trackingCode, kind: KIND_LABELS[c.kind], category: cat ?? c.categoryName }, link: `/cases/${id}` });
    if (input.isPublic) await tellSender(tx, c, c.status, `Đã chuyển đến ${u.name}.`);
  });
  return getCase(ctx, id);
}

/** Set the handlers of a case (replaces the list). Each must hold cases.handle on the case. */
export async function assignCase(ctx: Ctx, id: number, userIds: number[]): Promise<CaseDetail> {
  const { loadActor } = await import('../../kernel/auth');
  await inTransaction(ctx, async (tx) => {
    const c = await loadCase(tx, id, 'cases.manage_routing');
    const unique = [...new Set(userIds)];
    for (const uid of unique) {
      const a = await loadActor(tx.db, uid);
      if (!a || !canOnCase(a, 'cases.handle', c)) {
        throw new FieldValidationError([{ path: 'userIds', messageKey: 'petitions.assignee_not_handler', params: { userId: uid } }]);
      }
    }
    const before = (await rows<{ userId: number }>(tx.db, sql`SELECT user_id AS "userId" FROM case_assignees WHERE case_id = ${id} ORDER BY user_id`)).map((r) => r.userId);
    await tx.db.execute(sql`DELETE FROM case_assignees WHERE case_id = ${id}`);
    if (unique.length) {
      await tx.db.execute(sql`INSERT INTO case_assignees (case_id, user_id, assigned_by) SELECT ${id}, x, ${tx.actor!.userId} FROM unnest(${sql.param(unique)}::int[]) AS x`);
    }
    await tx.db.execute(sql`INSERT INTO case_steps (case_id, action, status, note, is_public, actor_id, actor_name, unit_id)
      VALUES (${id}, 'assign', NULL, ${`Phân công ${unique.length} người xử lý`}, FALSE, ${tx.actor!.userId}, ${tx.actor!.fullName}, ${c.receivingUnitId})`);
    await writeAudit(tx, { action: 'cases.assign', entity: 'case', entityId: id, unitId: c.receivingUnitId, before: { userIds: before }, after: { userIds: unique } });
    for (const uid of unique.filter((u) => !before.includes(u))) {
      await notifyUser(tx.db, { userId: uid, key: 'petitions.notice.case_assigned', params: { code: c.trackingCode }, link: `/cases/${id}` });
    }
  });
  return getCase(ctx, id);
}

/** Users who may be assigned to a case (hold cases.handle on it), for the assignment picker. */
export async function assignableUsers(ctx: Ctx, id: number): Promise<{ userId: number; fullName: string; username: string }[]> {
  const c = await loadCase(ctx, id, 'cases.manage_routing');
  return rows(ctx.db, sql`SELECT DISTINCT u.id AS "userId", u.full_name AS "fullName", u.username
    FROM grants g JOIN users u ON u.id = g.user_id JOIN units gu ON gu.id = g.unit_id
    WHERE u.is_active AND g.role IN ('unit_admin', 'officer')
      AND (${c.receivingPath}::ltree <@ gu.path OR (${c.responsiblePath}::ltree IS NOT NULL AND ${c.responsiblePath}::ltree <@ gu.path))
    ORDER BY u.full_name LIMIT 200`);
}

export async function attachmentFile(ctx: Ctx, id: number, fileId: number): Promise<{ name: string; mime: string; data: Buffer }> {
  const c = await loadCase(ctx, id);
  const link = await one(ctx.db, sql`SELECT 1 FROM case_attachments WHERE case_id = ${id} AND file_id = ${fileId}`);
  if (!link) throw new AppError('FILE_NOT_FOUND', 404, {}, 'error.not_found');
  if (c.confidential) {
    if (!(await isAssignee(ctx, id))) throw new AppError('FILE_NOT_FOUND', 404, {}, 'error.not_found');
    await writeAudit(ctx, { action: 'cases.identity_view', entity: 'case', entityId: id, unitId: c.receivingUnitId, after: { caseId: id, fileId } });
  }
  const { findFile } = await import('../../kernel/files');
  const f = (await findFile(ctx.db, fileId))!;
  return { name: f.name, mime: f.mime, data: f.data };
}

// ---- public tracking page
export async function publicCase(ctx: Ctx, rawCode: string, ip: string): Promise<PublicCase> {
  if (!(await countHit(ctx, `petitions:lookup:${ip}`, petitionsConfig().lookupLimit, 60))) throw new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
  const code = normalizeTrackingCode(rawCode);
  // Malformed and unknown codes answer the same.
  const c = code ? await one<CaseRow>(ctx.db, sql`${SELECT_CASE(ctx.locale)} WHERE c.tracking_code = ${code}`) : undefined;
  if (!c) throw new AppError('CASE_NOT_FOUND', 404, {}, 'petitions.tracking_not_found');
  const [steps, cal] = await Promise.all([
    rows<{ at: string; status: CaseStatus | null; action: string; note: string | null; body: string | null }>(ctx.db, sql`
      SELECT s.at, s.status, s.action, s.note, u.name AS body FROM case_steps s LEFT JOIN units u ON u.id = s.unit_id
      WHERE s.case_id = ${c.id} AND s.is_public ORDER BY s.at, s.id`),
    loadCalendar(ctx.db),
  ]);
  return {
    trackingCode: c.trackingCode, kind: c.kind, category: c.category, categoryName: c.categoryName, status: c.status,
    receivedAt: c.receivedAt, responsibleBody: c.responsibleUnitName, deadlines: clocks(cal, c), steps,
  };
}

export async function findCaseByTracking(ctx: Ctx, code: string): Promise<CaseRow | undefined> {
  return one<CaseRow>(ctx.db, sql`${SELECT_CASE(ctx.locale)} WHERE c.tracking_code = ${code}`);
}
export { SELECT_CASE } from './petitions.repo';
