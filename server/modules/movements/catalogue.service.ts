/** The indicator catalogue, movements and campaigns, and their reporting schedules. */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { authorizeAnywhere, inScope, loadAuthorized } from '../../kernel/access/policy';
import { AppError, conflict, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import * as repo from './movements.repo';
import { managesMovement } from './movements.policy';
import {
  FREQ_MONTHS, monthLastDay, nextPeriod, parsePeriod, periodContaining,
  type CreateIndicatorInput, type CreateMovementInput, type CreateScheduleInput, type Indicator, type Movement, type MovementDetail, type UpdateIndicatorInput,
} from '../../../common/movements';
import type { z } from 'zod';
import type { zUpdateMovementInput, zTargetInput } from '../../../common/movements';
import { now } from '../../kernel/clock';

const strip = ({ weightIndicatorId: _w, perCapitaIndicatorId: _p, ...i }: repo.IndicatorRow): Indicator => i;

// ---------------------------------------------------------------- indicators

export async function listIndicators(ctx: Ctx, q: { active?: boolean } = {}): Promise<Indicator[]> {
  authorizeAnywhere(ctx, 'movements.read');
  const list = await repo.selectIndicators(ctx.db, q.active === undefined ? sql`TRUE` : sql`i.active = ${q.active}`);
  return list.map(strip);
}

export async function getIndicator(ctx: Ctx, id: number): Promise<Indicator> {
  // By id, an indicator the caller may not read is not found (the list answers 403).
  authorizeAnywhere(ctx, 'movements.read', 'INDICATOR');
  const i = (await repo.selectIndicators(ctx.db, sql`i.id = ${id}`))[0];
  if (!i) throw new AppError('INDICATOR_NOT_FOUND', 404, {}, 'error.not_found');
  return strip(i);
}

async function resolveCode(db: Db, code: string | null | undefined, path: string): Promise<number | null> {
  if (!code) return null;
  const r = await one<{ id: number }>(db, sql`SELECT id FROM mv_indicators WHERE code = ${code}`);
  if (!r) throw new FieldValidationError([{ path, messageKey: 'movements.indicator.unknown_code', params: { code } }]);
  return r.id;
}

/** Rules zod cannot see: aggregation needs a weight, text is never aggregated, sources need a mode. */
function checkIndicatorShape(i: Partial<CreateIndicatorInput>) {
  const errs: { path: string; messageKey: string }[] = [];
  if (i.aggregation === 'weighted_avg' && !i.weightCode) errs.push({ path: 'weightCode', messageKey: 'movements.indicator.weight_required' });
  if (i.valueType === 'text' && i.aggregation && i.aggregation !== 'none') errs.push({ path: 'aggregation', messageKey: 'movements.indicator.text_not_aggregated' });
  if (i.source && !i.sourceMode) errs.push({ path: 'sourceMode', messageKey: 'movements.indicator.source_mode_required' });
  if (i.rules && i.rules.min != null && i.rules.max != null && i.rules.min > i.rules.max) errs.push({ path: 'rules.max', messageKey: 'movements.indicator.min_max' });
  if (errs.length) throw new FieldValidationError(errs);
}

export async function createIndicator(ctx: Ctx, input: CreateIndicatorInput): Promise<Indicator> {
  const id = await inTransaction(ctx, async (tx) => {
    await loadAuthorized(tx, 'movements.unit', input.ownerUnitId, 'movements.manage');
    checkIndicatorShape(input);
    if (await one(tx.db, sql`SELECT 1 FROM mv_indicators WHERE code = ${input.code}`)) {
      throw new FieldValidationError([{ path: 'code', messageKey: 'movements.indicator.code_taken' }]);
    }
    const weightId = await resolveCode(tx.db, input.weightCode, 'weightCode');
    const capitaId = await resolveCode(tx.db, input.perCapitaCode, 'perCapitaCode');
    for (const c of input.rules?.lte ?? []) await resolveCode(tx.db, c, 'rules.lte');
    const r = await one<{ id: number }>(tx.db, sql`
      INSERT INTO mv_indicators (code, name, description, measure, value_type, aggregation, weight_indicator_id, per_capita_indicator_id,
        source, source_mode, disaggregations, rules, owner_unit_id)
      VALUES (${input.code}, ${input.name}, ${input.description ?? null}, ${input.measure}, ${input.valueType}, ${input.aggregation},
        ${weightId}, ${capitaId}, ${input.source ?? null}, ${input.source ? input.sourceMode ?? null : null},
        ${sql.param(input.disaggregations ?? [])}::text[], ${JSON.stringify(input.rules ?? {})}::jsonb, ${input.ownerUnitId})
      RETURNING id`);
    await writeAudit(tx, { action: 'movements.indicator.create', entity: 'indicator', entityId: r!.id, unitId: input.ownerUnitId, after: input });
    return r!.id;
  });
  return getIndicator(ctx, id);
}

export async function updateIndicator(ctx: Ctx, id: number, input: UpdateIndicatorInput): Promise<Indicator> {
  await inTransaction(ctx, async (tx) => {
    const before = (await repo.selectIndicators(tx.db, sql`i.id = ${id}`))[0];
    if (!before) throw new AppError('INDICATOR_NOT_FOUND', 404, {}, 'error.not_found');
    await loadAuthorized(tx, 'movements.unit', before.ownerUnitId, 'movements.manage');
    if (before.version !== input.version) throw conflict();
    const merged = {
      name: input.name ?? before.name, description: input.description !== undefined ? input.description : before.description,
      measure: input.measure ?? before.measure, valueType: input.valueType ?? before.valueType, aggregation: input.aggregation ?? before.aggregation,
      weightCode: input.weightCode !== undefined ? input.weightCode : before.weightCode,
      perCapitaCode: input.perCapitaCode !== undefined ? input.perCapitaCode : before.perCapitaCode,
      source: input.source !== undefined ? input.source : before.source,
      sourceMode: input.sourceMode !== undefined ? input.sourceMode : before.sourceMode,
      disaggregations: input.disaggregations ?? before.disaggregations, rules: input.rules ?? before.rules, active: input.active ?? before.active,
    };
    checkIndicatorShape(merged as Partial<CreateIndicatorInput>);
    // Changing how an approved figure aggregates would silently change every published total.
    if (merged.aggregation !== before.aggregation || merged.weightCode !== before.weightCode) {
      if (await one(tx.db, sql`SELECT 1 FROM mv_rollup WHERE indicator_id = ${id} LIMIT 1`)) {
        throw new FieldValidationError([{ path: 'aggregation', messageKey: 'movements.indicator.aggregation_locked' }]);
      }
    }
    const weightId = await resolveCode(tx.db, merged.weightCode, 'weightCode');
    const capitaId = await resolveCode(tx.db, merged.perCapitaCode, 'perCapitaCode');
    await tx.db.execute(sql`UPDATE mv_indicators SET name = ${merged.name}, description = ${merged.description}, measure = ${merged.measure},
      value_type = ${merged.valueType}, aggregation = ${merged.aggregation}, weight_indicator_id = ${weightId}, per_capita_indicator_id = ${capitaId},
      source = ${merged.source}, source_mode = ${merged.source ? merged.sourceMode : null}, disaggregations = ${sql.param(merged.disaggregations)}::text[],
      rules = ${JSON.stringify(merged.rules)}::jsonb, active = ${merged.active}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    await writeAudit(tx, { action: 'movements.indicator.update', entity: 'indicator', entityId: id, unitId: before.ownerUnitId, before: strip(before), after: merged });
  });
  return getIndicator(ctx, id);
}

export async function listTargets(ctx: Ctx, indicatorId: number, unitId: number) {
  await getIndicator(ctx, indicatorId);
  const u = await loadAuthorized<{ path: string }>(ctx, 'movements.unit', unitId, 'indicators.aggregate');
  return rows<{ indicatorId: number; unitId: number; unitName: string; year: number; value: number }>(ctx.db, sql`
    SELECT t.indicator_id AS "indicatorId", t.unit_id AS "unitId", un.name AS "unitName", t.year, t.value
    FROM mv_targets t JOIN units un ON un.id = t.unit_id
    WHERE t.indicator_id = ${indicatorId} AND un.path <@ ${u.path}::ltree AND nlevel(un.path) <= nlevel(${u.path}::ltree) + 1
    ORDER BY t.year, un.depth, un.name`);
}

/** Targets are set by whoever manages movements at the unit (or above). */
export async function setTarget(ctx: Ctx, indicatorId: number, input: z.infer<typeof zTargetInput>): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await getIndicator(tx, indicatorId);
    await loadAuthorized(tx, 'movements.unit', input.unitId, 'movements.manage');
    const before = await one(tx.db, sql`SELECT value FROM mv_targets WHERE indicator_id = ${indicatorId} AND unit_id = ${input.unitId} AND year = ${input.year}`);
    if (input.value === null) await tx.db.execute(sql`DELETE FROM mv_targets WHERE indicator_id = ${indicatorId} AND unit_id = ${input.unitId} AND year = ${input.year}`);
    else await tx.db.execute(sql`INSERT INTO mv_targets (indicator_id, unit_id, year, value) VALUES (${indicatorId}, ${input.unitId}, ${input.year}, ${input.value})
      ON CONFLICT (indicator_id, unit_id, year) DO UPDATE SET value = EXCLUDED.value`);
    await writeAudit(tx, { action: 'movements.target.set', entity: 'indicator', entityId: indicatorId, unitId: input.unitId, before: before ?? null, after: input });
  });
}

// ---------------------------------------------------------------- movements

export async function listMovements(ctx: Ctx, q: { unit?: number } = {}): Promise<Movement[]> {
  requireActor(ctx);
  let where = inScope(ctx, 'movements.movement', 'movements.read');
  if (q.unit) {
    const u = await loadAuthorized<{ path: string }>(ctx, 'movements.unit', q.unit, 'movements.read');
    // Movements that reach this unit: led by it, above it or below it.
    where = sql`${where} AND (lu.path @> ${u.path}::ltree OR lu.path <@ ${u.path}::ltree)`;
  }
  const list = await rows<Movement>(ctx.db, sql`SELECT ${repo.MOVEMENT_SELECT} FROM ${repo.MOVEMENT_FROM} WHERE ${where} ORDER BY m.starts_on DESC, m.name`);
  return list.map((m) => ({ ...m, organizations: repo.toArray(m.organizations) }));
}

/** A movement the caller sees (404 otherwise). */
const loadMovement = (ctx: Ctx, id: number) => loadAuthorized<repo.MovementRow>(ctx, 'movements.movement', id, 'movements.read');
/** A movement the caller manages at its lead unit: 404 unless it reads the lead unit, 403 unless it manages there. */
const loadManagedMovement = (ctx: Ctx, id: number) => loadAuthorized<repo.MovementRow>(ctx, 'movements.movement_lead', id, 'movements.manage');

export async function getMovement(ctx: Ctx, id: number): Promise<MovementDetail> {
  const m = await loadMovement(ctx, id);
  const [indicators, schedules] = await Promise.all([
    repo.movementIndicators(ctx.db, id),
    rows<MovementDetail['schedules'][number]>(ctx.db, sql`SELECT s.id, s.movement_id AS "movementId", s.frequency, s.first_period AS "firstPeriod",
      s.last_period AS "lastPeriod", s.due_days AS "dueDays", s.min_depth AS "minDepth", s.max_depth AS "maxDepth", s.active,
      (SELECT count(*)::int FROM mv_forms f WHERE f.schedule_id = s.id) AS "formCount" FROM mv_schedules s WHERE s.movement_id = ${id} ORDER BY s.id`),
  ]);
  const { leadPath: _p, leadAreaPath: _a, ...rest } = m;
  return { ...rest, indicators: indicators.map(strip), schedules, canManage: managesMovement(ctx.actor, m) };
}

async function setMovementIndicators(db: Db, movementId: number, codes: string[]) {
  const found = await rows<{ id: number; code: string }>(db, sql`SELECT id, code FROM mv_indicators WHERE code = ANY(${sql.param(codes)}::text[])`);
  const missing = codes.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) throw new FieldValidationError([{ path: 'indicators', messageKey: 'movements.indicator.unknown_code', params: { code: missing.join(', ') } }]);
  await db.execute(sql`DELETE FROM mv_movement_indicators WHERE movement_id = ${movementId}`);
  if (codes.length) {
    await db.execute(sql`INSERT INTO mv_movement_indicators (movement_id, indicator_id, sort)
      SELECT ${movementId}, i.id, t.ord FROM unnest(${sql.param(codes)}::text[]) WITH ORDINALITY AS t(code, ord) JOIN mv_indicators i ON i.code = t.code`);
  }
}

export async function createMovement(ctx: Ctx, input: CreateMovementInput): Promise<MovementDetail> {
  const id = await inTransaction(ctx, async (tx) => {
    await loadAuthorized(tx, 'movements.unit', input.leadUnitId, 'movements.manage');
    if (input.endsOn && input.endsOn < input.startsOn) throw new FieldValidationError([{ path: 'endsOn', messageKey: 'movements.range.invalid' }]);
    if (await one(tx.db, sql`SELECT 1 FROM mv_movements WHERE code = ${input.code}`)) throw new FieldValidationError([{ path: 'code', messageKey: 'movements.movement.code_taken' }]);
    const r = await one<{ id: number }>(tx.db, sql`
      INSERT INTO mv_movements (code, name, kind, organizations, lead_unit_id, starts_on, ends_on, goals, description)
      VALUES (${input.code}, ${input.name}, ${input.kind}, ${sql.param(input.organizations)}::text[], ${input.leadUnitId}, ${input.startsOn},
        ${input.endsOn ?? null}, ${input.goals ?? null}, ${input.description ?? null}) RETURNING id`);
    await setMovementIndicators(tx.db, r!.id, input.indicators);
    await writeAudit(tx, { action: 'movements.create', entity: 'movement', entityId: r!.id, unitId: input.leadUnitId, after: input });
    return r!.id;
  });
  return getMovement(ctx, id);
}

export async function updateMovement(ctx: Ctx, id: number, input: z.infer<typeof zUpdateMovementInput>): Promise<MovementDetail> {
  await inTransaction(ctx, async (tx) => {
    const m = await loadManagedMovement(tx, id);
    if (m.version !== input.version) throw conflict();
    const next = {
      name: input.name ?? m.name, kind: input.kind ?? m.kind, organizations: input.organizations ?? m.organizations,
      startsOn: input.startsOn ?? m.startsOn, endsOn: input.endsOn !== undefined ? input.endsOn : m.endsOn,
      goals: input.goals !== undefined ? input.goals : m.goals, description: input.description !== undefined ? input.description : m.description,
    };
    if (next.endsOn && next.endsOn < next.startsOn) throw new FieldValidationError([{ path: 'endsOn', messageKey: 'movements.range.invalid' }]);
    await tx.db.execute(sql`UPDATE mv_movements SET name = ${next.name}, kind = ${next.kind}, organizations = ${sql.param(next.organizations)}::text[],
      starts_on = ${next.startsOn}, ends_on = ${next.endsOn}, goals = ${next.goals}, description = ${next.description}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    if (input.indicators) await setMovementIndicators(tx.db, id, input.indicators);
    await writeAudit(tx, { action: 'movements.update', entity: 'movement', entityId: id, unitId: m.leadUnitId, before: m, after: { ...next, indicators: input.indicators } });
  });
  return getMovement(ctx, id);
}

// ---------------------------------------------------------------- schedules and form generation

export async function createSchedule(ctx: Ctx, movementId: number, input: CreateScheduleInput, today = now()): Promise<{ id: number; created: number }> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadManagedMovement(tx, movementId);
    const first = parsePeriod(input.firstPeriod)!;
    const last = input.lastPeriod ? parsePeriod(input.lastPeriod)! : null;
    const errs: { path: string; messageKey: string }[] = [];
    if (first.frequency !== input.frequency) errs.push({ path: 'firstPeriod', messageKey: 'movements.period.frequency_mismatch' });
    if (last && last.frequency !== input.frequency) errs.push({ path: 'lastPeriod', messageKey: 'movements.period.frequency_mismatch' });
    if (last && last.start < first.start) errs.push({ path: 'lastPeriod', messageKey: 'movements.range.invalid' });
    if (input.maxDepth < input.minDepth) errs.push({ path: 'maxDepth', messageKey: 'movements.range.invalid' });
    if (errs.length) throw new FieldValidationError(errs);
    const r = await one<{ id: number }>(tx.db, sql`
      INSERT INTO mv_schedules (movement_id, frequency, first_period, last_period, due_days, min_depth, max_depth)
      VALUES (${movementId}, ${input.frequency}, ${first.key}, ${last?.key ?? null}, ${input.dueDays}, ${input.minDepth}, ${input.maxDepth}) RETURNING id`);
    const created = await generateForms(tx.db, r!.id, today);
    await writeAudit(tx, { action: 'movements.schedule.create', entity: 'movement', entityId: movementId, unitId: m.leadUnitId, after: { ...input, scheduleId: r!.id, formsCreated: created } });
    return { id: r!.id, created };
  });
}

