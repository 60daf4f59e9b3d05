/**
 * Name search: every typed word must be a word of the name (in any order, without diacritics); when
 * whole words find nobody, the last word only has to begin a word; never outside the caller's scope;
 * a count capped at 10,000 with the right page in name order beyond it; the access log holds exactly
 * the rows shown unmasked.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, login, scopeFixture, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { loadActor } from '../../kernel/auth';
import { forgetWordStats, NAME_WALK, nameQuery, ONE_WORD_CAP, splitNameWords, TOTAL_CAP } from './members.service';
import { nameWordStats } from './members.repo';
import { writeMembersXlsx } from './members.io';

type Row = { id: number; personId: number; fullName: string; unitId: number; masked: boolean };

describe('nameQuery', () => {
  it('folds the words, keeps only letters and digits: whole words, or the last one as a prefix', () => {
    expect(nameQuery('Nguyễn thị HOA')).toBe('nguyen & thi & hoa');
    expect(nameQuery('Nguyễn thị HO', true)).toBe('nguyen & thi & (ho | ho:*)');
    expect(nameQuery('  Đặng   Văn  ')).toBe('dang & van');
    expect(nameQuery('  Đặng   Văn  ', true)).toBe('dang & (van | van:*)');
    expect(nameQuery(`nguyen' & | ! thi:* (hoa)`)).toBe('nguyen & thi & hoa');
    expect(nameQuery(`nguyen' & | ! thi:* (hoa)`, true)).toBe('nguyen & thi & (hoa | hoa:*)');
    expect(nameQuery(`'&|!:*()`)).toBeNull();
    expect(nameQuery(`'&|!:*()`, true)).toBeNull();
    expect(nameQuery('')).toBeNull();
  });
});

describe('splitNameWords', () => {
  const stats = { freq: new Map([['thi', 0.8], ['van', 0.4], ['nguyen', 0.16], ['hoa', 0.025], ['hoai', 0.01]]), rare: 0.002, rows: 1_000_000 };
  it('looks the rare words up in the index and checks the common ones on the rows found', () => {
    expect(splitNameWords(['nguyen', 'thi', 'hoa'], stats)).toEqual([true, false, true]);
    expect(splitNameWords(['thi', 'xuyen'], stats)).toEqual([false, true]);
    expect(splitNameWords(['nguyen', 'hoa'], stats)).toEqual([true, true]);
    // As a whole word "th" is rare; as a prefix it stands for "thi" and every other word beginning so.
    expect(splitNameWords(['xuyen', 'th'], stats)).toEqual([true, true]);
    expect(splitNameWords(['xuyen', 'th'], stats, true)).toEqual([true, false]);
    // "ho" as a whole word is rare; as a prefix it holds "hoa" and "hoai".
    expect(splitNameWords(['nguyen', 'ho'], stats)).toEqual([true, true]);
    expect(splitNameWords(['nguyen', 'thi', 'ho'], stats, true)).toEqual([true, false, true]);
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
    // "an" and "anh" are both whole words: "Đỗ Thị An" is found by "do thi an" alone.
    for (const n of ['Đỗ Thị An', 'Đỗ Thị An', 'Đỗ Thị An', 'Đỗ Thị Anh', 'Đỗ Thị Anh', 'Đỗ Thị Ánh']) await add(n, f.branchA.id);
    await add('Đỗ Thị Anh', f.branchB.id);
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

  it('matches whole words first: "an" does not find "Anh" while there is an "An"', async () => {
    const an = await search('do thi an');
    expect(an).toMatchObject({ names: ['Đỗ Thị An', 'Đỗ Thị An', 'Đỗ Thị An'], total: 3, totalCapped: false });
    // Typed diacritics, capitals and word order change nothing.
    expect((await search('ĐỖ thị AN')).total).toBe(3);
    expect((await search('an Do THI')).total).toBe(3);
    // "anh" finds Anh and Ánh (the same folded word), not An.
    expect((await search('Đỗ Thị Ánh')).names).toEqual(['Đỗ Thị Anh', 'Đỗ Thị Anh', 'Đỗ Thị Ánh']);
    // A page of it is cut from the same matches.
    const small = (await t.req('GET', `/api/members?q=do+thi+an&limit=2&offset=1`, { cookie: ck.officerA })).json() as { rows: Row[]; total: number };
    expect(small.total).toBe(3);
    expect(small.rows.map((r) => r.id)).toEqual(an.rows.slice(1, 3).map((r) => r.id));
  });

  it('takes the last word as the beginning of a word when whole words find nobody in scope', async () => {
    // "a" is no word of these names: the prefix finds An, Anh and Ánh.
    expect((await search('do thi a')).names).toEqual(['Đỗ Thị An', 'Đỗ Thị An', 'Đỗ Thị An', 'Đỗ Thị Anh', 'Đỗ Thị Anh', 'Đỗ Thị Ánh']);
    // Officer B's scope holds no "Đỗ Thị An" (those of branch A are not theirs): the prefix finds their
    // "Đỗ Thị Anh", and nothing of branch A.
    const b = await search('do thi an', ck.officerB);
    expect(b).toMatchObject({ names: ['Đỗ Thị Anh'], total: 1 });
    expect(b.rows.every((r) => r.unitId === f.branchB.id)).toBe(true);
    expect((await search('do thi a', ck.officerB)).names).toEqual(['Đỗ Thị Anh']);
    // The administrator sees branch A's "An": whole words, so not B's "Anh".
    expect((await search('do thi an', ck.admin)).total).toBe(3);
  });

  it('exports what the list shows: the same rule in one statement', async () => {
    const exported = async (user: { id: number }, q: string) => {
      const ctx = { actor: (await loadActor(t.handle.db, user.id))!, db: t.handle.db, engine: t.engine, locale: 'vi' as const, requestId: 'test' };
      const out = new PassThrough();
      out.resume();
      return writeMembersXlsx(ctx, { q, status: 'active', sort: 'name' }, { stream: out });
    };
    expect(await exported(f.officerA, 'do thi an')).toBe(3);
    expect(await exported(f.officerA, 'do thi a')).toBe(6);
    expect(await exported(f.officerA, 'Nguyễn thị HO')).toBe(4);
    expect(await exported(f.officerA, 'tran')).toBe(1);
    expect(await exported(f.officerB, 'do thi an')).toBe(1);
    expect(await exported(f.admin, 'do thi an')).toBe(3);
  });

  it('logs exactly the rows it shows unmasked, once per search, in either form', async () => {
    const count = async () => (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM member_access_log`))!.n;
    for (const q of ['do thi an', 'do thi a', 'nguyen thi ho', 'zzz']) {
      const before = await count();
      const r = await search(q);
      expect(r.rows.every((x) => !x.masked), q).toBe(true);
      if (r.rows.length === 0) {
        expect(await count(), q).toBe(before);
        continue;
      }
      expect(await count(), q).toBe(before + 1);
      const log = (await one<{ kind: string; actorId: number; personIds: number[] }>(t.handle.db, sql`SELECT kind, actor_id AS "actorId", person_ids AS "personIds" FROM member_access_log ORDER BY id DESC LIMIT 1`))!;
      expect(log, q).toMatchObject({ kind: 'list', actorId: f.officerA.id });
      expect([...log.personIds].sort((x, y) => x - y), q).toEqual([...new Set(r.rows.map((x) => x.personId))].sort((x, y) => x - y));
    }
  });

  it('takes a partial last word as the beginning of a word, with diacritics and capitals as typed', async () => {
    expect((await search('Nguyễn thị HO')).names).toEqual(['Hoa Thị Nguyễn', 'Nguyễn Thị Hoa', 'Nguyễn Thị Hồng', 'Nguyễn Thị Thu Hoa']);
    expect((await search('nguyen thi hon')).names).toEqual(['Nguyễn Thị Hồng']);
    expect((await search('tran thi l')).names).toEqual(['Trần Thị Lan']);
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
    // The expected page, computed independently: words found with LIKE on the folded name, whole
    // words ("tran" does not find "Trang": the word "tran" finds thousands), or with `prefix` the last
    // one as the beginning of a word ("tra", no such word, finds Trần and Trang).
    const expected = async (words: string[], order: string, offset: number, prefix: boolean, limit = 20) => {
      const like = sql.join(words.map((w, i) => sql`(' ' || m.name_fold || ' ') LIKE ${prefix && i === words.length - 1 ? `% ${w}%` : `% ${w} %`}`), sql` AND `);
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
    const cases = [['tran', ['tran'], false], ['vu', ['vu'], false], ['thi', ['thi'], false], ['vu thi', ['vu', 'thi'], false], ['vu thi hoa', ['vu', 'thi', 'hoa'], false],
      ['tra', ['tra'], true], ['vu thi tra', ['vu', 'thi', 'tra'], true]] as const;
    for (const [q, words, prefix] of cases) {
      for (const sort of ['name', '-name', 'joined']) {
        for (const offset of [0, 40]) {
          const got = await page(q, sort, offset);
          expect(got.rows.map((r) => r.id), `${q} ${sort} ${offset}`).toEqual(await expected([...words], sort, offset, prefix));
        }
      }
    }
    // "tran" matches the word only; "vu thi tra" (no such word) the beginning: "Vũ Thị Trang …".
    expect((await page('tran', 'name', 0)).rows.every((r) => r.fullName.startsWith('Trần '))).toBe(true);
    expect((await page('vu thi tra', 'name', 0)).rows.every((r) => r.fullName.startsWith('Vũ Thị Trang '))).toBe(true);
    // One word is counted up to ONE_WORD_CAP, more words up to TOTAL_CAP; the page beyond the cap is
    // logged too.
    const logs = async () => (await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM member_access_log WHERE kind = 'list'`))!.n;
    const before = await logs();
    expect(await page('vu', 'name', 0)).toMatchObject({ total: ONE_WORD_CAP, totalCapped: true });
    expect(await logs()).toBe(before + 1);
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
