/**
 * The access kernel on its own: `can` (subtree and area scopes), `authorizeLoaded`, the declared-policy
 * decision (`decide`: 404 unseen, 403 seen but not allowed, named constraints; places reached from
 * below), `authorizeAnywhere`, and the SQL of `inScope` (path, unit id and unit-id subquery columns)
 * against real units on both engines.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../context';
import { can, authorizeLoaded } from './authorize';
import { anyPlace, authorizeAnywhere, decide, inScope, registerPolicies, type ResourcePolicy, type Place } from './policy';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, makeUser, scopeFixture, type TestApp } from '../../test/app';
import { rows } from '../db/sql';

const actor = (grants: Actor['grants'], isAdmin = false): Actor => ({ userId: 1, username: 'x', fullName: 'X', grants, isAdmin });
const communeA: Place = { path: 'u1.u2', areaPath: 'a48.a20341' };
const branchA: Place = { path: 'u1.u2.u5', areaPath: 'a48.a20341.a9' };
const communeB: Place = { path: 'u1.u3', areaPath: 'a48.a20194' };
const otherOrgInA: Place = { path: 'u7.u8', areaPath: 'a48.a20341' };

describe('can', () => {
  const officerA = actor([{ unitId: 2, unitPath: 'u1.u2', areaPath: 'a48.a20341', role: 'officer' }]);
  const supervisorA = actor([{ unitId: 9, unitPath: 'u9', areaPath: 'a48.a20341', role: 'supervisor' }]);
  it('a subtree grant covers the unit and everything under it, nothing beside it', () => {
    expect(can(officerA, 'units.read', communeA)).toBe(true);
    expect(can(officerA, 'units.read', branchA)).toBe(true);
    expect(can(officerA, 'units.read', communeB)).toBe(false);
    expect(can(officerA, 'units.read', { path: 'u1.u22', areaPath: null })).toBe(false); // a prefix of digits is not an ancestor
    expect(can(officerA, 'units.manage', communeA)).toBe(false); // officers do not manage units
  });
  it('an area grant covers every organization located in the area, and only for area-scoped actions', () => {
    expect(can(supervisorA, 'units.read', otherOrgInA)).toBe(true);
    expect(can(supervisorA, 'units.read', branchA)).toBe(true);
    expect(can(supervisorA, 'units.read', communeB)).toBe(false);
    expect(can(supervisorA, 'units.manage', otherOrgInA)).toBe(false);
  });
  it('nobody without a session, everybody for an admin', () => {
    expect(can(null, 'units.read', communeA)).toBe(false);
    expect(can(actor([], true), 'units.manage', communeB)).toBe(true);
  });
  it('authorizeLoaded: unseen is 404, seen but not allowed is 403', () => {
    expect(() => authorizeLoaded(officerA, 'units.read', communeA)).not.toThrow();
    expect(() => authorizeLoaded(officerA, 'units.manage', communeA)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => authorizeLoaded(officerA, 'units.manage', communeB)).toThrow(expect.objectContaining({ status: 404, code: 'UNIT_NOT_FOUND' }));
  });
});

type Doc = { id: number; owner: Place; helper: Place | null; authorId: number };
const docPolicy: ResourcePolicy<Doc> = {
  entity: 'DOC',
  read: 'units.read',
  load: async () => undefined,
  places: (d) => (d.helper ? [d.owner, d.helper] : [d.owner]),
  columns: [{ unitPath: sql`d.owner_path` }, { unitPath: sql`d.helper_path` }],
  constraints: { owner_only: (a, d) => can(a, 'units.manage', d.owner) },
  actions: { 'units.manage': 'owner_only' },
};

describe('decide (declared policies)', () => {
  const adminA = actor([{ unitId: 2, unitPath: 'u1.u2', areaPath: null, role: 'unit_admin' }]);
  const adminB = actor([{ unitId: 3, unitPath: 'u1.u3', areaPath: null, role: 'unit_admin' }]);
  const doc: Doc = { id: 1, owner: communeA, helper: communeB, authorId: 1 };
  it('a row is visible through any of its places; a missing row and an unseen row read alike', () => {
    expect(() => decide(adminB, docPolicy, doc, 'units.read')).not.toThrow();
    expect(() => decide(adminB, docPolicy, { ...doc, helper: null }, 'units.read')).toThrow(expect.objectContaining({ status: 404, code: 'DOC_NOT_FOUND' }));
    expect(() => decide(adminB, docPolicy, undefined, 'units.read')).toThrow(expect.objectContaining({ status: 404, code: 'DOC_NOT_FOUND' }));
    expect(() => decide(null, docPolicy, doc, 'units.read')).toThrow(expect.objectContaining({ status: 401 }));
  });
  it('a named constraint decides its action: the helper sees the row but may not manage it', () => {
    expect(() => decide(adminA, docPolicy, doc, 'units.manage')).not.toThrow();
    expect(() => decide(adminB, docPolicy, doc, 'units.manage')).toThrow(expect.objectContaining({ status: 403 }));
  });
  it('refuses a policy naming a constraint it does not declare', () => {
    expect(() => registerPolicies({ broken: { ...docPolicy, actions: { 'units.manage': 'nope' } } })).toThrow(/unknown constraint/);
  });
});

const doc0: Doc = { id: 1, owner: communeA, helper: null, authorId: 1 };

describe('places reached from below', () => {
  const branchOfficer = actor([{ unitId: 5, unitPath: 'u1.u2.u5', areaPath: 'a48.a20341', role: 'officer' }]);
  const branchSupervisor = actor([{ unitId: 5, unitPath: 'u1.u2.u5', areaPath: 'a48.a20341', role: 'supervisor' }]);
  const wholeTree: Place = { path: 'u1.u2', areaPath: 'a48', below: true };
  it('a subtree grant anywhere under the place reaches it, for the actions its role holds', () => {
    expect(anyPlace(branchOfficer, 'units.read', [wholeTree])).toBe(true);
    expect(anyPlace(branchOfficer, 'units.read', [{ ...wholeTree, below: false }])).toBe(false);
    expect(anyPlace(branchOfficer, 'units.manage', [wholeTree])).toBe(false);
    expect(anyPlace(branchOfficer, 'units.read', [{ path: 'u1.u5', areaPath: null, below: true }])).toBe(false); // u1.u2.u5 is not under u1.u5
  });
  it('an area grant does not reach down', () => {
    expect(anyPlace(branchSupervisor, 'units.read', [wholeTree])).toBe(false);
    expect(() => decide(branchSupervisor, { ...docPolicy, places: () => [wholeTree] }, doc0, 'units.read')).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('authorizeAnywhere', () => {
  const ctx = (a: Actor | null) => ({ actor: a, db: null, engine: 'pglite', locale: 'vi', requestId: 't' }) as unknown as Ctx;
  const officer = actor([{ unitId: 2, unitPath: 'u1.u2', areaPath: null, role: 'officer' }]);
  it('passes when a grant carries the action, or any of several', () => {
    expect(authorizeAnywhere(ctx(officer), 'units.read')).toBe(officer);
    expect(authorizeAnywhere(ctx(officer), ['users.manage', 'units.read'])).toBe(officer);
  });
  it('403 otherwise, or not found for a national row read by id; 401 without a session', () => {
    expect(() => authorizeAnywhere(ctx(officer), ['users.manage', 'audit.read'])).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => authorizeAnywhere(ctx(officer), 'users.manage', 'THING')).toThrow(expect.objectContaining({ status: 404, code: 'THING_NOT_FOUND' }));
    expect(() => authorizeAnywhere(ctx(null), 'units.read', 'THING')).toThrow(expect.objectContaining({ status: 401 }));
  });
});

// Registered once for the file: the table is process-wide and refuses a second declaration.
registerPolicies({
  'test.unit_pair': { ...docPolicy, entity: 'PAIR' },
  'test.by_unit_id': { ...docPolicy, entity: 'BYID', columns: [{ unitId: sql`d.owner_id` }, { unitIds: sql`SELECT x.id FROM units x WHERE x.id = ANY(d.helper_ids)` }] },
  'test.from_below': { ...docPolicy, entity: 'BELOW', columns: [{ unitPath: sql`d.path`, areaPath: sql`d.area_path`, below: true }] },
});

describe.each(engines())('inScope on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
  });
  afterAll(async () => { await t?.close(); });

  it('selects exactly the rows with a place in the caller’s scope', async () => {
    const ctx = await ctxFor(t, f.officerB);
    const where = inScope(ctx, 'test.unit_pair', 'units.read');
    const found = await rows<{ name: string }>(t.handle.db, sql`
      WITH d(name, owner_path, helper_path) AS (VALUES
        ('A only', ${f.communeA.path}::ltree, NULL::ltree),
        ('A helped by B', ${f.communeA.path}::ltree, ${f.branchB.path}::ltree),
        ('B', ${f.communeB.path}::ltree, NULL::ltree))
      SELECT name FROM d WHERE ${where} ORDER BY name`);
    expect(found.map((r) => r.name)).toEqual(['A helped by B', 'B']);
    const none = await rows(t.handle.db, sql`SELECT 1 FROM (VALUES (${f.communeA.path}::ltree, NULL::ltree)) d(owner_path, helper_path) WHERE ${inScope(await ctxFor(t, null), 'test.unit_pair', 'units.read')}`);
    expect(none).toEqual([]);
  });

  it('unit id columns and unit-id subqueries: a row whose unit, or one of whose units, is in scope', async () => {
    const found = async (ctx: Ctx) => (await rows<{ name: string }>(t.handle.db, sql`
      WITH d(name, owner_id, helper_ids) AS (VALUES
        ('A only', ${f.communeA.id}::int, '{}'::int[]),
        ('A helped by branch B', ${f.communeA.id}::int, ${`{${f.branchB.id}}`}::int[]),
        ('B', ${f.communeB.id}::int, '{}'::int[]))
      SELECT name FROM d WHERE ${inScope(ctx, 'test.by_unit_id', 'units.read')} ORDER BY name`)).map((r) => r.name);
    expect(await found(await ctxFor(t, f.officerB))).toEqual(['A helped by branch B', 'B']);
    expect(await found(await ctxFor(t, f.officerA))).toEqual(['A helped by branch B', 'A only']);
    expect(await found(await ctxFor(t, f.admin))).toEqual(['A helped by branch B', 'A only', 'B']);
    expect(await found(await ctxFor(t, null))).toEqual([]);
    // The supervisor of commune A's area reads every organization's units there, through the ids too.
    expect(await found(await ctxFor(t, f.supervisorA))).toEqual(['A helped by branch B', 'A only']);
  });

  it('a place reached from below: subtree grants under it, not area grants', async () => {
    const branchSupervisor = await makeUser(t.handle, [{ unit: f.branchB, role: 'supervisor' }]);
    const found = async (ctx: Ctx) => (await rows<{ name: string }>(t.handle.db, sql`
      WITH d(name, path, area_path) AS (VALUES
        ('province', ${f.province.path}::ltree, ${f.province.areaPath}::ltree),
        ('commune A', ${f.communeA.path}::ltree, ${f.communeA.areaPath}::ltree))
      SELECT name FROM d WHERE ${inScope(ctx, 'test.from_below', 'units.read')} ORDER BY name`)).map((r) => r.name);
    expect(await found(await ctxFor(t, f.officerB))).toEqual(['province']);
    expect(await found(await ctxFor(t, f.officerA))).toEqual(['commune A', 'province']);
    expect(await found(await ctxFor(t, branchSupervisor))).toEqual([]);
  });
});
