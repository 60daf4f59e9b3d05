/**
 * Name search: every typed word must be a word of the name (in any order, without diacritics), the
 * last one only its beginning; never outside the caller's scope; a count capped at 10,000 with the
 * right page in name order beyond it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { forgetWordStats, NAME_WALK, nameQuery, ONE_WORD_CAP, splitNameWords, TOTAL_CAP } from './members.service';
import { nameWordStats } from './members.repo';

type Row = { id: number; fullName: string; unitId: number };

describe('nameQuery', () => {
  it('folds the words, keeps only letters and digits, and makes the last word a prefix', () => {
    expect(nameQuery('Nguyễn thị HO')).toBe('nguyen & thi & (ho | ho:*)');
    expect(nameQuery('  Đặng   Văn  ')).toBe('dang & (van | van:*)');
    expect(nameQuery(`nguyen' & | ! thi:* (hoa)`)).toBe('nguyen & thi & (hoa | hoa:*)');
    expect(nameQuery(`'&|!:*()`)).toBeNull();
    expect(nameQuery('')).toBeNull();
  });
});

describe('splitNameWords', () => {
  const stats = { freq: new Map([['thi', 0.8], ['van', 0.4], ['nguyen', 0.16], ['hoa', 0.025], ['hoai', 0.01]]), rare: 0.002, rows: 1_000_000 };
  it('looks the rare words up in the index and checks the common ones on the rows found', () => {
    expect(splitNameWords(['nguyen', 'thi', 'hoa'], stats)).toEqual([true, false, true]);
    expect(splitNameWords(['thi', 'xuyen'], stats)).toEqual([false, true]);
    expect(splitNameWords(['nguyen', 'hoa'], stats)).toEqual([true, true]);
    // The last word is a prefix: "th" stands for "thi" and every other word beginning so.
    expect(splitNameWords(['xuyen', 'th'], stats)).toEqual([true, false]);
    expect(splitNameWords(['thi'], stats)).toEqual([true]);
    expect(splitNameWords(['nguyen', 'thi', 'hoa'], null)).toEqual([true, true, true]);
  });
});

describe.each(engines())('member name search on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let ck: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    ck = { admin: await login(t, f.admin), officerA: await login(t, f.officerA), officerB: await login(t, f.officerB) };
    const add = async (fullName: string, unitId: number) => {
      const r = await t.req('POST', '/api/members', { cookie: ck.admin, body: { fullName, birthYear: 1980, gender: 'female', joinedOn: '2010-01-01', unitId } });
      expect(r.statusCode).toBe(201);
    };
    for (const n of ['Nguyễn Thị Hoa', 'Nguyễn Thị Thu Hoa', 'Nguyễn Văn Hòa Bình', 'Nguyễn Thị Hồng', 'Trần Thị Lan', 'Lê Thị Khoa', 'Hoa Thị Nguyễn']) await add(n, f.branchA.id);
    for (const n of ['Nguyễn Thị Hoa', 'Phạm Thị Hoa']) await add(n, f.branchB.id);
  });
  afterAll(async () => { await t?.close(); });

  const search = async (q: string, cookie = ck.officerA, extra = '') => {
    const r = await t.req('GET', `/api/members?q=${encodeURIComponent(q)}&limit=200${extra}`, { cookie });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { rows: Row[]; total: number; totalCapped: boolean };
    return { ...body, names: body.rows.map((x) => x.fullName) };
  };

  it('finds a name by its words without diacritics, in any order', async () => {
    expect((await search('nguyen thi hoa')).names).toEqual(['Hoa Thị Nguyễn', 'Nguyễn Thị Hoa', 'Nguyễn Thị Thu Hoa']);
    expect((await search('hoa nguyen')).names).toEqual(['Hoa Thị Nguyễn', 'Nguyễn Thị Hoa', 'Nguyễn Thị Thu Hoa', 'Nguyễn Văn Hòa Bình']);
    // "thi" is not a word of "Nguyễn Văn Hòa Bình".
    expect((await search('nguyen thi hoa')).names).not.toContain('Nguyễn Văn Hòa Bình');
    expect((await search('nguyen thi hoa')).total).toBe(3);
  });

  it('takes the last word as the beginning of a word, with diacritics and capitals as typed', async () => {
    expect((await search('Nguyễn thị HO')).names).toEqual(['Hoa Thị Nguyễn', 'Nguyễn Thị Hoa', 'Nguyễn Thị Hồng', 'Nguyễn Thị Thu Hoa']);
    expect((await search('nguyen thi hon')).names).toEqual(['Nguyễn Thị Hồng']);
    // Only the last word is a prefix: "ho" is not a word of any of these names.
    expect((await search('ho nguyen')).names).toEqual([]);
  });

  it('matches whole words only: no match inside a word or on another family name', async () => {
    expect((await search('tran')).names).toEqual(['Trần Thị Lan']);
    expect((await search('tran hoa')).names).toEqual([]);
    expect((await search('oa')).names).toEqual([]);
    expect((await search('hoa')).names).not.toContain('Lê Thị Khoa');
  });

  it('treats tsquery syntax and LIKE wildcards in the box as separators, never as an error', async () => {
    for (const q of [`'&|!:*()`, `nguyen & thi`, `nguyen | tran`, `!nguyen`, `hoa:*`, `(hoa`, `nguyen'`, `\\`, `%`, `_`, `nguyen <-> hoa`, `nguyen:A`]) {
      const r = await t.req('GET', `/api/members?q=${encodeURIComponent(q)}`, { cookie: ck.officerA });
      expect(r.statusCode, q).toBe(200);
    }
    expect((await search(`nguyen & thi | hoa`)).names).toEqual(['Hoa Thị Nguyễn', 'Nguyễn Thị Hoa', 'Nguyễn Thị Thu Hoa']);
    expect((await search(`!tran`)).names).toEqual(['Trần Thị Lan']);
    expect((await search(`'&|!:*()`)).names).toEqual([]);
    expect((await search(`%`)).names).toEqual([]);
  });

  it('never returns a member outside the caller’s scope', async () => {
    const a = await search('hoa', ck.officerA);
    const b = await search('hoa', ck.officerB);
    expect(a.rows.every((r) => r.unitId === f.branchA.id)).toBe(true);
    expect(b.names).toEqual(['Nguyễn Thị Hoa', 'Phạm Thị Hoa']);
    expect(b.rows.every((r) => r.unitId === f.branchB.id)).toBe(true);
    expect(b.total).toBe(2);
    expect((await search('nguyen thi hoa', ck.admin)).total).toBe(4);
    // A unit outside the caller's scope is 404, with or without a search.
    expect((await t.req('GET', `/api/members?q=hoa&unit=${f.communeA.id}`, { cookie: ck.officerB })).statusCode).toBe(404);
  });

  it('beyond the cap: says so, and still gives the right page in name order', async () => {
    // Two large families in commune B: "Trần Thị …" (matches right after the names above in name
    // order) and "Vũ Thị …" (after more "Trần" names than a search walks through in name order before
    // it collects its matches instead). A tenth of them have left.
    const org = f.branchB.organizationId;
    // "thi" is the beginning of "Thiên", not the word "thi".
    expect((await t.req('POST', '/api/members', { cookie: ck.admin, body: { fullName: 'Vũ Thiên Hoa', birthYear: 1980, gender: 'female', joinedOn: '2010-01-01', unitId: f.branchB.id } })).statusCode).toBe(201);
    const given = ['Hoa', 'Lan', 'Mai', 'Hương', 'Thủy', 'Ngọc', 'Trang', 'Linh'];
    for (const [family, fold, base, n] of [['Trần', 'tran', 100_000, NAME_WALK + 500], ['Vũ', 'vu', 200_000, 12_000]] as const) {
      await t.handle.db.execute(sql`
        INSERT INTO member_people (id, full_name, name_fold, birth_year, gender)
        SELECT ${base} + g, ${family} || ' Thị ' || (${sql.param(given)}::text[])[1 + g % 8] || ' ' || g, ${fold} || ' thi ' || f_fold((${sql.param(given)}::text[])[1 + g % 8]) || ' ' || g, 1980, 'female'
        FROM generate_series(1, ${n}) g`);
      await t.handle.db.execute(sql`
        INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, gender, birth_year, joined_on, started_on, status)
        SELECT p.id, ${org}, ${f.branchB.id}, p.full_name, p.name_fold, 'female', 1980, make_date(1990 + p.id % 30, 1, 1), '2010-01-01', CASE WHEN p.id % 10 = 0 THEN 'left' ELSE 'active' END
        FROM member_people p WHERE p.id > ${base} AND p.id <= ${base + n}`);
    }
    await t.handle.db.execute(sql`ANALYZE memberships`);
    // With these statistics "thi" (in every name) is checked on the rows "vu" and "hoa" found.
    forgetWordStats(t.handle.db);
    expect(splitNameWords(['vu', 'thi', 'hoa'], await nameWordStats(t.handle.db))).toEqual([true, false, true]);
    // The expected page, computed independently: words found with LIKE on the folded name (the last
    // one as the beginning of a word: "tran" also finds "Trang").
    const expected = async (words: string[], order: string, offset: number, limit = 20) => {
      const like = sql.join(words.map((w, i) => sql`(' ' || m.name_fold || ' ') LIKE ${i === words.length - 1 ? `% ${w}%` : `% ${w} %`}`), sql` AND `);
      const dir = order.startsWith('-') ? sql`DESC` : sql`ASC`;
      const key = order.endsWith('name') ? sql`m.name_fold` : sql`m.joined_on`;
      return (await rows<{ id: number }>(t.handle.db, sql`SELECT m.id FROM memberships m JOIN units u ON u.id = m.unit_id
        WHERE u.path <@ ${f.communeB.path}::ltree AND m.status = 'active' AND ${like} ORDER BY ${key} ${dir}, m.id ${dir} LIMIT ${limit} OFFSET ${offset}`)).map((r) => r.id);
    };
    const page = async (q: string, sort: string, offset: number) => {
      const r = await t.req('GET', `/api/members?q=${encodeURIComponent(q)}&sort=${sort}&limit=20&offset=${offset}`, { cookie: ck.officerB });
      expect(r.statusCode).toBe(200);
      return r.json() as { rows: Row[]; total: number; totalCapped: boolean };
    };
    for (const [q, words] of [['tran', ['tran']], ['vu', ['vu']], ['thi', ['thi']], ['vu thi', ['vu', 'thi']], ['vu thi hoa', ['vu', 'thi', 'hoa']]] as const) {
      for (const sort of ['name', '-name', 'joined']) {
        for (const offset of [0, 40]) {
          const got = await page(q, sort, offset);
          expect(got.rows.map((r) => r.id), `${q} ${sort} ${offset}`).toEqual(await expected([...words], sort, offset));
        }
      }
    }
    // One word is counted up to ONE_WORD_CAP, more words up to TOTAL_CAP.
    expect(await page('vu', 'name', 0)).toMatchObject({ total: ONE_WORD_CAP, totalCapped: true });
    expect(await page('thi', '-name', 0)).toMatchObject({ total: ONE_WORD_CAP, totalCapped: true });
    expect(await page('vu thi', 'name', 0)).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    const few = await page('vu thi hoa', 'name', 0);
    const hoa = (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM memberships WHERE name_fold LIKE 'vu thi hoa %' AND status = 'active'`))!.n;
    expect((await page('vu thien', 'name', 0)).rows.map((r) => r.fullName)).toEqual(['Vũ Thiên Hoa']);
    expect(hoa).toBeGreaterThan(1000);
    expect(few).toMatchObject({ total: hoa, totalCapped: false });
    // Officer A's scope holds none of them.
    expect((await search('vu', ck.officerA)).total).toBe(0);
  });
});
