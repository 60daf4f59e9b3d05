/**
 * Reporting forms: fill (drafts), submit, approve or return by the level above, reopen (logged).
 * Record-derived figures are filled from the registry and cannot be typed over. Approval updates
 * the roll-up in the same transaction; submission runs the anomaly checks.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { inScope, loadAuthorized } from '../../kernel/access/policy';
import { AppError, conflict, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { findFileMeta } from '../../kernel/files';
import { notifyUnit } from '../../kernel/notify';
import { t } from '../../kernel/i18n';
import * as repo from './movements.repo';
import { formRights } from './movements.policy';
import { applyForm } from './rollup';
import { periodParam } from './reminders';
import { checkForms, computeFigure, runRules, valuesHash } from './checks';
import { numberErrorMessage, parseNumber } from '../../../common/numbers';
import { renderFigureBasis } from '../../kernel/registry';
import type { FigureBasis } from '../../kernel/module';
import { flagView, FLAG_SELECT, FLAG_FROM, readScope } from './flags.service';
import {
  parseNumberVi, periodLabel, type FormDetail, type FormSummary, type FormValueInput, type SaveFormInput,
} from '../../../common/movements';
import type { z } from 'zod';
import type { zFormListQuery } from '../../../common/movements';
import { formSelect, FORM_FROM, type FormRow } from './movements.repo';

export type { FormRow } from './movements.repo';

const summary = (ctx: Ctx, f: FormRow): FormSummary => ({
  id: f.id, movementId: f.movementId, movementName: f.movementName, scheduleId: f.scheduleId, unitId: f.unitId, unitName: f.unitName,
  unitCode: f.unitCode, parentUnitName: f.parentUnitName, periodKey: f.periodKey, periodLabel: periodLabel(f.periodKey, ctx.locale),
  dueOn: f.dueOn, status: f.status, submittedAt: f.submittedAt, approvedAt: f.approvedAt, late: f.late, openFlags: f.openFlags, version: f.version,
});

/** A form the actor may read (movements.read on its unit), or 404; then `action` (403): the kernel decides. */
export const getFormRow = (ctx: Ctx, id: number, action: 'movements.read' | 'reports.fill' | 'reports.approve' = 'movements.read'): Promise<FormRow> =>
  loadAuthorized<FormRow>(ctx, 'movements.form', id, action);

