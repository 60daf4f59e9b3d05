/** The organization catalogue. Seeded with the bodies of the political system; admins add others. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import type { Organization, zCreateOrganizationInput, zUpdateOrganizationInput } from '../../../common/core';

/** The default catalogue (codes are stable identifiers; nothing in the code branches on them). */
export const DEFAULT_ORGANIZATIONS: Omit<Organization, 'id'>[] = [
  { code: 'DANG', name: 'Cấp ủy Đảng', shortName: 'Cấp ủy', kind: 'party', memberTerm: 'đảng viên', sortOrder: 10 },
  { code: 'BTGDV', name: 'Ban Tuyên giáo và Dân vận', shortName: 'Ban Dân vận', kind: 'mass_mobilization', memberTerm: null, sortOrder: 20 },
  { code: 'UBND', name: 'Ủy ban nhân dân', shortName: 'UBND', kind: 'government', memberTerm: null, sortOrder: 30 },
  { code: 'MTTQ', name: 'Mặt trận Tổ quốc Việt Nam', shortName: 'Mặt trận', kind: 'front', memberTerm: 'thành viên', sortOrder: 40 },
  { code: 'DOAN', name: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh', shortName: 'Đoàn TN', kind: 'socio_political', memberTerm: 'đoàn viên', sortOrder: 50 },
  { code: 'PHUNU', name: 'Hội Liên hiệp Phụ nữ Việt Nam', shortName: 'Hội LHPN', kind: 'socio_political', memberTerm: 'hội viên', sortOrder: 60 },
  { code: 'NONGDAN', name: 'Hội Nông dân Việt Nam', shortName: 'Hội Nông dân', kind: 'socio_political', memberTerm: 'hội viên', sortOrder: 70 },
  { code: 'CCB', name: 'Hội Cựu chiến binh Việt Nam', shortName: 'Hội CCB', kind: 'socio_political', memberTerm: 'hội viên', sortOrder: 80 },
  { code: 'CONGDOAN', name: 'Công đoàn Việt Nam', shortName: 'Công đoàn', kind: 'socio_political', memberTerm: 'đoàn viên', sortOrder: 90 },
];

const SELECT = sql`id, code, name, short_name AS "shortName", kind, member_term AS "memberTerm", sort_order AS "sortOrder"`;

export async function ensureOrganizations(db: Db): Promise<void> {
  for (const o of DEFAULT_ORGANIZATIONS) {
    await db.execute(sql`INSERT INTO organizations (code, name, short_name, kind, member_term, sort_order)
      VALUES (${o.code}, ${o.name}, ${o.shortName}, ${o.kind}, ${o.memberTerm}, ${o.sortOrder}) ON CONFLICT (code) DO NOTHING`);
  }
}

export async function listOrganizations(ctx: Ctx): Promise<Organization[]> {
  requireActor(ctx);
  return rows<Organization>(ctx.db, sql`SELECT ${SELECT} FROM organizations ORDER BY sort_order, name`);
}

function requireAdmin(ctx: Ctx) {
  if (!requireActor(ctx).isAdmin) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
}

export async function createOrganization(ctx: Ctx, input: z.infer<typeof zCreateOrganizationInput>): Promise<Organization> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (await one(tx.db, sql`SELECT 1 FROM organizations WHERE code = ${input.code}`)) {
      throw new FieldValidationError([{ path: 'code', messageKey: 'core.organization.code_taken' }]);
    }
    const o = await one<Organization>(tx.db, sql`INSERT INTO organizations (code, name, short_name, kind, member_term, sort_order)
      VALUES (${input.code}, ${input.name}, ${input.shortName}, ${input.kind}, ${input.memberTerm ?? null}, ${input.sortOrder ?? 100}) RETURNING ${SELECT}`);
    await writeAudit(tx, { action: 'organizations.create', entity: 'organization', entityId: o!.id, after: o });
    return o!;
  });
}

export async function updateOrganization(ctx: Ctx, id: number, input: z.infer<typeof zUpdateOrganizationInput>): Promise<Organization> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await one<Organization>(tx.db, sql`SELECT ${SELECT} FROM organizations WHERE id = ${id}`);
    if (!before) throw new AppError('ORGANIZATION_NOT_FOUND', 404, {}, 'error.not_found');
    const o = await one<Organization>(tx.db, sql`UPDATE organizations SET name = ${input.name ?? before.name}, short_name = ${input.shortName ?? before.shortName},
      kind = ${input.kind ?? before.kind}, member_term = ${input.memberTerm === undefined ? before.memberTerm : input.memberTerm}, sort_order = ${input.sortOrder ?? before.sortOrder}
      WHERE id = ${id} RETURNING ${SELECT}`);
    await writeAudit(tx, { action: 'organizations.update', entity: 'organization', entityId: id, before, after: o });
    return o!;
  });
}
