/** Routing rules (per category, kind and area → a competent body) and the holiday calendar. */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { authorizeAnywhere, inScope, loadAuthorized } from '../../kernel/access/policy';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import type { Holiday, RoutingRule } from '../../../common/petitions';
import { invalidateCalendar } from './deadlines';

const RULE_SELECT = sql`
  SELECT r.id, r.owner_unit_id AS "ownerUnitId", ou.name AS "ownerUnitName", r.category_code AS category, r.kind,
    a.code AS "areaCode", CASE WHEN a.id IS NULL THEN NULL ELSE a.type || ' ' || a.name END AS "areaName",
    r.target_unit_id AS "targetUnitId", tu.name AS "targetUnitName", r.priority, r.active, r.note
  FROM case_routing_rules r JOIN units ou ON ou.id = r.owner_unit_id JOIN units tu ON tu.id = r.target_unit_id
  LEFT JOIN areas a ON a.id = r.area_id`;

export async function listRules(ctx: Ctx): Promise<RoutingRule[]> {
  requireActor(ctx);
  return rows<RoutingRule>(ctx.db, sql`${RULE_SELECT} WHERE ${inScope(ctx, 'petitions.routing_rule', 'cases.read')} ORDER BY ou.name, r.category_code NULLS LAST, r.priority DESC, r.id LIMIT 1000`);
}

const loadRule = (ctx: Ctx, id: number, action: string) =>
  loadAuthorized<{ id: number; ownerPath: string; ownerUnitId: number }>(ctx, 'petitions.routing_rule', id, action);

type RuleInput = { ownerUnitId: number; category: string | null; kind: string | null; areaCode: string | null; targetUnitId: number; priority: number; active: boolean; note?: string | null };

async function resolveRuleInput(ctx: Ctx, input: RuleInput) {
  const owner = await loadAuthorized<{ id: number; path: string; areaPath: string | null }>(ctx, 'petitions.unit', input.ownerUnitId, 'cases.manage_routing');
  const target = await one<{ id: number }>(ctx.db, sql`SELECT id FROM units WHERE id = ${input.targetUnitId} AND closed_at IS NULL`);
  if (!target) throw new FieldValidationError([{ path: 'targetUnitId', messageKey: 'petitions.unit_unknown' }]);
  if (input.category && !(await one(ctx.db, sql`SELECT 1 FROM case_categories WHERE code = ${input.category}`))) {
    throw new FieldValidationError([{ path: 'category', messageKey: 'petitions.category_unknown' }]);
  }
  let area: { id: number; path: string } | null = null;
  if (input.areaCode) {
    area = (await one<{ id: number; path: string }>(ctx.db, sql`SELECT id, path::text AS path FROM areas WHERE code = ${input.areaCode}`)) ?? null;
    if (!area) throw new FieldValidationError([{ path: 'areaCode', messageKey: 'petitions.area_unknown' }]);
    // A unit makes rules for its own area only.
    if (owner.areaPath && !(area.path === owner.areaPath || area.path.startsWith(owner.areaPath + '.'))) {
      throw new FieldValidationError([{ path: 'areaCode', messageKey: 'petitions.area_outside_owner' }]);
    }
  } else if (owner.areaPath) {
    area = (await one<{ id: number; path: string }>(ctx.db, sql`SELECT id, path::text AS path FROM areas WHERE path = ${owner.areaPath}::ltree`)) ?? null;
  }
  return { owner, area };
}

