/** Tables of the people's-voice module. Core tables are referenced by id. */
import { pgTable, serial, integer, text, varchar, boolean, timestamp, date, doublePrecision, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { ltree } from '../../kernel/db/types';
import { units, users, areas, files } from '../../kernel/db/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });

export const caseCategories = pgTable('case_categories', {
  code: varchar('code', { length: 32 }).primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(100),
  active: boolean('active').notNull().default(true),
});

/** Non-working days (holidays, compensatory days) and make-up working Saturdays, per year. */
export const caseHolidays = pgTable('case_holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: varchar('kind', { length: 16 }).notNull(), // holiday | compensatory | workday
  name: text('name').notNull(),
});

export const cases = pgTable('cases', {
  id: serial('id').primaryKey(),
  trackingCode: varchar('tracking_code', { length: 20 }).notNull(),
  kind: varchar('kind', { length: 16 }).notNull(),
  categoryCode: varchar('category_code', { length: 32 }).notNull().references(() => caseCategories.code),
  text: text('text').notNull(),
  channel: varchar('channel', { length: 16 }).notNull(),
  confidential: boolean('confidential').notNull().default(false),
  /** Sender's name, phone, email, address: AES-256-GCM ciphertext (see petitions.crypto.ts). */
  identityEnc: text('identity_enc'),
  hasContact: boolean('has_contact').notNull().default(false),
  areaId: integer('area_id').references(() => areas.id),
  /** Case location, or the receiving unit's area when none was given (for area-wide aggregates). */
  areaPath: ltree('area_path'),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  signatories: integer('signatories').notNull().default(1),
  receivingUnitId: integer('receiving_unit_id').notNull().references(() => units.id),
  receivingPath: ltree('receiving_path').notNull(),
  responsibleUnitId: integer('responsible_unit_id').references(() => units.id),
  responsiblePath: ltree('responsible_path'),
  routedByRule: integer('routed_by_rule'),
  forwarded: boolean('forwarded').notNull().default(false),
  status: varchar('status', { length: 16 }).notNull().default('received'),
  remote: boolean('remote').notNull().default(false),
  complex: boolean('complex').notNull().default(false),
  extensions: integer('extensions').notNull().default(0),
  receivedAt: ts('received_at').notNull().defaultNow(),
  acceptedAt: ts('accepted_at'),
  answeredAt: ts('answered_at'),
  closedAt: ts('closed_at'),
  acceptDue: date('accept_due', { mode: 'string' }),
  resolveDue: date('resolve_due', { mode: 'string' }),
  /** The deadline currently running (accept while received, resolve after); null once answered. */
  dueDate: date('due_date', { mode: 'string' }),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by'),
}, (t) => [
  uniqueIndex('cases_tracking_uq').on(t.trackingCode),
  // The list's order (received_at DESC, id DESC) ends every index, so a page is an ordered index scan.
  index('cases_body_status_recent_idx').on(t.responsibleUnitId, t.status, t.receivedAt.desc(), t.id.desc()),
  index('cases_body_recent_idx').on(t.responsibleUnitId, t.receivedAt.desc(), t.id.desc()),
  index('cases_receiving_status_recent_idx').on(t.receivingUnitId, t.status, t.receivedAt.desc(), t.id.desc()),
  index('cases_recent_idx').on(t.receivedAt.desc(), t.id.desc()),
  index('cases_due_idx').on(t.dueDate),
  index('cases_body_due_idx').on(t.responsibleUnitId, t.dueDate),
  index('cases_receiving_path_gist').using('gist', t.receivingPath),
  index('cases_responsible_path_gist').using('gist', t.responsiblePath),
  index('cases_area_path_gist').using('gist', t.areaPath),
  index('cases_area_cat_idx').on(t.areaId, t.categoryCode, t.receivedAt),
]);

export const caseSteps = pgTable('case_steps', {
  id: serial('id').primaryKey(),
  caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().defaultNow(),
  action: varchar('action', { length: 16 }).notNull(),
  status: varchar('status', { length: 16 }),
  note: text('note'),
  isPublic: boolean('is_public').notNull().default(false),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  unitId: integer('unit_id'),
}, (t) => [index('case_steps_case_idx').on(t.caseId, t.at)]);

/** Users assigned to handle a case: the only ones who may see a confidential sender. */
export const caseAssignees = pgTable('case_assignees', {
  caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  assignedBy: integer('assigned_by'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_assignees_user_idx').on(t.userId)]);

export const caseAttachments = pgTable('case_attachments', {
  caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  fileId: integer('file_id').notNull().references(() => files.id),
}, (t) => [primaryKey({ columns: [t.caseId, t.fileId] })]);

export const caseRoutingRules = pgTable('case_routing_rules', {
  id: serial('id').primaryKey(),
  ownerUnitId: integer('owner_unit_id').notNull().references(() => units.id),
  ownerPath: ltree('owner_path').notNull(),
  categoryCode: varchar('category_code', { length: 32 }).references(() => caseCategories.code),
  kind: varchar('kind', { length: 16 }),
  areaId: integer('area_id').references(() => areas.id),
  areaPath: ltree('area_path'),
  targetUnitId: integer('target_unit_id').notNull().references(() => units.id),
  priority: integer('priority').notNull().default(100),
  active: boolean('active').notNull().default(true),
  note: text('note'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('case_routing_rules_cat_idx').on(t.categoryCode), index('case_routing_rules_owner_gist').using('gist', t.ownerPath)]);