/**
 * Create the forms of every period of a schedule that has started by `today` (one per open unit
 * of the lead unit's subtree at the schedule's depths). Idempotent: several processes may run it.
 */
export async function generateForms(db: Db, scheduleId: number, today = now()): Promise<number> {
  const s = await one<{ frequency: string; firstPeriod: string; lastPeriod: string | null; dueDays: number; minDepth: number; maxDepth: number; movementId: number; leadPath: string; generatedUntil: number | null; active: boolean }>(db, sql`
    SELECT s.frequency, s.first_period AS "firstPeriod", s.last_period AS "lastPeriod", s.due_days AS "dueDays", s.min_depth AS "minDepth",
      s.max_depth AS "maxDepth", s.movement_id AS "movementId", lu.path::text AS "leadPath", s.generated_until AS "generatedUntil", s.active
    FROM mv_schedules s JOIN mv_movements m ON m.id = s.movement_id JOIN units lu ON lu.id = m.lead_unit_id WHERE s.id = ${scheduleId}`);
  if (!s || !s.active) return 0;
  const nowMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const current = periodContaining(s.frequency as keyof typeof FREQ_MONTHS, nowMonth);
  const last = s.lastPeriod ? parsePeriod(s.lastPeriod)! : null;
  let p = parsePeriod(s.firstPeriod)!;
  let created = 0;
  let lastDone: number | null = null;
  while (p.start <= current.start && (!last || p.start <= last.start)) {
    if (s.generatedUntil === null || p.start > s.generatedUntil || p.start === current.start) {
      const due = monthLastDay(p.end);
      const r = await rows(db, sql`
        INSERT INTO mv_forms (schedule_id, movement_id, unit_id, period_key, period_start, period_end, due_on)
        SELECT ${scheduleId}, ${s.movementId}, u.id, ${p.key}, ${p.start}, ${p.end}, ${due}::date + ${s.dueDays}::int
        FROM units u WHERE u.path <@ ${s.leadPath}::ltree AND u.closed_at IS NULL
          AND nlevel(u.path) - nlevel(${s.leadPath}::ltree) BETWEEN ${s.minDepth} AND ${s.maxDepth}
        ON CONFLICT (schedule_id, unit_id, period_start) DO NOTHING RETURNING id`);
      created += r.length;
    }
    lastDone = p.start;
    p = nextPeriod(p);
  }
  if (lastDone !== null) await db.execute(sql`UPDATE mv_schedules SET generated_until = GREATEST(COALESCE(generated_until, ${lastDone}), ${lastDone}) WHERE id = ${scheduleId}`);
  return created;
}

/** Every active schedule (the periodic timer). */
export async function generateAllForms(db: Db, today = now()): Promise<number> {
  const list = await rows<{ id: number }>(db, sql`SELECT id FROM mv_schedules WHERE active`);
  let n = 0;
  for (const s of list) n += await generateForms(db, s.id, today);
  return n;
}
