/**
 * How a case comes in: the public form (no login), Open311 clients, or a cadre recording what was
 * heard at a meeting. Finds the receiving Front unit and the competent body (routing rules), computes
 * the legal clocks, encrypts the sender, writes the first step, the audit row and the notifications.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { can, requireActor } from '../../kernel/access/authorize';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { hitRateLimit } from '../../kernel/auth';
import { notifyUnit } from '../../kernel/notify';
import { one, rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import { CONFIDENTIAL_KINDS, IDENTIFIED_KINDS, type CaseCategory, type CaseKind, type Sender } from '../../../common/petitions';
import { petitionsConfig } from './petitions.config';
import { encryptWith, identityKey, powSign } from './petitions.crypto';
import { acceptDue, loadCalendar, resolveDue, todayVN } from './deadlines';
import { kindLabel } from './labels';

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

/** The Front body (not a branch) whose area contains the place; the top Front body when none does. */
async function intakeUnit(db: Db, areaPath: string | null): Promise<UnitLite> {
  const u = areaPath
    ? await one<UnitLite>(db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode"
        FROM units u JOIN organizations o ON o.id = u.organization_id
        WHERE o.code = ${INTAKE_ORG} AND u.kind = 'body' AND u.closed_at IS NULL AND u.area_path @> ${areaPath}::ltree
        ORDER BY nlevel(u.area_path) DESC, u.id LIMIT 1`)
    : undefined;
  const top = u ?? await one<UnitLite>(db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode"
      FROM units u JOIN organizations o ON o.id = u.organization_id
      WHERE o.code = ${INTAKE_ORG} AND u.closed_at IS NULL ORDER BY u.depth, u.id LIMIT 1`);
  if (!top) throw new AppError('NO_INTAKE_UNIT', 503, {}, 'petitions.no_intake_unit');
  return top;
}

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

