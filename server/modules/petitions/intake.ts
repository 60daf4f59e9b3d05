/**
 * How a case comes in: the public form (no login), Open311 clients, or a cadre recording what was
 * heard at a meeting. Finds the receiving Front unit and the competent body (routing rules), computes
 * the legal clocks, encrypts the sender, writes the first step, the audit row and the notifications.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { loadAuthorized } from '../../kernel/access/policy';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit, writeAuditMany } from '../../kernel/audit';
import { hitRateLimit } from '../../kernel/auth';
import { notifyUnit } from '../../kernel/notify';
import { one, rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import { CONFIDENTIAL_KINDS, IDENTIFIED_KINDS, type CaseCategory, type CaseKind, type Sender } from '../../../common/petitions';
import { petitionsConfig } from './petitions.config';
import { encryptWith, identityKey, powSign } from './petitions.crypto';
import { acceptDue, loadCalendar, resolveDue, todayVN } from './deadlines';
import { KIND_LABELS } from './labels';
import { now } from '../../kernel/clock';

/** The organization whose units receive citizens' cases (the Fatherland Front). */
export const INTAKE_ORG = 'MTTQ';

// ---- tracking codes: 12 symbols of Crockford's base32 = 60 random bits, shown as XXXX-XXXX-XXXX
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newTrackingCode(): string {
  const b = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[b[i] & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
/** Normalizes what a person types (lower case, spaces, O for 0, I/L for 1); null if it cannot be a code. */
export function normalizeTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

// ---- categories
export async function listCategories(ctx: Ctx): Promise<CaseCategory[]> {
  const r = await rows<{ code: string; nameVi: string; nameEn: string }>(ctx.db, sql`
    SELECT code, name_vi AS "nameVi", name_en AS "nameEn" FROM case_categories WHERE active ORDER BY sort_order, code`);
  return r.map((c) => ({ ...c, name: ctx.locale === 'en' ? c.nameEn : c.nameVi }));
}

// ---- proof of work: challenge = "<ms>.<random>.<hmac>", solution: sha256(challenge ":" nonce) starts with `bits` zero bits
export async function powChallenge(ctx: Ctx): Promise<{ challenge: string; bits: number }> {
  const body = `${Date.now()}.${randomBytes(9).toString('base64url')}`;
  return { challenge: `${body}.${await powSign(ctx.db, body)}`, bits: petitionsConfig().powBits };
}

export function leadingZeroBits(buf: Buffer): number {
  let n = 0;
  for (const byte of buf) {
    if (byte === 0) { n += 8; continue; }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** Solve a challenge (tests, benchmarks and non-browser clients). */
export function solvePow(challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${i}`).digest()) >= bits) return String(i);
  }
}

async function checkPow(ctx: Ctx, pow: { challenge: string; nonce: string } | undefined): Promise<void> {
  const bits = petitionsConfig().powBits;
  if (bits === 0) return;
  const bad = () => new FieldValidationError([{ path: 'pow', messageKey: 'petitions.pow_invalid' }]);
  if (!pow) throw bad();
  const [ms, rnd, sig] = pow.challenge.split('.');
  if (!ms || !rnd || !sig || sig !== (await powSign(ctx.db, `${ms}.${rnd}`))) throw bad();
  const age = Date.now() - Number(ms);
  if (!(age >= 0 && age < 15 * 60_000)) throw bad();
  if (leadingZeroBits(createHash('sha256').update(`${pow.challenge}:${pow.nonce}`).digest()) < bits) throw bad();
  // One use per challenge, across processes.
  if (!(await hitRateLimit(ctx.db, `petitions:pow:${rnd}`, 1, 1800))) throw bad();
}

// ---- where a case goes
type Place = { areaId: number | null; areaPath: string | null };

async function resolvePlace(db: Db, areaCode: string | undefined): Promise<Place> {
  if (!areaCode) return { areaId: null, areaPath: null };
  const a = await one<{ id: number; path: string }>(db, sql`SELECT id, path::text AS path FROM areas WHERE code = ${areaCode} AND level <> 'province' AND closed_at IS NULL`);
  if (!a) throw new FieldValidationError([{ path: 'areaCode', messageKey: 'petitions.area_unknown' }]);
  return { areaId: a.id, areaPath: a.path };
}

type UnitLite = { id: number; path: string; areaPath: string | null; name: string; orgCode: string };

export type RuleMatch = { ruleId: number; unitId: number; path: string; name: string; orgCode: string };

/**
 * The routing rule for a case: the most specific active rule whose category, kind and area match —
 * deepest area first, then a rule naming the category, then one naming the kind, then priority.
 */
export async function matchRule(db: Db, c: { category: string; kind: CaseKind; areaPath: string | null }): Promise<RuleMatch | undefined> {
  return one<RuleMatch>(db, sql`
    SELECT r.id AS "ruleId", t.id AS "unitId", t.path::text AS path, t.name, o.code AS "orgCode"
    FROM case_routing_rules r JOIN units t ON t.id = r.target_unit_id JOIN organizations o ON o.id = t.organization_id
    WHERE r.active AND t.closed_at IS NULL
      AND (r.category_code IS NULL OR r.category_code = ${c.category})
      AND (r.kind IS NULL OR r.kind = ${c.kind})
      AND (r.area_path IS NULL OR (${c.areaPath}::ltree IS NOT NULL AND ${c.areaPath}::ltree <@ r.area_path))
    ORDER BY COALESCE(nlevel(r.area_path), 0) DESC, (r.category_code IS NOT NULL) DESC, (r.kind IS NOT NULL) DESC, r.priority DESC, r.id
    LIMIT 1`);
}

async function checkCategory(db: Db, code: string): Promise<void> {
  const c = await one(db, sql`SELECT 1 FROM case_categories WHERE code = ${code} AND active`);
  if (!c) throw new FieldValidationError([{ path: 'category', messageKey: 'petitions.category_unknown' }]);
}

function checkSender(kind: CaseKind, s: Sender): void {
  if (!IDENTIFIED_KINDS.includes(kind)) return;
  const errs: { path: string; messageKey: string }[] = [];
  if (!s.name) errs.push({ path: 'name', messageKey: 'petitions.name_required' });
  if (!s.phone && !s.email) errs.push({ path: 'phone', messageKey: 'petitions.contact_required' });
  if (errs.length) throw new FieldValidationError(errs);
}

export type NewCase = {
  kind: CaseKind; category: string; text: string; channel: string; sender: Sender; areaCode?: string;
  lat?: number; lng?: number; signatories: number; remote?: boolean; receivedOn?: string;
  receivingUnit?: UnitLite; attachmentIds?: number[];
};

const SENDER_KEYS = ['name', 'phone', 'email', 'address'];

/** Everything needed to write a case, resolved beforehand (read-only lookups, clocks, encryption). */
export type PreparedCase = {
  n: NewCase; place: Place; receiving: UnitLite; rule: RuleMatch | undefined; aDue: string | null; rDue: string | null;
  confidential: boolean; enc: string | null; receivedAt: string; areaPath: string | null; actorId: number | null; actorName: string | null;
};

/** One round trip for the category, the place, the receiving Front body and the routing rule. */
async function lookups(db: Db, n: NewCase): Promise<{ place: Place; receiving: UnitLite; rule: RuleMatch | undefined }> {
  if (n.receivingUnit) {
    await checkCategory(db, n.category);
    const place = await resolvePlace(db, n.areaCode);
    const rule = await matchRule(db, { category: n.category, kind: n.kind, areaPath: place.areaPath ?? n.receivingUnit.areaPath });
    return { place, receiving: n.receivingUnit, rule };
  }
  const r = await one<{ cat: boolean; areaId: number | null; areaPath: string | null; unit: UnitLite | null; rule: RuleMatch | null }>(db, sql`
    WITH place AS (SELECT id, path FROM areas WHERE code = ${n.areaCode ?? null} AND level <> 'province' AND closed_at IS NULL),
    recv_place AS (
      SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode"
      FROM units u JOIN organizations o ON o.id = u.organization_id
      WHERE o.code = ${INTAKE_ORG} AND u.kind = 'body' AND u.closed_at IS NULL AND u.area_path @> (SELECT path FROM place)
      ORDER BY nlevel(u.area_path) DESC, u.id LIMIT 1),
    recv_top AS (
      SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode"
      FROM units u JOIN organizations o ON o.id = u.organization_id
      WHERE o.code = ${INTAKE_ORG} AND u.closed_at IS NULL ORDER BY u.depth, u.id LIMIT 1),
    recv AS (SELECT * FROM recv_place UNION ALL SELECT * FROM recv_top WHERE NOT EXISTS (SELECT 1 FROM recv_place)),
    target AS (SELECT COALESCE((SELECT path FROM place), (SELECT "areaPath"::ltree FROM recv)) AS path),
    rule AS (
      SELECT r.id AS "ruleId", t.id AS "unitId", t.path::text AS path, t.name, o.code AS "orgCode"
      FROM case_routing_rules r JOIN units t ON t.id = r.target_unit_id JOIN organizations o ON o.id = t.organization_id, target
      WHERE r.active AND t.closed_at IS NULL
        AND (r.category_code IS NULL OR r.category_code = ${n.category})
        AND (r.kind IS NULL OR r.kind = ${n.kind})
        AND (r.area_path IS NULL OR (target.path IS NOT NULL AND target.path <@ r.area_path))
      ORDER BY COALESCE(nlevel(r.area_path), 0) DESC, (r.category_code IS NOT NULL) DESC, (r.kind IS NOT NULL) DESC, r.priority DESC, r.id
      LIMIT 1)
    SELECT EXISTS (SELECT 1 FROM case_categories WHERE code = ${n.category} AND active) AS cat,
      (SELECT id FROM place) AS "areaId", (SELECT path::text FROM place) AS "areaPath",
      (SELECT row_to_json(recv) FROM recv) AS unit, (SELECT row_to_json(rule) FROM rule) AS rule`);
  const errs: { path: string; messageKey: string }[] = [];
  if (!r?.cat) errs.push({ path: 'category', messageKey: 'petitions.category_unknown' });
  if (n.areaCode && !r?.areaId) errs.push({ path: 'areaCode', messageKey: 'petitions.area_unknown' });
  if (errs.length) throw new FieldValidationError(errs);
  if (!r?.unit) throw new AppError('NO_INTAKE_UNIT', 503, {}, 'petitions.no_intake_unit');
  return { place: { areaId: r.areaId, areaPath: r.areaPath }, receiving: r.unit, rule: r.rule ?? undefined };
}

/** Validate and resolve a new case without writing anything. */
export async function prepareCase(ctx: Ctx, n: NewCase): Promise<PreparedCase> {
  checkSender(n.kind, n.sender);
  const { place, receiving, rule } = await lookups(ctx.db, n);
  const cal = await loadCalendar(ctx.db);
  const receivedOn = n.receivedOn ?? todayVN();
  const aDue = acceptDue(cal, n.kind, receivedOn);
  // Feedback and petitions run their (internal) answer clock from receipt; the others from acceptance.
  const rDue = aDue ? null : resolveDue(cal, n.kind, receivedOn, { remote: n.remote });
  const hasIdentity = !!(n.sender.name || n.sender.phone || n.sender.email || n.sender.address);
  return {
    n, place, receiving, rule, aDue, rDue,
    confidential: CONFIDENTIAL_KINDS.includes(n.kind),
    enc: hasIdentity ? encryptWith(await identityKey(ctx.db), n.sender) : null,
    receivedAt: n.receivedOn ? `${n.receivedOn}T09:00:00+07:00` : now().toISOString(),
    areaPath: place.areaPath ?? receiving.areaPath,
    actorId: ctx.actor?.userId ?? null, actorName: ctx.actor?.fullName ?? null,
  };
}

/** Write a prepared case, its first steps, attachments and unit notifications (no audit row yet). */
async function writePrepared(db: Db, p: PreparedCase): Promise<{ id: number; trackingCode: string }> {
  const { n, place, receiving, rule } = p;
  for (let attempt = 0; ; attempt++) {
    const trackingCode = newTrackingCode();
    const r = await one<{ id: number }>(db, sql`
      INSERT INTO cases (tracking_code, kind, category_code, text, channel, confidential, identity_enc, has_contact, area_id, area_path, lat, lng,
        signatories, receiving_unit_id, receiving_path, responsible_unit_id, responsible_path, routed_by_rule, forwarded, remote,
        received_at, accept_due, resolve_due, due_date, created_by)
      VALUES (${trackingCode}, ${n.kind}, ${n.category}, ${n.text}, ${n.channel}, ${p.confidential}, ${p.enc}, ${!!(n.sender.phone || n.sender.email)},
        ${place.areaId}, ${p.areaPath}::ltree, ${n.lat ?? null}, ${n.lng ?? null}, ${n.signatories}, ${receiving.id}, ${receiving.path}::ltree,
        ${rule?.unitId ?? null}, ${rule?.path ?? null}::ltree, ${rule?.ruleId ?? null}, ${!!rule && rule.orgCode !== INTAKE_ORG}, ${!!n.remote},
        ${p.receivedAt}::timestamptz, ${p.aDue}::date, ${p.rDue}::date, ${p.aDue ?? p.rDue}::date, ${p.actorId})
      ON CONFLICT (tracking_code) DO NOTHING RETURNING id`);
    if (r) {
      await db.execute(sql`INSERT INTO case_steps (case_id, at, action, status, note, is_public, actor_id, actor_name, unit_id)
        VALUES (${r.id}, ${p.receivedAt}::timestamptz, 'receive', 'received', ${`Tiếp nhận qua ${channelLabel(n.channel)}`}, TRUE, ${p.actorId}, ${p.actorName}, ${receiving.id})
        ${rule ? sql`, (${r.id}, ${p.receivedAt}::timestamptz, 'route', NULL, ${`Chuyển theo quy tắc #${rule.ruleId}: ${rule.name}`}, FALSE, NULL, NULL, ${receiving.id})` : sql``}`);
      if (n.attachmentIds?.length) {
        await db.execute(sql`INSERT INTO case_attachments (case_id, file_id)
          SELECT ${r.id}, f.id FROM files f WHERE f.id = ANY(${sql.param(n.attachmentIds)}::int[]) AND f.owner_id = ${p.actorId ?? -1}`);
      }
      const params = { code: trackingCode, kind: KIND_LABELS[n.kind], unit: receiving.name };
      await notifyUnit(db, receiving.id, { key: 'petitions.notice.new_case', params, link: `/cases/${r.id}` });
      if (rule && rule.unitId !== receiving.id) await notifyUnit(db, rule.unitId, { key: 'petitions.notice.new_case_routed', params, link: `/cases/${r.id}` });
      return { id: r.id, trackingCode };
    }
    if (attempt > 5) throw new Error('could not allocate a tracking code');
  }
}

function auditOf(p: PreparedCase, id: number, trackingCode: string) {
  const { n } = p;
  return {
    action: 'cases.create', entity: 'case', entityId: id, unitId: p.receiving.id, unitPath: p.receiving.path,
    after: { trackingCode, kind: n.kind, category: n.category, channel: n.channel, areaCode: n.areaCode ?? null, signatories: n.signatories,
      responsibleUnitId: p.rule?.unitId ?? null, routedByRule: p.rule?.ruleId ?? null, text: n.text, ...n.sender },
    redact: p.confidential ? [...SENDER_KEYS, 'text'] : SENDER_KEYS,
  };
}

/** Insert a case in the caller's transaction, with its audit row; returns its id and tracking code. */
export async function insertCase(tx: Ctx, n: NewCase): Promise<{ id: number; trackingCode: string }> {
  const p = await prepareCase(tx, n);
  const r = await writePrepared(tx.db, p);
  // The audit row last: its chain lock is held until the transaction commits.
  await writeAudit(tx, auditOf(p, r.id, r.trackingCode));
  return r;
}

/**
 * Group commit for public submissions. The audit chain's lock and the commit's disk flush are taken
 * once per batch instead of once per case: requests arriving while a batch is being written wait
 * for the next one (no added delay when the server is idle). Each case still commits in the same
 * transaction as its own audit row; a case that fails is rolled back to its savepoint alone.
 */
type Pending = { p: PreparedCase; requestId: string; resolve: (r: { id: number; trackingCode: string }) => void; reject: (e: unknown) => void };
const MAX_BATCH = 50;
const batchers = new WeakMap<object, { queue: Pending[]; running: boolean }>();

export function writeBatched(ctx: Ctx, p: PreparedCase): Promise<{ id: number; trackingCode: string }> {
  let b = batchers.get(ctx.db);
  if (!b) { b = { queue: [], running: false }; batchers.set(ctx.db, b); }
  const batcher = b;
  const done = new Promise<{ id: number; trackingCode: string }>((resolve, reject) => batcher.queue.push({ p, requestId: ctx.requestId, resolve, reject }));
  if (!batcher.running) void drain(ctx, batcher);
  return done;
}

/**
 * Write several prepared public cases with multi-row statements (one for the cases, one for their
 * steps, one notification per receiving or responsible unit). Public submissions carry no
 * attachments. Throws if any row fails; the caller then falls back to one case at a time.
 */
async function writeMany(db: Db, ps: PreparedCase[]): Promise<{ id: number; trackingCode: string }[]> {
  const codes = ps.map(() => newTrackingCode());
  const col = <T>(f: (p: PreparedCase, i: number) => T) => sql.param(ps.map(f));
  const inserted = await rows<{ id: number; trackingCode: string }>(db, sql`
    INSERT INTO cases (tracking_code, kind, category_code, text, channel, confidential, identity_enc, has_contact, area_id, area_path, lat, lng,
      signatories, receiving_unit_id, receiving_path, responsible_unit_id, responsible_path, routed_by_rule, forwarded, remote,
      received_at, accept_due, resolve_due, due_date, created_by)
    SELECT x.code, x.kind, x.cat, x.text, x.channel, x.conf, x.enc, x.contact, x.area_id, x.area_path::ltree, x.lat, x.lng,
      x.sig, x.recv, x.recv_path::ltree, x.resp, x.resp_path::ltree, x.rule, x.fwd, x.remote, x.at::timestamptz, x.adue::date, x.rdue::date,
      COALESCE(x.adue, x.rdue)::date, NULL
    FROM unnest(${col((_, i) => codes[i])}::text[], ${col((p) => p.n.kind)}::text[], ${col((p) => p.n.category)}::text[], ${col((p) => p.n.text)}::text[],
      ${col((p) => p.n.channel)}::text[], ${col((p) => p.confidential)}::bool[], ${col((p) => p.enc)}::text[], ${col((p) => !!(p.n.sender.phone || p.n.sender.email))}::bool[],
      ${col((p) => p.place.areaId)}::int[], ${col((p) => p.areaPath)}::text[], ${col((p) => p.n.lat ?? null)}::float8[], ${col((p) => p.n.lng ?? null)}::float8[],
      ${col((p) => p.n.signatories)}::int[], ${col((p) => p.receiving.id)}::int[], ${col((p) => p.receiving.path)}::text[],
      ${col((p) => p.rule?.unitId ?? null)}::int[], ${col((p) => p.rule?.path ?? null)}::text[], ${col((p) => p.rule?.ruleId ?? null)}::int[],
      ${col((p) => !!p.rule && p.rule.orgCode !== INTAKE_ORG)}::bool[], ${col((p) => !!p.n.remote)}::bool[], ${col((p) => p.receivedAt)}::text[],
      ${col((p) => p.aDue)}::text[], ${col((p) => p.rDue)}::text[])
      AS x(code, kind, cat, text, channel, conf, enc, contact, area_id, area_path, lat, lng, sig, recv, recv_path, resp, resp_path, rule, fwd, remote, at, adue, rdue)
    ON CONFLICT (tracking_code) DO NOTHING RETURNING id, tracking_code AS "trackingCode"`);
  if (inserted.length !== ps.length) throw new Error('tracking code collision in a batch');
  const byCode = new Map(inserted.map((r) => [r.trackingCode, r.id]));
  const out = codes.map((c) => ({ id: byCode.get(c)!, trackingCode: c }));
  const steps: { id: number; at: string; action: string; status: string | null; note: string; pub: boolean; unit: number }[] = [];
  ps.forEach((p, i) => {
    steps.push({ id: out[i].id, at: p.receivedAt, action: 'receive', status: 'received', note: `Tiếp nhận qua ${channelLabel(p.n.channel)}`, pub: true, unit: p.receiving.id });
    if (p.rule) steps.push({ id: out[i].id, at: p.receivedAt, action: 'route', status: null, note: `Chuyển theo quy tắc #${p.rule.ruleId}: ${p.rule.name}`, pub: false, unit: p.receiving.id });
  });
  await db.execute(sql`INSERT INTO case_steps (case_id, at, action, status, note, is_public, unit_id)
    SELECT * FROM unnest(${sql.param(steps.map((x) => x.id))}::int[], ${sql.param(steps.map((x) => x.at))}::timestamptz[], ${sql.param(steps.map((x) => x.action))}::text[],
      ${sql.param(steps.map((x) => x.status))}::text[], ${sql.param(steps.map((x) => x.note))}::text[], ${sql.param(steps.map((x) => x.pub))}::bool[], ${sql.param(steps.map((x) => x.unit))}::int[])`);
  // One in-app notification per unit: the case itself, or a summary when several arrived together.
  const perUnit = new Map<number, { name: string; cases: { id: number; code: string; kind: CaseKind }[]; routed: boolean }>();
  ps.forEach((p, i) => {
    const add = (unit: number, name: string, routed: boolean) => {
      const e = perUnit.get(unit) ?? { name, cases: [], routed };
      e.cases.push({ id: out[i].id, code: out[i].trackingCode, kind: p.n.kind });
      perUnit.set(unit, e);
    };
    add(p.receiving.id, p.receiving.name, false);
    if (p.rule && p.rule.unitId !== p.receiving.id) add(p.rule.unitId, p.rule.name, true);
  });
  for (const [unit, e] of perUnit) {
    const c = e.cases[0];
    await notifyUnit(db, unit, e.cases.length === 1
      ? { key: e.routed ? 'petitions.notice.new_case_routed' : 'petitions.notice.new_case', params: { code: c.code, kind: KIND_LABELS[c.kind], unit: e.name }, link: `/cases/${c.id}` }
      : { key: 'petitions.notice.new_cases', params: { count: e.cases.length, codes: e.cases.map((x) => x.code).join(', ').slice(0, 2000) }, link: '/cases' });
  }
  return out;
}

async function drain(ctx: Ctx, b: { queue: Pending[]; running: boolean }): Promise<void> {
  b.running = true;
  try {
    while (b.queue.length) {
      const batch = b.queue.splice(0, MAX_BATCH);
      const written: { item: Pending; r: { id: number; trackingCode: string } }[] = [];
      try {
        await inTransaction({ ...ctx, actor: null }, async (tx) => {
          if (batch.length === 1) {
            written.push({ item: batch[0], r: await writePrepared(tx.db, batch[0].p) });
          } else {
            try {
              const rs = await tx.db.transaction(async (sp) => writeMany(sp as unknown as Db, batch.map((x) => x.p)));
              rs.forEach((r, i) => written.push({ item: batch[i], r }));
            } catch {
              // Something in the batch failed: one case at a time, each in its own savepoint.
              for (const item of batch) {
                try {
                  written.push({ item, r: await tx.db.transaction(async (sp) => writePrepared(sp as unknown as Db, item.p)) });
                } catch (e) { item.reject(e); }
              }
            }
          }
          // The audit rows last: the chain's lock is held from the first of them until the commit.
          await writeAuditMany(tx, written.map((w) => ({ ...auditOf(w.item.p, w.r.id, w.r.trackingCode), requestId: w.item.requestId })));
        });
        for (const w of written) w.item.resolve(w.r);
      } catch (e) {
        // The transaction rolled back: nothing of this batch was stored.
        for (const item of batch) item.reject(e);
      }
    }
  } finally {
    b.running = false;
  }
}

export function channelLabel(ch: string): string {
  return ({ web: 'cổng thông tin', open311: 'ứng dụng (Open311)', meeting: 'họp khu dân cư', reception_day: 'buổi tiếp công dân', voters_meeting: 'tiếp xúc cử tri', letter: 'đơn thư', phone: 'điện thoại' } as Record<string, string>)[ch] ?? ch;
}

/**
 * The kernel's shared rate-limit counter, committed without waiting for the disk flush: a counter
 * lost in a crash costs nothing, while a synchronous commit per hit serializes every client behind
 * one address on the row lock for the length of an fsync.
 */
export async function countHit(ctx: Ctx, key: string, limit: number, windowSeconds: number): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit TO OFF`);
    return hitRateLimit(tx as unknown as Db, key, limit, windowSeconds);
  });
}

/** Public submission: rate limit, honeypot, proof of work, then the case. */
export async function submitPublic(ctx: Ctx, input: {
  kind: CaseKind; category: string; text: string; name?: string; phone?: string; email?: string; address?: string; areaCode?: string;
  lat?: number; lng?: number; signatories?: number; website?: string; pow?: { challenge: string; nonce: string };
}, ip: string, channel: 'web' | 'open311' = 'web'): Promise<{ trackingCode: string; stored: boolean }> {
  const cfg = petitionsConfig();
  const pub = { ...ctx, actor: null };
  // The shared counter and the read-only preparation run side by side; the limit decides first.
  const allowed = countHit(ctx, `petitions:submit:${ip}`, cfg.submitLimit, cfg.submitWindowSeconds);
  const tooMany = () => new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
  // A filled honeypot gets a convincing answer and nothing is stored.
  if (input.website) {
    if (!(await allowed)) throw tooMany();
    return { trackingCode: newTrackingCode(), stored: false };
  }
  const work = (async () => {
    if (channel === 'web') await checkPow(ctx, input.pow);
    return prepareCase(pub, {
      kind: input.kind, category: input.category, text: input.text, channel,
      sender: { name: input.name ?? null, phone: input.phone ?? null, email: input.email ?? null, address: input.address ?? null },
      areaCode: input.areaCode, lat: input.lat, lng: input.lng, signatories: input.signatories ?? 1,
    });
  })();
  const [limit, prepared] = await Promise.allSettled([allowed, work]);
  if (limit.status === 'rejected') throw limit.reason;
  if (!limit.value) throw tooMany();
  if (prepared.status === 'rejected') throw prepared.reason;
  const p = prepared.value;
  const r = await writeBatched(pub, p);
  return { trackingCode: r.trackingCode, stored: true };
}

/** A cadre records a case heard at a meeting, a reception day, a voters' meeting, by letter or phone. */
export async function createStaffCase(ctx: Ctx, input: {
  kind: CaseKind; category: string; text: string; channel: string; receivingUnitId: number; name?: string; phone?: string; email?: string;
  address?: string; areaCode?: string; lat?: number; lng?: number; signatories: number; remote: boolean; receivedOn?: string; attachmentIds: number[];
}): Promise<number> {
  const actor = requireActor(ctx);
  await loadAuthorized(ctx, 'petitions.unit', input.receivingUnitId, 'cases.handle');
  const u = await one<UnitLite & { closedAt: string | null }>(ctx.db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode", u.closed_at AS "closedAt"
    FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ${input.receivingUnitId}`);
  if (!u) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
  if (input.receivedOn && input.receivedOn > todayVN()) throw new FieldValidationError([{ path: 'receivedOn', messageKey: 'petitions.date_future' }]);
  const r = await inTransaction(ctx, (tx) => insertCase(tx, {
    ...input, sender: { name: input.name ?? null, phone: input.phone ?? null, email: input.email ?? null, address: input.address ?? null }, receivingUnit: u,
  }));
  return r.id;
}

/**
 * Places a citizen can choose on the public form: without `parent`, the communes of the area the
 * top Front body covers; with a commune's code, its residential areas. Names and codes only.
 */
export async function publicAreas(ctx: Ctx, parent?: string): Promise<{ code: string; name: string; type: string; level: string }[]> {
  if (parent) {
    return rows(ctx.db, sql`SELECT a.code, a.name, a.type, a.level FROM areas a JOIN areas p ON p.id = a.parent_id
      WHERE p.code = ${parent} AND p.level = 'commune' AND a.closed_at IS NULL ORDER BY a.code LIMIT 500`);
  }
  return rows(ctx.db, sql`SELECT a.code, a.name, a.type, a.level FROM areas a
    WHERE a.closed_at IS NULL AND a.level = 'commune' AND EXISTS (
      SELECT 1 FROM units u JOIN organizations o ON o.id = u.organization_id
      WHERE o.code = ${INTAKE_ORG} AND u.parent_id IS NULL AND u.closed_at IS NULL AND a.path <@ u.area_path)
    ORDER BY a.name LIMIT 2000`);
}
