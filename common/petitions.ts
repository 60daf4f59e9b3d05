/**
 * Contracts of the people's-voice module (petitions): feedback, voters' petitions, complaints and
 * denunciations as tracked cases. Shared by the server's routes and the web forms.
 */
import { z } from 'zod';
import { zId, zIdValue, zDay } from './core';

export const CASE_KINDS = ['feedback', 'petition', 'complaint', 'denunciation'] as const;
export const zCaseKind = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof zCaseKind>;
/** Kinds whose sender's identity is confidential by law (Luật Tố cáo 2018, Art. 9). */
export const CONFIDENTIAL_KINDS: readonly CaseKind[] = ['denunciation'];
/** Kinds that need the sender's name and a contact. */
export const IDENTIFIED_KINDS: readonly CaseKind[] = ['complaint', 'denunciation'];

export const CASE_STATUSES = ['received', 'accepted', 'in_progress', 'answered', 'closed', 'reopened'] as const;
export const zCaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof zCaseStatus>;

export const CASE_CHANNELS = ['web', 'open311', 'meeting', 'reception_day', 'voters_meeting', 'letter', 'phone'] as const;
export const zCaseChannel = z.enum(CASE_CHANNELS);

/** Steps a handler may record. */
export const CASE_ACTIONS = ['accept', 'start', 'answer', 'close', 'reopen', 'note', 'extend'] as const;
export const zCaseAction = z.enum(CASE_ACTIONS);

const phone = z.string().trim().regex(/^(\+84|0)\d{9,10}$/, { error: 'petitions.phone_format' });
const optText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));

// ---- public
export const zCaseCategory = z.object({ code: z.string(), name: z.string(), nameVi: z.string(), nameEn: z.string() });
export type CaseCategory = z.infer<typeof zCaseCategory>;

export const zPublicCaseInput = z.object({
  kind: zCaseKind,
  category: z.string().trim().min(1).max(32),
  text: z.string().trim().min(10, { error: 'petitions.text_short' }).max(10_000),
  name: optText(200),
  phone: phone.optional().or(z.literal('').transform(() => undefined)),
  email: z.email().max(200).optional().or(z.literal('').transform(() => undefined)),
  address: optText(500),
  areaCode: z.string().trim().max(32).optional().transform((v) => (v ? v : undefined)),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  signatories: z.number().int().min(1).max(100_000).optional(),
  /** Honeypot: a field people never see; bots fill it. */
  website: z.string().max(500).optional(),
  /** Proof of work: a challenge from GET /api/public/cases/challenge and a nonce solving it. */
  pow: z.object({ challenge: z.string().max(200), nonce: z.string().max(64) }).optional(),
});
export type PublicCaseInput = z.input<typeof zPublicCaseInput>;

export const zPowChallenge = z.object({ challenge: z.string(), bits: z.number() });

export const zPublicStep = z.object({ at: z.string(), status: zCaseStatus.nullable(), action: z.string(), note: z.string().nullable(), body: z.string().nullable() });
export const zDeadline = z.object({
  /** Which clock: accept (thụ lý) or resolve (giải quyết/trả lời). */
  stage: z.enum(['accept', 'resolve']),
  due: z.string(), // YYYY-MM-DD
  days: z.number(),
  basis: z.enum(['working', 'calendar']),
  legal: z.boolean(),
  source: z.string(),
  /** Working days left (negative when overdue); null once met. */
  remainingWorkingDays: z.number().nullable(),
  state: z.enum(['running', 'near', 'overdue', 'met', 'met_late']),
});
export type Deadline = z.infer<typeof zDeadline>;

export const zPublicCase = z.object({
  trackingCode: z.string(), kind: zCaseKind, category: z.string(), categoryName: z.string(), status: zCaseStatus,
  receivedAt: z.string(), responsibleBody: z.string().nullable(), deadlines: z.array(zDeadline), steps: z.array(zPublicStep),
});
export type PublicCase = z.infer<typeof zPublicCase>;

