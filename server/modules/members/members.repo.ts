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

/** Count up to `cap` + 1 rows: an exact total for ordinary lists, "more than cap" for a province. */
export async function countMembers(db: Db, where: SQL, cap: number, withPerson = true, withOrganization = true): Promise<number> {
  // Only the joins the conditions need: the count of a province list reads thousands of rows.
  const from = sql`memberships m JOIN units u ON u.id = m.unit_id ${withPerson ? sql`JOIN member_people p ON p.id = m.person_id` : sql``}
    ${withOrganization ? sql`JOIN organizations o ON o.id = m.organization_id` : sql``}`;
  const r = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${cap + 1}) x`);
  return r?.n ?? 0;
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