export async function createRule(ctx: Ctx, input: RuleInput): Promise<RoutingRule> {
  const id = await inTransaction(ctx, async (tx) => {
    const { owner, area } = await resolveRuleInput(tx, input);
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO case_routing_rules (owner_unit_id, owner_path, category_code, kind, area_id, area_path, target_unit_id, priority, active, note)
      VALUES (${owner.id}, ${owner.path}::ltree, ${input.category}, ${input.kind}, ${area?.id ?? null}, ${area?.path ?? null}::ltree, ${input.targetUnitId}, ${input.priority}, ${input.active}, ${input.note ?? null}) RETURNING id`);
    await writeAudit(tx, { action: 'cases.rule_create', entity: 'case_routing_rule', entityId: r!.id, unitId: owner.id, after: { ...input } });
    return r!.id;
  });
  return (await one<RoutingRule>(ctx.db, sql`${RULE_SELECT} WHERE r.id = ${id}`))!;
}

export async function updateRule(ctx: Ctx, id: number, input: RuleInput): Promise<RoutingRule> {
  await inTransaction(ctx, async (tx) => {
    const before = await loadRule(tx, id, 'cases.manage_routing');
    const { owner, area } = await resolveRuleInput(tx, input);
    await tx.db.execute(sql`UPDATE case_routing_rules SET owner_unit_id = ${owner.id}, owner_path = ${owner.path}::ltree, category_code = ${input.category}, kind = ${input.kind},
      area_id = ${area?.id ?? null}, area_path = ${area?.path ?? null}::ltree, target_unit_id = ${input.targetUnitId}, priority = ${input.priority}, active = ${input.active}, note = ${input.note ?? null}
      WHERE id = ${id}`);
    await writeAudit(tx, { action: 'cases.rule_update', entity: 'case_routing_rule', entityId: id, unitId: before.ownerUnitId, after: { ...input } });
  });
  return (await one<RoutingRule>(ctx.db, sql`${RULE_SELECT} WHERE r.id = ${id}`))!;
}

export async function deleteRule(ctx: Ctx, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const r = await loadRule(tx, id, 'cases.manage_routing');
    await tx.db.execute(sql`DELETE FROM case_routing_rules WHERE id = ${id}`);
    await writeAudit(tx, { action: 'cases.rule_delete', entity: 'case_routing_rule', entityId: id, unitId: r.ownerUnitId });
  });
}

// ---- holidays: national data, read by every staff user, changed by administrators
export async function listHolidays(ctx: Ctx, year: number): Promise<Holiday[]> {
  requireActor(ctx);
  return rows<Holiday>(ctx.db, sql`SELECT day::text AS day, kind, name FROM case_holidays WHERE day >= ${`${year}-01-01`}::date AND day <= ${`${year}-12-31`}::date ORDER BY day`);
}

export async function replaceHolidays(ctx: Ctx, year: number, days: Holiday[]): Promise<Holiday[]> {
  authorizeAnywhere(ctx, 'cases.manage_holidays');
  const bad = days.findIndex((d) => !d.day.startsWith(`${year}-`));
  if (bad >= 0) throw new FieldValidationError([{ path: `days.${bad}.day`, messageKey: 'petitions.holiday_year' }]);
  await inTransaction(ctx, async (tx) => {
    const before = await listHolidays(tx, year);
    await tx.db.execute(sql`DELETE FROM case_holidays WHERE day >= ${`${year}-01-01`}::date AND day <= ${`${year}-12-31`}::date`);
    for (const d of days) await tx.db.execute(sql`INSERT INTO case_holidays (day, kind, name) VALUES (${d.day}::date, ${d.kind}, ${d.name}) ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`);
    await writeAudit(tx, { action: 'cases.holidays_replace', entity: 'case_holidays', entityId: year, before, after: days });
  });
  invalidateCalendar();
  return listHolidays(ctx, year);
}

/**
 * Bodies a case (or a rule of a unit) can be routed to: the bodies of every organization whose area
 * contains the place (commune, province), and, for a province-wide place, the commune bodies under
 * it. Competent bodies are usually outside the router's own tree (UBND, Party committee), so this
 * list is not limited to the caller's scope; it holds names only.
 */
export async function routeTargets(ctx: Ctx, q: { caseId?: number; unitId?: number }): Promise<{ id: number; name: string; organization: string }[]> {
  requireActor(ctx);
  let areaPath: string | null = null;
  if (q.caseId) {
    const { loadCase } = await import('./cases.service');
    const c = await loadCase(ctx, q.caseId, 'cases.handle');
    areaPath = c.areaPath ?? c.receivingAreaPath;
  } else if (q.unitId) {
    areaPath = (await loadAuthorized<{ areaPath: string | null }>(ctx, 'petitions.unit', q.unitId, 'cases.read')).areaPath;
  }
  if (!areaPath) return [];
  return rows(ctx.db, sql`SELECT u.id, u.name, o.short_name AS organization FROM units u JOIN organizations o ON o.id = u.organization_id
    WHERE u.closed_at IS NULL AND u.kind = 'body' AND (u.area_path @> ${areaPath}::ltree OR (u.area_path <@ ${areaPath}::ltree AND nlevel(u.area_path) <= 2))
    ORDER BY nlevel(u.area_path) DESC, o.sort_order, u.name LIMIT 1000`);
}
