/**
 * The member registry's tables. People are the persons; memberships tie a person to one unit of one
 * organization over a period (started_on … ended_on), so counts "as of a date" are answerable.
 * Name, gender and birth year are copied onto the membership so lists and searches hit one table;
 * the unit's place in the tree is always read from `units` (units move), never copied.
 */
import { sql } from 'drizzle-orm';
import {
  pgTable, serial, integer, bigserial, text, timestamp, jsonb, boolean, uniqueIndex, index, varchar, date,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../kernel/db/types';
import { units, areas, users } from '../../kernel/db/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });

export const memberPeople = pgTable('member_people', {
  id: serial('id').primaryKey(),
  fullName: text('full_name').notNull(),
  /** fold(full_name): lower case, no diacritics — what searches and duplicate checks compare. */
  nameFold: text('name_fold').notNull(),
  birthDate: date('birth_date', { mode: 'string' }),
  birthYear: integer('birth_year'),
  gender: varchar('gender', { length: 8 }),
  ethnicity: text('ethnicity'),
  religion: text('religion'),
  cccd: varchar('cccd', { length: 12 }),
  phone: varchar('phone', { length: 20 }),
  // Checked per statement by a trigger (migration 0005), not per row: see docs/decisions/0004.
  areaId: integer('area_id'),
  address: text('address'),
  occupation: text('occupation'),
  employer: text('employer'),
  education: text('education'),
  theoryLevel: text('theory_level'),
  partyMember: boolean('party_member'),
  veteran: boolean('veteran'),
  erasedAt: ts('erased_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('member_people_cccd_uq').on(t.cccd).where(sql`cccd IS NOT NULL`),
  index('member_people_phone_idx').on(t.phone),
]);

export const memberships = pgTable('memberships', {
  id: serial('id').primaryKey(),
  // person_id, unit_id: checked per statement by a trigger (migration 0005), see docs/decisions/0004.
  personId: integer('person_id').notNull(),
  organizationId: integer('organization_id').notNull(),
  unitId: integer('unit_id').notNull(),
  fullName: text('full_name').notNull(),
  nameFold: text('name_fold').notNull(),
  gender: varchar('gender', { length: 8 }),
  birthYear: integer('birth_year'),
  /** Date the person joined the organization (Ngày vào Hội/Đoàn), kept across transfers. */
  joinedOn: date('joined_on', { mode: 'string' }),
  /** Date this membership began in this unit (join, or arrival by transfer). */
  startedOn: date('started_on', { mode: 'string' }).notNull(),
  endedOn: date('ended_on', { mode: 'string' }),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  role: varchar('role', { length: 16 }).notNull().default('member'),
  cardNo: varchar('card_no', { length: 32 }),
  prevMembershipId: integer('prev_membership_id'),
  /** Eligibility and import warnings: [{code, message}]. */
  flags: jsonb('flags').notNull().default([]),
  /** Fingerprint of the spreadsheet row this membership came from (re-running an import finds it). */
  importRef: varchar('import_ref', { length: 20 }),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('memberships_person_idx').on(t.personId),
  index('memberships_unit_idx').on(t.unitId, t.status),
  index('memberships_name_idx').on(t.nameFold, t.id),
  index('memberships_card_idx').on(t.cardNo),
  index('memberships_prev_idx').on(t.prevMembershipId).where(sql`prev_membership_id IS NOT NULL`),
  uniqueIndex('memberships_open_uq').on(t.personId, t.organizationId).where(sql`ended_on IS NULL`),
]);

/** Every lifecycle change, with date, reason and who recorded it: the member page's timeline. */
export const memberEvents = pgTable('member_events', {
  id: serial('id').primaryKey(),
  membershipId: integer('membership_id').notNull().references(() => memberships.id),
  personId: integer('person_id').notNull(),
  unitId: integer('unit_id').notNull(),
  /** join | update | suspend | resume | leave | death | transfer_request | transfer_out | transfer_in | transfer_rejected | rating | import | erase */
  kind: varchar('kind', { length: 24 }).notNull(),
  onDate: date('on_date', { mode: 'string' }).notNull(),
  reason: text('reason'),
  data: jsonb('data'),
  recordedBy: integer('recorded_by').references(() => users.id),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
}, (t) => [index('member_events_membership_idx').on(t.membershipId, t.id), index('member_events_person_idx').on(t.personId)]);

/** A transfer waits for the receiving unit to accept it. */
export const memberTransfers = pgTable('member_transfers', {
  id: serial('id').primaryKey(),
  membershipId: integer('membership_id').notNull().references(() => memberships.id),
  fromUnitId: integer('from_unit_id').notNull().references(() => units.id),
  toUnitId: integer('to_unit_id').notNull().references(() => units.id),
  onDate: date('on_date', { mode: 'string' }).notNull(),
  reason: text('reason'),
  status: varchar('status', { length: 12 }).notNull().default('pending'),
  requestedBy: integer('requested_by'),
  requestedAt: ts('requested_at').notNull().defaultNow(),
  decidedBy: integer('decided_by'),
  decidedAt: ts('decided_at'),
  newMembershipId: integer('new_membership_id'),
}, (t) => [
  index('member_transfers_to_idx').on(t.toUnitId, t.status),
  index('member_transfers_from_idx').on(t.fromUnitId, t.status),
  uniqueIndex('member_transfers_pending_uq').on(t.membershipId).where(sql`status = 'pending'`),
]);

/** Annual rating of a membership (the scale is configurable per organization). */
export const memberRatings = pgTable('member_ratings', {
  id: serial('id').primaryKey(),
  membershipId: integer('membership_id').notNull().references(() => memberships.id),
  unitId: integer('unit_id').notNull(),
  year: integer('year').notNull(),
  level: varchar('level', { length: 32 }).notNull(),
  note: text('note'),
  ratedBy: integer('rated_by'),
  ratedAt: ts('rated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('member_ratings_uq').on(t.membershipId, t.year), index('member_ratings_unit_idx').on(t.unitId, t.year)]);

/** Eligibility rules and rating scale per organization (code), overriding the built-in defaults. */
export const memberOrgRules = pgTable('member_org_rules', {
  organizationCode: varchar('organization_code', { length: 32 }).primaryKey(),
  rules: jsonb('rules').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Eligible population per area, organization and year: the denominator of the gathering rate. */
export const memberEligible = pgTable('member_eligible', {
  id: serial('id').primaryKey(),
  areaId: integer('area_id').notNull().references(() => areas.id),
  areaPath: ltree('area_path').notNull(),
  organizationId: integer('organization_id').notNull(),
  year: integer('year').notNull(),
  count: integer('count').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('member_eligible_uq').on(t.areaId, t.organizationId, t.year), index('member_eligible_path_gist').using('gist', t.areaPath)]);

/** Every read that returned unmasked personal data: who, when, which people, how. */
export const memberAccessLog = pgTable('member_access_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().defaultNow(),
  actorId: integer('actor_id'),
  /** view | list | export | subject_export */
  kind: varchar('kind', { length: 24 }).notNull(),
  personIds: integer('person_ids').array().notNull(),
  requestId: text('request_id'),
}, (t) => [index('member_access_log_actor_idx').on(t.actorId, t.at)]);
