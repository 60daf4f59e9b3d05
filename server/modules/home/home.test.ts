import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { setClock } from '../../kernel/clock';

// The work for today depends on today: the suite runs on a fixed Wednesday.
setClock('2026-06-10');
afterAll(() => setClock(null));

type Entry = { module: string; kind: string; title: string; count: number; dueOn: string | null; overdue: boolean; link: string };

describe.each(engines())('home: start unit and work for today on %s', (engine) => {
  let t: TestApp;
  let prov: TestUnit, mttqA: TestUnit, mttqB: TestUnit, hamletA: TestUnit;
  const u: Record<string, TestUser> = {};
  const ck: Record<string, string> = {};
  let formA: number, formB: number, caseA: number, taskA: number, taskB: number;

  const call = async (who: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await t.req(method, url, { cookie: ck[who], body, headers });
    if (r.statusCode >= 300) throw new Error(`${method} ${url} as ${who}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const today = async (who: string, lang = 'vi'): Promise<Entry[]> => (await call(who, 'GET', '/api/me/today', undefined, { 'x-lang': lang })).items;
  const links = (items: Entry[]) => items.map((i) => i.link);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const h = t.handle;
    prov = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', areaCode: '48' });
    mttqA = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ', parent: prov, areaCode: '20341' });
    mttqB = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam phường Hải Châu', parent: prov, areaCode: '20194' });
    hamletA = await makeUnit(h, { org: 'MTTQ', name: 'Ban công tác Mặt trận khối phố 1', parent: mttqA, areaCode: '20341', kind: 'branch' });
    u.provAdmin = await makeUser(h, [{ unit: prov, role: 'unit_admin' }]);
    u.adminA = await makeUser(h, [{ unit: mttqA, role: 'unit_admin' }]);
    u.officerA = await makeUser(h, [{ unit: mttqA, role: 'officer' }]);
    u.officerB = await makeUser(h, [{ unit: mttqB, role: 'officer' }]);
    // Two grants: the hamlet's and the commune's; the commune is the higher one, whatever the order granted.
    u.twoGrants = await makeUser(h, [{ unit: hamletA, role: 'officer' }, { unit: mttqA, role: 'viewer' }]);
    u.admin = await makeUser(h, [{ unit: null, role: 'admin' }]);
    for (const [k, v] of Object.entries(u)) ck[k] = await login(t, v);

    // A monthly report from each commune: May's is due on 5 June (overdue), June's on 5 July (not yet).
    await call('provAdmin', 'POST', '/api/indicators', { code: 'HOP', ownerUnitId: prov.id, name: 'Số cuộc họp', measure: 'cuộc', valueType: 'integer', aggregation: 'sum' });
    const m = await call('provAdmin', 'POST', '/api/movements', { code: 'TODAY-1', name: 'Toàn dân đoàn kết', leadUnitId: prov.id, startsOn: '2026-01-01', organizations: ['MTTQ'], indicators: ['HOP'] });
    await call('provAdmin', 'POST', `/api/movements/${m.id}/schedules`, { frequency: 'month', firstPeriod: '2026-05', lastPeriod: '2026-06', dueDays: 5, minDepth: 1, maxDepth: 1 });
    const forms = await call('provAdmin', 'GET', `/api/reports/forms?movement=${m.id}&period=2026-05`);
    formA = forms.items.find((x: { unitId: number }) => x.unitId === mttqA.id).id;
    formB = forms.items.find((x: { unitId: number }) => x.unitId === mttqB.id).id;

    // A case received at commune A, assigned to its officer.
    const c = await call('adminA', 'POST', '/api/cases', { kind: 'feedback', category: 'INFRA', text: 'Đèn đường khối phố 1 hỏng đã hai tuần', channel: 'meeting', receivingUnitId: mttqA.id });
    caseA = c.id;
    await call('adminA', 'POST', `/api/cases/${caseA}/assign`, { userIds: [u.officerA.id] });

    // A directive with a task for each commune, due in three days, and one for commune A due in two months.
    const d = await call('provAdmin', 'POST', '/api/directives', {
      issuerUnitId: prov.id, kind: 'plan', issuingBody: 'Ban Thường trực', title: 'Kế hoạch tổ chức Ngày hội Đại đoàn kết', recipientUnitIds: [mttqA.id, mttqB.id],
      tasks: [
        { ordinal: '1', title: 'Tổ chức Ngày hội ở phường Tam Kỳ', leadUnitId: mttqA.id, deadline: '2026-06-13' },
        { ordinal: '2', title: 'Tổ chức Ngày hội ở phường Hải Châu', leadUnitId: mttqB.id, deadline: '2026-06-13' },
        { ordinal: '3', title: 'Tổng kết năm', leadUnitId: mttqA.id, deadline: '2026-08-30' },
      ],
    });
    taskA = d.tasks.find((x: { ordinal: string }) => x.ordinal === '1').id;
    taskB = d.tasks.find((x: { ordinal: string }) => x.ordinal === '2').id;
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('needs a session', async () => {
    expect((await t.req('GET', '/api/me/today')).statusCode).toBe(401);
    expect((await t.req('GET', '/api/me/shell')).statusCode).toBe(401);
  });

  it("an officer sees their overdue form, their assigned case and their task due soon, each one tap from its page; the other commune's officer sees none of them", async () => {
    const a = await today('officerA');
    const form = a.find((i) => i.link === `/movements/forms/${formA}`);
    expect(form).toMatchObject({ module: 'movements', kind: 'movements.form_overdue', count: 1, dueOn: '2026-06-05', overdue: true, title: 'Báo cáo Toàn dân đoàn kết — Tháng 05/2026' });
    const kase = a.find((i) => i.link === `/cases/${caseA}`);
    expect(kase).toMatchObject({ module: 'petitions', kind: 'petitions.case_assigned', count: 1 });
    expect(kase!.title).toMatch(/^Vụ việc .+: Phản ánh, kiến nghị — /);
    expect(kase!.dueOn).not.toBeNull();
    const task = a.find((i) => i.link === `/tasks/${taskA}`);
    expect(task).toMatchObject({ module: 'directives', kind: 'directives.task_due', dueOn: '2026-06-13', overdue: false, title: 'Nhiệm vụ 1. Tổ chức Ngày hội ở phường Tam Kỳ' });
    // The assignment, the new directive and its task were notified: the bell's count, one tap from the unread list.
    const unread = (await call('officerA', 'GET', '/api/notifications/unread-count')).unread;
    expect(unread).toBeGreaterThanOrEqual(3);
    expect(a.find((i) => i.kind === 'notifications.unread')).toMatchObject({ count: unread, link: '/notifications?filter=unread' });
    // Not June's report (due in July), not the task due in August, not the other commune's.
    expect(links(a)).not.toContain(`/movements/forms/${formB}`);
    expect(links(a)).not.toContain(`/tasks/${taskB}`);
    expect(a.filter((i) => i.module === 'movements')).toHaveLength(1);
    expect(a.filter((i) => i.module === 'directives')).toHaveLength(1);
    // Overdue first.
    expect(a[0].overdue).toBe(true);

    const b = await today('officerB');
    expect(links(b)).not.toContain(`/movements/forms/${formA}`);
    expect(links(b)).not.toContain(`/cases/${caseA}`);
    expect(links(b)).not.toContain(`/tasks/${taskA}`);
    // Their own work is there.
    expect(links(b)).toEqual(expect.arrayContaining([`/movements/forms/${formB}`, `/tasks/${taskB}`]));
  });

  it('titles follow the reader’s language', async () => {
    const a = await today('officerA', 'en');
    expect(a.find((i) => i.link === `/movements/forms/${formA}`)!.title).toBe('Report: Toàn dân đoàn kết — May 2026');
    expect(a.find((i) => i.link === `/tasks/${taskA}`)!.title).toBe('Task 1. Tổ chức Ngày hội ở phường Tam Kỳ');
    expect(a.find((i) => i.link === `/cases/${caseA}`)!.title).toMatch(/^Case .+: Feedback \/ suggestion — /);
  });

  it('a submitted report leaves the filler’s list and waits in the approver’s', async () => {
    let form = await call('officerA', 'PUT', `/api/reports/forms/${formA}`, { version: 1, values: [{ indicator: 'HOP', value: 3 }] });
    form = await call('officerA', 'POST', `/api/reports/forms/${formA}/submit`, { version: form.version });
    expect(links(await today('officerA'))).not.toContain(`/movements/forms/${formA}`);
    const approvals = (await today('provAdmin')).find((i) => i.kind === 'movements.approvals');
    expect(approvals).toMatchObject({ count: 1, link: `/movements/forms/${formA}`, title: '1 báo cáo chờ duyệt' });
    // Not the commune's own admin: the level above approves.
    expect((await today('adminA')).some((i) => i.kind === 'movements.approvals')).toBe(false);
  });

  it('a member transfer waits for the receiving unit, not the other commune', async () => {
    const m = await call('officerB', 'POST', '/api/members', { fullName: 'Trần Văn Tâm', unitId: mttqB.id, joinedOn: '2020-01-01' });
    await call('officerB', 'POST', `/api/members/${m.id}/transfer`, { version: m.version, date: '2026-06-01', toUnitId: mttqA.id });
    expect((await today('officerA')).find((i) => i.kind === 'members.transfers')).toMatchObject({ count: 1, link: '/members/transfers' });
    expect((await today('officerB')).some((i) => i.kind === 'members.transfers')).toBe(false);
  });

  it('starts on the user’s own unit: the only one, or the highest of several', async () => {
    expect(await call('officerA', 'GET', '/api/me/shell')).toEqual({ homeUnitId: mttqA.id, uses: [{ role: 'officer', orgKind: 'front' }] });
    const two = await call('twoGrants', 'GET', '/api/me/shell');
    expect(two.homeUnitId).toBe(mttqA.id);
    expect(two.uses).toEqual(expect.arrayContaining([{ role: 'viewer', orgKind: 'front' }, { role: 'officer', orgKind: 'front' }]));
    expect(await call('admin', 'GET', '/api/me/shell')).toEqual({ homeUnitId: null, uses: [] });
  });
});
