/**
 * Reminders at fixed dates, through the kernel clock: a week boundary (automatic reminders go out once a
 * week, weeks start on Monday), the year's end (the new year's instance of a yearly task appears on
 * 1 January and last year's turns overdue) and Tết (the clock, not the machine's date, decides).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, type TestApp, type TestUnit } from '../../test/app';
import { rows } from '../../kernel/db/sql';
import { setClock } from '../../kernel/clock';
import { tick } from './directives.reminders';

describe.each(engines())('directive reminders at fixed dates on %s', (engine) => {
  let t: TestApp;
  let dang: TestUnit;
  let cookie: string;
  let directiveId: number;

  beforeAll(async () => {
    setClock('2026-12-02'); // a Wednesday
    t = await createTestApp(engine);
    dang = await makeUnit(t.handle, { org: 'DANG', name: 'Đảng ủy phường Hải Châu', areaCode: '48' });
    const issuer = await makeUser(t.handle, [{ unit: dang, role: 'unit_admin' }]);
    cookie = await login(t, issuer);
    const r = await t.req('POST', '/api/directives', { cookie, body: {
      issuerUnitId: dang.id, kind: 'notice', number: '7', symbol: 'TB/ĐU', issuedOn: '2026-01-15', issuingBody: 'Thường trực Đảng ủy',
      title: 'Báo cáo công tác dân vận', recipientUnitIds: [dang.id],
      tasks: [
        { ordinal: '1', title: 'Báo cáo năm', leadUnitId: dang.id, recurrence: 'yearly', dueMonthDay: '12-31', startYear: 2026 },
        { ordinal: '2', title: 'Tổ chức gặp mặt đầu xuân', leadUnitId: dang.id, deadline: '2027-02-10' },
      ],
    } });
    expect(r.statusCode).toBe(201);
    directiveId = r.json().id;
  });
  afterAll(async () => { setClock(null); await t?.close(); });

  const reminders = () => rows<{ ordinal: string; year: number | null; kind: string; onDate: string }>(t.handle.db, sql`
    SELECT t.ordinal, t.period_year AS year, r.kind, r.on_date::text AS "onDate" FROM task_reminders r JOIN directive_tasks t ON t.id = r.task_id
    WHERE t.directive_id = ${directiveId} ORDER BY r.on_date, t.ordinal, r.kind`);
  const at = async (day: string) => { setClock(day); return (await tick(t.handle.db)).reminded; };

  it('reminds once per week, a new week starting on Monday', async () => {
    expect(await at('2026-12-02')).toBe(0); // due 31/12: not yet at risk
    expect(await at('2026-12-19')).toBe(1); // Saturday: 12 days left, 0 % done → at risk
    expect(await at('2026-12-20')).toBe(0); // Sunday: the same week
    expect(await at('2026-12-21')).toBe(1); // Monday: a new week
    expect(await reminders()).toEqual([
      { ordinal: '1', year: 2026, kind: 'at_risk', onDate: '2026-12-14' },
      { ordinal: '1', year: 2026, kind: 'at_risk', onDate: '2026-12-21' },
    ]);
  });

  it('turns last year’s instance overdue on 1 January and creates the new year’s', async () => {
    expect(await at('2026-12-31')).toBe(1); // due today, a new week (28/12): still at risk, not overdue
    const n = await at('2027-01-01'); // Friday of the same week: overdue is a new kind of reminder
    expect(n).toBe(1);
    const y = await rows<{ year: number; deadline: string }>(t.handle.db, sql`SELECT period_year AS year, deadline::text AS deadline FROM directive_tasks
      WHERE directive_id = ${directiveId} AND kind = 'instance' ORDER BY period_year`);
    expect(y).toEqual([{ year: 2026, deadline: '2026-12-31' }, { year: 2027, deadline: '2027-12-31' }]);
    const last = (await reminders()).filter((r) => r.onDate === '2026-12-28');
    expect(last.map((r) => r.kind).sort()).toEqual(['at_risk', 'overdue']);
  });

  it('at Tết the clock decides: the task due three days after Tết is at risk, and overdue after it', async () => {
    const tet = '2027-02-06';
    await at(tet);
    const list = (await t.req('GET', `/api/tasks?directiveId=${directiveId}&limit=50`, { cookie })).json();
    const task2 = list.items.find((x: { ordinal: string }) => x.ordinal === '2');
    expect(task2).toMatchObject({ atRisk: true, overdue: false });
    setClock('2027-02-11');
    const later = (await t.req('GET', `/api/tasks?directiveId=${directiveId}&limit=50`, { cookie })).json();
    expect(later.items.find((x: { ordinal: string }) => x.ordinal === '2')).toMatchObject({ atRisk: false, overdue: true });
  });
});
