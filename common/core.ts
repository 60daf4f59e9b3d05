/**
 * Contracts of the core modules (auth, areas, organizations, units, users, audit, jobs), shared by
 * the server's routes and the web app's forms. Messages that are i18n keys are translated by the
 * server's error handler and by the web app.
 */
import { z } from 'zod';

export const ROLE_CODES = ['admin', 'unit_admin', 'officer', 'viewer', 'supervisor'] as const;
export const zRole = z.enum(ROLE_CODES);
export type RoleCode = z.infer<typeof zRole>;

/** The largest PostgreSQL `integer`: ids and versions are stored as int4, so a larger one is a 400, not a 500. */
export const INT4_MAX = 2_147_483_647;
/** An id (or version) in a path or query string. */
export const zId = z.coerce.number().int().positive().max(INT4_MAX);
/** An id (or version) in a JSON body (no coercion from text). */
export const zIdValue = z.number().int().positive().max(INT4_MAX);
/** Days people enter (births, decisions, reports, filters): a calendar date between these bounds. */
export const DAY_MIN = '1900-01-01';
export const DAY_MAX = '2100-12-31';
const inDayRange = (s: string) => s.slice(0, 10) >= DAY_MIN && s.slice(0, 10) <= DAY_MAX;
/** A YYYY-MM-DD date from 1900 to 2100: year 1 or 9999 is a typing slip, and overflowed date arithmetic. */
export const zDay = z.iso.date().refine(inDayRange, { error: 'core.date.range' });
/** An ISO date-time with offset, in the same years. */
export const zDateTime = z.iso.datetime({ offset: true }).refine(inDayRange, { error: 'core.date.range' });
export const zIdParams = z.object({ id: zId });
export const zPage = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const zError = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

// ---- auth
export const zLoginInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export const zGrantView = z.object({
  id: z.number(), unitId: z.number().nullable(), unitCode: z.string().nullable(), unitName: z.string().nullable(), role: zRole,
});
export const zMe = z.object({
  id: z.number(), username: z.string(), fullName: z.string(), locale: z.enum(['vi', 'en']),
  isAdmin: z.boolean(), grants: z.array(zGrantView),
  /** Actions the user holds somewhere: the web app shows menus by these. */
  can: z.array(z.string()),
});
export type Me = z.infer<typeof zMe>;
export const zUpdateMeInput = z.object({
  fullName: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(['vi', 'en']).optional(),
  currentPassword: z.string().max(200).optional(),
  newPassword: z.string().min(8).max(200).optional(),
});

// ---- areas
export const AREA_LEVELS = ['province', 'commune', 'residential'] as const;
export const zArea = z.object({
  id: z.number(), code: z.string(), name: z.string(), type: z.string(), level: z.enum(AREA_LEVELS),
  parentId: z.number().nullable(), path: z.string(), childCount: z.number(), closedAt: z.string().nullable(),
});
export type Area = z.infer<typeof zArea>;
export const RESIDENTIAL_TYPES = ['Thôn', 'Tổ dân phố', 'Ấp', 'Bản', 'Buôn', 'Làng', 'Khu phố', 'Khóm', 'Xóm', 'Khu dân cư'] as const;
export const zCreateAreaInput = z.object({
  parentId: zIdValue,
  name: z.string().trim().min(1).max(200),
  type: z.enum(RESIDENTIAL_TYPES),
});
export const zUpdateAreaInput = z.object({ name: z.string().trim().min(1).max(200).optional(), type: z.enum(RESIDENTIAL_TYPES).optional(), closed: z.boolean().optional() });

// ---- organizations
export const zOrganization = z.object({
  id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), kind: z.string(),
  memberTerm: z.string().nullable(), sortOrder: z.number(),
});
export type Organization = z.infer<typeof zOrganization>;
export const zCreateOrganizationInput = z.object({
  code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,31}$/, { error: 'core.organization.code_format' }),
  name: z.string().trim().min(2).max(200),
  shortName: z.string().trim().min(1).max(60),
  kind: z.enum(['party', 'government', 'front', 'socio_political', 'mass_mobilization', 'other']).default('other'),
  memberTerm: z.string().trim().max(40).nullable().optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});
// Not `.partial()` of the create schema: zod 4 keeps `.default()` values in a partial, so an update
// that leaves `kind` out would silently reset it.
export const zUpdateOrganizationInput = z.object({
  name: z.string().trim().min(2).max(200).optional(),
  shortName: z.string().trim().min(1).max(60).optional(),
  kind: z.enum(['party', 'government', 'front', 'socio_political', 'mass_mobilization', 'other']).optional(),
  memberTerm: z.string().trim().max(40).nullable().optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});

