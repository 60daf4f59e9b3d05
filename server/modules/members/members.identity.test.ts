/**
 * A person recorded by another organization: a CCCD (or a person id, or a spreadsheet row) does not
 * reveal or link them without proof of identity, and their shared record is not changed from a unit
 * that has no say over their other memberships. Imports audit each committed batch.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, login, makeUnit, makeUser, scopeFixture, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { t as tr } from '../../kernel/i18n';
import type { Actor } from '../../kernel/context';
import { runImport } from './members.io';
import { loadUnitInfo } from './members.service';
import { multipart } from './members.fixtures';

/** The other organization's member, as its own officer recorded her. */
const NGOC = {
  fullName: 'Trần Thị Bích Ngọc', birthDate: '1988-07-15', gender: 'female', cccd: '048188004321', phone: '0935777888',
  ethnicity: 'Tày', religion: 'Phật giáo', address: 'Tổ 7, khối phố 3', joinedOn: '2010-05-01',
};
/** What must never reach the PHUNU officer who only typed the CCCD. */
const STORED = ['Ngọc', 'Ngoc', 'ngoc', '1988-07-15', '15/07/1988', '0935777888', 'Tày', 'Phật giáo', 'Tổ 7'];
const leaks = (body: unknown) => STORED.filter((s) => JSON.stringify(body).includes(s));

async function xlsx(rowsIn: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  for (const r of rowsIn) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every cell of every sheet of an .xlsx, as text. */
async function xlsxText(data: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => { out.push(String(c.value ?? '')); })));
  return out.join('\n');
}

