/**
 * Personal data stays out of the log: a failed query is logged as its statement and the database's
 * error, never its parameters (drizzle's message and `params`, PGlite's `params`, PostgreSQL's
 * `detail` and the value quoted in its data errors); a request as its path without the query string;
 * a job's stored error likewise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createTestDb, engines } from '../../test/db';
import { login, scopeFixture, type TestApp } from '../../test/app';
import type { DbHandle } from '../db/connect';
import { enqueueJob, registerJobHandler, startJobRunner, waitForJob } from '../jobs';
import { errorSummary, redactError } from '../errors/redact';
import { pathOnly } from './logging';

const PERSON = { name: 'Nguyễn Thị Hoà', birth: '1990-05-17', cccd: '001190012345', phone: '0905123456', address: '12 Lê Duẩn, Hải Châu' };
const VALUES = Object.values(PERSON);
const leaked = (text: string) => VALUES.filter((v) => text.includes(v));

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the query did not fail');
}

registerJobHandler('test.leaky', async ({ ctx }) => {
  await ctx.db.execute(sql`SELECT ${PERSON.name}::text, ${PERSON.phone}::text, ${PERSON.cccd}::smallint`);
});

describe.each(engines())('errors and logs hold no personal data, on %s', (engine) => {
  let h: DbHandle;
  beforeAll(async () => { h = await createTestDb(engine); });
  afterAll(async () => { await h?.close(); });

  it('a failed query: the statement and the database error, never the values', async () => {
    const e = await failure(h.db.execute(sql`SELECT ${PERSON.name}::text AS n, ${PERSON.birth}::date AS b, ${PERSON.address}::text AS a, ${PERSON.phone}::text AS p, ${PERSON.cccd}::smallint AS c`));
    // What it was before: the values are all in the error as thrown.
    expect(leaked(String((e as Error).message) + JSON.stringify(e))).toEqual(VALUES);
    const logged = JSON.stringify(redactError(e));
    expect(leaked(logged)).toEqual([]);
    expect(logged).toContain('$5::smallint');
    expect(logged).toContain('22003'); // smallint out of range, found in the cause
    const summary = errorSummary(e);
    expect(leaked(summary)).toEqual([]);
    expect(summary).toMatch(/out of range for type smallint.*\(22003\)/);
  });

  it('a unique violation: the constraint, not the duplicated value (PostgreSQL repeats it in `detail`)', async () => {
    const table = `t_redact_${Date.now().toString(36)}`;
    await h.db.execute(sql.raw(`CREATE TABLE ${table} (cccd text UNIQUE)`));
    try {
      await h.db.execute(sql`INSERT INTO ${sql.identifier(table)} (cccd) VALUES (${PERSON.cccd})`);
      const e = await failure(h.db.execute(sql`INSERT INTO ${sql.identifier(table)} (cccd) VALUES (${PERSON.cccd})`));
      const logged = JSON.stringify(redactError(e));
      expect(logged).toContain('23505');
      expect(logged).toContain(`${table}_cccd_key`);
      expect(leaked(logged)).toEqual([]);
    } finally {
      await h.db.execute(sql.raw(`DROP TABLE ${table}`));
    }
  });

  it('a job that fails on such a query stores its error without the values', async () => {
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50 });
    try {
      const j = await enqueueJob({ actor: null, db: h.db, engine: h.engine, locale: 'vi', requestId: 't' }, { kind: 'test.leaky' });
      const done = await waitForJob(h.db, j.id, 20_000);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/out of range/);
      expect(leaked(done.error ?? '')).toEqual([]);
    } finally {
      await stop();
    }
  });
});

describe('the server log of a small API session', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const handle = await createTestDb('pglite');
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'info', DATABASE_URL: undefined, DATA_DIR: '.tmp/unused' }, { webDist: '/nonexistent' });
    const app = await buildApp({ handle, config, logStream: { write: (l: string) => { lines.push(l); } } });
    await app.ready();
    t = {
      app, handle, engine: 'pglite',
      async close() { await app.close(); await handle.close(); },
      req: (method, url, o = {}) => app.inject({ method: method as 'GET', url, payload: o.body as never, headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.headers ?? {}) } }),
    };
  });
  afterAll(async () => { await t?.close(); });

  it('holds no CCCD, phone, name or address that the requests carried', async () => {
    const f = await scopeFixture(t);
    const admin = await login(t, f.admin);
    // Searches carry personal data in the query string.
    expect((await t.req('GET', `/api/members?q=${PERSON.cccd}`, { cookie: admin })).statusCode).toBeLessThan(500);
    expect((await t.req('GET', `/api/users?q=${PERSON.phone}`, { cookie: admin })).statusCode).toBe(200);
    // A write that fails in the database (a file id that does not exist), its text full of personal data.
    const r = await t.req('POST', '/api/directives', {
      cookie: admin,
      body: {
        issuerUnitId: f.province.id, kind: 'notice', number: '7', symbol: 'TB/MT', issuedOn: '2026-03-02', issuingBody: 'Ban Thường trực',
        title: `Trả lời công dân ${PERSON.name}, sinh ngày ${PERSON.birth}`, body: `CCCD ${PERSON.cccd}, điện thoại ${PERSON.phone}, địa chỉ ${PERSON.address}`,
        fileId: 987654, recipientUnitIds: [f.communeA.id],
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'REFERENCE_NOT_FOUND', details: { fields: [{ path: 'fileId' }] } });

    const log = lines.join('');
    expect(log).toContain('/api/members?…'); // the request was logged, its query string was not
    expect(log).toContain('INSERT INTO directives'); // the failed statement was logged
    expect(leaked(log)).toEqual([]);
  });
});

describe('pathOnly', () => {
  it('keeps the path and says there was a query, without it', () => {
    expect(pathOnly('/api/members?q=001190012345&unit=3')).toBe('/api/members?…');
    expect(pathOnly('/api/units/3')).toBe('/api/units/3');
  });
});
