/** SQL of the member registry. Services add scope; repositories only read and write rows. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one, rows } from '../../kernel/db/sql';

/** A membership with its person, unit and organization (`m`, `p`, `u`, `o`). */
export const MEMBER_FROM = sql`memberships m JOIN member_people p ON p.id = m.person_id JOIN units u ON u.id = m.unit_id JOIN organizations o ON o.id = m.organization_id`;
export const MEMBER_SELECT = sql`m.id, m.person_id AS "personId", p.full_name AS "fullName", m.unit_id AS "unitId", u.name AS "unitName",
  m.organization_id AS "organizationId", o.short_name AS "organizationName", o.code AS "organizationCode", m.status, m.role, m.card_no AS "cardNo",
  m.joined_on AS "joinedOn", p.gender, p.birth_date AS "birthDate", p.birth_year AS "birthYear", p.cccd, p.phone, p.ethnicity, p.religion,
  m.flags, u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath"`;

export type MemberRaw = {
  id: number; personId: number; fullName: string; unitId: number; unitName: string; organizationId: number; organizationName: string;
  organizationCode: string; status: string; role: string; cardNo: string | null; joinedOn: string | null; gender: string | null;
  birthDate: string | null; birthYear: number | null; cccd: string | null; phone: string | null; ethnicity: string | null; religion: string | null;
  flags: { code: string; params?: Record<string, unknown> }[]; unitPath: string; unitAreaPath: string | null;
};

export type MemberFull = MemberRaw & {
  version: number; personVersion: number; areaId: number | null; areaName: string | null; address: string | null; occupation: string | null;
  employer: string | null; education: string | null; theoryLevel: string | null; partyMember: boolean | null; veteran: boolean | null;
  startedOn: string; endedOn: string | null; erasedAt: string | null; createdAt: string; importRef: string | null;
};

export async function findMember(db: Db, id: number): Promise<MemberFull | undefined> {
  return one<MemberFull>(db, sql`SELECT ${MEMBER_SELECT}, m.version, p.version AS "personVersion", p.area_id AS "areaId", a.name AS "areaName",
    p.address, p.occupation, p.employer, p.education, p.theory_level AS "theoryLevel", p.party_member AS "partyMember", p.veteran,
    m.started_on AS "startedOn", m.ended_on AS "endedOn", p.erased_at AS "erasedAt", m.created_at AS "createdAt", m.import_ref AS "importRef"
    FROM ${MEMBER_FROM} LEFT JOIN areas a ON a.id = p.area_id WHERE m.id = ${id}`);
}

export async function selectMembers(db: Db, where: SQL, order: SQL, limit: number, offset: number): Promise<MemberRaw[]> {
  return rows<MemberRaw>(db, sql`SELECT ${MEMBER_SELECT} FROM ${MEMBER_FROM} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`);
}

/** The tables a list's conditions need: memberships `m` and units `u`, people `p` and organizations `o` when asked. */
function listFrom(withPerson: boolean, withOrganization: boolean): SQL {
  return sql`memberships m JOIN units u ON u.id = m.unit_id ${withPerson ? sql`JOIN member_people p ON p.id = m.person_id` : sql``}
    ${withOrganization ? sql`JOIN organizations o ON o.id = m.organization_id` : sql``}`;
}