/** Insert a case in the caller's transaction; returns its id and tracking code. */
export async function insertCase(tx: Ctx, n: NewCase): Promise<{ id: number; trackingCode: string }> {
  await checkCategory(tx.db, n.category);
  checkSender(n.kind, n.sender);
  const place = await resolvePlace(tx.db, n.areaCode);
  const receiving = n.receivingUnit ?? (await intakeUnit(tx.db, place.areaPath));
  const rule = await matchRule(tx.db, { category: n.category, kind: n.kind, areaPath: place.areaPath ?? receiving.areaPath });
  const cal = await loadCalendar(tx.db);
  const receivedOn = n.receivedOn ?? todayVN();
  const aDue = acceptDue(cal, n.kind, receivedOn);
  // Feedback and petitions run their (internal) answer clock from receipt; the others from acceptance.
  const rDue = aDue ? null : resolveDue(cal, n.kind, receivedOn, { remote: n.remote });
  const confidential = CONFIDENTIAL_KINDS.includes(n.kind);
  const hasIdentity = !!(n.sender.name || n.sender.phone || n.sender.email || n.sender.address);
  const enc = hasIdentity ? encryptWith(await identityKey(tx.db), n.sender) : null;
  const receivedAt = n.receivedOn ? `${n.receivedOn}T09:00:00+07:00` : new Date().toISOString();
  const areaPath = place.areaPath ?? receiving.areaPath;
  for (let attempt = 0; ; attempt++) {
    const trackingCode = newTrackingCode();
    const r = await one<{ id: number }>(tx.db, sql`
      INSERT INTO cases (tracking_code, kind, category_code, text, channel, confidential, identity_enc, has_contact, area_id, area_path, lat, lng,
        signatories, receiving_unit_id, receiving_path, responsible_unit_id, responsible_path, routed_by_rule, forwarded, remote,
        received_at, accept_due, resolve_due, due_date, created_by)
      VALUES (${trackingCode}, ${n.kind}, ${n.category}, ${n.text}, ${n.channel}, ${confidential}, ${enc}, ${!!(n.sender.phone || n.sender.email)},
        ${place.areaId}, ${areaPath}::ltree, ${n.lat ?? null}, ${n.lng ?? null}, ${n.signatories}, ${receiving.id}, ${receiving.path}::ltree,
        ${rule?.unitId ?? null}, ${rule?.path ?? null}::ltree, ${rule?.ruleId ?? null}, ${!!rule && rule.orgCode !== INTAKE_ORG}, ${!!n.remote},
        ${receivedAt}::timestamptz, ${aDue}::date, ${rDue}::date, ${aDue ?? rDue}::date, ${tx.actor?.userId ?? null})
      ON CONFLICT (tracking_code) DO NOTHING RETURNING id`);
    if (r) {
      const unitName = receiving.name;
      await tx.db.execute(sql`INSERT INTO case_steps (case_id, at, action, status, note, is_public, actor_id, actor_name, unit_id)
        VALUES (${r.id}, ${receivedAt}::timestamptz, 'receive', 'received', ${`Tiếp nhận qua ${channelLabel(n.channel)}`}, TRUE, ${tx.actor?.userId ?? null}, ${tx.actor?.fullName ?? null}, ${receiving.id})`);
      if (rule) {
        await tx.db.execute(sql`INSERT INTO case_steps (case_id, at, action, status, note, is_public, unit_id)
          VALUES (${r.id}, ${receivedAt}::timestamptz, 'route', NULL, ${`Chuyển theo quy tắc #${rule.ruleId}: ${rule.name}`}, FALSE, ${receiving.id})`);
      }
      if (n.attachmentIds?.length) {
        await tx.db.execute(sql`INSERT INTO case_attachments (case_id, file_id)
          SELECT ${r.id}, f.id FROM files f WHERE f.id = ANY(${sql.param(n.attachmentIds)}::int[]) AND f.owner_id = ${tx.actor?.userId ?? -1}`);
      }
      await writeAudit(tx, {
        action: 'cases.create', entity: 'case', entityId: r.id, unitId: receiving.id,
        after: { trackingCode, kind: n.kind, category: n.category, channel: n.channel, areaCode: n.areaCode ?? null, signatories: n.signatories,
          responsibleUnitId: rule?.unitId ?? null, routedByRule: rule?.ruleId ?? null, text: n.text, ...n.sender },
        redact: confidential ? [...SENDER_KEYS, 'text'] : SENDER_KEYS,
      });
      const title = `Vụ việc mới ${trackingCode}: ${kindLabel(n.kind, 'vi')}`;
      await notifyUnit(tx.db, receiving.id, { title, body: `Tiếp nhận tại ${unitName}`, link: `/cases/${r.id}` });
      if (rule && rule.unitId !== receiving.id) await notifyUnit(tx.db, rule.unitId, { title, body: 'Được phân công theo quy tắc chuyển đơn', link: `/cases/${r.id}` });
      return { id: r.id, trackingCode };
    }
    if (attempt > 5) throw new Error('could not allocate a tracking code');
  }
}

export function channelLabel(ch: string): string {
  return ({ web: 'cổng thông tin', open311: 'ứng dụng (Open311)', meeting: 'họp khu dân cư', reception_day: 'buổi tiếp công dân', voters_meeting: 'tiếp xúc cử tri', letter: 'đơn thư', phone: 'điện thoại' } as Record<string, string>)[ch] ?? ch;
}

/** Public submission: rate limit, honeypot, proof of work, then the case. */
export async function submitPublic(ctx: Ctx, input: {
  kind: CaseKind; category: string; text: string; name?: string; phone?: string; email?: string; address?: string; areaCode?: string;
  lat?: number; lng?: number; signatories?: number; website?: string; pow?: { challenge: string; nonce: string };
}, ip: string, channel: 'web' | 'open311' = 'web'): Promise<{ trackingCode: string; stored: boolean }> {
  const cfg = petitionsConfig();
  if (!(await hitRateLimit(ctx.db, `petitions:submit:${ip}`, cfg.submitLimit, cfg.submitWindowSeconds))) {
    throw new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
  }
  // A filled honeypot gets a convincing answer and nothing is stored.
  if (input.website) return { trackingCode: newTrackingCode(), stored: false };
  if (channel === 'web') await checkPow(ctx, input.pow);
  const r = await inTransaction({ ...ctx, actor: null }, (tx) => insertCase(tx, {
    kind: input.kind, category: input.category, text: input.text, channel,
    sender: { name: input.name ?? null, phone: input.phone ?? null, email: input.email ?? null, address: input.address ?? null },
    areaCode: input.areaCode, lat: input.lat, lng: input.lng, signatories: input.signatories ?? 1,
  }));
  return { trackingCode: r.trackingCode, stored: true };
}

/** A cadre records a case heard at a meeting, a reception day, a voters' meeting, by letter or phone. */
export async function createStaffCase(ctx: Ctx, input: {
  kind: CaseKind; category: string; text: string; channel: string; receivingUnitId: number; name?: string; phone?: string; email?: string;
  address?: string; areaCode?: string; lat?: number; lng?: number; signatories: number; remote: boolean; receivedOn?: string; attachmentIds: number[];
}): Promise<number> {
  const actor = requireActor(ctx);
  const u = await one<UnitLite & { closedAt: string | null }>(ctx.db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.name, o.code AS "orgCode", u.closed_at AS "closedAt"
    FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ${input.receivingUnitId}`);
  if (!u || !can(actor, 'cases.read', u)) throw new AppError('UNIT_NOT_FOUND', 404, {}, 'error.not_found');
  if (!can(actor, 'cases.handle', u)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
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