// ---- staff
export const zStaffCaseInput = z.object({
  kind: zCaseKind,
  category: z.string().trim().min(1).max(32),
  text: z.string().trim().min(10, { error: 'petitions.text_short' }).max(10_000),
  channel: zCaseChannel.exclude(['web', 'open311']).default('meeting'),
  receivingUnitId: zIdValue,
  name: optText(200),
  phone: phone.optional().or(z.literal('').transform(() => undefined)),
  email: z.email().max(200).optional().or(z.literal('').transform(() => undefined)),
  address: optText(500),
  areaCode: z.string().trim().max(32).optional().transform((v) => (v ? v : undefined)),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  signatories: z.number().int().min(1).max(100_000).default(1),
  remote: z.boolean().default(false),
  receivedOn: zDay.optional(),
  attachmentIds: z.array(zIdValue).max(20).default([]),
});
export type StaffCaseInput = z.input<typeof zStaffCaseInput>;

export const zCaseListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  /** One status, several as a comma-separated list, or the parameter repeated. */
  status: z.union([z.array(zCaseStatus), z.string().transform((v) => v.split(',').filter(Boolean)).pipe(z.array(zCaseStatus))]).optional(),
  kind: zCaseKind.optional(),
  category: z.string().max(32).optional(),
  /** Responsible body (unit id). */
  body: zId.optional(),
  /** Receiving or responsible unit within this unit's subtree. */
  unit: zId.optional(),
  area: z.string().max(32).optional(),
  deadline: z.enum(['overdue', 'near']).optional(),
  from: zDay.optional(),
  to: zDay.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CaseListQuery = z.input<typeof zCaseListQuery>;

