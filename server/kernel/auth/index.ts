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

/**
 * Login throttles, all counted in the database (shared by every process):
 * - `address`: every attempt from one client address;
 * - `addressFailures`: failed attempts from one address. An address that fails this often is refused
 *   before it can lock more than two accounts (MAX_FAILED_LOGINS each) per window. The price: people
 *   behind one shared address (a commune office's NAT) share this budget, so many typos there slow
 *   everyone in the office down for the rest of the window. Attackers with many addresses can still
 *   lock an account; that is what the per-account lock is for, and it lasts LOCK_MINUTES only;
 * - `account`: every attempt at one username, known or not (so it reveals nothing), which bounds the
 *   work (password hashing) anyone can cause for one account.
 */
export const LOGIN_LIMITS = {
  address: { limit: 30, windowSeconds: 300 },
  addressFailures: { limit: 10, windowSeconds: 900 },
  account: { limit: 20, windowSeconds: 900 },
} as const;

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
  return (await takeRateLimit(db, key, limit, windowSeconds)).ok;
}

/**
 * Like hitRateLimit, and `giveBack()` un-counts the hit (in the same window): for counters of
 * failures, where an attempt counts until it turns out to succeed, so a parallel burst is cut too.
 */
export async function takeRateLimit(db: Db, key: string, limit: number, windowSeconds: number): Promise<{ ok: boolean; giveBack(): Promise<void> }> {
  const windowStart = new Date(Math.floor(Date.now() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString();
  const r = await one<{ count: number }>(db, sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart}::timestamptz, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING count`);
  if (Math.random() < 0.01) await db.execute(sql`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`);
  return {
    ok: (r?.count ?? 0) <= limit,
    async giveBack() { await db.execute(sql`UPDATE rate_limits SET count = count - 1 WHERE key = ${key} AND window_start = ${windowStart}::timestamptz AND count > 0`); },
  };
}

/*
 * The per-account lock, race-free: each step is one UPDATE … RETURNING, so parallel guesses cannot
 * all read "not locked" and go on. `failed_logins` counts attempts of the current streak that have not
 * (yet) succeeded, counted when the attempt starts: with MAX_FAILED_LOGINS of them under way or failed,
 * the next one is refused and locks the account, whatever its password.
 */
const NOT_LOCKED = sql`(locked_until IS NULL OR locked_until <= now())`;
const LOCK_UNTIL = sql`now() + ${LOCK_MINUTES}::int * interval '1 minute'`;

/** Count an attempt before checking its password. `allowed: false` when locked; `lockedNow` when this attempt set the lock. */
export async function beginLoginAttempt(db: Db, userId: number): Promise<{ allowed: boolean; lockedNow: boolean }> {
  const r = await one<{ lockedNow: boolean }>(db, sql`
    UPDATE users SET
      failed_logins = CASE WHEN failed_logins >= ${MAX_FAILED_LOGINS} THEN 0 ELSE failed_logins + 1 END,
      locked_until = CASE WHEN failed_logins >= ${MAX_FAILED_LOGINS} THEN ${LOCK_UNTIL} ELSE locked_until END
    WHERE id = ${userId} AND ${NOT_LOCKED}
    RETURNING COALESCE(locked_until > now(), false) AS "lockedNow"`);
  return { allowed: !!r && !r.lockedNow, lockedNow: !!r?.lockedNow };
}

/** The attempt's password was wrong: lock once MAX_FAILED_LOGINS attempts are counted. True when this call locked. */
export async function failLoginAttempt(db: Db, userId: number): Promise<boolean> {
  const r = await one<{ id: number }>(db, sql`
    UPDATE users SET failed_logins = 0, locked_until = ${LOCK_UNTIL}
    WHERE id = ${userId} AND failed_logins >= ${MAX_FAILED_LOGINS} AND ${NOT_LOCKED} RETURNING id`);
  return !!r;
}

/** The password was right: log in unless another attempt locked the account meanwhile. */
export async function succeedLoginAttempt(db: Db, userId: number): Promise<boolean> {
  const r = await one<{ id: number }>(db, sql`
    UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now()
    WHERE id = ${userId} AND ${NOT_LOCKED} RETURNING id`);
  return !!r;
}
