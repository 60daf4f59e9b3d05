/** Accounts and grants (a role on a unit, valid for its subtree). */
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { authorize, requireActor, scopeWhere, canAnywhere, canGrant } from '../../kernel/access/authorize';
import { assignableRoles, allPermissions } from '../../kernel/access/roles';
import { AppError, conflict, FieldValidationError, unauthenticated } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { hashPassword, tokenHash, verifyPassword } from '../../kernel/auth';
import { foldSearch } from '../../kernel/text';
import type { Me, User, CreateUserInput, RoleCode, zUpdateUserInput, zUpdateMeInput } from '../../../common/core';

const USER_SELECT = sql`usr.id, usr.username, usr.full_name AS "fullName", usr.email, usr.phone, usr.locale, usr.is_active AS "isActive",
  usr.locked_until AS "lockedUntil", usr.created_at AS "createdAt", usr.last_login_at AS "lastLoginAt", usr.version`;

type GrantRow = { id: number; userId: number; unitId: number | null; unitCode: string | null; unitName: string | null; role: RoleCode; unitPath: string; areaPath: string | null };

async function grantsOf(ctx: Ctx, userIds: number[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return [];
  return rows<GrantRow>(ctx.db, sql`SELECT g.id, g.user_id AS "userId", g.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName", g.role,
    u.path::text AS "unitPath", u.area_path::text AS "areaPath"
    FROM grants g LEFT JOIN units u ON u.id = g.unit_id WHERE g.user_id IN (${sql.join(userIds.map((i) => sql`${i}`), sql`, `)}) ORDER BY g.id`);
}

const publicGrant = (g: GrantRow) => ({ id: g.id, unitId: g.unitId, unitCode: g.unitCode, unitName: g.unitName, role: g.role });

/** A user is visible when one of their grants lies in the caller's `users.read` scope. */
function visibleUser(ctx: Ctx, action = 'users.read'): SQL {
  return sql`EXISTS (SELECT 1 FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = usr.id AND ${scopeWhere(ctx, action, { unitPath: sql`u.path` })})`;
}

export async function listUsers(ctx: Ctx, q: { q?: string; unit?: number; limit: number; offset: number }): Promise<{ total: number; items: User[] }> {
  const actor = requireActor(ctx);
  const conds: SQL[] = [actor.isAdmin ? sql`TRUE` : visibleUser(ctx)];
  if (q.q) conds.push(sql`(f_fold(usr.full_name) LIKE ${foldSearch(q.q)} OR usr.username LIKE ${foldSearch(q.q)})`);
  if (q.unit) {
    const unit = await authorize(ctx, 'users.read', q.unit);
    conds.push(sql`EXISTS (SELECT 1 FROM grants g2 JOIN units u2 ON u2.id = g2.unit_id WHERE g2.user_id = usr.id AND u2.path <@ ${unit.path}::ltree)`);
  }
  const where = sql.join(conds, sql` AND `);
  const total = (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM users usr WHERE ${where}`))!.n;
  const list = await rows<Omit<User, 'grants'>>(ctx.db, sql`SELECT ${USER_SELECT} FROM users usr WHERE ${where} ORDER BY usr.full_name LIMIT ${q.limit} OFFSET ${q.offset}`);
  const gs = await grantsOf(ctx, list.map((u) => u.id));
  return { total, items: list.map((u) => ({ ...u, grants: gs.filter((g) => g.userId === u.id).map(publicGrant) })) };
}

export async function getUser(ctx: Ctx, id: number): Promise<User> {
  const actor = requireActor(ctx);
  const u = await one<Omit<User, 'grants'>>(ctx.db, sql`SELECT ${USER_SELECT} FROM users usr WHERE usr.id = ${id} AND ${actor.isAdmin || actor.userId === id ? sql`TRUE` : visibleUser(ctx)}`);
  if (!u) throw new AppError('USER_NOT_FOUND', 404, { userId: id }, 'error.not_found');
  return { ...u, grants: (await grantsOf(ctx, [id])).map(publicGrant) };
}

/**
 * The caller may manage a user only if every grant of that user lies inside the caller's `users.manage`
 * scope and is one the caller could have given (else resetting the user's password would lend the
 * caller a role it does not hold).
 */
async function requireManageable(ctx: Ctx, id: number): Promise<User> {
  const actor = requireActor(ctx);
  const user = await getUser(ctx, id);
  if (actor.isAdmin) return user;
  const gs = await grantsOf(ctx, [id]);
  const outside = gs.filter((g) => g.role === 'admin' || !canOn(ctx, 'users.manage', g) || !canGrant(actor, g.role, { path: g.unitPath, areaPath: g.areaPath }));
  if (outside.length > 0 || gs.length === 0) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  return user;
}

function canOn(ctx: Ctx, action: string, g: { unitPath: string; areaPath: string | null }): boolean {
  const actor = ctx.actor!;
  if (actor.isAdmin) return true;
  const perms = allPermissions()[action];
  return actor.grants.some((ag) => perms[ag.role as Exclude<RoleCode, 'admin'>] === 'subtree' && (g.unitPath === ag.unitPath || g.unitPath.startsWith(ag.unitPath + '.')));
}

/** A grant the caller may give: it manages users on the unit and holds the role and scope itself (kernel canGrant). */
async function checkGrantable(ctx: Ctx, grant: { unitId: number; role: RoleCode }, rolePath: string): Promise<void> {
  const actor = requireActor(ctx);
  if (!assignableRoles(actor.isAdmin).includes(grant.role)) {
    throw new FieldValidationError([{ path: rolePath, messageKey: 'core.user.role_not_assignable' }]);
  }
  const unit = await authorize(ctx, 'users.manage', grant.unitId);
  if (!canGrant(actor, grant.role, unit)) throw new FieldValidationError([{ path: rolePath, messageKey: 'core.user.role_not_held' }]);
}

/** Nobody adds or removes their own grants, admins included: a role comes from someone else. */
function refuseOwnGrants(ctx: Ctx, userId: number): void {
  if (requireActor(ctx).userId === userId) throw new AppError('OWN_GRANTS', 403, {}, 'core.user.cannot_change_own_grants');
}

const auditUser = (u: Partial<User>) => ({ username: u.username, fullName: u.fullName, email: u.email, phone: u.phone, locale: u.locale, isActive: u.isActive });

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<User> {
  requireActor(ctx);
  for (const [i, g] of input.grants.entries()) await checkGrantable(ctx, g, `grants.${i}.role`);
  const passwordHash = await hashPassword(input.password);
  const id = await inTransaction(ctx, async (tx) => {
    if (await one(tx.db, sql`SELECT 1 FROM users WHERE username = ${input.username}`)) {
      throw new FieldValidationError([{ path: 'username', messageKey: 'core.user.username_taken' }]);
    }
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO users (username, password_hash, full_name, email, phone, locale)
      VALUES (${input.username}, ${passwordHash}, ${input.fullName}, ${input.email ?? null}, ${input.phone ?? null}, ${input.locale}) RETURNING id`);
    const userId = r!.id;
    for (const g of input.grants) {
      await tx.db.execute(sql`INSERT INTO grants (user_id, unit_id, role, created_by) VALUES (${userId}, ${g.unitId}, ${g.role}, ${ctx.actor!.userId}) ON CONFLICT DO NOTHING`);
    }
    await writeAudit(tx, { action: 'users.create', entity: 'user', entityId: userId, unitId: input.grants[0].unitId,
      after: { ...auditUser({ username: input.username, fullName: input.fullName, email: input.email ?? null, phone: input.phone ?? null, locale: input.locale, isActive: true }), grants: input.grants }, redact: ['email', 'phone'] });
    return userId;
  });
  return getUser(ctx, id);
}