export const zCaseListItem = z.object({
  id: z.number(), trackingCode: z.string(), kind: zCaseKind, category: z.string(), categoryName: z.string(), status: zCaseStatus,
  channel: zCaseChannel, confidential: z.boolean(),
  /** First words of the text; null for confidential cases. */
  excerpt: z.string().nullable(),
  areaName: z.string().nullable(), signatories: z.number(),
  receivingUnitId: z.number(), receivingUnitName: z.string(),
  responsibleUnitId: z.number().nullable(), responsibleUnitName: z.string().nullable(),
  receivedAt: z.string(), dueDate: z.string().nullable(), answeredAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type CaseListItem = z.infer<typeof zCaseListItem>;
export const zCaseList = z.object({ items: z.array(zCaseListItem), total: z.number(), totalCapped: z.boolean() });

export const zCaseStep = z.object({
  id: z.number(), at: z.string(), action: z.string(), status: zCaseStatus.nullable(), note: z.string().nullable(),
  isPublic: z.boolean(), actorName: z.string().nullable(), unitName: z.string().nullable(),
});
export const zSender = z.object({
  name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), address: z.string().nullable(),
});
export type Sender = z.infer<typeof zSender>;

export const zCaseDetail = zCaseListItem.extend({
  /** Null when the text is confidential and the caller is not assigned to handle the case. */
  text: z.string().nullable(),
  /** Sender's identity: null when hidden (confidential case, caller not assigned: use the reveal action). */
  sender: zSender.nullable(),
  senderHidden: z.boolean(),
  hasContact: z.boolean(),
  lat: z.number().nullable(), lng: z.number().nullable(), areaCode: z.string().nullable(),
  remote: z.boolean(), complex: z.boolean(), extensions: z.number(),
  acceptDue: z.string().nullable(), resolveDue: z.string().nullable(),
  acceptedAt: z.string().nullable(), closedAt: z.string().nullable(),
  deadlines: z.array(zDeadline),
  steps: z.array(zCaseStep),
  assignees: z.array(z.object({ userId: z.number(), fullName: z.string() })),
  attachments: z.array(z.object({ fileId: z.number(), name: z.string(), size: z.number() })),
  routedByRule: z.number().nullable(),
  forwarded: z.boolean(),
  /** Where a message to the sender goes: only the outbox (no SMS/email gateway plugged in), or out through one. */
  messagesVia: z.enum(['outbox', 'gateway']),
  can: z.object({ handle: z.boolean(), assign: z.boolean(), revealIdentity: z.boolean() }),
});
export type CaseDetail = z.infer<typeof zCaseDetail>;

export const zCaseStepInput = z.object({
  action: zCaseAction,
  note: z.string().trim().max(5000).optional(),
  isPublic: z.boolean().optional(),
  /** accept: the case is complex (longer resolution limit). */
  complex: z.boolean().optional(),
});
export type CaseStepInput = z.input<typeof zCaseStepInput>;

export const zRouteInput = z.object({
  unitId: zIdValue,
  note: z.string().trim().max(2000).optional(),
  isPublic: z.boolean().default(true),
});
export const zAssignInput = z.object({ userIds: z.array(zIdValue).max(20) });

export const zRoutingRule = z.object({
  id: z.number(), ownerUnitId: z.number(), ownerUnitName: z.string(), category: z.string().nullable(), kind: zCaseKind.nullable(),
  areaCode: z.string().nullable(), areaName: z.string().nullable(), targetUnitId: z.number(), targetUnitName: z.string(),
  priority: z.number(), active: z.boolean(), note: z.string().nullable(),
});
export type RoutingRule = z.infer<typeof zRoutingRule>;
export const zRoutingRuleInput = z.object({
  ownerUnitId: zIdValue,
  category: z.string().trim().max(32).nullable().default(null),
  kind: zCaseKind.nullable().default(null),
  areaCode: z.string().trim().max(32).nullable().default(null),
  targetUnitId: zIdValue,
  priority: z.number().int().min(0).max(1000).default(100),
  active: z.boolean().default(true),
  note: z.string().trim().max(500).nullable().optional(),
});

export const HOLIDAY_KINDS = ['holiday', 'compensatory', 'workday'] as const;
export const zHoliday = z.object({ day: zDay, kind: z.enum(HOLIDAY_KINDS), name: z.string().trim().min(1).max(200) });
export type Holiday = z.infer<typeof zHoliday>;
export const zHolidayYearInput = z.object({ days: z.array(zHoliday).max(60) });

export const zHotspot = z.object({
  placeCode: z.string(), placeName: z.string(), placeLevel: z.string(), category: z.string(), categoryName: z.string(),
  cases: z.number(), signatories: z.number(), baselinePer28Days: z.number(),
  reasons: z.array(z.enum(['many_cases', 'surge', 'many_signatories'])),
  firstAt: z.string(), lastAt: z.string(), lat: z.number().nullable(), lng: z.number().nullable(),
  caseIds: z.array(z.number()),
});
export type Hotspot = z.infer<typeof zHotspot>;
export const zHotspotQuery = z.object({
  unit: zId.optional(),
  asOf: zDay.optional(),
  windowDays: z.coerce.number().int().min(7).max(90).default(28),
});
export const zMapPoint = z.object({ id: z.number(), lat: z.number(), lng: z.number(), kind: zCaseKind, category: z.string(), status: zCaseStatus, hot: z.boolean() });

export const zCaseStats = z.object({
  byKind: z.array(z.object({ key: z.string(), count: z.number() })),
  byCategory: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  byStatus: z.array(z.object({ key: z.string(), count: z.number() })),
  byArea: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  byBody: z.array(z.object({ unitId: z.number(), name: z.string(), total: z.number(), answered: z.number(), onTime: z.number(), overdue: z.number(), near: z.number(), onTimeRate: z.number().nullable(), avgDaysToAnswer: z.number().nullable() })),
});
export const zStatsQuery = z.object({ unit: zId.optional(), from: zDay.optional(), to: zDay.optional() });