export async function listForms(ctx: Ctx, q: z.infer<typeof zFormListQuery>): Promise<{ total: number; items: FormSummary[] }> {
  const actor = requireActor(ctx);
  const conds = await readScope(ctx, 'movements.form', q.unit);
  if (q.movement) conds.push(sql`f.movement_id = ${q.movement}`);
  if (q.period) conds.push(sql`f.period_key = ${q.period}`);
  if (q.status) conds.push(sql`f.status = ${q.status}`);
  if (q.view === 'inbox') {
    // Waiting for me: submitted forms of the units directly below the units where I approve (or a tree's top unit itself).
    conds.push(sql`f.status = 'submitted'`);
    if (!actor.isAdmin) {
      const mine = actor.grants.filter((g) => g.unitId && (g.role === 'unit_admin' || g.role === 'admin')).map((g) => g.unitId as number);
      conds.push(sql`(COALESCE(p.id, u.id) = ANY(${sql.param(mine)}::int[]))`);
    }
  }
  if (q.view === 'mine') conds.push(sql`f.status IN ('draft', 'returned') AND ${inScope(ctx, 'movements.form', 'reports.fill')}`);
  const where = sql.join(conds, sql` AND `);
  const [items, total] = await Promise.all([
    rows<FormRow>(ctx.db, sql`SELECT ${formSelect()} FROM ${FORM_FROM} WHERE ${where} ORDER BY f.period_start DESC, f.due_on, u.path LIMIT ${q.limit} OFFSET ${q.offset}`),
    one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${FORM_FROM} WHERE ${where}`),
  ]);
  return { total: total?.n ?? 0, items: items.map((f) => summary(ctx, f)) };
}

type ValueRow = { indicatorId: number; code: string; disagg: string; value: number | null; textValue: string | null; source: 'entered' | 'records' };

async function loadValues(ctx: Ctx, formId: number): Promise<ValueRow[]> {
  return rows<ValueRow>(ctx.db, sql`SELECT v.indicator_id AS "indicatorId", i.code, v.disagg, v.value, v.text_value AS "textValue", v.source
    FROM mv_values v JOIN mv_indicators i ON i.id = v.indicator_id WHERE v.form_id = ${formId} ORDER BY i.code, v.disagg`);
}

/** Warnings for the current values: the validation rules (shown while filling; flags once submitted). */
function ruleWarnings(ctx: Ctx, indicators: repo.IndicatorRow[], values: ValueRow[]) {
  const totals = new Map(values.filter((v) => v.disagg === '').map((v) => [v.indicatorId, { value: v.value, entered: true }]));
  const drafts = runRules({
    indicators: new Map(indicators.map((i) => [i.id, i as never])), values: totals, history: new Map(), peers: [], records: new Map(), copies: [],
  }).filter((d) => d.rule === 'validation');
  return drafts.map((d) => ({ indicator: indicators.find((i) => i.id === d.indicatorId)?.code ?? '', message: t(ctx.locale, `movements.flag.validation.${String(d.params.check)}`, d.params) }));
}

export async function getForm(ctx: Ctx, id: number): Promise<FormDetail> {
  const f = await getFormRow(ctx, id);
  const indicators = await repo.movementIndicators(ctx.db, f.movementId);
  const values = await loadValues(ctx, id);
  const targets = await rows<{ indicatorId: number; value: number }>(ctx.db, sql`SELECT indicator_id AS "indicatorId", value FROM mv_targets
    WHERE unit_id = ${f.unitId} AND year = ${Math.floor(f.periodStart / 12)}`);
  const live = f.status === 'draft' || f.status === 'returned';
  // Once submitted, a record-derived value is the one sent up, with what it counted then.
  const stored = live ? [] : await rows<{ indicatorId: number; value: number | null; basis: FigureBasis | null }>(ctx.db, sql`SELECT indicator_id AS "indicatorId", value, basis
    FROM mv_values WHERE form_id = ${id} AND disagg = '' AND source = 'records'`);
  const inds = [];
  for (const i of indicators) {
    let record: { value: number | null; basis: FigureBasis | null } = { value: null, basis: null };
    if (i.source) {
      const kept = stored.find((v) => v.indicatorId === i.id);
      record = kept ?? (await computeFigure(ctx, i.source, { ...f, areaPath: f.unitAreaPath })) ?? record;
    }
    const { weightIndicatorId: _w, perCapitaIndicatorId: _p, ...rest } = i;
    inds.push({ ...rest, recordValue: record.value, recordBasis: renderFigureBasis(ctx.locale, record.basis), target: targets.find((x) => x.indicatorId === i.id)?.value ?? null });
  }
  const orgs = await movementOrgs(ctx.db, f.movementId);
  const [attachments, events, flags] = await Promise.all([
    rows<FormDetail['attachments'][number]>(ctx.db, sql`SELECT a.id, a.file_id AS "fileId", fi.name, fi.size, fi.mime, a.note, a.created_at AS "createdAt"
      FROM mv_attachments a JOIN files fi ON fi.id = a.file_id WHERE a.form_id = ${id} ORDER BY a.id`),
    rows<FormDetail['events'][number]>(ctx.db, sql`SELECT action, actor_name AS "actorName", comment, at FROM mv_form_events WHERE form_id = ${id} ORDER BY id`),
    rows(ctx.db, sql`SELECT ${FLAG_SELECT} FROM ${FLAG_FROM} WHERE fl.form_id = ${id} ORDER BY fl.id`),
  ]);
  return {
    ...summary(ctx, f), note: f.note, returnedComment: f.returnedComment, indicators: inds, values, attachments, events,
    flags: flags.map((x) => flagView(ctx, x as never)), warnings: ruleWarnings(ctx, indicators, values), organizations: orgs,
    canFill: live && formRights(ctx.actor, f).fill,
    canApprove: f.status === 'submitted' && formRights(ctx.actor, f).approve,
  };
}

const editable = (f: FormRow) => {
  if (f.status !== 'draft' && f.status !== 'returned') throw new AppError('FORM_LOCKED', 409, { status: f.status }, 'movements.form.locked');
};
const checkVersion = (f: FormRow, v: number) => { if (f.version !== v) throw conflict({ version: f.version }); };

/** Normalise one typed value by the indicator's type; field errors keyed `values.<i>.value`. */
function coerceValue(ind: repo.IndicatorRow, v: FormValueInput['value'], path: string, locale: Ctx['locale'], textFrom: TextFrom, errs: { path: string; messageKey: string; params?: Record<string, unknown> }[]): { value: number | null; text: string | null } {
  if (v === null || v === '') return { value: null, text: null };
  if (ind.valueType === 'text') return { value: null, text: String(v) };
  if (ind.valueType === 'boolean') {
    if (typeof v === 'boolean') return { value: v ? 1 : 0, text: null };
    if (v === 1 || v === 0 || v === '1' || v === '0') return { value: Number(v), text: null };
    if (v === 'true' || v === 'false') return { value: v === 'true' ? 1 : 0, text: null };
    errs.push({ path, messageKey: 'movements.value.boolean' });
    return { value: null, text: null };
  }
  let n = typeof v === 'number' ? v : NaN;
  if (typeof v === 'string' && textFrom === 'sheet') n = parseNumberVi(v);
  else if (typeof v === 'string') {
    // Typed text: read the way the caller's language writes numbers; an ambiguous "1.25" is refused, never cut to 1.
    const r = parseNumber(v, locale, { kind: ind.valueType === 'percent' ? 'percent' : ind.valueType === 'integer' ? 'count' : 'signed' });
    if (!r.ok) { errs.push({ path, messageKey: 'number.refused', params: { message: numberErrorMessage(r, locale) } }); return { value: null, text: null }; }
    if (r.value === null) return { value: null, text: null };
    n = r.value;
  }
  if (!Number.isFinite(n)) { errs.push({ path, messageKey: 'movements.value.number' }); return { value: null, text: null }; }
  if (ind.valueType === 'integer' && !Number.isInteger(n)) errs.push({ path, messageKey: 'movements.value.integer' });
  if (ind.valueType === 'percent' && (n < 0 || n > 100)) errs.push({ path, messageKey: 'movements.value.percent' });
  if (n < 0 && ind.valueType !== 'number') errs.push({ path, messageKey: 'movements.value.negative' });
  if (Math.abs(n) > 1e15) errs.push({ path, messageKey: 'movements.value.too_large' });
  return { value: n, text: null };
}

function disaggAllowed(ind: repo.IndicatorRow, d: string, orgs: string[]): boolean {
  if (d === '') return true;
  if (d.startsWith('gender:')) return ind.disaggregations.includes('gender');
  // By organization: one of the organizations running the movement.
  if (d.startsWith('org:')) return ind.disaggregations.includes('organization') && orgs.includes(d.slice(4));
  return false;
}

async function movementOrgs(db: Ctx['db'], movementId: number): Promise<string[]> {
  return repo.toArray((await one<{ organizations: unknown }>(db, sql`SELECT organizations FROM mv_movements WHERE id = ${movementId}`))?.organizations);
}

/**
 * Where text values come from: typed in a form (read strictly in the caller's language), or cells of
 * a spreadsheet (numeric cells arrive as "12.5" whatever the language, so both writings are read).
 */
export type TextFrom = 'typed' | 'sheet';

/** Write typed values (partial: keys not listed stay). Returns the number of values changed. */
export async function writeValues(tx: Ctx, f: FormRow, indicators: repo.IndicatorRow[], input: FormValueInput[], pathPrefix = 'values', textFrom: TextFrom = 'typed'): Promise<number> {
  const errs: { path: string; messageKey: string; params?: Record<string, unknown> }[] = [];
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const orgs = input.some((x) => x.disagg.startsWith('org:')) ? await movementOrgs(tx.db, f.movementId) : [];
  const writes: { ind: repo.IndicatorRow; disagg: string; value: number | null; text: string | null }[] = [];
  const seen = new Set<string>();
  input.forEach((x, k) => {
    const ind = byCode.get(x.indicator);
    const path = `${pathPrefix}.${k}.value`;
    if (!ind) { errs.push({ path: `${pathPrefix}.${k}.indicator`, messageKey: 'movements.value.not_in_form', params: { code: x.indicator } }); return; }
    if (ind.source && ind.sourceMode === 'fill') { errs.push({ path, messageKey: 'movements.value.record_derived', params: { code: ind.code } }); return; }
    if (!disaggAllowed(ind, x.disagg, orgs)) { errs.push({ path: `${pathPrefix}.${k}.disagg`, messageKey: 'movements.value.disagg_invalid' }); return; }
    const key = `${ind.id}/${x.disagg}`;
    if (seen.has(key)) { errs.push({ path: `${pathPrefix}.${k}.indicator`, messageKey: 'movements.value.duplicate' }); return; }
    seen.add(key);
    const c = coerceValue(ind, x.value, path, tx.locale, textFrom, errs);
    writes.push({ ind, disagg: x.disagg, value: c.value, text: c.text });
  });
  if (errs.length) throw new FieldValidationError(errs);
  let changed = 0;
  for (const w of writes) {
    if (w.value === null && w.text === null) {
      const r = await rows(tx.db, sql`DELETE FROM mv_values WHERE form_id = ${f.id} AND indicator_id = ${w.ind.id} AND disagg = ${w.disagg} RETURNING 1`);
      changed += r.length;
    } else {
      const r = await rows(tx.db, sql`INSERT INTO mv_values AS x (form_id, indicator_id, disagg, unit_id, period_start, period_end, value, text_value, source)
        VALUES (${f.id}, ${w.ind.id}, ${w.disagg}, ${f.unitId}, ${f.periodStart}, ${f.periodEnd}, ${w.value}, ${w.text}, 'entered')
        ON CONFLICT (form_id, indicator_id, disagg) DO UPDATE SET value = EXCLUDED.value, text_value = EXCLUDED.text_value, source = 'entered'
        WHERE x.value IS DISTINCT FROM EXCLUDED.value OR x.text_value IS DISTINCT FROM EXCLUDED.text_value RETURNING 1`);
      changed += r.length;
    }
  }
  return changed;
}

/** Refresh the record-derived figures of a form from the registry. */
async function refreshRecords(tx: Ctx, f: FormRow, indicators: repo.IndicatorRow[]): Promise<void> {
  for (const i of indicators) {
    if (!i.source || i.sourceMode !== 'fill') continue;
    const v = await computeFigure(tx, i.source, { ...f, areaPath: f.unitAreaPath });
    if (v === null || v.value === null) await tx.db.execute(sql`DELETE FROM mv_values WHERE form_id = ${f.id} AND indicator_id = ${i.id} AND disagg = ''`);
    else await tx.db.execute(sql`INSERT INTO mv_values (form_id, indicator_id, disagg, unit_id, period_start, period_end, value, source, basis)
      VALUES (${f.id}, ${i.id}, '', ${f.unitId}, ${f.periodStart}, ${f.periodEnd}, ${v.value}, 'records', ${v.basis ? JSON.stringify(v.basis) : null}::jsonb)
      ON CONFLICT (form_id, indicator_id, disagg) DO UPDATE SET value = EXCLUDED.value, text_value = NULL, source = 'records', basis = EXCLUDED.basis`);
  }
}

async function event(tx: Ctx, formId: number, action: string, comment: string | null = null) {
  await tx.db.execute(sql`INSERT INTO mv_form_events (form_id, action, actor_id, actor_name, comment)
    VALUES (${formId}, ${action}, ${tx.actor?.userId ?? null}, ${tx.actor?.fullName ?? 'system'}, ${comment})`);
}

const valueMap = (vs: ValueRow[]) => Object.fromEntries(vs.map((v) => [`${v.code}${v.disagg ? '/' + v.disagg : ''}`, v.textValue ?? v.value]));

export async function saveForm(ctx: Ctx, id: number, input: SaveFormInput): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.fill');
    editable(f);
    checkVersion(f, input.version);
    const indicators = await repo.movementIndicators(tx.db, f.movementId);
    const before = await loadValues(tx, id);
    await writeValues(tx, f, indicators, input.values);
    await refreshRecords(tx, f, indicators);
    await tx.db.execute(sql`UPDATE mv_forms SET note = ${input.note !== undefined ? input.note : f.note}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    await writeAudit(tx, { action: 'movements.form.save', entity: 'form', entityId: id, unitId: f.unitId, before: valueMap(before), after: valueMap(await loadValues(tx, id)) });
  });
  return getForm(ctx, id);
}

