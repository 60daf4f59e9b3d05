/** SQL of the petitions module that other files share: the case row with its names. */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { one } from '../../kernel/db/sql';
import type { CaseKind, CaseStatus } from '../../../common/petitions';

export type CaseRow = {
  id: number; trackingCode: string; kind: CaseKind; category: string; categoryName: string; text: string; channel: string; confidential: boolean;
  identityEnc: string | null; hasContact: boolean; areaId: number | null; areaCode: string | null; areaName: string | null; areaPath: string | null;
  lat: number | null; lng: number | null; signatories: number;
  receivingUnitId: number; receivingPath: string; receivingUnitName: string; receivingAreaPath: string | null;
  responsibleUnitId: number | null; responsiblePath: string | null; responsibleUnitName: string | null; responsibleOrg: string | null;
  routedByRule: number | null; forwarded: boolean; status: CaseStatus; remote: boolean; complex: boolean; extensions: number;
  receivedAt: string; acceptedAt: string | null; answeredAt: string | null; closedAt: string | null;
  acceptDue: string | null; resolveDue: string | null; dueDate: string | null; version: number;
};

/**
 * One case row with its names. Names come from scalar subqueries rather than joins: with seven
 * joined tables the planner's join search cost more than the query itself (measured in
 * bench/petitions-list.bench.ts); each subquery is a primary-key lookup.
 */
export const SELECT_CASE = (locale: 'vi' | 'en') => sql`
  SELECT c.id, c.tracking_code AS "trackingCode", c.kind, c.category_code AS category,
    (SELECT ${locale === 'en' ? sql`cat.name_en` : sql`cat.name_vi`} FROM case_categories cat WHERE cat.code = c.category_code) AS "categoryName",
    c.text, c.channel, c.confidential, c.identity_enc AS "identityEnc", c.has_contact AS "hasContact", c.area_id AS "areaId",
    (SELECT a.code FROM areas a WHERE a.id = c.area_id) AS "areaCode",
    (SELECT CASE WHEN a.level = 'residential' THEN a.type || ' ' || a.name || ', ' || pa.type || ' ' || pa.name ELSE a.type || ' ' || a.name END
       FROM areas a LEFT JOIN areas pa ON pa.id = a.parent_id WHERE a.id = c.area_id) AS "areaName",
    c.area_path::text AS "areaPath", c.lat, c.lng, c.signatories,
    c.receiving_unit_id AS "receivingUnitId", c.receiving_path::text AS "receivingPath",
    (SELECT u.name FROM units u WHERE u.id = c.receiving_unit_id) AS "receivingUnitName",
    (SELECT u.area_path::text FROM units u WHERE u.id = c.receiving_unit_id) AS "receivingAreaPath",
    c.responsible_unit_id AS "responsibleUnitId", c.responsible_path::text AS "responsiblePath",
    (SELECT u.name FROM units u WHERE u.id = c.responsible_unit_id) AS "responsibleUnitName",
    (SELECT o.code FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = c.responsible_unit_id) AS "responsibleOrg",
    c.routed_by_rule AS "routedByRule", c.forwarded, c.status, c.remote, c.complex, c.extensions,
    c.received_at AS "receivedAt", c.accepted_at AS "acceptedAt", c.answered_at AS "answeredAt", c.closed_at AS "closedAt",
    c.accept_due::text AS "acceptDue", c.resolve_due::text AS "resolveDue", c.due_date::text AS "dueDate", c.version
  FROM cases c`;

/** One case by id with its names in the caller's language, or undefined. */
export const findCase = (ctx: Ctx, id: number): Promise<CaseRow | undefined> => one<CaseRow>(ctx.db, sql`${SELECT_CASE(ctx.locale)} WHERE c.id = ${id}`);