describe.each(engines())('members: another organization’s person on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let farmers: TestUnit;
  let officerN: TestUser;
  let ck: Record<string, string>;
  let ngoc: { memberId: number; personId: number };
  const person = () => one<Record<string, unknown>>(t.handle.db, sql`SELECT full_name AS "fullName", birth_date AS "birthDate", cccd, phone, ethnicity, religion, address, version
    FROM member_people WHERE id = ${ngoc.personId}`);
  const refusals = () => rows<{ entityId: string; unitId: number; after: unknown }>(t.handle.db, sql`SELECT entity_id AS "entityId", unit_id AS "unitId", after FROM audit_log
    WHERE action = 'members.cccd_match_refused' ORDER BY id`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    farmers = await makeUnit(t.handle, { org: 'NONGDAN', name: 'Hội Nông dân phường Tam Kỳ', areaCode: '20341' });
    officerN = await makeUser(t.handle, [{ unit: farmers, role: 'officer' }]);
    ck = { officerA: await login(t, f.officerA), officerB: await login(t, f.officerB), officerN: await login(t, officerN), admin: await login(t, f.admin) };
    const r = await t.req('POST', '/api/members', { cookie: ck.officerN, body: { ...NGOC, unitId: farmers.id } });
    expect(r.statusCode).toBe(201);
    ngoc = { memberId: r.json().id, personId: r.json().personId };
  });
  afterAll(async () => { await t?.close(); });

  it('a CCCD alone gets one neutral 409, whatever matched, and no personal data; each attempt is audited with ids only', async () => {
    const before = await person();
    const base = { cccd: NGOC.cccd, gender: 'female', joinedOn: '2024-01-01', unitId: f.branchB.id };
    const attempts = [
      { ...base, fullName: 'Người Lạ' }, // the attack: only the CCCD is right
      { ...base, fullName: 'Người Lạ', birthDate: NGOC.birthDate }, // the date right, not the name
      { ...base, fullName: 'tran thi bich ngoc', birthDate: '1988-07-16' }, // the name right, not the date
      { ...base, fullName: 'Trần Thị Bích Ngọc', birthYear: 1988 }, // no full date of birth
    ];
    const bodies: string[] = [];
    for (const body of attempts) {
      const r = await t.req('POST', '/api/members', { cookie: ck.officerB, body });
      expect(r.statusCode).toBe(409);
      expect(leaks(r.json())).toEqual([]);
      bodies.push(r.body);
    }
    // The same answer every time: nothing says which field was right.
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0])).toEqual({ code: 'MEMBER_IDENTITY_MISMATCH', message: 'Số CCCD đã được đăng ký; vui lòng kiểm tra lại thông tin (họ và tên, ngày sinh đầy đủ).', details: {} });
    const en = await t.req('POST', '/api/members', { cookie: ck.officerB, body: attempts[0], headers: { 'accept-language': 'en' } });
    expect(en.json().message).toBe('This citizen ID is already registered; please check the details (full name, full date of birth).');
    // Nothing linked, nothing changed, nothing listed.
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM memberships WHERE person_id = ${ngoc.personId}`))!.n).toBe(1);
    expect(await person()).toEqual(before);
    const list = await t.req('GET', `/api/members?q=${NGOC.cccd}`, { cookie: ck.officerB });
    expect(list.json().rows).toEqual([]);
    const audited = await refusals();
    expect(audited).toHaveLength(5);
    expect(audited[0]).toEqual({ entityId: String(ngoc.personId), unitId: f.branchB.id, after: { unitId: f.branchB.id, by: 'cccd' } });
    expect(leaks(audited)).toEqual([]);
    // The same rule for a person id the caller only sees masked (a supervisor who also writes elsewhere).
    const both = await makeUser(t.handle, [{ unit: f.frontA, role: 'supervisor' }, { unit: f.communeB, role: 'officer' }]);
    const byId = await t.req('POST', '/api/members', { cookie: await login(t, both), body: { fullName: 'Người Lạ', personId: ngoc.personId, joinedOn: '2024-01-01', unitId: f.branchB.id } });
    expect(byId.statusCode).toBe(409);
    expect(leaks(byId.json())).toEqual([]);
  });

  it('the right full name and date of birth link the person without echoing what the caller could not see; their record stays theirs', async () => {
    const before = await person();
    const r = await t.req('POST', '/api/members', { cookie: ck.officerA, body: {
      fullName: 'tran thi  bich ngoc', birthDate: NGOC.birthDate, gender: 'female', cccd: NGOC.cccd, phone: '0911000111', joinedOn: '2024-01-01', unitId: f.branchA.id, cardNo: 'PN777',
    } });
    expect(r.statusCode).toBe(201);
    const m = r.json();
    expect(m).toMatchObject({ personId: ngoc.personId, unitId: f.branchA.id, cardNo: 'PN777', cccd: NGOC.cccd, birthDate: NGOC.birthDate, masked: true, canPersonal: false,
      ethnicity: null, religion: null, address: null, phone: '•••••••888', canEditPerson: false });
    expect(leaks({ ...m, birthDate: null, fullName: null })).toEqual([]);
    // The link did not write the caller's phone over the record, nor name the stored fields in the log.
    expect(await person()).toEqual(before);
    const created = await one<{ after: Record<string, unknown> }>(t.handle.db, sql`SELECT after FROM audit_log WHERE action = 'members.create' AND entity_id = ${String(m.id)}`);
    expect(created!.after).toEqual({ personId: ngoc.personId, linkedBy: 'cccd', joinedOn: '2024-01-01', role: 'member', cardNo: 'PN777', flags: [] });

    // Person fields: 403 with a message per field, the record unchanged; membership fields still change.
    const patch = await t.req('PATCH', `/api/members/${m.id}`, { cookie: ck.officerA, body: { version: m.version, phone: '0911000111', address: 'Nhà tôi', cardNo: 'PN778' } });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('PERSON_SHARED');
    expect(patch.json().details.fields.map((x: { path: string }) => x.path)).toEqual(['phone', 'address']);
    expect(patch.json().details.fields[0].message).toMatch(/ngoài phạm vi của bạn/);
    expect(leaks(patch.json())).toEqual([]);
    expect(await person()).toEqual(before);
    for (const body of [{ fullName: 'Trần Thị Ngọc' }, { birthDate: '1988-07-16' }, { cccd: '048188004322' }, { ethnicity: 'Kinh' }, { religion: 'Không' }]) {
      expect((await t.req('PATCH', `/api/members/${m.id}`, { cookie: ck.officerA, body: { version: m.version, ...body } })).statusCode).toBe(403);
    }
    expect(await person()).toEqual(before);
    // The edit form sends the person's unchanged values along: not a change, so accepted.
    const ok = await t.req('PATCH', `/api/members/${m.id}`, { cookie: ck.officerA, body: { version: m.version, fullName: NGOC.fullName, gender: 'female', cardNo: 'PN778', role: 'core', joinedOn: '2023-12-01' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ cardNo: 'PN778', role: 'core', joinedOn: '2023-12-01' });
    expect(await person()).toEqual(before);
    expect((await t.req('POST', `/api/members/${m.id}/erase`, { cookie: ck.officerA, body: { reason: 'Yêu cầu xóa' } })).statusCode).toBe(403);
    expect(await person()).toEqual(before);

    // Now shared both ways: the farmers' officer cannot rewrite it from her side either; an admin (a say over both) can.
    const own = (await t.req('GET', `/api/members/${ngoc.memberId}`, { cookie: ck.officerN })).json();
    expect(own.canEditPerson).toBe(false);
    expect((await t.req('PATCH', `/api/members/${ngoc.memberId}`, { cookie: ck.officerN, body: { version: own.version, phone: '0935000000' } })).statusCode).toBe(403);
    const adminView = (await t.req('GET', `/api/members/${ngoc.memberId}`, { cookie: ck.admin })).json();
    expect(adminView.canEditPerson).toBe(true);
    const fixed = await t.req('PATCH', `/api/members/${ngoc.memberId}`, { cookie: ck.admin, body: { version: adminView.version, phone: '0935777889' } });
    expect(fixed.statusCode).toBe(200);
    expect((await person())!.phone).toBe('0935777889');
    await t.req('PATCH', `/api/members/${ngoc.memberId}`, { cookie: ck.admin, body: { version: fixed.json().version, phone: NGOC.phone } });
  });

  it('import: a foreign CCCD with another name or birth date is rejected with the neutral reason, never linked, the report holds nothing stored', async () => {
    // A second farmer, recorded without a phone, whom the PHUNU list names rightly.
    const hanh = await t.req('POST', '/api/members', { cookie: ck.officerN, body: { fullName: 'Đỗ Thị Hạnh', birthDate: '1975-02-03', gender: 'female', cccd: '048175001111', joinedOn: '2000-01-01', unitId: farmers.id } });
    expect(hanh.statusCode).toBe(201);
    const hanhBefore = await one(t.handle.db, sql`SELECT phone, version FROM member_people WHERE id = ${hanh.json().personId}`);
    const file = await xlsx([
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Điện thoại'],
      ['Lê Thị Giả', '20/01/1988', 'Nữ', NGOC.cccd, null],
      ['Đỗ Thị Hạnh', '03/02/1975', 'Nữ', '048175001111', '0905000222'],
      ['Phan Thị Mới', '09/09/1999', 'Nữ', null, null],
    ]);
    // The preview says the same, and names nobody.
    const up = multipart('ds.xlsx', file);
    const fileId = (await t.req('POST', '/api/files', { cookie: ck.officerB, body: up.body, headers: up.headers })).json().id;
    const pv = await t.req('POST', '/api/members/import/preview', { cookie: ck.officerB, body: { fileId, unitId: f.branchB.id } });
    expect(pv.statusCode).toBe(200);
    const neutral = tr('vi', 'members.cccd.refused');
    expect(pv.json().rows[0]).toMatchObject({ errors: [{ field: 'cccd', message: neutral }], duplicate: null });
    expect(pv.json().rows[1].duplicate).toMatchObject({ kind: 'registry', personId: null, fullName: null });
    expect(leaks(pv.json())).toEqual([]);

    const actor = (await ctxFor(t, f.officerB)).actor as Actor;
    const refusedBefore = (await refusals()).length;
    const r = await runImport({
      db: t.handle.db, engine: t.engine, locale: 'vi', actor, requestId: 'test', jobId: 4242, options: { duplicates: 'merge' },
      source: { name: 'ds.xlsx', open: () => Readable.from([file]) }, target: (await loadUnitInfo(t.handle.db, f.branchB.id))!,
    });
    expect({ inserted: r.inserted, updated: r.updated, rejected: r.rejected }).toEqual({ inserted: 2, updated: 0, rejected: 1 });
    expect(r.errors).toEqual([{ row: 2, field: 'cccd', message: neutral }]);
    expect(r.report).not.toBeNull();
    const report = await xlsxText(r.report!);
    expect(report).toContain('Lê Thị Giả');
    expect(report).toContain(neutral);
    expect(leaks(report)).toEqual([]);
    // Never linked; the rightly named farmer is linked but her record is not filled in from the file.
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM memberships WHERE person_id = ${ngoc.personId} AND unit_id = ${f.branchB.id}`))!.n).toBe(0);
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM memberships WHERE person_id = ${hanh.json().personId} AND unit_id = ${f.branchB.id}`))!.n).toBe(1);
    expect(await one(t.handle.db, sql`SELECT phone, version FROM member_people WHERE id = ${hanh.json().personId}`)).toEqual(hanhBefore);
    const audited = (await refusals()).slice(refusedBefore);
    expect(audited).toEqual([{ entityId: String(f.branchB.id), unitId: f.branchB.id, after: expect.objectContaining({ by: 'import', jobId: 4242, personIds: [ngoc.personId] }) }]);
  });
});

describe.each(engines())('members import audit per batch on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp(engine); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('an import that fails after its first batch leaves the committed rows covered by that batch’s audit row', async () => {
    const names = ['Hoàng Thị An', 'Hoàng Thị Bình', 'Hoàng Thị Chi', 'Hoàng Thị Dung', 'Hoàng Thị Én', 'Hoàng Thị Giang'];
    const file = await xlsx([['Họ và tên', 'Năm sinh', 'Giới tính'], ...names.map((n, i) => [n, 1980 + i, 'Nữ'])]);
    const actor = (await ctxFor(t, f.officerA)).actor as Actor;
    const run = runImport({
      db: t.handle.db, engine: t.engine, locale: 'vi', actor, requestId: 'test', jobId: 77, batchSize: 2, options: { duplicates: 'merge' },
      source: { name: 'ds.xlsx', open: () => Readable.from([file]) }, target: (await loadUnitInfo(t.handle.db, f.branchA.id))!,
      beforeCommit: (batch) => { if (batch === 2) throw new Error('crash before the second commit'); },
    });
    await expect(run).rejects.toThrow('crash before the second commit');
    const committed = await rows<{ fullName: string }>(t.handle.db, sql`SELECT full_name AS "fullName" FROM memberships WHERE unit_id = ${f.branchA.id} ORDER BY id`);
    expect(committed.map((x) => x.fullName)).toEqual(names.slice(0, 2));
    const audit = await rows<{ after: Record<string, unknown>; actorId: number; unitId: number }>(t.handle.db, sql`SELECT after, actor_id AS "actorId", unit_id AS "unitId" FROM audit_log
      WHERE action LIKE 'members.import%' ORDER BY id`);
    // One row, for the committed batch: its file rows (2–3), its counts and the job; no summary (the run never ended).
    expect(audit).toEqual([{ actorId: f.officerA.id, unitId: f.branchA.id, after: {
      jobId: 77, run: expect.any(String), batch: 1, rows: { first: 2, last: 3, count: 2 }, inserted: 2, updated: 0, skipped: 0, rejected: 0,
    } }]);
    expect(JSON.stringify({ ...audit[0].after, run: null })).not.toMatch(/Hoàng|198\d/);
  });
});
