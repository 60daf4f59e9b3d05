/**
 * The audit log: every write, who, when, which entity, before and after, in one append-only
 * table where each row carries the hash of the previous row. Writers take a transaction-level
 * advisory lock so the chain stays linear with many processes writing at once.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import type { Db } from '../db/types';
import { one, rows } from '../db/sql';

const AUDIT_LOCK = 0x0da7a0d1;
export const GENESIS_HASH = '0'.repeat(64);
export const REDACTED = '[redacted]';

export type AuditEntry = {
  action: string; // e.g. "units.create"
  entity: string; // e.g. "unit"
  entityId?: string | number | null;
  unitId?: number | null;
  unitPath?: string | null;
  before?: unknown;
  after?: unknown;
  /** Keys whose values must never be readable in the log (personal or confidential data). */
  redact?: string[];
};

/** JSON with object keys sorted at every depth, so the hash survives jsonb's key reordering. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export type HashedFields = {
  at: string; actorId: number | null; action: string; entity: string; entityId: string | null;
  unitId: number | null; before: unknown; after: unknown; prevHash: string;
};

export function rowHash(f: HashedFields): string {
  return createHash('sha256').update(canonicalJson({ ...f, before: f.before ?? null, after: f.after ?? null })).digest('hex');
}

function redactValue(v: unknown, keys: string[]): unknown {
  if (!v || typeof v !== 'object' || keys.length === 0) return v ?? null;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, keys));
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === undefined) continue;
    out[k] = keys.includes(k) ? (val === null ? null : REDACTED) : redactValue(val, keys);
  }
  return out;
}

/** JSON-safe copy (Dates to ISO strings, undefined dropped). */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Append one audit row in the caller's transaction (a savepoint if there is one, else its own). */
export async function writeAudit(ctx: Ctx, e: AuditEntry): Promise<void> {
  await writeAuditMany(ctx, [e]);
}

/**
 * Append several audit rows in the caller's transaction with one lock, one read of the chain's end
 * and one insert (the rows are chained in the given order). Same rows as calling `writeAudit` for
 * each entry in turn; used where many writes commit together (a batch of public submissions).
 */
export async function writeAuditMany(ctx: Ctx, entries: (AuditEntry & { requestId?: string })[]): Promise<void> {
  if (entries.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const missing = [...new Set(entries.filter((e) => e.unitId && !e.unitPath).map((e) => e.unitId as number))];
    const paths = new Map<number, string>();
    if (missing.length) {
      for (const r of await rows<{ id: number; path: string }>(db, sql`SELECT id, path::text AS path FROM units WHERE id = ANY(${sql.param(missing)}::int[])`)) paths.set(r.id, r.path);
    }
    await db.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const last = await one<{ hash: string }>(db, sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    let prevHash = last?.hash ?? GENESIS_HASH;
    const out: (HashedFields & { hash: string; unitPath: string | null; requestId: string })[] = [];
    for (const e of entries) {
      const fields: HashedFields = {
        at: new Date().toISOString(),
        actorId: ctx.actor?.userId ?? null,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId == null ? null : String(e.entityId),
        unitId: e.unitId ?? null,
        before: plain(redactValue(plain(e.before), e.redact ?? [])),
        after: plain(redactValue(plain(e.after), e.redact ?? [])),
        prevHash,
      };
      const hash = rowHash(fields);
      out.push({ ...fields, hash, unitPath: e.unitPath ?? (e.unitId ? paths.get(e.unitId) ?? null : null), requestId: e.requestId ?? ctx.requestId });
      prevHash = hash;
    }
    const col = <T>(f: (r: (typeof out)[number]) => T) => sql.param(out.map(f));
    await db.execute(sql`
      INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, unit_id, unit_path, before, after, request_id, prev_hash, hash)
      SELECT x.at::timestamptz, x.actor_id, ${ctx.actor?.username ?? 'system'}, x.action, x.entity, x.entity_id, x.unit_id, x.unit_path::ltree,
        x.before::jsonb, x.after::jsonb, x.request_id, x.prev_hash, x.hash
      FROM unnest(${col((r) => r.at)}::text[], ${col((r) => r.actorId)}::int[], ${col((r) => r.action)}::text[], ${col((r) => r.entity)}::text[],
        ${col((r) => r.entityId)}::text[], ${col((r) => r.unitId)}::int[], ${col((r) => r.unitPath)}::text[], ${col((r) => JSON.stringify(r.before))}::text[],
        ${col((r) => JSON.stringify(r.after))}::text[], ${col((r) => r.requestId)}::text[], ${col((r) => r.prevHash)}::text[], ${col((r) => r.hash)}::text[])
        WITH ORDINALITY AS x(at, actor_id, action, entity, entity_id, unit_id, unit_path, before, after, request_id, prev_hash, hash, ord)
      ORDER BY x.ord`);
  });
}

export type VerifyResult = { ok: boolean; checked: number; firstBrokenId: number | null; reason: string | null };

/** Recompute the whole chain; report the first row whose hash or link does not match. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const page = await rows<{
      id: number; at: string; actorId: number | null; action: string; entity: string; entityId: string | null;
      unitId: number | null; before: unknown; after: unknown; prevHash: string; hash: string;
    }>(db, sql`
      SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id AS "actorId", action, entity,
             entity_id AS "entityId", unit_id AS "unitId", before, after, prev_hash AS "prevHash", hash
      FROM audit_log WHERE id > ${lastId} ORDER BY id LIMIT ${batch}`);
    if (page.length === 0) break;
    for (const r of page) {
      checked++;
      if (r.prevHash !== prev) return { ok: false, checked, firstBrokenId: r.id, reason: 'prev_hash does not match the previous row' };
      const h = rowHash({ at: r.at, actorId: r.actorId, action: r.action, entity: r.entity, entityId: r.entityId, unitId: r.unitId, before: r.before, after: r.after, prevHash: r.prevHash });
      if (h !== r.hash) return { ok: false, checked, firstBrokenId: r.id, reason: 'row content does not match its hash' };
      prev = r.hash;
      lastId = r.id;
    }
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}
