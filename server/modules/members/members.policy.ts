/**
 * The members module's access rules beyond "the membership's unit is in scope" (the rest still lives
 * in the service): what a caller may do with a person, as opposed to one membership. The person record (name, birth,
 * CCCD, phone, address…) is shared by every organization the person belongs to, so two questions are
 * decided on all of the person's memberships, here and nowhere else (create, edit, erase, import):
 *
 * - may the caller read this person's personal data already (`personal`: members.personal on the unit
 *   of at least one membership, current or ended)? If not, a CCCD (or name) match must not reveal the
 *   stored record, and links only when the caller proves who the person is (full name and date of birth);
 * - may the caller change the person record (`editable`: members.write on the unit of every current
 *   membership)? If not, only the caller's own membership fields change.
 */
import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../kernel/context';
import { can } from '../../kernel/access/authorize';
import { rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import { fold } from '../../kernel/text';
import { AppError } from '../../kernel/errors';
import { t } from '../../kernel/i18n';
import type { CreateMemberInput, MemberDetail } from '../../../common/members';
import type { PersonFields } from './members.repo';
import { maskTail } from './members.norms';

export type PersonUnit = { path: string; areaPath: string | null; current: boolean };
export type PersonReach = { personal: boolean; editable: boolean };

/** Where each of these people is a member (every membership, current or ended), by person id. */
export async function unitsOfPeople(db: Db, personIds: number[]): Promise<Map<number, PersonUnit[]>> {
  const out = new Map<number, PersonUnit[]>();
  if (personIds.length === 0) return out;
  for (const r of await rows<{ personId: number; path: string; areaPath: string | null; current: boolean }>(db, sql`
    SELECT m.person_id AS "personId", u.path::text AS path, u.area_path::text AS "areaPath", m.ended_on IS NULL AS current
    FROM memberships m JOIN units u ON u.id = m.unit_id WHERE m.person_id = ANY(${sql.param([...new Set(personIds)])}::int[])`)) {
    const list = out.get(r.personId) ?? [];
    list.push({ path: r.path, areaPath: r.areaPath, current: r.current });
    out.set(r.personId, list);
  }
  return out;
}

export function reachOf(actor: Actor | null, units: PersonUnit[]): PersonReach {
  if (actor?.isAdmin) return { personal: true, editable: true };
  return {
    personal: units.some((u) => can(actor, 'members.personal', u)),
    // Ended memberships are history: after a transfer the receiving unit keeps the person up to date.
    editable: units.every((u) => !u.current || can(actor, 'members.write', u)),
  };
}

/** The reach of each of these people (one query; none for an admin). */
export async function reachOfPeople(db: Db, actor: Actor | null, personIds: number[]): Promise<Map<number, PersonReach>> {
  const out = new Map<number, PersonReach>();
  if (actor?.isAdmin) {
    for (const id of personIds) out.set(id, { personal: true, editable: true });
    return out;
  }
  const units = await unitsOfPeople(db, personIds);
  for (const id of personIds) out.set(id, reachOf(actor, units.get(id) ?? []));
  return out;
}

export async function personReach(db: Db, actor: Actor | null, personId: number): Promise<PersonReach> {
  return (await reachOfPeople(db, actor, [personId])).get(personId)!;
}

/** A name as identity compares it: folded (no diacritics, lower case), single spaces. */
export const identityName = (s: string): string => fold(s.normalize('NFC')).replace(/\s+/g, ' ').trim();

type Identity = { fullName: string; birthDate: string | null };

/** The caller's full name and date of birth are the stored person's: same folded name, same exact date (both known). */
export function sameIdentity(stored: Identity, given: Partial<Identity>): boolean {
  return !!given.fullName && !!given.birthDate && !!stored.birthDate
    && given.birthDate === stored.birthDate && identityName(given.fullName) === identityName(stored.fullName);
}

/**
 * What to do with a person the registry already holds and a request or row points at (by CCCD, by
 * person id, or by folded name + birth + area):
 * - `link`: the caller may read the person already, or proved who the person is;
 * - `refuse` (CCCD, person id): not proved; the caller gets one neutral answer, whatever matched;
 * - `ignore` (name): the name match is not proof enough to link a person out of scope (a year of birth
 *   only); the row is another person, and nothing is revealed.
 */
export function matchDecision(reach: PersonReach, stored: Identity, given: Partial<Identity>, by: 'cccd' | 'person' | 'name'): 'link' | 'refuse' | 'ignore' {
  if (reach.personal || sameIdentity(stored, given)) return 'link';
  return by === 'name' ? 'ignore' : 'refuse';
}

// ---- the answers ------------------------------------------------------------------------------

/**
 * A CCCD or person id that points at a person the caller may not read, without proof of who the
 * person is: one neutral 409 (which field differed is not said), the attempt audited with ids only.
 */
export class IdentityRefused extends AppError {
  constructor(readonly personId: number, readonly unitId: number, readonly by: 'cccd' | 'person') {
    super('MEMBER_IDENTITY_MISMATCH', 409, {}, 'members.cccd.refused');
  }
}

/**
 * The new membership of a person the caller could not read before, as its creation answers it: what
 * the caller sent and the record holds too, nothing else of the stored person (CCCD and phone masked
 * as for an aggregate reader, the rest empty).
 */
export function linkedView(d: MemberDetail, input: CreateMemberInput): MemberDetail {
  const echo = <T>(stored: T | null, sent: T | null | undefined): T | null => (sent != null && sent === stored ? stored : null);
  return {
    ...d, masked: true, canPersonal: false,
    birthDate: echo(d.birthDate, input.birthDate), birthYear: echo(d.birthDate, input.birthDate) ? d.birthYear : null,
    cccd: echo(d.cccd, input.cccd) ?? maskTail(d.cccd), phone: echo(d.phone, input.phone) ?? maskTail(d.phone),
    ethnicity: echo(d.ethnicity, input.ethnicity), religion: echo(d.religion, input.religion),
    areaId: echo(d.areaId, input.areaId), areaName: echo(d.areaId, input.areaId) ? d.areaName : null,
    address: echo(d.address, input.address), occupation: echo(d.occupation, input.occupation), employer: echo(d.employer, input.employer),
    education: echo(d.education, input.education), theoryLevel: echo(d.theoryLevel, input.theoryLevel),
    partyMember: echo(d.partyMember, input.partyMember), veteran: echo(d.veteran, input.veteran),
  };
}

/** The person fields an edit would change (values that differ from the record, not merely sent). */
export function changedPersonFields(before: PersonFields, after: PersonFields): string[] {
  return (Object.keys(after) as (keyof PersonFields)[]).filter((k) => k !== 'nameFold' && after[k] !== before[k]);
}

/** 403 with one message per field: the person is also a member where the caller has no say. */
export function personLocked(ctx: Ctx, fields: string[]): AppError {
  const details = fields.length ? { fields: fields.map((path) => ({ path, code: 'members.person.shared', message: t(ctx.locale, 'members.person.shared') })) } : {};
  return new AppError('PERSON_SHARED', 403, details, 'members.person.shared');
}
