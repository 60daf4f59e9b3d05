/**
 * Who may do what on the movements module's rows, as data for the kernel's decision:
 * - a movement is reached at its lead unit (subtree roles, or a supervisor's area) and from below it:
 *   it runs in the lead unit's whole subtree, so a branch sees the province's movement it reports to;
 *   only the lead unit manages it (`lead_unit`);
 * - managing a movement (editing it, adding schedules) is decided at its lead unit alone
 *   (`movements.movement_lead`): a unit that sees the movement only from below does not see it there;
 * - a reporting form, and an anomaly flag on it, through the form's unit; the level above approves
 *   (`level_above`: the parent unit, or the unit itself at the top of a tree);
 * - a unit named in a request through `movements.read`;
 * - the indicator catalogue is national: whoever reads movements anywhere reads it (`authorizeAnywhere`).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/context';
import { can } from '../../kernel/access/authorize';
import { unitResource, type Place, type PolicyTable } from '../../kernel/access/policy';
import * as repo from './movements.repo';

const leadOf = (m: repo.MovementRow): Place => ({ path: m.leadPath, areaPath: m.leadAreaPath });

type UnitAndParent = { unitPath: string; unitAreaPath: string | null; parentPath: string | null; parentAreaPath: string | null };
const unitOf = (r: UnitAndParent): Place => ({ path: r.unitPath, areaPath: r.unitAreaPath });
/** The unit whose unit_admin approves: the level above (the unit itself at the top of a tree). */
const approverOf = (r: UnitAndParent): Place => (r.parentPath ? { path: r.parentPath, areaPath: r.parentAreaPath } : unitOf(r));

const levelAbove = (a: Actor, r: UnitAndParent): boolean => can(a, 'reports.approve', approverOf(r));

/** The lead unit manages its movement (for the UI). */
export const managesMovement = (actor: Actor | null, m: repo.MovementRow): boolean => can(actor, 'movements.manage', leadOf(m));

/** What the caller may do on a form it sees, for the UI: fill it (its unit), approve it (the level above). */
export const formRights = (actor: Actor | null, f: repo.FormRow) => ({
  fill: can(actor, 'reports.fill', unitOf(f)),
  approve: can(actor, 'reports.approve', approverOf(f)),
});

export const policies: PolicyTable = {
  'movements.movement': {
    entity: 'MOVEMENT',
    read: 'movements.read',
    load: (ctx, id) => repo.findMovement(ctx.db, id),
    places: (m: repo.MovementRow) => [{ ...leadOf(m), below: true }],
    columns: [{ unitPath: sql`lu.path`, areaPath: sql`lu.area_path`, below: true }],
    // Seen from below does not mean managed from below.
    constraints: { lead_unit: (a, m: repo.MovementRow) => can(a, 'movements.manage', leadOf(m)) },
    actions: { 'movements.manage': 'lead_unit' },
  },
  'movements.movement_lead': {
    entity: 'MOVEMENT',
    read: 'movements.read',
    load: (ctx, id) => repo.findMovement(ctx.db, id),
    places: (m: repo.MovementRow) => [leadOf(m)],
    columns: [{ unitPath: sql`lu.path`, areaPath: sql`lu.area_path` }],
  },
  'movements.form': {
    entity: 'FORM',
    read: 'movements.read',
    load: (ctx, id) => repo.findForm(ctx.db, id),
    places: (f: repo.FormRow) => [unitOf(f)],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
    constraints: { level_above: levelAbove },
    actions: { 'reports.approve': 'level_above' },
  },
  'movements.flag': {
    entity: 'FLAG',
    read: 'movements.read',
    load: (ctx, id) => repo.findFlag(ctx.db, id),
    places: (r: repo.FlagAccessRow) => [unitOf(r)],
    columns: [{ unitPath: sql`u.path`, areaPath: sql`u.area_path` }],
    constraints: { level_above: levelAbove },
    actions: { 'reports.approve': 'level_above' },
  },
  /** A unit named in a request (a list's filter, an indicator's owner, a target's unit, a movement's lead). */
  'movements.unit': unitResource('movements.read'),
};