/** Set values_hash from the current entered values. */
async function updateHash(tx: Ctx, formId: number): Promise<void> {
  const vs = await rows<{ indicatorId: number; value: number | null; source: string; aggregation: string; valueType: string }>(tx.db, sql`
    SELECT v.indicator_id AS "indicatorId", v.value, v.source, i.aggregation, i.value_type AS "valueType"
    FROM mv_values v JOIN mv_indicators i ON i.id = v.indicator_id WHERE v.form_id = ${formId} AND v.disagg = ''`);
  const h = valuesHash(vs.map((v) => ({ indicatorId: v.indicatorId, value: v.value, entered: v.source === 'entered', aggregation: v.aggregation as never, valueType: v.valueType as never })));
  await tx.db.execute(sql`UPDATE mv_forms SET values_hash = ${h} WHERE id = ${formId}`);
}

/** Submit (by the unit): records refreshed, anomaly checks run, the approvers notified. */
export async function submitForm(ctx: Ctx, id: number, input: { version: number; comment?: string | null }): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.fill');
    editable(f);
    checkVersion(f, input.version);
    await submitInTx(tx, f, input.comment ?? null);
  });
  return getForm(ctx, id);
}

export async function submitInTx(tx: Ctx, f: FormRow, comment: string | null): Promise<void> {
  const indicators = await repo.movementIndicators(tx.db, f.movementId);
  await refreshRecords(tx, f, indicators);
  const values = await loadValues(tx, f.id);
  if (!values.some((v) => v.source === 'entered')) throw new FieldValidationError([{ path: 'values', messageKey: 'movements.form.empty' }]);
  await updateHash(tx, f.id);
  await tx.db.execute(sql`UPDATE mv_forms SET status = 'submitted', submitted_at = now(), submitted_by = ${tx.actor?.userId ?? null},
    returned_comment = NULL, version = version + 1, updated_at = now() WHERE id = ${f.id}`);
  const flags = await checkForms(tx, [f.id]);
  await event(tx, f.id, 'submit', comment);
  await writeAudit(tx, { action: 'movements.form.submit', entity: 'form', entityId: f.id, unitId: f.unitId, after: { values: valueMap(values), flags, comment } });
  if (f.parentId) {
    await notifyUnit(tx.db, f.parentId, { key: 'movements.notice.form_submitted', params: { unit: f.unitName, period: periodParam(f.periodKey), movement: f.movementName }, link: `/movements/forms/${f.id}` }, ['unit_admin']);
  }
}

