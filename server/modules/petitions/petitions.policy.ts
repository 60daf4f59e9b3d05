/**
 * Who may do what on the petitions module's rows, as data for the kernel's decision:
 * - a case is reached through its receiving unit (and, for area-scoped readers, the place it concerns)
 *   or through the body it was routed to;
 * - a routing rule through the unit that owns it;
 * - a unit named in a request (a list's filter, the unit recording a case) through `cases.read`.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/context';
import { can } from '../../kernel/access/authorize';
import { unitResource, type Place, type PolicyTable } from '../../kernel/access/policy';
import { one } from '../../kernel/db/sql';
import { findCase, type CaseRow } from './petitions.repo';

type CasePlaces = { receivingPath: string; responsiblePath: string | null; receivingAreaPath?: string | null; areaPath?: string | null };

const casePlaces = (c: CasePlaces): Place[] => {
  const places: Place[] = [{ path: c.receivingPath, areaPath: c.areaPath ?? c.receivingAreaPath ?? null }];
  if (c.responsiblePath) places.push({ path: c.responsiblePath, areaPath: null });
  return places;
};

/** May the actor do `action` on the case (through its receiving or its responsible unit)? For the UI's flags and assignees. */
export const canOnCase = (actor: Actor | null, action: string, c: CasePlaces): boolean =>
  !!actor && casePlaces(c).some((p) => can(actor, action, p));

/** The unit acting on a case: the responsible body when the actor handles there, else the receiving unit. */
export const actingUnitOf = (actor: Actor, c: CaseRow): number =>
  c.responsiblePath && can(actor, 'cases.handle', { path: c.responsiblePath, areaPath: null }) ? c.responsibleUnitId! : c.receivingUnitId;

type RuleRow = { id: number; ownerPath: string; ownerUnitId: number };

export const policies: PolicyTable = {
  'petitions.case': {
    entity: 'CASE',
    read: 'cases.read',
    load: findCase,
    places: casePlaces,
    columns: [{ unitPath: sql`c.receiving_path`, areaPath: sql`c.area_path` }, { unitPath: sql`c.responsible_path` }],
  },
  'petitions.routing_rule': {
    entity: 'RULE',
    read: 'cases.read',
    load: (ctx, id) => one<RuleRow>(ctx.db, sql`SELECT id, owner_path::text AS "ownerPath", owner_unit_id AS "ownerUnitId" FROM case_routing_rules WHERE id = ${id}`),
    places: (r: RuleRow) => [{ path: r.ownerPath, areaPath: null }],
    columns: [{ unitPath: sql`r.owner_path` }],
  },
  'petitions.unit': unitResource('cases.read'),
  /** A unit whose figures are asked for: supervisors aggregate their area without reading cases. */
  'petitions.aggregate_unit': unitResource('cases.aggregate'),
};
