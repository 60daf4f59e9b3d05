/**
 * Input that once answered 500, now a 400 naming the field: a NUL byte or a lone surrogate in any
 * string (public routes included), an id past PostgreSQL's integer, a date in year 1 or 9999.
 * (server/routes.fuzz.test.ts sends the same shapes to every route.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { findUnstorableText } from './input';

type Field = { path: string; message: string };
const fields = (body: string): Field[] => (JSON.parse(body) as { details?: { fields?: Field[] } }).details?.fields ?? [];

describe('input that once caused errors', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    const f = await scopeFixture(t);
    admin = await login(t, f.admin);
  });
  afterAll(async () => { await t?.close(); });

  const expect400 = (r: { statusCode: number; body: string }, path: string, message: RegExp) => {
    expect(r.statusCode, r.body).toBe(400);
    expect(fields(r.body)).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  };
  const BAD_CHAR = /ký tự không hợp lệ/;

  it('a NUL byte, anonymously: public case submission, login, public areas, Open311', async () => {
    expect400(await t.req('POST', '/api/public/cases', { body: { kind: 'feedback', category: 'INFRA', text: 'Đường hư hỏng nặng lắm rồi.', name: 'Lan\u0000' } }), 'name', BAD_CHAR);
    expect400(await t.req('POST', '/api/auth/login', { body: { username: 'admin\u0000', password: 'x' } }), 'username', BAD_CHAR);
    expect400(await t.req('GET', '/api/public/case-areas?parent=20341%00'), 'parent', BAD_CHAR);
    expect400(await t.req('GET', '/open311/v2/requests.json?service_code=%00'), 'service_code', BAD_CHAR);
    const o311 = await t.app.inject({
      method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'service_code=INFRA&lat=16&long=108&description=%C4%90%C3%A8n%20h%E1%BB%8Fng%00%20c%E1%BA%A3%20tu%E1%BA%A7n',
    });
    expect400(o311, 'description', BAD_CHAR);
  });

  it('a lone surrogate and a NUL in keys or nested values; in English on request', async () => {
    expect400(await t.req('POST', '/api/auth/login', { body: { username: 'a\ud800', password: 'x' } }), 'username', BAD_CHAR);
    expect400(await t.req('POST', '/api/units', { cookie: admin, body: { name: 'Chi hội', parentId: null, extra: { ['k\u0000']: 1 } } }), 'extra.k\ufffd', BAD_CHAR);
    const en = await t.req('GET', '/api/units/search?q=%00', { cookie: admin, headers: { 'accept-language': 'en' } });
    expect400(en, 'q', /invalid character/);
  });

  it('ids past 2^31 − 1, in the path, the query and the body', async () => {
    expect400(await t.req('GET', '/api/units/2147483648', { cookie: admin }), 'id', /2147483647/);
    expect400(await t.req('GET', '/api/units?parent=2147483648', { cookie: admin }), 'parent', /2147483647/);
    expect400(await t.req('POST', '/api/units', { cookie: admin, body: { name: 'Chi hội mới', parentId: 2147483648 } }), 'parentId', /2147483647/);
    expect((await t.req('GET', '/api/units/2147483647', { cookie: admin })).statusCode).toBe(404); // the largest id is a valid id
  });

  it('dates in year 1 or 9999', async () => {
    const RANGE = /1900.*2100/;
    expect400(await t.req('GET', '/api/audit?from=0001-01-01', { cookie: admin }), 'from', RANGE);
    expect400(await t.req('GET', '/api/cases?to=9999-12-31', { cookie: admin }), 'to', RANGE);
    expect400(await t.req('GET', '/api/cases/hotspots?asOf=0001-01-01', { cookie: admin }), 'asOf', RANGE);
    expect400(await t.req('GET', '/open311/v2/requests.json?end_date=0001-01-01T00:00:00Z'), 'end_date', RANGE);
    expect((await t.req('GET', '/api/audit?from=1900-01-01&to=2100-12-31', { cookie: admin })).statusCode).toBe(200);
  });
});

describe('findUnstorableText', () => {
  it('finds NUL and lone surrogates at their path; Vietnamese and emoji (surrogate pairs) are fine', () => {
    expect(findUnstorableText({ name: 'Nguyễn Thị Hoà 😀', tags: ['Đoàn'] })).toBeNull();
    expect(findUnstorableText({ tasks: [{ title: 'ok' }, { title: 'x\u0000' }] })).toBe('tasks.1.title');
    expect(findUnstorableText({ a: 'x\udc00' })).toBe('a');
    expect(findUnstorableText({ a: '\ud83d' })).toBe('a'); // half of an emoji
    expect(findUnstorableText('\u0000')).toBe('');
    expect(findUnstorableText({ n: 1, b: true, z: null })).toBeNull();
  });
});
