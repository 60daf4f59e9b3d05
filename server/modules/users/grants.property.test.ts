/**
 * Property: whatever non-admin users do through the API — grant, revoke, create, move, change a unit's
 * area, in any order — nobody ever reads a unit that none of the users the admin set up could read.
 * A fixed seed makes every run the same sequence; after each step every user's reach is recomputed
 * from the database with the kernel's own check (`can`, on the actor a request would load).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { loadActors } from '../../kernel/auth';
import type { Actor } from '../../kernel/context';
import { can } from '../../kernel/access/authorize';
import { ROLES } from '../../kernel/access/roles';
import { prng } from '../movements/movements.demo';

const STEPS = 300;
const ACTIONS = ['units.read', 'members.aggregate', 'users.manage', 'cases.read'];

type UnitNow = { id: number; path: string; areaPath: string | null; version: number; org: number };

describe.each(engines())('grants never widen beyond what the admin gave, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(engine); });
  afterAll(async () => { await t?.close(); });

  it(`${STEPS} random operations by non-admin users (fixed seed)`, async () => {
    const h = t.handle;
    const adminCookie = await login(t, await makeUser(h, [{ unit: null, role: 'admin' }]));
    const areaId = async (code: string) => (await one<{ id: number }>(h.db, sql`SELECT id FROM areas WHERE code = ${code}`))!.id;
    const areas: (number | null)[] = [null, await areaId('48'), await areaId('20341'), await areaId('20194')];
    for (const [parent, name] of [['20341', 'Khối phố Một'], ['20341', 'Khối phố Hai'], ['20194', 'Tổ dân phố Năm']] as const) {
      const r = await t.req('POST', '/api/areas', { cookie: adminCookie, body: { parentId: await areaId(parent), name, type: 'Khu phố' } });
      areas.push(r.json().id);
    }
    const [resA1, , resB1] = areas.slice(4) as number[];
    const areaCode = async (id: number) => (await one<{ code: string }>(h.db, sql`SELECT code FROM areas WHERE id = ${id}`))!.code;

    // Two organizations' trees over two communes, and a third organization's unit nobody is given.
    const province = await makeUnit(h, { org: 'PHUNU', areaCode: '48' });
    const communeA = await makeUnit(h, { org: 'PHUNU', parent: province, areaCode: '20341' });
    const communeB = await makeUnit(h, { org: 'PHUNU', parent: province, areaCode: '20194' });
    const branchA1 = await makeUnit(h, { org: 'PHUNU', parent: communeA, areaCode: await areaCode(resA1), kind: 'branch' });
    const branchA2 = await makeUnit(h, { org: 'PHUNU', parent: communeA, areaCode: '20341', kind: 'branch' });
    const branchB1 = await makeUnit(h, { org: 'PHUNU', parent: communeB, areaCode: await areaCode(resB1), kind: 'branch' });
    const frontP = await makeUnit(h, { org: 'BTGDV', areaCode: '48' });
    const frontA = await makeUnit(h, { org: 'BTGDV', parent: frontP, areaCode: '20341' });
    const frontB = await makeUnit(h, { org: 'BTGDV', parent: frontP, areaCode: '20194' });
    const youthB = await makeUnit(h, { org: 'DOAN', areaCode: '20194' });
    const original = [province, communeA, communeB, branchA1, branchA2, branchB1, frontP, frontA, frontB, youthB];
    const originalIds = new Set(original.map((u) => u.id));

    const users: TestUser[] = [];
    const make = async (...gs: [TestUnit, (typeof ROLES)[number]][]) => { const u = await makeUser(h, gs.map(([unit, role]) => ({ unit, role }))); users.push(u); return u; };
    const managers = [
      await make([communeA, 'unit_admin']),
      await make([communeB, 'unit_admin']),
      await make([communeA, 'unit_admin'], [frontA, 'supervisor']),
      await make([frontP, 'unit_admin']),
    ];
    await make([frontA, 'supervisor']);
    await make([branchA1, 'supervisor']);
    await make([branchA1, 'officer']);
    await make([branchA2, 'viewer']);
    await make([branchB1, 'viewer']);
    await make([frontB, 'viewer']);
    const cookies = new Map<number, string>();
    for (const u of users) cookies.set(u.id, await login(t, u));

    const unitsNow = async () => rows<UnitNow>(h.db, sql`SELECT id, path::text AS path, area_path::text AS "areaPath", version, organization_id AS org FROM units
      WHERE path <@ ANY(${sql.param([province.path, frontP.path, youthB.path])}::text[]::ltree[]) AND closed_at IS NULL ORDER BY id`);
    const actorsNow = () => loadActors(h.db, users.map((u) => u.id));
    /** For each action, the original units the actor can reach (the kernel's check, on the actor a request would load). */
    const reach = (actor: Actor | undefined, units: UnitNow[]) =>
      Object.fromEntries(ACTIONS.map((a) => [a, units.filter((u) => originalIds.has(u.id) && can(actor ?? null, a, u)).map((u) => u.id)]));
    const allowed = Object.fromEntries(ACTIONS.map((a) => [a, new Set<number>()]));
    let units = await unitsNow();
    let actors = await actorsNow();
    for (const u of users) for (const [a, ids] of Object.entries(reach(actors.get(u.id), units))) ids.forEach((id) => allowed[a].add(id));
    // Sanity: the baseline is neither empty nor everything (youthB is nobody's), so the check can fail.
    expect(allowed['units.read'].size).toBeGreaterThan(3);
    expect(allowed['units.read'].has(youthB.id)).toBe(false);

    const rnd = prng(20261207);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const done: Record<string, number> = { grant: 0, revoke: 0, create: 0, move: 0, area: 0 };
    const trace: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      const actor = rnd() < 0.8 ? pick(managers) : pick(users);
      // Mostly units the actor manages now (so operations often pass the permission check), sometimes any.
      const roots = (actors.get(actor.id)?.grants ?? []).filter((g) => g.role === 'unit_admin').map((g) => g.unitPath + '.');
      const inMine = (path: string) => roots.some((r) => (path + '.').startsWith(r));
      const mine = units.filter((u) => inMine(u.path));
      const unit = (org?: number) => {
        const pool = org ? mine.filter((u) => u.org === org) : mine;
        return pool.length && rnd() < 0.7 ? pick(pool) : pick(units);
      };
      const near = users.filter((u) => (actors.get(u.id)?.grants ?? []).some((g) => inMine(g.unitPath)));
      const someone = () => (near.length && rnd() < 0.7 ? pick(near) : pick(users));
      const op = pick(['grant', 'grant', 'revoke', 'create', 'move', 'area', 'area']);
      const cookie = cookies.get(actor.id)!;
      let res;
      if (op === 'grant') {
        const target = someone();
        res = await t.req('POST', `/api/users/${target.id}/grants`, { cookie, body: { unitId: unit().id, role: pick([...ROLES]) } });
      } else if (op === 'revoke') {
        const target = someone();
        const gs = await rows<{ id: number; path: string }>(h.db, sql`SELECT g.id, u.path::text AS path FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ${target.id} ORDER BY g.id`);
        const close = gs.filter((g) => inMine(g.path));
        if (!gs.length) continue;
        res = await t.req('DELETE', `/api/users/${target.id}/grants/${pick(close.length && rnd() < 0.7 ? close : gs).id}`, { cookie });
      } else if (op === 'create') {
        const a = pick([undefined, ...areas]);
        res = await t.req('POST', '/api/units', { cookie, body: { name: `Đơn vị thử ${step}`, parentId: unit().id, ...(a === undefined ? {} : { areaId: a }) } });
      } else if (op === 'move') {
        const u = unit();
        res = await t.req('POST', `/api/units/${u.id}/move`, { cookie, body: { version: u.version, parentId: unit(u.org).id } });
      } else {
        const u = unit();
        res = await t.req('PATCH', `/api/units/${u.id}`, { cookie, body: { version: u.version, areaId: pick(areas) } });
      }
      if (res.statusCode >= 500) throw new Error(`step ${step} ${op}: ${res.statusCode} ${res.body}`);
      if (res.statusCode < 300) done[op]++;
      trace.push(`${step} ${op} by user ${actor.id}: ${res.statusCode}`);

      units = await unitsNow();
      actors = await actorsNow();
      for (const u of users) {
        for (const [a, ids] of Object.entries(reach(actors.get(u.id), units))) {
          const beyond = ids.filter((id) => !allowed[a].has(id));
          if (beyond.length) throw new Error(`user ${u.id} reaches units ${beyond.join(', ')} for ${a} after:\n${trace.slice(-15).join('\n')}`);
        }
      }
    }
    // The run did exercise every kind of operation.
    const tally = trace.reduce<Record<string, number>>((m, l) => { const [, op, , , , code] = l.split(' '); m[`${op} ${code}`] = (m[`${op} ${code}`] ?? 0) + 1; return m; }, {});
    console.info(`operations by answer, of ${STEPS}:`, JSON.stringify(tally));
    for (const [op, n] of Object.entries(done)) expect(n, op).toBeGreaterThan(3);
  }, 120_000);

});
