import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { engines } from '../../test/db';
import { createTestApp, login, makeUnit, makeUser, scopeFixture, ctxFor, type TestApp, type TestUnit, type TestUser } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { findFigure, findExport } from '../../kernel/registry';
import { setPetitionsConfig } from './petitions.config';
import { solvePow } from './intake';

const DENOUNCER = 'Hoàng Bảo Mật';
const CATS10 = ['LAND', 'ENV', 'INFRA', 'SOCIAL', 'ORDER', 'OFFICIALS', 'ADMIN', 'HEALTH_EDU', 'ECONOMY', 'OTHER'];
const DENOUNCER_PHONE = '0912345678';

describe.each(engines())('petitions on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let u: Record<string, TestUnit>;
  let p: Record<string, TestUser>;
  const ck: Record<string, string> = {};
  let ip = 0;
  /** A fresh client address per submission, so the per-address limit does not interfere. */
  const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;

  async function submit(body: Record<string, unknown>, o: { ip?: string; pow?: boolean } = {}) {
    const headers = { 'x-forwarded-for': o.ip ?? nextIp() };
    let pow: unknown;
    if (o.pow !== false) {
      const ch = (await t.req('GET', '/api/public/cases/challenge', { headers })).json();
      pow = { challenge: ch.challenge, nonce: solvePow(ch.challenge, ch.bits) };
    }
    return t.req('POST', '/api/public/cases', { body: { ...body, pow }, headers });
  }
  const caseIdOf = async (code: string) => (await one<{ id: number }>(t.handle.db, sql`SELECT id FROM cases WHERE tracking_code = ${code}`))!.id;

  beforeAll(async () => {
    setPetitionsConfig({ powBits: 6, submitLimit: 5, lookupLimit: 1000, identityKey: 'test-key-0123456789abcdef' });
    // As behind a reverse proxy: the tests give each submission its own client address in X-Forwarded-For.
    t = await createTestApp(engine, { config: { trustProxy: ['127.0.0.1'] } });
    f = await scopeFixture(t);
    const h = t.handle;
    const mttqProv = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', areaCode: '48' });
    const mttqA = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ', parent: mttqProv, areaCode: '20341' });
    const mttqB = await makeUnit(h, { org: 'MTTQ', name: 'Ủy ban MTTQ Việt Nam phường Hải Châu', parent: mttqProv, areaCode: '20194' });
    const ubndProv = await makeUnit(h, { org: 'UBND', name: 'UBND thành phố Đà Nẵng', areaCode: '48' });
    const ubndA = await makeUnit(h, { org: 'UBND', name: 'UBND phường Tam Kỳ', parent: ubndProv, areaCode: '20341' });
    const ubndB = await makeUnit(h, { org: 'UBND', name: 'UBND phường Hải Châu', parent: ubndProv, areaCode: '20194' });
    const dangA = await makeUnit(h, { org: 'DANG', name: 'Đảng ủy phường Tam Kỳ', areaCode: '20341' });
    u = { mttqProv, mttqA, mttqB, ubndProv, ubndA, ubndB, dangA };
    p = {
      frontAdminA: await makeUser(h, [{ unit: mttqA, role: 'unit_admin' }]),
      frontOfficerA: await makeUser(h, [{ unit: mttqA, role: 'officer' }]),
      frontOfficerA2: await makeUser(h, [{ unit: mttqA, role: 'officer' }]),
      frontViewerA: await makeUser(h, [{ unit: mttqA, role: 'viewer' }]),
      frontOfficerB: await makeUser(h, [{ unit: mttqB, role: 'officer' }]),
      frontAdminB: await makeUser(h, [{ unit: mttqB, role: 'unit_admin' }]),
      ubndOfficerA: await makeUser(h, [{ unit: ubndA, role: 'officer' }]),
      frontProvAdmin: await makeUser(h, [{ unit: mttqProv, role: 'unit_admin' }]),
      admin: f.admin, supervisorA: f.supervisorA,
    };
    for (const [k, v] of Object.entries(p)) ck[k] = await login(t, v);
    // Two residential areas in commune A.
    await h.db.execute(sql`INSERT INTO areas (code, name, type, level, parent_id, path)
      SELECT '20341-001', '1', 'Tổ dân phố', 'residential', a.id, a.path || 'r90001'::ltree FROM areas a WHERE a.code = '20341'`);
    await h.db.execute(sql`INSERT INTO areas (code, name, type, level, parent_id, path)
      SELECT '20341-002', '2', 'Tổ dân phố', 'residential', a.id, a.path || 'r90002'::ltree FROM areas a WHERE a.code = '20341'`);
    // Routing rules: commune A's Front sends everything to UBND A, conduct of officials to the Party committee.
    const r1 = await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontAdminA, body: { ownerUnitId: mttqA.id, targetUnitId: ubndA.id } });
    expect(r1.statusCode, r1.body).toBe(201);
    const r2 = await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontAdminA, body: { ownerUnitId: mttqA.id, category: 'OFFICIALS', targetUnitId: dangA.id } });
    expect(r2.statusCode, r2.body).toBe(201);
    const r3 = await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontAdminB, body: { ownerUnitId: mttqB.id, targetUnitId: ubndB.id } });
    expect(r3.statusCode, r3.body).toBe(201);
  });
  afterAll(async () => { await t?.close(); });

  describe('public intake', () => {
    it('lists categories without a login', async () => {
      const r = await t.req('GET', '/api/public/case-categories');
      expect(r.statusCode).toBe(200);
      expect(r.json().map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['LAND', 'ENV', 'INFRA', 'SOCIAL', 'ORDER', 'OFFICIALS']));
    });

    it('lists the places of the public form without a login', async () => {
      const communes = (await t.req('GET', '/api/public/case-areas')).json();
      expect(communes.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['20341', '20194']));
      const res = (await t.req('GET', '/api/public/case-areas?parent=20341')).json();
      expect(res.map((a: { code: string }) => a.code)).toEqual(['20341-001', '20341-002']);
    });

    it('takes feedback without a login, returns a tracking code, routes by rule, shows only public data', async () => {
      const r = await submit({ kind: 'feedback', category: 'INFRA', text: 'Đèn đường tổ 1 không sáng đã hai tuần.', name: 'Lê Văn Tư', phone: '0905111222', areaCode: '20341-001', lat: 15.57, lng: 108.47 });
      expect(r.statusCode, r.body).toBe(201);
      const { trackingCode } = r.json();
      expect(Object.keys(r.json())).toEqual(['trackingCode']);
      expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      const c = (await one<{ receiving: number; responsible: number; rule: number | null; enc: string; forwarded: boolean }>(t.handle.db, sql`
        SELECT receiving_unit_id AS receiving, responsible_unit_id AS responsible, routed_by_rule AS rule, identity_enc AS enc, forwarded FROM cases WHERE tracking_code = ${trackingCode}`))!;
      expect(c.receiving).toBe(u.mttqA.id);
      expect(c.responsible).toBe(u.ubndA.id);
      expect(c.forwarded).toBe(true);
      expect(c.enc).not.toContain('Lê Văn Tư');
      const pub = await t.req('GET', `/api/public/cases/${trackingCode.toLowerCase()}`);
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toMatchObject({ trackingCode, status: 'received', kind: 'feedback', responsibleBody: 'UBND phường Tam Kỳ' });
      expect(pub.body).not.toContain('Lê Văn Tư');
      expect(pub.body).not.toContain('0905111222');
      expect(pub.body).not.toContain('Đèn đường');
      expect(pub.body).not.toContain('quy tắc'); // internal routing step
    });

    it('requires a name and a contact for a complaint, with field messages in the user’s language', async () => {
      const r = await submit({ kind: 'complaint', category: 'LAND', text: 'Khiếu nại quyết định thu hồi đất của tôi.' });
      expect(r.statusCode).toBe(400);
      const paths = r.json().details.fields.map((x: { path: string }) => x.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'phone']));
      expect(r.json().details.fields[0].message).toMatch(/họ tên/);
      const bad = await t.req('POST', '/api/public/cases', { body: { kind: 'rumour', category: 'LAND', text: 'x' }, headers: { 'accept-language': 'en' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.fields.map((x: { path: string }) => x.path)).toEqual(expect.arrayContaining(['kind', 'text']));
      const unknownArea = await submit({ kind: 'feedback', category: 'LAND', text: 'Nội dung đủ dài để gửi.', areaCode: '99999' });
      expect(unknownArea.json().details.fields[0].path).toBe('areaCode');
    });

    it('rejects a missing or reused proof of work, and stores nothing from the honeypot', async () => {
      const before = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM cases`))!.n;
      expect((await submit({ kind: 'feedback', category: 'ENV', text: 'Không có bằng chứng công việc.' }, { pow: false })).statusCode).toBe(400);
      const ch = (await t.req('GET', '/api/public/cases/challenge')).json();
      const pow = { challenge: ch.challenge, nonce: solvePow(ch.challenge, ch.bits) };
      const body = { kind: 'feedback', category: 'ENV', text: 'Khói bụi từ bãi vật liệu xây dựng.', pow };
      expect((await t.req('POST', '/api/public/cases', { body, headers: { 'x-forwarded-for': nextIp() } })).statusCode).toBe(201);
      const again = await t.req('POST', '/api/public/cases', { body, headers: { 'x-forwarded-for': nextIp() } });
      expect(again.statusCode).toBe(400);
      expect(again.json().details.fields[0].path).toBe('pow');
      const forged = await t.req('POST', '/api/public/cases', { body: { ...body, pow: { challenge: `${Date.now()}.abc.forged`, nonce: '1' } }, headers: { 'x-forwarded-for': nextIp() } });
      expect(forged.statusCode).toBe(400);
      const bot = await submit({ kind: 'feedback', category: 'ENV', text: 'Quảng cáo dịch vụ giá rẻ.', website: 'http://spam.example' });
      expect(bot.statusCode).toBe(201);
      expect((await t.req('GET', `/api/public/cases/${bot.json().trackingCode}`)).statusCode).toBe(404);
      const after = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM cases`))!.n;
      expect(after).toBe(before + 1);
    });

    it('limits submissions per client address (shared counter in the database)', async () => {
      const addr = '192.0.2.77';
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await submit({ kind: 'feedback', category: 'OTHER', text: `Góp ý số ${i} về khu dân cư.` }, { ip: addr })).statusCode);
      expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(codes[5]).toBe(429);
      const count = await one<{ n: number }>(t.handle.db, sql`SELECT sum(count)::int AS n FROM rate_limits WHERE key = ${`petitions:submit:${addr}`}`);
      expect(count!.n).toBe(6);
    });
  });

  describe('group commit of public submissions', () => {
    it('stores every one of many simultaneous submissions with its own audit row, and the chain stays valid', async () => {
      const { verifyAuditChain } = await import('../../kernel/audit');
      setPetitionsConfig({ powBits: 0 });
      try {
        const before = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM cases`))!.n;
        const res = await Promise.all(Array.from({ length: 30 }, (_, i) => t.req('POST', '/api/public/cases', {
          // One case per place and category, so that no hotspot is made here.
          body: { kind: 'feedback', category: CATS10[i % 10], text: `Phản ánh đồng thời số ${i} về khu dân cư.`, areaCode: ['20341-001', '20341-002', '20194'][i % 3] },
          headers: { 'x-forwarded-for': nextIp() } })));
        expect(res.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
        const codes = res.map((r) => r.json().trackingCode as string);
        expect(new Set(codes).size).toBe(30);
        const stored = await rows<{ id: number; code: string }>(t.handle.db, sql`SELECT id, tracking_code AS code FROM cases WHERE tracking_code = ANY(${sql.param(codes)}::text[])`);
        expect(stored.length).toBe(30);
        const audited = await rows<{ entityId: string }>(t.handle.db, sql`SELECT entity_id AS "entityId" FROM audit_log WHERE action = 'cases.create' AND entity_id = ANY(${sql.param(stored.map((x) => String(x.id)))}::text[])`);
        expect(audited.length).toBe(30);
        expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM cases`))!.n).toBe(before + 30);
        expect((await verifyAuditChain(t.handle.db)).ok).toBe(true);
      } finally { setPetitionsConfig({ powBits: 6 }); }
    });

    it('writes several audit rows at once, chained in order and redacted (kernel writeAuditMany)', async () => {
      const { writeAuditMany, verifyAuditChain } = await import('../../kernel/audit');
      const ctx = await ctxFor(t, p.frontOfficerA);
      await ctx.db.transaction(async (tx) => {
        await writeAuditMany({ ...ctx, db: tx as never }, [1, 2, 3].map((i) => ({
          action: 'test.many', entity: 'test', entityId: `m${i}`, unitId: u.mttqA.id, after: { i, name: `Người ${i}` }, redact: ['name'], requestId: `r${i}`,
        })));
      });
      const r = await rows<{ entityId: string; after: { i: number; name: string }; requestId: string; unitPath: string; actorId: number }>(t.handle.db, sql`
        SELECT entity_id AS "entityId", after, request_id AS "requestId", unit_path::text AS "unitPath", actor_id AS "actorId" FROM audit_log WHERE action = 'test.many' ORDER BY id`);
      expect(r.map((x) => [x.entityId, x.after.i, x.after.name, x.requestId])).toEqual([['m1', 1, '[redacted]', 'r1'], ['m2', 2, '[redacted]', 'r2'], ['m3', 3, '[redacted]', 'r3']]);
      expect(r.every((x) => x.unitPath === u.mttqA.path && x.actorId === p.frontOfficerA.id)).toBe(true);
      expect((await verifyAuditChain(t.handle.db)).ok).toBe(true);
    });
  });

  describe('the public page cannot enumerate cases', () => {
    it('uses random, unrelated codes; unknown and malformed codes answer alike; look-ups are limited', async () => {
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) codes.push((await submit({ kind: 'feedback', category: 'ORDER', text: `Tụ tập gây ồn ào lần ${i}.` })).json().trackingCode);
      expect(new Set(codes).size).toBe(3);
      // Consecutive submissions share no prefix pattern (60 random bits each).
      const diffs = codes.slice(1).map((c, i) => [...c].filter((ch, k) => ch !== codes[i][k]).length);
      for (const d of diffs) expect(d).toBeGreaterThan(5);
      const ids = await rows<{ id: number }>(t.handle.db, sql`SELECT id FROM cases ORDER BY id LIMIT 3`);
      const byId = await t.req('GET', `/api/public/cases/${ids[0].id}`);
      const unknown = await t.req('GET', '/api/public/cases/ABCD-EFGH-JKMN');
      const neighbour = codes[0].slice(0, -1) + (codes[0].endsWith('0') ? '1' : '0');
      const near = await t.req('GET', `/api/public/cases/${neighbour}`);
      for (const r of [byId, unknown, near]) {
        expect(r.statusCode).toBe(404);
        expect(r.json()).toEqual(unknown.json());
      }
      setPetitionsConfig({ lookupLimit: 3 });
      try {
        const addr = '198.51.100.9';
        const s = [];
        for (let i = 0; i < 4; i++) s.push((await t.req('GET', `/api/public/cases/${codes[0]}`, { headers: { 'x-forwarded-for': addr } })).statusCode);
        expect(s).toEqual([200, 200, 200, 429]);
      } finally { setPetitionsConfig({ lookupLimit: 1000 }); }
      // No public list of web cases anywhere.
      expect((await t.req('GET', '/api/public/cases')).statusCode).toBe(404);
      const o311 = (await t.req('GET', '/open311/v2/requests.json')).json();
      expect(o311.map((x: { service_request_id: string }) => x.service_request_id)).not.toContain(codes[0]);
    });
  });

  describe('routing', () => {
    it('picks the most specific rule, and a handler can override it; the letter is a .docx', async () => {
      const official = await submit({ kind: 'feedback', category: 'OFFICIALS', text: 'Cán bộ tiếp dân chưa đúng mực.', areaCode: '20341' });
      const id = await caseIdOf(official.json().trackingCode);
      const d = (await t.req('GET', `/api/cases/${id}`, { cookie: ck.frontOfficerA })).json();
      expect(d.responsibleUnitId).toBe(u.dangA.id);
      expect(d.routedByRule).not.toBeNull();
      // No area: the top Front body receives it and no commune rule applies.
      const nowhere = await submit({ kind: 'feedback', category: 'INFRA', text: 'Đề nghị sửa đường liên xã.' });
      const c2 = (await one<{ receiving: number; responsible: number | null }>(t.handle.db, sql`SELECT receiving_unit_id AS receiving, responsible_unit_id AS responsible FROM cases WHERE tracking_code = ${nowhere.json().trackingCode}`))!;
      expect(c2).toEqual({ receiving: u.mttqProv.id, responsible: null });
      // Commune B's case goes to UBND B.
      const b = await submit({ kind: 'feedback', category: 'ENV', text: 'Rác thải tồn đọng ở chợ.', areaCode: '20194' });
      const c3 = (await one<{ receiving: number; responsible: number }>(t.handle.db, sql`SELECT receiving_unit_id AS receiving, responsible_unit_id AS responsible FROM cases WHERE tracking_code = ${b.json().trackingCode}`))!;
      expect(c3).toEqual({ receiving: u.mttqB.id, responsible: u.ubndB.id });
      // Override: the competent bodies offered include the commune's People's Committee (outside the Front's tree).
      const targets = (await t.req('GET', `/api/cases/route-targets?caseId=${id}`, { cookie: ck.frontOfficerA })).json();
      expect(targets.map((x: { id: number }) => x.id)).toEqual(expect.arrayContaining([u.ubndA.id, u.dangA.id, u.ubndProv.id]));
      expect(targets.map((x: { id: number }) => x.id)).not.toContain(u.ubndB.id);
      expect((await t.req('GET', `/api/cases/route-targets?caseId=${id}`, { cookie: ck.frontOfficerB })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/route-targets?unitId=${u.mttqA.id}`, { cookie: ck.frontOfficerB })).statusCode).toBe(404);
      const r = await t.req('POST', `/api/cases/${id}/route`, { cookie: ck.frontOfficerA, body: { unitId: u.ubndA.id, note: 'Thuộc thẩm quyền UBND' } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ responsibleUnitId: u.ubndA.id, routedByRule: null, forwarded: true });
      const letter = await t.req('GET', `/api/cases/${id}/forwarding-letter.docx`, { cookie: ck.frontOfficerA });
      expect(letter.statusCode).toBe(200);
      expect(letter.headers['content-type']).toContain('wordprocessingml');
      expect(letter.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('routing rules are managed by the unit admin of the owner unit only', async () => {
      expect((await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontOfficerA, body: { ownerUnitId: u.mttqA.id, targetUnitId: u.ubndA.id } })).statusCode).toBe(403);
      expect((await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontAdminA, body: { ownerUnitId: u.mttqB.id, targetUnitId: u.ubndB.id } })).statusCode).toBe(404);
      const out = await t.req('POST', '/api/cases/routing-rules', { cookie: ck.frontAdminA, body: { ownerUnitId: u.mttqA.id, areaCode: '20194', targetUnitId: u.ubndA.id } });
      expect(out.statusCode).toBe(400);
      const listA = (await t.req('GET', '/api/cases/routing-rules', { cookie: ck.frontOfficerA })).json();
      expect(listA.every((r: { ownerUnitId: number }) => r.ownerUnitId === u.mttqA.id)).toBe(true);
      const ruleB = (await t.req('GET', '/api/cases/routing-rules', { cookie: ck.frontAdminB })).json()[0];
      expect((await t.req('PUT', `/api/cases/routing-rules/${ruleB.id}`, { cookie: ck.frontAdminA, body: { ownerUnitId: u.mttqB.id, targetUnitId: u.ubndA.id } })).statusCode).toBe(404);
      expect((await t.req('DELETE', `/api/cases/routing-rules/${ruleB.id}`, { cookie: ck.frontAdminA })).statusCode).toBe(404);
    });
  });

  describe('the journey: received → accepted → in progress → answered → closed → reopened', () => {
    it('follows the legal clock and tells the sender of each public step', async () => {
      const sub = await submit({ kind: 'complaint', category: 'LAND', text: 'Khiếu nại về mức bồi thường đất.', name: 'Trần Thị Mười', phone: '0935000111', areaCode: '20341-002' });
      const code = sub.json().trackingCode;
      const id = await caseIdOf(code);
      let d = (await t.req('GET', `/api/cases/${id}`, { cookie: ck.frontOfficerA })).json();
      expect(d.deadlines).toHaveLength(1);
      expect(d.deadlines[0]).toMatchObject({ stage: 'accept', days: 10, basis: 'working', legal: true, state: 'running' });
      expect(d.sender).toMatchObject({ name: 'Trần Thị Mười', phone: '0935000111' });
      // Answer before acceptance is refused for a complaint.
      expect((await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.ubndOfficerA, body: { action: 'answer', note: 'x' } })).statusCode).toBe(409);
      const acc = await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.ubndOfficerA, body: { action: 'accept', note: 'Thụ lý giải quyết' } });
      expect(acc.statusCode, acc.body).toBe(200);
      d = acc.json();
      expect(d.status).toBe('accepted');
      expect(d.deadlines.map((x: { stage: string; state: string }) => [x.stage, x.state])).toEqual([['accept', 'met'], ['resolve', 'running']]);
      expect(d.deadlines[1]).toMatchObject({ days: 30, basis: 'working' });
      expect((await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.ubndOfficerA, body: { action: 'start' } })).statusCode).toBe(200);
      expect((await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.ubndOfficerA, body: { action: 'note', note: 'Đã làm việc với hộ dân (nội bộ)' } })).statusCode).toBe(200);
      const ans = await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.ubndOfficerA, body: { action: 'answer', note: 'Giữ nguyên mức bồi thường theo bảng giá 2026; hỗ trợ thêm tái định cư.' } });
      expect(ans.json().deadlines[1].state).toBe('met');
      // The screen may promise only what happens: with the default sender the SMS waits in the outbox.
      expect(ans.json().messagesVia).toBe('outbox');
      // Answered: no forwarding to another body any more (reopen first).
      const fwd = await t.req('POST', `/api/cases/${id}/route`, { cookie: ck.frontOfficerA, body: { unitId: u.dangA.id } });
      expect(fwd.statusCode, fwd.body).toBe(409);
      expect((await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.frontOfficerA, body: { action: 'close' } })).json().status).toBe('closed');
      expect((await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.frontOfficerA, body: { action: 'reopen', note: 'Người khiếu nại bổ sung tài liệu mới' } })).json().status).toBe('reopened');
      const pub = (await t.req('GET', `/api/public/cases/${code}`)).json();
      expect(pub.status).toBe('reopened');
      expect(pub.steps.map((s: { action: string }) => s.action)).toEqual(['receive', 'accept', 'start', 'answer', 'close', 'reopen']);
      expect(JSON.stringify(pub)).toContain('hỗ trợ thêm tái định cư');
      expect(JSON.stringify(pub)).not.toContain('nội bộ');
      expect(JSON.stringify(pub)).not.toContain('Trần Thị Mười');
      const sms = await rows<{ title: string; body: string }>(t.handle.db, sql`SELECT title, body FROM notifications WHERE channel = 'sms' AND recipient = '0935000111' ORDER BY id`);
      expect(sms.length).toBe(5); // accept, start, answer, close, reopen
      expect(sms[2].body).toContain('tái định cư');
      expect(sms.every((m) => !m.body.includes('nội bộ'))).toBe(true);
      const audit = await rows<{ action: string }>(t.handle.db, sql`SELECT action FROM audit_log WHERE entity = 'case' AND entity_id = ${String(id)} ORDER BY id`);
      expect(audit.map((a) => a.action)).toEqual(['cases.create', 'cases.accept', 'cases.start', 'cases.note', 'cases.answer', 'cases.close', 'cases.reopen']);
    });

    it('lists overdue cases per responsible body and feeds the figures', async () => {
      // A complaint recorded by a cadre as received 40 days ago, never accepted: its acceptance limit passed.
      const rec = await t.req('POST', '/api/cases', { cookie: ck.frontOfficerA, body: {
        kind: 'complaint', category: 'SOCIAL', text: 'Khiếu nại việc cắt trợ cấp bảo trợ xã hội.', channel: 'reception_day', receivingUnitId: u.mttqA.id,
        name: 'Phạm Văn Năm', phone: '0901222333', areaCode: '20341-001', receivedOn: new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 10) } });
      expect(rec.statusCode, rec.body).toBe(201);
      expect(rec.json().overdue).toBe(true);
      expect(rec.json().deadlines[0].state).toBe('overdue');
      const several = (await t.req('GET', '/api/cases?status=received,accepted&limit=200', { cookie: ck.frontOfficerA })).json();
      expect(several.items.length).toBeGreaterThan(0);
      expect(several.items.every((x: { status: string }) => ['received', 'accepted'].includes(x.status))).toBe(true);
      expect((await t.req('GET', '/api/cases?status=received,bogus', { cookie: ck.frontOfficerA })).statusCode).toBe(400);
      const over = (await t.req('GET', `/api/cases?deadline=overdue&body=${u.ubndA.id}`, { cookie: ck.frontOfficerA })).json();
      expect(over.items.map((x: { id: number }) => x.id)).toContain(rec.json().id);
      expect(over.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
      const stats = (await t.req('GET', '/api/cases/stats', { cookie: ck.frontOfficerA })).json();
      const body = stats.byBody.find((b: { unitId: number }) => b.unitId === u.ubndA.id);
      expect(body.overdue).toBeGreaterThanOrEqual(1);
      const ctx = await ctxFor(t, null);
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
      const q = { unitId: u.ubndA.id, unitPath: u.ubndA.path, areaPath: null, organizationId: u.ubndA.organizationId, from: '2026-01-01', to: today };
      const received = await findFigure('cases.received')!.compute(ctx, q);
      const direct = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM cases WHERE responsible_unit_id = ${u.ubndA.id} OR receiving_unit_id = ${u.ubndA.id}`))!.n;
      expect(received).toBe(direct);
      expect(await findFigure('cases.answered')!.compute(ctx, q)).toBe(0); // the answered complaint was reopened
      expect(await findFigure('cases.overdue')!.compute(ctx, q)).toBeGreaterThanOrEqual(1);
      expect(await findFigure('cases.answered_on_time')!.compute(ctx, { ...q, unitPath: u.mttqB.path })).toBe(0);
      const summary = await findExport('petitions.summary')!.rows(ctx, q);
      expect(summary.find((r) => r.dimension === 'body' && r.label === 'UBND phường Tam Kỳ')).toBeTruthy();
      expect(JSON.stringify(summary)).not.toContain('Phạm Văn Năm');
    });
  });

  describe('a denouncer’s identity', () => {
    let id: number;
    let code: string;
    beforeAll(async () => {
      const r = await submit({ kind: 'denunciation', category: 'OFFICIALS', text: `Tôi là ${DENOUNCER}, tố cáo cán bộ địa chính nhận tiền hợp thức hóa hồ sơ.`, name: DENOUNCER, phone: DENOUNCER_PHONE, address: 'Tổ 2, phường Tam Kỳ', areaCode: '20341-002', lat: 15.5731, lng: 108.4742 });
      expect(r.statusCode, r.body).toBe(201);
      code = r.json().trackingCode;
      id = await caseIdOf(code);
      const a = await t.req('POST', `/api/cases/${id}/assign`, { cookie: ck.frontAdminA, body: { userIds: [p.frontOfficerA.id] } });
      expect(a.statusCode, a.body).toBe(200);
      await t.req('POST', `/api/cases/${id}/steps`, { cookie: ck.frontOfficerA, body: { action: 'accept', note: 'Thụ lý tố cáo' } });
    });

    it('is encrypted at rest', async () => {
      const raw = await one<Record<string, unknown>>(t.handle.db, sql`SELECT * FROM cases WHERE id = ${id}`);
      expect(JSON.stringify(raw)).not.toContain(DENOUNCER_PHONE);
      expect(String(raw!.identity_enc)).toMatch(/^v1:/);
    });

    it('is hidden from everyone not assigned — colleagues, the admin, the responsible body — in every response', async () => {
      for (const who of ['frontOfficerA2', 'frontAdminA', 'admin', 'frontViewerA', 'frontProvAdmin']) {
        const d = await t.req('GET', `/api/cases/${id}`, { cookie: ck[who] });
        expect(d.statusCode, who).toBe(200);
        expect(d.json().sender, who).toBeNull();
        expect(d.json().text, who).toBeNull();
        expect([d.json().lat, d.json().lng], who).toEqual([null, null]);
        expect(d.body, who).not.toContain(DENOUNCER);
        expect(d.body, who).not.toContain(DENOUNCER_PHONE);
        const list = await t.req('GET', '/api/cases?kind=denunciation', { cookie: ck[who] });
        expect(list.json().items.length, who).toBeGreaterThan(0);
        expect(list.body, who).not.toContain(DENOUNCER);
        const search = await t.req('GET', `/api/cases?q=${encodeURIComponent('Bảo Mật')}`, { cookie: ck[who] });
        expect(search.json().items, who).toEqual([]);
        const reveal = await t.req('POST', `/api/cases/${id}/identity`, { cookie: ck[who] });
        expect(reveal.statusCode, who).toBe(403);
        expect(reveal.body).not.toContain(DENOUNCER);
      }
      const pub = await t.req('GET', `/api/public/cases/${code}`);
      expect(pub.body).not.toContain(DENOUNCER);
      expect((await t.req('GET', `/open311/v2/requests/${code}.json`)).statusCode).toBe(404);
      const letter = await t.req('POST', `/api/cases/${id}/route`, { cookie: ck.frontOfficerA, body: { unitId: u.dangA.id } });
      expect(letter.body).not.toContain(DENOUNCER);
      const docx = await t.req('GET', `/api/cases/${id}/forwarding-letter.docx`, { cookie: ck.frontOfficerA2 });
      expect(docx.statusCode).toBe(200);
      const { default: JSZip } = await import('jszip');
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
      expect(xml).toContain('Kính gửi');
      expect(xml).toContain('giữ bí mật');
      expect(xml).not.toContain(DENOUNCER);
    });

    it('never reaches exports, notifications to others or the audit log’s readable diff', async () => {
      const x = await t.req('GET', '/api/cases/export.xlsx', { cookie: ck.frontAdminA });
      expect(x.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as never);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
      expect(cells.join('|')).toContain(code);
      expect(cells.join('|')).not.toContain(DENOUNCER);
      expect(cells.join('|')).not.toContain('hợp thức hóa');
      const notes = await rows<{ title: string; body: string | null; recipient: string | null }>(t.handle.db, sql`SELECT title, body, recipient FROM notifications`);
      for (const n of notes.filter((n) => n.recipient !== DENOUNCER_PHONE)) {
        expect(`${n.title} ${n.body}`).not.toContain(DENOUNCER);
        expect(`${n.title} ${n.body}`).not.toContain(DENOUNCER_PHONE);
      }
      // The denouncer's own phone is told of public steps (their own data).
      expect(notes.some((n) => n.recipient === DENOUNCER_PHONE)).toBe(true);
      const audit = await rows<{ before: unknown; after: unknown }>(t.handle.db, sql`SELECT before, after FROM audit_log`);
      const all = JSON.stringify(audit);
      expect(all).not.toContain(DENOUNCER);
      expect(all).not.toContain(DENOUNCER_PHONE);
      expect(all).not.toContain('hợp thức hóa');
      const created = await one<{ after: Record<string, unknown> }>(t.handle.db, sql`SELECT after FROM audit_log WHERE action = 'cases.create' AND entity_id = ${String(id)}`);
      expect(created!.after.name).toBe('[redacted]');
      expect(created!.after.text).toBe('[redacted]');
      const audited = await t.req('GET', `/api/audit?entity=case&entityId=${id}`, { cookie: ck.frontAdminA });
      expect(audited.statusCode).toBe(200);
      expect(audited.json().length ?? audited.json().items?.length).toBeGreaterThan(0);
      expect(audited.body).not.toContain(DENOUNCER);
    });

    it('keeps a denunciation’s attachments (handwriting) to its handlers; only one’s own uploads can be attached', async () => {
      const upload = async (cookie: string, name: string, content: string) => {
        const boundary = '----petitions' + Math.random().toString(16).slice(2);
        const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
        const r = await t.app.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
        expect(r.statusCode, r.body).toBe(201);
        return r.json().id as number;
      };
      const mine = await upload(ck.frontOfficerA, 'don-to-cao.txt', 'Chữ viết tay của người tố cáo');
      const others = await upload(ck.frontOfficerB, 'khac.txt', 'Tệp của người khác');
      const rec = await t.req('POST', '/api/cases', { cookie: ck.frontOfficerA, body: {
        kind: 'denunciation', category: 'OFFICIALS', text: 'Tố cáo cán bộ thu tiền trái quy định khi cấp giấy phép.', channel: 'letter', receivingUnitId: u.mttqA.id,
        name: 'Đặng Văn Kín', phone: '0913000222', areaCode: '20341', attachmentIds: [mine, others] } });
      expect(rec.statusCode, rec.body).toBe(201);
      const id = rec.json().id as number;
      expect((await rows(t.handle.db, sql`SELECT file_id FROM case_attachments WHERE case_id = ${id}`)).length).toBe(1);
      // Nobody assigned yet: the recorder sees no attachment either.
      expect(rec.json().attachments).toEqual([]);
      expect((await t.req('GET', `/api/cases/${id}/attachments/${mine}`, { cookie: ck.frontOfficerA })).statusCode).toBe(404);
      await t.req('POST', `/api/cases/${id}/assign`, { cookie: ck.frontAdminA, body: { userIds: [p.frontOfficerA.id] } });
      expect((await t.req('GET', `/api/cases/${id}`, { cookie: ck.frontOfficerA })).json().attachments.map((a: { fileId: number }) => a.fileId)).toEqual([mine]);
      const f = await t.req('GET', `/api/cases/${id}/attachments/${mine}`, { cookie: ck.frontOfficerA });
      expect(f.statusCode).toBe(200);
      expect(f.body).toContain('Chữ viết tay');
      for (const who of ['frontOfficerA2', 'frontAdminA', 'admin']) {
        expect((await t.req('GET', `/api/cases/${id}`, { cookie: ck[who] })).json().attachments, who).toEqual([]);
        expect((await t.req('GET', `/api/cases/${id}/attachments/${mine}`, { cookie: ck[who] })).statusCode, who).toBe(404);
      }
      const views = await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cases.identity_view' AND entity_id = ${String(id)}`);
      expect(views!.n).toBe(1);
    });

    it('is shown to the assigned handler, and every view is logged', async () => {
      const n0 = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cases.identity_view' AND entity_id = ${String(id)}`))!.n;
      const d = (await t.req('GET', `/api/cases/${id}`, { cookie: ck.frontOfficerA })).json();
      expect(d.can.revealIdentity).toBe(true);
      expect(d.sender).toBeNull();
      for (let i = 0; i < 2; i++) {
        const r = await t.req('POST', `/api/cases/${id}/identity`, { cookie: ck.frontOfficerA });
        expect(r.statusCode).toBe(200);
        expect(r.json().sender).toMatchObject({ name: DENOUNCER, phone: DENOUNCER_PHONE });
        expect(r.json().text).toContain('hợp thức hóa');
        expect(r.json()).toMatchObject({ lat: 15.5731, lng: 108.4742 });
      }
      const logs = await rows<{ actorId: number }>(t.handle.db, sql`SELECT actor_id AS "actorId" FROM audit_log WHERE action = 'cases.identity_view' AND entity_id = ${String(id)}`);
      expect(logs.length).toBe(n0 + 2);
      expect(logs.every((l) => l.actorId === p.frontOfficerA.id)).toBe(true);
      // Only users who may handle the case can be assigned.
      expect((await t.req('POST', `/api/cases/${id}/assign`, { cookie: ck.frontAdminA, body: { userIds: [p.frontOfficerB.id] } })).statusCode).toBe(400);
      expect((await t.req('POST', `/api/cases/${id}/assign`, { cookie: ck.frontOfficerA, body: { userIds: [p.frontOfficerA2.id] } })).statusCode).toBe(403);
    });
  });

  describe('hotspots', () => {
    it('catch a planted cluster and stay quiet on scattered cases and on a steady background', async () => {
      const day = (n: number) => new Date(Date.now() + 7 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);
      const rec = async (category: string, areaCode: string, daysAgo: number, signatories = 1, unit = u.mttqA, cookie = ck.frontOfficerA) => {
        const r = await t.req('POST', '/api/cases', { cookie, body: { kind: 'feedback', category, text: `Phản ánh ${category} tại ${areaCode} (${daysAgo}).`, receivingUnitId: unit.id, areaCode, receivedOn: day(daysAgo), signatories } });
        expect(r.statusCode, r.body).toBe(201);
        return r.json().id as number;
      };
      // Scattered: categories × places × months, never more than two of one kind at one place in a window.
      const cats = ['ENV', 'INFRA', 'SOCIAL', 'ORDER', 'ADMIN', 'ECONOMY'];
      for (let i = 0; i < 24; i++) await rec(cats[i % cats.length], i % 2 ? '20341-001' : '20341', 5 + i * 9);
      for (let i = 0; i < 8; i++) await rec(cats[i % cats.length], '20194', 3 + i * 11, 1, u.mttqB, ck.frontOfficerB);
      // Steady background: HEALTH_EDU in 20341-001, about five every 28 days for half a year, five in the window too.
      for (let i = 0; i < 35; i++) await rec('HEALTH_EDU', '20341-001', 1 + i * 5.5 | 0);
      let hot = (await t.req('GET', '/api/cases/hotspots', { cookie: ck.frontOfficerA })).json();
      expect(hot.filter((h: { category: string }) => h.category !== 'LAND')).toEqual([]);
      // The planted cluster: seven land cases in one residential area within three weeks, one with 25 signatories.
      const planted: number[] = [];
      for (let i = 0; i < 7; i++) planted.push(await rec('LAND', '20341-002', 1 + i * 3, i === 3 ? 25 : 1));
      hot = (await t.req('GET', '/api/cases/hotspots', { cookie: ck.frontOfficerA })).json();
      const h = hot.find((x: { placeCode: string; category: string }) => x.category === 'LAND');
      expect(h).toBeTruthy();
      expect(h.placeName).toContain('Tổ dân phố 2');
      expect(h.reasons).toEqual(expect.arrayContaining(['many_cases', 'surge']));
      expect(h.caseIds).toEqual(expect.arrayContaining(planted));
      expect(hot.filter((x: { category: string }) => x.category !== 'LAND')).toEqual([]);
      // A supervisor of the area sees the flag; commune B's officer does not.
      const sup = (await t.req('GET', '/api/cases/hotspots', { cookie: ck.supervisorA })).json();
      expect(sup.some((x: { category: string }) => x.category === 'LAND')).toBe(true);
      const other = (await t.req('GET', '/api/cases/hotspots', { cookie: ck.frontOfficerB })).json();
      expect(other).toEqual([]);
      const pts = (await t.req('GET', '/api/cases/map', { cookie: ck.frontOfficerA })).json();
      expect(Array.isArray(pts)).toBe(true);
    });
  });

  describe('scope: a user of one unit cannot read or change another unit’s cases', () => {
    let idA: number;
    beforeAll(async () => {
      const r = await submit({ kind: 'feedback', category: 'INFRA', text: 'Mương thoát nước bị tắc ở tổ 1.', name: 'Võ Văn Sáu', phone: '0977000111', areaCode: '20341-001' });
      idA = await caseIdOf(r.json().trackingCode);
    });

    it('every staff route answers 401 without a session', async () => {
      for (const [m, url] of [['GET', '/api/cases'], ['GET', `/api/cases/${idA}`], ['POST', `/api/cases/${idA}/steps`], ['GET', '/api/cases/hotspots'], ['GET', '/api/cases/stats'],
        ['GET', '/api/cases/map'], ['GET', '/api/cases/routing-rules'], ['GET', '/api/cases/holidays/2026'], ['GET', '/api/cases/export.xlsx'], ['POST', `/api/cases/${idA}/identity`]] as const) {
        expect((await t.req(m, url, { body: m === 'POST' ? { action: 'note', note: 'x' } : undefined })).statusCode, url).toBe(401);
      }
    });

    it('by id on every route: 404 for commune B', async () => {
      const c = ck.frontOfficerB;
      expect((await t.req('GET', `/api/cases/${idA}`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('POST', `/api/cases/${idA}/steps`, { cookie: c, body: { action: 'accept' } })).statusCode).toBe(404);
      expect((await t.req('POST', `/api/cases/${idA}/route`, { cookie: c, body: { unitId: u.ubndB.id } })).statusCode).toBe(404);
      expect((await t.req('POST', `/api/cases/${idA}/assign`, { cookie: ck.frontAdminB, body: { userIds: [] } })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/${idA}/assignable`, { cookie: ck.frontAdminB })).statusCode).toBe(404);
      expect((await t.req('POST', `/api/cases/${idA}/identity`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/${idA}/forwarding-letter.docx`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/${idA}/attachments/1`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('POST', '/api/cases', { cookie: c, body: { kind: 'feedback', category: 'ENV', text: 'Ghi nhận thay đơn vị khác.', receivingUnitId: u.mttqA.id } })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases?unit=${u.mttqA.id}`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/stats?unit=${u.mttqA.id}`, { cookie: c })).statusCode).toBe(404);
      expect((await t.req('GET', `/api/cases/hotspots?unit=${u.mttqA.id}`, { cookie: c })).statusCode).toBe(404);
      const list = (await t.req('GET', '/api/cases?limit=200', { cookie: c })).json();
      expect(list.items.some((x: { id: number }) => x.id === idA)).toBe(false);
      expect(list.items.every((x: { receivingUnitId: number; responsibleUnitId: number | null }) => x.receivingUnitId === u.mttqB.id || x.responsibleUnitId === u.ubndB.id)).toBe(true);
      const x = await t.req('GET', '/api/cases/export.xlsx', { cookie: c });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as never);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((r) => r.eachCell((cc) => cells.push(String(cc.value))));
      expect(cells.join('|')).not.toContain('Mương thoát nước bị tắc ở tổ 1');
      const st = await one<{ status: string }>(t.handle.db, sql`SELECT status FROM cases WHERE id = ${idA}`);
      expect(st!.status).toBe('received');
    });

    it('the responsible body sees its cases; a viewer reads but cannot act; a supervisor sees aggregates only', async () => {
      expect((await t.req('GET', `/api/cases/${idA}`, { cookie: ck.ubndOfficerA })).statusCode).toBe(200);
      expect((await t.req('POST', `/api/cases/${idA}/steps`, { cookie: ck.frontViewerA, body: { action: 'start' } })).statusCode).toBe(403);
      expect((await t.req('GET', `/api/cases/${idA}`, { cookie: ck.supervisorA })).statusCode).toBe(404);
      expect((await t.req('GET', '/api/cases', { cookie: ck.supervisorA })).json().items).toEqual([]);
      const stats = (await t.req('GET', '/api/cases/stats', { cookie: ck.supervisorA })).json();
      expect(stats.byKind.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBeGreaterThan(0);
      expect(JSON.stringify(stats)).not.toContain('Võ Văn Sáu');
    });

    it('holidays: everyone reads, only an administrator changes them', async () => {
      const y = (await t.req('GET', '/api/cases/holidays/2026', { cookie: ck.frontOfficerA })).json();
      expect(y.find((d: { day: string }) => d.day === '2026-02-17')).toMatchObject({ kind: 'holiday' });
      expect((await t.req('PUT', '/api/cases/holidays/2030', { cookie: ck.frontAdminA, body: { days: [] } })).statusCode).toBe(403);
      const put = await t.req('PUT', '/api/cases/holidays/2030', { cookie: ck.admin, body: { days: [{ day: '2030-02-04', kind: 'holiday', name: 'Tết Canh Tuất' }] } });
      expect(put.statusCode, put.body).toBe(200);
      expect((await t.req('PUT', '/api/cases/holidays/2030', { cookie: ck.admin, body: { days: [{ day: '2031-01-01', kind: 'holiday', name: 'x' }] } })).statusCode).toBe(400);
    });
  });

  describe('Open311 GeoReport v2', () => {
    it('lists services, takes a form-encoded request, reads it back, never the confidential kinds', async () => {
      const s = await t.req('GET', '/open311/v2/services.json');
      expect(s.statusCode).toBe(200);
      expect(s.json()[0]).toMatchObject({ service_code: expect.any(String), metadata: false, type: 'realtime' });
      const post = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
        payload: new URLSearchParams({ service_code: 'INFRA', lat: '15.57', long: '108.47', address_id: '20341-001', description: 'Ổ gà lớn trên đường Phan Bội Châu.', first_name: 'Hùng', last_name: 'Lý', phone: '0911222333' }).toString() });
      expect(post.statusCode, post.body).toBe(201);
      const srid = post.json()[0].service_request_id;
      const one311 = await t.req('GET', `/open311/v2/requests/${srid}.json`);
      expect(one311.statusCode).toBe(200);
      expect(one311.json()[0]).toMatchObject({ service_request_id: srid, status: 'open', service_code: 'INFRA', description: 'Ổ gà lớn trên đường Phan Bội Châu.', lat: 15.57, long: 108.47 });
      expect(one311.body).not.toContain('Hùng');
      expect(one311.body).not.toContain('0911222333');
      const list = (await t.req('GET', '/open311/v2/requests.json?service_code=INFRA')).json();
      expect(list.map((x: { service_request_id: string }) => x.service_request_id)).toContain(srid);
      expect(list.every((x: { description: string | null }) => x.description !== null)).toBe(true);
      const bad = await t.req('POST', '/open311/v2/requests.json', { body: { service_code: 'NOPE', lat: 1, long: 1, description: 'Mô tả đủ dài ở đây.' }, headers: { 'x-forwarded-for': nextIp() } });
      expect(bad.statusCode).toBe(400);
      const den = (await one<{ code: string }>(t.handle.db, sql`SELECT tracking_code AS code FROM cases WHERE kind = 'complaint' LIMIT 1`))!.code;
      expect((await t.req('GET', `/open311/v2/requests/${den}.json`)).statusCode).toBe(404);
    });
  });
});
