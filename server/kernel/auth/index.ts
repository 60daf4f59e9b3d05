/**
 * Accounts: argon2id passwords, server-side sessions (cookie holds a random token, the database
 * its SHA-256), lock-out after repeated failures. Everything lives in the database so several
 * processes can serve the same users.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types';
import { one, rows } from '../db/sql';
import type { Actor, ActorGrant } from '../context';
import type { Role } from '../access/roles';

export const SESSION_COOKIE = 'dv_session';
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

// argon2id, OWASP's second recommended setting (19 MiB, 2 passes).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try { return await argonVerify(hash, password); } catch { return false; }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));
  return dummyHash;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: number, ttlMs: number, meta: { ip?: string; userAgent?: string }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + ttlMs).toISOString();
  await db.execute(sql`INSERT INTO sessions (token_hash, user_id, expires_at, ip, user_agent)
    VALUES (${tokenHash(token)}, ${userId}, ${expires}::timestamptz, ${meta.ip ?? null}, ${(meta.userAgent ?? '').slice(0, 300)})`);
  return token;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.execute(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash(token)}`);
}

/** The session's user if the token is valid; slides `last_seen_at` at most once a minute. */
export async function resolveSession(db: Db, token: string): Promise<{ userId: number; locale: string } | undefined> {
  const th = tokenHash(token);
  const r = await one<{ userId: number; locale: string; stale: boolean }>(db, sql`
    SELECT s.user_id AS "userId", u.locale, (s.last_seen_at < now() - interval '1 minute') AS stale
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${th} AND s.expires_at > now() AND u.is_active`);
  if (r?.stale) await db.execute(sql`UPDATE sessions SET last_seen_at = now() WHERE token_hash = ${th}`);
  return r ? { userId: r.userId, locale: r.locale } : undefined;
}

export async function loadActor(db: Db, userId: number): Promise<Actor | undefined> {
  return (await loadActors(db, [userId])).get(userId);
}

/** The actors of several active users at once, exactly as a request would see each (grants on open units). */
export async function loadActors(db: Db, userIds: number[]): Promise<Map<number, Actor>> {
  const out = new Map<number, Actor>();
  if (userIds.length === 0) return out;
  const ids = sql`${sql.param(userIds)}::int[]`;
  const users = await rows<{ id: number; username: string; fullName: string }>(db,
    sql`SELECT id, username, full_name AS "fullName" FROM users WHERE id = ANY(${ids}) AND is_active`);
  const grants = await rows<ActorGrant & { userId: number }>(db, sql`
    SELECT g.user_id AS "userId", g.unit_id AS "unitId", COALESCE(u.path::text, '') AS "unitPath", u.area_path::text AS "areaPath", g.role
    FROM grants g LEFT JOIN units u ON u.id = g.unit_id
    WHERE g.user_id = ANY(${ids}) AND (u.closed_at IS NULL OR g.unit_id IS NULL) ORDER BY g.id`);
  for (const u of users) {
    const mine = grants.filter((g) => g.userId === u.id).map(({ userId: _u, ...g }) => g);
    out.set(u.id, { userId: u.id, username: u.username, fullName: u.fullName, grants: mine, isAdmin: mine.some((g) => g.role === ('admin' as Role)) });
  }
  return out;
}

/**
 * Fixed-window counter shared by all processes. Returns false once `limit` hits were counted
 * for `key` in the current window.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number): Promise<boolean> {
  const windowStart = new Date(Math.floor(Date.now() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString();
  const r = await one<{ count: number }>(db, sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart}::timestamptz, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING count`);
  if (Math.random() < 0.01) await db.execute(sql`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`);
  return (r?.count ?? 0) <= limit;
}
