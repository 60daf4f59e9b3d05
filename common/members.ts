/**
 * Contracts of the member registry (people, memberships, lifecycle, ratings, gathering rate,
 * import/export), shared by the server's routes and the web app's forms.
 *
 * A "member" (`/api/members/:id`) is one membership: a person in one unit of one organization.
 * A person may hold several memberships (số lượt) and is counted once as a person (số người).
 */
import { z } from 'zod';
import { zId, zIdValue, zDay } from './core';

export const MEMBER_STATUSES = ['active', 'suspended', 'left', 'deceased', 'transferred'] as const;
export const MEMBER_ROLES = ['member', 'core', 'officer'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;
export const DUPLICATE_CHOICES = ['merge', 'skip', 'new'] as const;
export const DEFAULT_RATING_LEVELS = ['excellent', 'good', 'done', 'not_done'] as const;

export const zMemberStatus = z.enum(MEMBER_STATUSES);
export const zMemberRole = z.enum(MEMBER_ROLES);
export const zGender = z.enum(GENDERS);
export const zDuplicateChoice = z.enum(DUPLICATE_CHOICES);
export type DuplicateChoice = z.infer<typeof zDuplicateChoice>;

const isoDate = zDay;
/** 12 digits (Luật Căn cước 2023); the service cross-checks the century/sex digit and the birth year. */
export const zCccd = z.string().trim().regex(/^\d{12}$/, { error: 'members.cccd.format' });
export const zPhone = z.string().trim().regex(/^(\+84|0)\d{9,10}$/, { error: 'members.phone.format' });

/** The person's own data (the personal fields are masked for callers without members.personal). */
export const zPersonInput = z.object({
  fullName: z.string().trim().min(2).max(200),
  birthDate: isoDate.nullable().optional(),
  /** When only the year is known. Ignored when birthDate is given. */
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  gender: zGender.nullable().optional(),
  ethnicity: z.string().trim().max(60).nullable().optional(),
  religion: z.string().trim().max(60).nullable().optional(),
  cccd: zCccd.nullable().optional(),
  phone: zPhone.nullable().optional(),
  areaId: zIdValue.nullable().optional(),
  address: z.string().trim().max(300).nullable().optional(),
  occupation: z.string().trim().max(120).nullable().optional(),
  employer: z.string().trim().max(200).nullable().optional(),
  education: z.string().trim().max(60).nullable().optional(),
  theoryLevel: z.string().trim().max(60).nullable().optional(),
  partyMember: z.boolean().optional(),
  veteran: z.boolean().optional(),
});
export type PersonInput = z.infer<typeof zPersonInput>;

export const zCreateMemberInput = zPersonInput.extend({
  unitId: zIdValue,
  /** Attach the membership to an existing person instead of creating one. */
  personId: zIdValue.optional(),
  joinedOn: isoDate,
  cardNo: z.string().trim().max(32).nullable().optional(),
  role: zMemberRole.default('member'),
  /** Keep the membership even though it breaks a "flag" eligibility rule (the reason is stored). */
  acceptFlags: z.boolean().optional(),
});
export type CreateMemberInput = z.infer<typeof zCreateMemberInput>;

export const zUpdateMemberInput = zPersonInput.partial().extend({
  version: zIdValue,
  joinedOn: isoDate.optional(),
  cardNo: z.string().trim().max(32).nullable().optional(),
  role: zMemberRole.optional(),
});
export type UpdateMemberInput = z.infer<typeof zUpdateMemberInput>;

export const zLifecycleInput = z.object({
  version: zIdValue,
  date: isoDate,
  reason: z.string().trim().max(500).optional(),
});
export const zTransferInput = zLifecycleInput.extend({ toUnitId: zIdValue });
export const zRatingInput = z.object({ year: z.number().int().min(2000).max(2100), level: z.string().min(1).max(32), note: z.string().trim().max(300).optional() });
export const zBulkRatingInput = z.object({
  year: z.number().int().min(2000).max(2100),
  items: z.array(z.object({ memberId: zIdValue, level: z.string().min(1).max(32) })).min(1).max(2000),
});
export const zEraseInput = z.object({ reason: z.string().trim().min(3).max(500) });

export const zMemberListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unit: zId.optional(),
  organization: zId.optional(),
  status: z.enum([...MEMBER_STATUSES, 'all']).default('active'),
  role: zMemberRole.optional(),
  gender: zGender.optional(),
  ethnicity: z.string().trim().max(60).optional(),
  ageMin: z.coerce.number().int().min(0).max(120).optional(),
  ageMax: z.coerce.number().int().min(0).max(120).optional(),
  rating: z.string().max(32).optional(),
  ratingYear: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Youth Union: members reaching the age limit at the end of this year ("trưởng thành Đoàn"). */
  maturing: z.coerce.number().int().min(2000).max(2100).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  sort: z.enum(['name', '-name', 'joined', '-joined', 'age', '-age']).default('name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type MemberListQuery = z.infer<typeof zMemberListQuery>;

export const zMemberFlag = z.object({ code: z.string(), message: z.string() });
export const zMemberRow = z.object({
  id: z.number(), personId: z.number(), fullName: z.string(),
  unitId: z.number(), unitName: z.string(), organizationId: z.number(), organizationName: z.string(),
  status: zMemberStatus, role: zMemberRole, cardNo: z.string().nullable(), joinedOn: z.string().nullable(),
  gender: zGender.nullable(),
  /** Masked (null) without members.personal on the member's unit. */
  birthDate: z.string().nullable(), birthYear: z.number().nullable(),
  cccd: z.string().nullable(), phone: z.string().nullable(), ethnicity: z.string().nullable(), religion: z.string().nullable(),
  masked: z.boolean(),
  flags: z.array(zMemberFlag),
});
export type MemberRow = z.infer<typeof zMemberRow>;
export const zMemberList = z.object({
  rows: z.array(zMemberRow),
  /** Exact up to `totalCap`; `totalCapped` says there are more. */
  total: z.number(), totalCapped: z.boolean(),
});

export const zMemberEvent = z.object({
  id: z.number(), kind: z.string(), onDate: z.string(), reason: z.string().nullable(), unitName: z.string().nullable(),
  data: z.unknown(), recordedBy: z.string().nullable(), recordedAt: z.string(),
});
export const zMemberDetail = zMemberRow.extend({
  version: z.number(), personVersion: z.number(),
  areaId: z.number().nullable(), areaName: z.string().nullable(),
  address: z.string().nullable(), occupation: z.string().nullable(), employer: z.string().nullable(), education: z.string().nullable(),
  theoryLevel: z.string().nullable(), partyMember: z.boolean().nullable(), veteran: z.boolean().nullable(),
  startedOn: z.string(), endedOn: z.string().nullable(), erased: z.boolean(),
  unitPath: z.string(),
  canWrite: z.boolean(), canPersonal: z.boolean(),
  /**
   * Whether the caller may change the person's own fields (name, birth, CCCD, phone, address…): the
   * person record is shared by every organization the person belongs to, so only someone with
   * members.write over each current membership may. Membership fields follow canWrite.
   */
  canEditPerson: z.boolean(),
  otherMemberships: z.array(z.object({ id: z.number(), unitName: z.string(), organizationName: z.string(), status: zMemberStatus, visible: z.boolean() })),
  ratings: z.array(z.object({ year: z.number(), level: z.string(), label: z.string() })),
  pendingTransfer: z.object({ id: z.number(), toUnitName: z.string(), onDate: z.string() }).nullable(),
  events: z.array(zMemberEvent),
});
export type MemberDetail = z.infer<typeof zMemberDetail>;

export const zTransfer = z.object({
  id: z.number(), memberId: z.number(), fullName: z.string(), fromUnitName: z.string(), toUnitName: z.string(),
  onDate: z.string(), reason: z.string().nullable(), status: z.enum(['pending', 'accepted', 'rejected', 'cancelled']),
  requestedAt: z.string(), newMemberId: z.number().nullable(),
});
export const zTransferQuery = z.object({ direction: z.enum(['incoming', 'outgoing']).default('incoming'), status: z.enum(['pending', 'accepted', 'rejected', 'cancelled', 'all']).default('pending') });

export const zRatingLevel = z.object({ code: z.string(), label: z.string() });
export const zRatingSummary = z.object({
  year: z.number(), levels: z.array(zRatingLevel),
  rows: z.array(z.object({ unitId: z.number(), unitName: z.string(), members: z.number(), rated: z.number(), counts: z.record(z.string(), z.number()) })),
});

/** The rating sheet of a unit for a year: its members (active at year end, the distribution's denominator) with last year's and this year's rating. */
export const zRatingSheetQuery = z.object({ unit: zId, year: z.coerce.number().int().min(2000).max(2100) });
export const zRatingSheet = z.object({
  year: z.number(), unitId: z.number(), levels: z.array(zRatingLevel),
  /** Whether the caller may rate the unit's members (members.write on the unit). */
  canWrite: z.boolean(),
  rows: z.array(z.object({
    id: z.number(), fullName: z.string(), unitId: z.number(), unitName: z.string(), role: zMemberRole, status: zMemberStatus,
    previous: z.string().nullable(), current: z.string().nullable(), canWrite: z.boolean(),
  })),
  /** More members than one bulk request takes (2,000): only the first are listed; pick a smaller unit. */
  truncated: z.boolean(),
});
export type RatingSheet = z.infer<typeof zRatingSheet>;

export const zEligibleInput = z.object({
  areaId: zIdValue, organizationId: zIdValue,
  year: z.number().int().min(2000).max(2100), count: z.number().int().min(0).max(100_000_000),
});
export const zGatheringRow = z.object({
  unitId: z.number(), unitName: z.string(), areaId: z.number().nullable(), areaName: z.string().nullable(), organizationId: z.number(), members: z.number(), people: z.number(),
  eligible: z.number().nullable(), rate: z.number().nullable(), childCount: z.number(),
});

export const zOrgRules = z.object({
  minAge: z.number().int().min(0).max(120).nullable().optional(),
  maxAge: z.number().int().min(0).max(120).nullable().optional(),
  gender: zGender.nullable().optional(),
  requires: z.enum(['veteran', 'employee']).nullable().optional(),
  onBreach: z.enum(['refuse', 'flag']).default('flag'),
  /** Age at which members leave at year end (Youth Union: 30). */
  maturityAge: z.number().int().min(0).max(120).nullable().optional(),
  ratingLevels: z.array(zRatingLevel).min(2).max(8).optional(),
}).refine((r) => r.minAge == null || r.maxAge == null || r.maxAge >= r.minAge, { path: ['maxAge'], error: 'members.rules.age_order' })
  .refine((r) => !r.ratingLevels || new Set(r.ratingLevels.map((l) => l.code)).size === r.ratingLevels.length, { path: ['ratingLevels'], error: 'members.rules.level_codes_unique' });
export type OrgRules = z.infer<typeof zOrgRules>;

export const MEMBER_FIELDS = [
  'fullName', 'birthDate', 'gender', 'cccd', 'phone', 'ethnicity', 'religion', 'address', 'commune', 'occupation', 'employer',
  'education', 'theoryLevel', 'partyMember', 'veteran', 'joinedOn', 'cardNo', 'role', 'unit',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];
export const zMemberField = z.enum(MEMBER_FIELDS);

export const zImportOptions = z.object({
  fileId: zIdValue,
  unitId: zIdValue,
  organizationId: zIdValue.optional(),
  /** 1-based row of the header; detected when absent. */
  headerRow: z.number().int().min(1).max(100).optional(),
  /** Column (1-based, as a string key) → field; proposed from the headers when absent. */
  mapping: z.record(z.string().regex(/^\d+$/), zMemberField.nullable()).optional(),
  /** What to do with a row that matches a person already known (same CCCD, or name + birth date + area). */
  duplicates: zDuplicateChoice.default('merge'),
  /** Per-row choices (data row number → choice) from the preview. */
  overrides: z.record(z.string().regex(/^\d+$/), zDuplicateChoice).optional(),
});
export type ImportOptions = z.infer<typeof zImportOptions>;

export const zImportError = z.object({ row: z.number(), field: z.string(), message: z.string() });
export const zImportSummary = z.object({
  inserted: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number(), errors: z.array(zImportError),
});
export type ImportSummary = z.infer<typeof zImportSummary>;

export const zImportPreview = z.object({
  headerRow: z.number(),
  columns: z.array(z.object({ index: z.number(), header: z.string(), field: zMemberField.nullable() })),
  rows: z.array(z.object({
    row: z.number(), values: z.record(z.string(), z.unknown()),
    errors: z.array(zImportError), warnings: z.array(zImportError),
    duplicate: z.object({ kind: z.enum(['file', 'registry']), reason: z.enum(['cccd', 'name_birth_area']), otherRow: z.number().nullable(), personId: z.number().nullable(), fullName: z.string().nullable() }).nullable(),
  })),
  scanned: z.number(),
});
export type ImportPreview = z.infer<typeof zImportPreview>;

export const zExportInput = zMemberListQuery.omit({ limit: true, offset: true });

export const zStatsQuery = z.object({ unit: zId, asOf: isoDate.optional(), from: isoDate.optional() });
export const zStats = z.object({
  unitId: z.number(), asOf: z.string(), from: z.string(),
  memberships: z.number(), people: z.number(), joined: z.number(), left: z.number(), core: z.number(),
  byStatus: z.record(z.string(), z.number()), byGender: z.record(z.string(), z.number()),
});