export async function updateUser(ctx: Ctx, id: number, input: z.infer<typeof zUpdateUserInput>): Promise<User> {
  const before = await requireManageable(ctx, id);
  if (before.version !== input.version) throw conflict({ currentVersion: before.version });
  if (input.isActive === false && id === ctx.actor!.userId) throw new FieldValidationError([{ path: 'isActive', messageKey: 'core.user.cannot_disable_self' }]);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await inTransaction(ctx, async (tx) => {
    const r = await tx.db.execute(sql`UPDATE users SET full_name = ${input.fullName ?? before.fullName},
      email = ${input.email === undefined ? before.email : input.email}, phone = ${input.phone === undefined ? before.phone : input.phone},
      locale = ${input.locale ?? before.locale}, is_active = ${input.isActive ?? before.isActive},
      password_hash = COALESCE(${passwordHash}, password_hash),
      failed_logins = CASE WHEN ${passwordHash}::text IS NULL THEN failed_logins ELSE 0 END,
      locked_until = CASE WHEN ${passwordHash}::text IS NULL THEN locked_until ELSE NULL END,
      version = version + 1 WHERE id = ${id} AND version = ${input.version} RETURNING id`) as unknown as { rows: unknown[] };
    if (r.rows.length === 0) throw conflict();
    if (input.isActive === false || passwordHash) await tx.db.execute(sql`DELETE FROM sessions WHERE user_id = ${id}`);
    const after = { ...auditUser(before), ...auditUser({ ...before, ...input }), ...(passwordHash ? { passwordChanged: true } : {}) };
    await writeAudit(tx, { action: 'users.update', entity: 'user', entityId: id, unitId: before.grants[0]?.unitId ?? null, before: auditUser(before), after, redact: ['email', 'phone'] });
  });
  return getUser(ctx, id);
}