export async function approveForm(ctx: Ctx, id: number, input: { version: number; comment?: string | null }): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.approve');
    if (f.status !== 'submitted') throw new AppError('FORM_NOT_SUBMITTED', 409, { status: f.status }, 'movements.form.not_submitted');
    checkVersion(f, input.version);
    await approveInTx(tx, f, input.comment ?? null);
  });
  return getForm(ctx, id);
}

export async function approveInTx(tx: Ctx, f: FormRow, comment: string | null): Promise<void> {
  await tx.db.execute(sql`UPDATE mv_forms SET status = 'approved', approved_at = now(), approved_by = ${tx.actor?.userId ?? null},
    version = version + 1, updated_at = now() WHERE id = ${f.id}`);
  await applyForm(tx.db, f.id, 1);
  await event(tx, f.id, 'approve', comment);
  await writeAudit(tx, { action: 'movements.form.approve', entity: 'form', entityId: f.id, unitId: f.unitId, after: { comment } });
  await notifyUnit(tx.db, f.unitId, { key: 'movements.notice.form_approved', params: { period: periodParam(f.periodKey), movement: f.movementName }, link: `/movements/forms/${f.id}` });
}

export async function returnForm(ctx: Ctx, id: number, input: { version: number; comment: string }): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.approve');
    if (f.status !== 'submitted') throw new AppError('FORM_NOT_SUBMITTED', 409, { status: f.status }, 'movements.form.not_submitted');
    checkVersion(f, input.version);
    await tx.db.execute(sql`UPDATE mv_forms SET status = 'returned', returned_comment = ${input.comment}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    await event(tx, id, 'return', input.comment);
    await writeAudit(tx, { action: 'movements.form.return', entity: 'form', entityId: id, unitId: f.unitId, after: { comment: input.comment } });
    await notifyUnit(tx.db, f.unitId, { key: 'movements.notice.form_returned', params: { period: periodParam(f.periodKey), movement: f.movementName }, body: input.comment, link: `/movements/forms/${id}` });
  });
  return getForm(ctx, id);
}

/** Reopen approved data (by the approver, with a reason, logged): it leaves the roll-up until approved again. */
export async function reopenForm(ctx: Ctx, id: number, input: { version: number; reason: string }): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.approve');
    if (f.status !== 'approved') throw new AppError('FORM_NOT_APPROVED', 409, { status: f.status }, 'movements.form.not_approved');
    checkVersion(f, input.version);
    const values = await loadValues(tx, id);
    // Status first, so the recomputed maxima no longer see this form.
    await tx.db.execute(sql`UPDATE mv_forms SET status = 'returned', returned_comment = ${input.reason}, approved_at = NULL, approved_by = NULL,
      version = version + 1, updated_at = now() WHERE id = ${id}`);
    await applyForm(tx.db, id, -1);
    await event(tx, id, 'reopen', input.reason);
    await writeAudit(tx, { action: 'movements.form.reopen', entity: 'form', entityId: id, unitId: f.unitId, before: { status: 'approved', values: valueMap(values) }, after: { status: 'returned', reason: input.reason } });
    await notifyUnit(tx.db, f.unitId, { key: 'movements.notice.form_reopened', params: { period: periodParam(f.periodKey), movement: f.movementName }, body: input.reason, link: `/movements/forms/${id}` });
  });
  return getForm(ctx, id);
}

// ---------------------------------------------------------------- evidence

export async function attachFile(ctx: Ctx, id: number, input: { fileId: number; note?: string | null }): Promise<FormDetail> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.fill');
    editable(f);
    const meta = await findFileMeta(tx.db, input.fileId);
    // Only one's own uploads can be attached (file ids are guessable).
    if (!meta || (meta.ownerId !== tx.actor!.userId && !tx.actor!.isAdmin)) throw new FieldValidationError([{ path: 'fileId', messageKey: 'movements.attachment.unknown_file' }]);
    await tx.db.execute(sql`UPDATE files SET unit_id = ${f.unitId} WHERE id = ${input.fileId} AND unit_id IS NULL`);
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO mv_attachments (form_id, file_id, note, created_by) VALUES (${id}, ${input.fileId}, ${input.note ?? null}, ${tx.actor!.userId}) RETURNING id`);
    await writeAudit(tx, { action: 'movements.form.attach', entity: 'form', entityId: id, unitId: f.unitId, after: { attachmentId: r!.id, fileId: input.fileId, name: meta.name } });
  });
  return getForm(ctx, id);
}

export async function removeAttachment(ctx: Ctx, id: number, attachmentId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const f = await getFormRow(tx, id, 'reports.fill');
    editable(f);
    const r = await rows(tx.db, sql`DELETE FROM mv_attachments WHERE id = ${attachmentId} AND form_id = ${id} RETURNING file_id`);
    if (r.length === 0) throw new AppError('ATTACHMENT_NOT_FOUND', 404, {}, 'error.not_found');
    await writeAudit(tx, { action: 'movements.form.detach', entity: 'form', entityId: id, unitId: f.unitId, before: { attachmentId } });
  });
}

export async function getAttachment(ctx: Ctx, id: number, attachmentId: number): Promise<number> {
  await getFormRow(ctx, id);
  const r = await one<{ fileId: number }>(ctx.db, sql`SELECT file_id AS "fileId" FROM mv_attachments WHERE id = ${attachmentId} AND form_id = ${id}`);
  if (!r) throw new AppError('ATTACHMENT_NOT_FOUND', 404, {}, 'error.not_found');
  return r.fileId;
}