/** Count up to `cap` + 1 rows: an exact total for ordinary lists, "more than cap" for a province. */
export async function countMembers(db: Db, where: SQL, cap: number, withPerson = true, withOrganization = true): Promise<number> {
  // Only the joins the conditions need: the count of a province list reads thousands of rows.
  const r = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${listFrom(withPerson, withOrganization)} WHERE ${where} LIMIT ${cap + 1}) x`);
  return r?.n ?? 0;
}

/**
 * Where a search looks: the ids of the units in the caller's scope, or their condition on units `u`
 * when they are too many to list. With the ids the planner reads the word index once whatever the
 * scope; joined to units, it may probe the index once per unit of a scope it thinks small.
 */
export type UnitScope = number[] | SQL;

/** The ids of the units `unitWhere` (on `u`) admits, or null when there are more than `max`. */
export async function unitIdsWhere(db: Db, unitWhere: SQL, max: number): Promise<number[] | null> {
  const ids = await rows<{ id: number }>(db, sql`SELECT u.id FROM units u WHERE ${unitWhere} LIMIT ${max + 1}`);
  return ids.length > max ? null : ids.map((r) => r.id);
}

function searchFromWhere(scope: UnitScope, rowWhere: SQL, withPerson: boolean, withOrganization: boolean): SQL {
  const joins = sql`${withPerson ? sql`JOIN member_people p ON p.id = m.person_id` : sql``} ${withOrganization ? sql`JOIN organizations o ON o.id = m.organization_id` : sql``}`;
  return Array.isArray(scope)
    ? sql`memberships m ${joins} WHERE m.unit_id = ANY(${sql.param(scope)}::int[]) AND ${rowWhere}`
    : sql`memberships m JOIN units u ON u.id = m.unit_id ${joins} WHERE ${scope} AND ${rowWhere}`;
}

/**
 * A search's matches collected once, in whatever order the index gives them (at most `cap` + 1 of them,
 * or all with `cap` null), counted, and one page of them cut in `order` (which may use m.id, m.name_fold,
 * m.joined_on and m.birth_year). With more than `cap` matches the page is not the right one: `ids` is empty.
 */
export async function collectMatches(db: Db, scope: UnitScope, rowWhere: SQL, order: SQL, limit: number, offset: number, cap: number | null, withPerson: boolean, withOrganization: boolean): Promise<{ n: number; ids: number[] }> {
  const r = await one<{ n: number; ids: number[] }>(db, sql`
    WITH s AS MATERIALIZED (SELECT m.id, m.name_fold, m.joined_on, m.birth_year FROM ${searchFromWhere(scope, rowWhere, withPerson, withOrganization)} ${cap == null ? sql`` : sql`LIMIT ${cap + 1}`})
    SELECT (SELECT count(*)::int FROM s) AS n, ARRAY(SELECT m.id FROM s m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) AS ids`);
  const n = r?.n ?? 0;
  return { n, ids: cap != null && n > cap ? [] : (r?.ids ?? []).map(Number) };
}

/** Who reads a page, and which of its rows they read unmasked (a condition on `u`). */
export type PageReader = { actorId: number | null; requestId: string; personal: SQL };

/**
 * collectMatches, selectMembersByIds and logAccess in one statement: the matches collected (up to
 * `cap` + 1), counted, the page cut in `order` and its rows read with their person, unit and
 * organization under `visible` (the caller's units, on `u`). With more than `cap` matches, no rows.
 * The access-log row for the page's members the reader sees unmasked (`reader.personal`) is written
 * by the same statement; each row says whether it was logged. A statement that writes is never planned
 * with parallel workers.
 */
export async function collectPage(db: Db, scope: UnitScope, rowWhere: SQL, order: SQL, limit: number, offset: number, cap: number, visible: SQL,
  reader: PageReader, withPerson: boolean, withOrganization: boolean): Promise<{ n: number; rows: (MemberRaw & { logged: boolean })[] }> {
  const got = await rows<MemberRaw & { n: number; k: number | null; logged: boolean }>(db, sql`
    WITH s AS MATERIALIZED (SELECT m.id, m.name_fold, m.joined_on, m.birth_year FROM ${searchFromWhere(scope, rowWhere, withPerson, withOrganization)} LIMIT ${cap + 1}),
      c AS (SELECT count(*)::int AS n FROM s),
      pg AS (SELECT x.id, x.k FROM unnest(ARRAY(SELECT m.id FROM s m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})) WITH ORDINALITY x(id, k)),
      r AS MATERIALIZED (SELECT pg.k, ${MEMBER_SELECT}, COALESCE(${reader.personal}, FALSE) AS logged
        FROM ${MEMBER_FROM} JOIN pg ON pg.id = m.id WHERE ${visible} AND (SELECT n FROM c) <= ${cap}),
      log AS (INSERT INTO member_access_log (actor_id, kind, person_ids, request_id)
        SELECT ${reader.actorId}, 'list', array_agg(DISTINCT r."personId"), ${reader.requestId} FROM r WHERE r.logged HAVING count(*) > 0)
    SELECT c.n, r.* FROM c LEFT JOIN r ON TRUE ORDER BY r.k`);
  const n = got[0]?.n ?? 0;
  return { n, rows: got.filter((r) => r.k != null).map(({ n: _n, k: _k, ...m }) => m) };
}

/**
 * A page in name order read from the first `walk` names in that order: right when they hold the page,
 * since every later match sorts after them; null when they do not (the matches are rare or far down
 * the order: collect them instead). The walk reads only the name index (name and id; an index-only
 * scan once the table is vacuumed), keeps the names that contain every word (`LIKE`, a cheap
 * necessary condition), and checks `where` (scope, filters, the words) on each candidate's row, in
 * order, until the page is full.
 */
export async function pageByNameWalk(db: Db, where: SQL, words: string[], desc: boolean, limit: number, offset: number, walk: number, withPerson: boolean, withOrganization: boolean): Promise<number[] | null> {
  const dir = desc ? sql`DESC` : sql`ASC`;
  const contains = sql.join(words.map((w) => sql`w.name_fold LIKE ${`%${w}%`}`), sql` AND `);
  // LIMIT 1 keeps the lateral subquery a per-candidate lookup by id (not flattened into a join the
  // planner might answer from the word index for every match).
  const got = await rows<{ id: number }>(db, sql`SELECT w.id FROM (SELECT id, name_fold FROM memberships ORDER BY name_fold ${dir}, id ${dir} LIMIT ${walk}) w
    CROSS JOIN LATERAL (SELECT 1 FROM ${listFrom(withPerson, withOrganization)} WHERE m.id = w.id AND ${where} LIMIT 1) ok
    WHERE ${contains} ORDER BY w.name_fold ${dir}, w.id ${dir} LIMIT ${limit} OFFSET ${offset}`);
  return got.length === limit ? got.map((r) => r.id) : null;
}

/**
 * What ANALYZE found about the words of names (the word index's most common words with the share of
 * rows holding each, and the share below which the others lie), with the number of memberships; null
 * before the first ANALYZE.
 */
export async function nameWordStats(db: Db): Promise<{ freq: Map<string, number>; rare: number; rows: number } | null> {
  const r = await one<{ words: string[] | null; freqs: number[] | null; rows: number }>(db, sql`
    SELECT s.most_common_elems::text::text[] AS words, s.most_common_elem_freqs::float8[] AS freqs, c.reltuples::float8 AS rows
    FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'memberships_name_words'
    WHERE c.oid = 'memberships'::regclass`);
  if (!r?.words?.length || !r.freqs || !(r.rows > 0)) return null;
  // most_common_elem_freqs: one share per word, then the lowest and highest of them, then nulls.
  return { freq: new Map(r.words.map((w, i) => [w, Number(r.freqs![i])])), rare: Number(r.freqs[r.words.length]), rows: Number(r.rows) };
}

/** The rows of a page found by id, in `order`, under `scope` still (the caller's visible units). */
export async function selectMembersByIds(db: Db, ids: number[], scope: SQL, order: SQL): Promise<MemberRaw[]> {
  if (ids.length === 0) return [];
  return rows<MemberRaw>(db, sql`SELECT ${MEMBER_SELECT} FROM ${MEMBER_FROM} WHERE m.id = ANY(${sql.param(ids)}::int[]) AND ${scope} ORDER BY ${order}`);
}

export type PersonFields = {
  fullName: string; nameFold: string; birthDate: string | null; birthYear: number | null; gender: string | null; ethnicity: string | null;
  religion: string | null; cccd: string | null; phone: string | null; areaId: number | null; address: string | null; occupation: string | null;
  employer: string | null; education: string | null; theoryLevel: string | null; partyMember: boolean | null; veteran: boolean | null;
};

export async function insertPerson(db: Db, p: PersonFields): Promise<number> {
  const r = await one<{ id: number }>(db, sql`INSERT INTO member_people (full_name, name_fold, birth_date, birth_year, gender, ethnicity, religion, cccd, phone,
      area_id, address, occupation, employer, education, theory_level, party_member, veteran)
    VALUES (${p.fullName}, ${p.nameFold}, ${p.birthDate}::date, ${p.birthYear}, ${p.gender}, ${p.ethnicity}, ${p.religion}, ${p.cccd}, ${p.phone},
      ${p.areaId}, ${p.address}, ${p.occupation}, ${p.employer}, ${p.education}, ${p.theoryLevel}, ${p.partyMember}, ${p.veteran}) RETURNING id`);
  return r!.id;
}

export async function findPerson(db: Db, id: number): Promise<(PersonFields & { id: number; version: number; erasedAt: string | null }) | undefined> {
  return one(db, sql`SELECT id, full_name AS "fullName", name_fold AS "nameFold", birth_date AS "birthDate", birth_year AS "birthYear", gender, ethnicity, religion,
    cccd, phone, area_id AS "areaId", address, occupation, employer, education, theory_level AS "theoryLevel", party_member AS "partyMember", veteran,
    version, erased_at AS "erasedAt" FROM member_people WHERE id = ${id}`);
}

export async function updatePerson(db: Db, id: number, p: PersonFields): Promise<void> {
  await db.execute(sql`UPDATE member_people SET full_name = ${p.fullName}, name_fold = ${p.nameFold}, birth_date = ${p.birthDate}::date, birth_year = ${p.birthYear},
    gender = ${p.gender}, ethnicity = ${p.ethnicity}, religion = ${p.religion}, cccd = ${p.cccd}, phone = ${p.phone}, area_id = ${p.areaId}, address = ${p.address},
    occupation = ${p.occupation}, employer = ${p.employer}, education = ${p.education}, theory_level = ${p.theoryLevel}, party_member = ${p.partyMember},
    veteran = ${p.veteran}, version = version + 1, updated_at = now() WHERE id = ${id}`);
  // The copies on the memberships follow the person.
  await db.execute(sql`UPDATE memberships SET full_name = ${p.fullName}, name_fold = ${p.nameFold}, gender = ${p.gender}, birth_year = ${p.birthYear}
    WHERE person_id = ${id}`);
}

export async function insertMembership(db: Db, m: {
  personId: number; organizationId: number; unitId: number; fullName: string; nameFold: string; gender: string | null; birthYear: number | null;
  joinedOn: string | null; startedOn: string; role: string; cardNo: string | null; prevMembershipId?: number | null; flags: unknown[];
}): Promise<number> {
  const r = await one<{ id: number }>(db, sql`INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, gender, birth_year,
      joined_on, started_on, role, card_no, prev_membership_id, flags)
    VALUES (${m.personId}, ${m.organizationId}, ${m.unitId}, ${m.fullName}, ${m.nameFold}, ${m.gender}, ${m.birthYear}, ${m.joinedOn}::date, ${m.startedOn}::date,
      ${m.role}, ${m.cardNo}, ${m.prevMembershipId ?? null}, ${JSON.stringify(m.flags)}::jsonb) RETURNING id`);
  return r!.id;
}

export async function addEvent(db: Db, e: { membershipId: number; personId: number; unitId: number; kind: string; onDate: string; reason?: string | null; data?: unknown; recordedBy: number | null }): Promise<void> {
  await db.execute(sql`INSERT INTO member_events (membership_id, person_id, unit_id, kind, on_date, reason, data, recorded_by)
    VALUES (${e.membershipId}, ${e.personId}, ${e.unitId}, ${e.kind}, ${e.onDate}::date, ${e.reason ?? null}, ${e.data === undefined ? null : JSON.stringify(e.data)}::jsonb, ${e.recordedBy})`);
}

export async function eventsOf(db: Db, membershipIds: number[]) {
  return rows<{ id: number; membershipId: number; kind: string; onDate: string; reason: string | null; unitName: string | null; data: unknown; recordedBy: string | null; recordedAt: string }>(db, sql`
    SELECT e.id, e.membership_id AS "membershipId", e.kind, e.on_date AS "onDate", e.reason, un.name AS "unitName", e.data, us.full_name AS "recordedBy", e.recorded_at AS "recordedAt"
    FROM member_events e LEFT JOIN units un ON un.id = e.unit_id LEFT JOIN users us ON us.id = e.recorded_by
    WHERE e.membership_id = ANY(${sql.param(membershipIds)}::int[]) ORDER BY e.on_date, e.id`);
}

export async function logAccess(db: Db, a: { actorId: number | null; kind: string; personIds: number[]; requestId: string }): Promise<void> {
  if (a.personIds.length === 0) return;
  await db.execute(sql`INSERT INTO member_access_log (actor_id, kind, person_ids, request_id) VALUES (${a.actorId}, ${a.kind}, ${sql.param([...new Set(a.personIds)])}::int[], ${a.requestId})`);
}

/** Memberships active on a date: begun on or before it and not ended by it. */
export const activeOn = (d: string, m = sql`m`) => sql`${m}.started_on <= ${d}::date AND (${m}.ended_on IS NULL OR ${m}.ended_on > ${d}::date)`;