export async function addGrant(ctx: Ctx, userId: number, grant: { unitId: number; role: RoleCode }): Promise<User> {
  const actor = requireActor(ctx);
  refuseOwnGrants(ctx, userId);
  // The user must already be visible to the caller (or the caller is an admin).
  await getUser(ctx, userId);
  await checkGrantable(ctx, grant, 'role');
  await inTransaction(ctx, async (tx) => {
    const r = await tx.db.execute(sql`INSERT INTO grants (user_id, unit_id, role, created_by) VALUES (${userId}, ${grant.unitId}, ${grant.role}, ${actor.userId})
      ON CONFLICT DO NOTHING RETURNING id`) as unknown as { rows: { id: number }[] };
    if (r.rows.length === 0) throw new FieldValidationError([{ path: 'role', messageKey: 'core.user.grant_exists' }]);
    await writeAudit(tx, { action: 'grants.create', entity: 'grant', entityId: r.rows[0].id, unitId: grant.unitId, after: { userId, ...grant } });
  });
  return getUser(ctx, userId);
}

export async function removeGrant(ctx: Ctx, userId: number, grantId: number): Promise<User> {
  const actor = requireActor(ctx);
  refuseOwnGrants(ctx, userId);
  const g = await one<{ id: number; unitId: number; role: RoleCode }>(ctx.db, sql`SELECT id, unit_id AS "unitId", role FROM grants WHERE id = ${grantId} AND user_id = ${userId}`);
  if (!g) throw new AppError('GRANT_NOT_FOUND', 404, {}, 'error.not_found');
  const unit = await authorize(ctx, 'users.manage', g.unitId);
  // Only what the caller could have given (an admin grant, a supervisor's area grant) may it take away.
  if (!canGrant(actor, g.role, unit)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`DELETE FROM grants WHERE id = ${grantId}`);
    await writeAudit(tx, { action: 'grants.delete', entity: 'grant', entityId: grantId, unitId: g.unitId, before: { userId, unitId: g.unitId, role: g.role } });
  });
  return getUser(ctx, userId);
}

export async function me(ctx: Ctx): Promise<Me> {
  const actor = requireActor(ctx);
  // Name and language from the row, not the actor loaded with the request (it predates an update).
  const u = await one<{ fullName: string; locale: 'vi' | 'en' }>(ctx.db, sql`SELECT full_name AS "fullName", locale FROM users WHERE id = ${actor.userId}`);
  const gs = await grantsOf(ctx, [actor.userId]);
  const can = Object.keys(allPermissions()).filter((a) => canAnywhere(actor, a));
  return { id: actor.userId, username: actor.username, fullName: u?.fullName ?? actor.fullName, locale: u?.locale ?? 'vi', isAdmin: actor.isAdmin, grants: gs.map(publicGrant), can };
}

/** `sessionToken`: the caller's own session, kept when the password changes (every other one ends). */
export async function updateMe(ctx: Ctx, input: z.infer<typeof zUpdateMeInput>, sessionToken?: string): Promise<Me> {
  const actor = requireActor(ctx);
  let hash: string | null = null;
  if (input.newPassword) {
    const cur = await one<{ passwordHash: string }>(ctx.db, sql`SELECT password_hash AS "passwordHash" FROM users WHERE id = ${actor.userId}`);
    if (!cur || !input.currentPassword || !(await verifyPassword(cur.passwordHash, input.currentPassword))) {
      throw new FieldValidationError([{ path: 'currentPassword', messageKey: 'core.user.current_password_wrong' }]);
    }
    hash = await hashPassword(input.newPassword);
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`UPDATE users SET full_name = COALESCE(${input.fullName ?? null}, full_name), locale = COALESCE(${input.locale ?? null}, locale),
      password_hash = COALESCE(${hash}, password_hash), version = version + 1 WHERE id = ${actor.userId}`);
    if (hash) await tx.db.execute(sql`DELETE FROM sessions WHERE user_id = ${actor.userId} AND token_hash <> ${sessionToken ? tokenHash(sessionToken) : ''}`);
    await writeAudit(tx, { action: 'users.update_self', entity: 'user', entityId: actor.userId, after: { fullName: input.fullName, locale: input.locale, passwordChanged: !!hash } });
  });
  if (!ctx.actor) throw unauthenticated();
  return me(ctx);
}
