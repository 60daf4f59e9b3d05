import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';

describe.each(engines())('members rating sheet on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let ck: Record<string, string>;
  const ids: number[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    ck = { admin: await login(t, f.admin), officerA: await login(t, f.officerA), officerB: await login(t, f.officerB), supervisorA: await login(t, f.supervisorA), viewerA: await login(t, f.viewerA) };
    for (const [fullName, birthDate, joinedOn] of [['Lê Thị Ba', '1980-02-02', '2010-01-01'], ['An Thị Hai', '1985-03-03', '2024-05-01'], ['Đỗ Thị Mới', '1990-04-04', '2026-02-01']]) {
      const r = await t.req('POST', '/api/members', { cookie: ck.officerA, body: { fullName, birthDate, gender: 'female', joinedOn, unitId: f.branchA.id } });
      expect(r.statusCode).toBe(201);
      ids.push(r.json().id);
    }
  });
  afterAll(async () => { await t?.close(); });

  const sheet = (cookie: string, unit: number, year: number) => t.req('GET', `/api/members/ratings/sheet?unit=${unit}&year=${year}`, { cookie });

  it('lists the members active at year end with last year’s and this year’s rating, sorted by name', async () => {
    expect((await t.req('POST', '/api/members/ratings', { cookie: ck.officerA, body: { year: 2025, items: [{ memberId: ids[0], level: 'good' }] } })).statusCode).toBe(200);
    expect((await t.req('POST', '/api/members/ratings', { cookie: ck.officerA, body: { year: 2026, items: [{ memberId: ids[1], level: 'excellent' }] } })).statusCode).toBe(200);
    const r = await sheet(ck.officerA, f.communeA.id, 2026);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ year: 2026, unitId: f.communeA.id, canWrite: true, truncated: false });
    expect(s.levels.map((l: { code: string }) => l.code)).toEqual(['excellent', 'good', 'done', 'not_done']);
    expect(s.rows.map((x: { fullName: string; previous: string | null; current: string | null; canWrite: boolean; unitName: string }) => [x.fullName, x.previous, x.current, x.canWrite, x.unitName])).toEqual([
      ['An Thị Hai', null, 'excellent', true, 'Chi hội Phụ nữ khối phố 1'],
      ['Đỗ Thị Mới', null, null, true, 'Chi hội Phụ nữ khối phố 1'],
      ['Lê Thị Ba', 'good', null, true, 'Chi hội Phụ nữ khối phố 1'],
    ]);
    // At the end of 2025 the member who joined in 2026 was not yet one; the distribution counts the same set.
    const before = (await sheet(ck.officerA, f.branchA.id, 2025)).json();
    expect(before.rows.map((x: { id: number }) => x.id).sort()).toEqual([ids[0], ids[1]].sort());
    const dist = (await t.req('GET', `/api/members/ratings?unit=${f.branchA.id}&year=2025`, { cookie: ck.officerA })).json();
    expect(dist.rows[0]).toMatchObject({ members: before.rows.length, rated: 1 });
  });

  it('tells read-only callers they cannot rate, and hides other units', async () => {
    for (const who of ['supervisorA', 'viewerA']) {
      const s = (await sheet(ck[who], f.communeA.id, 2026)).json();
      expect(s.canWrite).toBe(false);
      expect(s.rows).toHaveLength(3);
      expect(s.rows.every((x: { canWrite: boolean }) => !x.canWrite)).toBe(true);
    }
    expect((await sheet(ck.officerB, f.communeA.id, 2026)).statusCode).toBe(404);
    expect((await sheet(ck.admin, f.communeA.id, 2026)).json().canWrite).toBe(true);
    expect((await t.req('GET', `/api/members/ratings/sheet?unit=${f.communeA.id}&year=1999`, { cookie: ck.officerA })).statusCode).toBe(400);
  });
});