// ---- units
export const UNIT_KINDS = ['body', 'branch', 'enterprise', 'school', 'other'] as const;
export const zUnit = z.object({
  id: z.number(), code: z.string(), name: z.string(),
  organizationId: z.number(), organizationCode: z.string(), organizationName: z.string(),
  areaId: z.number().nullable(), areaName: z.string().nullable(), areaCode: z.string().nullable(),
  kind: z.enum(UNIT_KINDS), parentId: z.number().nullable(), path: z.string(), depth: z.number(),
  childCount: z.number(), closedAt: z.string().nullable(), closedReason: z.string().nullable(), version: z.number(),
});
export type Unit = z.infer<typeof zUnit>;
export const zUnitDetail = zUnit.extend({
  ancestors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
  descendantCount: z.number(),
  canManage: z.boolean(),
});
export type UnitDetail = z.infer<typeof zUnitDetail>;
export const zUnitCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'core.unit.code_format' });
export const zCreateUnitInput = z.object({
  name: z.string().trim().min(2).max(200),
  code: zUnitCode.optional(),
  parentId: zIdValue.nullable(),
  organizationId: zIdValue.optional(),
  areaId: zIdValue.nullable().optional(),
  kind: z.enum(UNIT_KINDS).default('body'),
});
export type CreateUnitInput = z.infer<typeof zCreateUnitInput>;
export const zUpdateUnitInput = z.object({
  version: zIdValue,
  name: z.string().trim().min(2).max(200).optional(),
  code: zUnitCode.optional(),
  areaId: zIdValue.nullable().optional(),
  kind: z.enum(UNIT_KINDS).optional(),
});
export const zMoveUnitInput = z.object({ version: zIdValue, parentId: zIdValue });
export const zCloseUnitInput = z.object({ version: zIdValue, reason: z.string().trim().min(2).max(500) });
export const zUnitListQuery = z.object({
  parent: zId.optional(),
  organization: zId.optional(),
  includeClosed: z.enum(['true', 'false']).optional(),
});
export const zUnitSearchQuery = z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(100).default(20) });

// ---- users and grants
export const zUsername = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { error: 'core.user.username_format' });
export const zPassword = z.string().min(8, { error: 'core.user.password_short' }).max(200);
export const zGrantInput = z.object({ unitId: zIdValue, role: zRole });
export const zUser = z.object({
  id: z.number(), username: z.string(), fullName: z.string(), email: z.string().nullable(), phone: z.string().nullable(),
  locale: z.enum(['vi', 'en']), isActive: z.boolean(), lockedUntil: z.string().nullable(), createdAt: z.string(),
  lastLoginAt: z.string().nullable(), version: z.number(), grants: z.array(zGrantView),
});
export type User = z.infer<typeof zUser>;
export const zCreateUserInput = z.object({
  username: zUsername,
  fullName: z.string().trim().min(2).max(200),
  password: zPassword,
  email: z.email().nullable().optional(),
  phone: z.string().trim().regex(/^0\d{9,10}$/, { error: 'core.user.phone_format' }).nullable().optional(),
  locale: z.enum(['vi', 'en']).default('vi'),
  grants: z.array(zGrantInput).min(1).max(50),
});
export type CreateUserInput = z.infer<typeof zCreateUserInput>;
export const zUpdateUserInput = z.object({
  version: zIdValue,
  fullName: z.string().trim().min(2).max(200).optional(),
  email: z.email().nullable().optional(),
  phone: z.string().trim().regex(/^0\d{9,10}$/, { error: 'core.user.phone_format' }).nullable().optional(),
  locale: z.enum(['vi', 'en']).optional(),
  isActive: z.boolean().optional(),
  password: zPassword.optional(),
});
export const zUserListQuery = z.object({ q: z.string().trim().max(100).optional(), unit: zId.optional() }).extend(zPage.shape);

// ---- audit
export const zAuditRow = z.object({
  id: z.number(), at: z.string(), actorId: z.number().nullable(), actorName: z.string().nullable(), action: z.string(),
  entity: z.string(), entityId: z.string().nullable(), unitId: z.number().nullable(), unitName: z.string().nullable(),
  before: z.unknown(), after: z.unknown(),
});
export const zAuditQuery = z.object({
  unit: zId.optional(),
  user: zId.optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: zDay.optional(),
  to: zDay.optional(),
}).extend(zPage.shape);

// ---- jobs
export const zJob = z.object({
  id: z.number(), kind: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']),
  progressDone: z.number(), progressTotal: z.number().nullable(), message: z.string().nullable(),
  result: z.unknown(), resultFileId: z.number().nullable(), error: z.string().nullable(),
  createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof zJob>;
export const zFileRef = z.object({ id: z.number(), name: z.string(), size: z.number(), mime: z.string() });
