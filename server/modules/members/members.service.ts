/**
 * The member registry: people, memberships with their history, eligibility rules, ratings,
 * gathering rate, personal-data masking and data-subject rights.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { can, requireActor, scopeWhere, loadUnitRef } from '../../kernel/access/authorize';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { fold, titleCaseName } from '../../kernel/text';
import { t } from '../../kernel/i18n';
import { one, rows } from '../../kernel/db/sql';
import type { Db } from '../../kernel/db/types';
import * as repo from './members.repo';
import { checkCccd, eligibilityIssues, maskTail, type Issue } from './members.norms';
import { changedPersonFields, IdentityRefused, linkedView, matchDecision, personLocked, personReach } from './members.policy';
import type {
  CreateMemberInput, MemberDetail, MemberListQuery, MemberRow, OrgRules, PersonInput, UpdateMemberInput,
} from '../../../common/members';
import type { z } from 'zod';
import type { zBulkRatingInput, zEligibleInput, zEraseInput, zLifecycleInput, zRatingInput, zTransferInput, zTransferQuery } from '../../../common/members';

/** Personal keys never readable in the audit log. */
export const PERSONAL_KEYS = ['cccd', 'phone', 'religion', 'ethnicity', 'birthDate', 'birthYear'];
export const TOTAL_CAP = 10_000;
/**
 * A one-word name search ("nguyen", "thi", "hoa": a step towards a name, often matching a tenth of a
 * province) is counted up to this: counting 10,000 matches would cost more than finding the page.
 */
export const ONE_WORD_CAP = 1_000;
/** Today in Vietnam: an event recorded at 06:00 local time is today's, not yesterday's (UTC). */
import { todayVN as today, now } from '../../kernel/clock';
export { today };

// ---- rules per organization -------------------------------------------------------------------

export const DEFAULT_RATING_LEVELS = [
  { code: 'excellent', label: 'Hoàn thành xuất sắc nhiệm vụ' },
  { code: 'good', label: 'Hoàn thành tốt nhiệm vụ' },
  { code: 'done', label: 'Hoàn thành nhiệm vụ' },
  { code: 'not_done', label: 'Không hoàn thành nhiệm vụ' },
];

/** Built-in eligibility rules (data: an admin overrides them per organization). */
export const DEFAULT_RULES: Record<string, OrgRules> = {
  DOAN: { minAge: 16, maxAge: 30, onBreach: 'refuse', maturityAge: 30 },
  PHUNU: { minAge: 18, gender: 'female', onBreach: 'refuse' },
  NONGDAN: { minAge: 18, onBreach: 'flag' },
  CCB: { requires: 'veteran', onBreach: 'flag' },
  CONGDOAN: { requires: 'employee', onBreach: 'flag' },
};

export async function rulesFor(db: Db, organizationCode: string): Promise<OrgRules & { ratingLevels: { code: string; label: string }[] }> {
  const r = await one<{ rules: OrgRules }>(db, sql`SELECT rules FROM member_org_rules WHERE organization_code = ${organizationCode}`);
  const rules = r?.rules ?? DEFAULT_RULES[organizationCode] ?? { onBreach: 'flag' };
  return { ...rules, ratingLevels: rules.ratingLevels ?? DEFAULT_RATING_LEVELS };
}

export async function listRules(ctx: Ctx) {
  requireActor(ctx);
  const orgs = await rows<{ code: string; shortName: string }>(ctx.db, sql`SELECT code, short_name AS "shortName" FROM organizations WHERE member_term IS NOT NULL ORDER BY sort_order`);
  const out = [];
  for (const o of orgs) out.push({ organizationCode: o.code, organizationName: o.shortName, rules: await rulesFor(ctx.db, o.code) });
  return out;
}

export async function setRules(ctx: Ctx, code: string, rules: OrgRules) {
  const actor = requireActor(ctx);
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  if (!(await one(ctx.db, sql`SELECT 1 FROM organizations WHERE code = ${code}`))) throw new AppError('ORGANIZATION_NOT_FOUND', 404, {}, 'error.not_found');
  await inTransaction(ctx, async (tx) => {
    const before = await rulesFor(tx.db, code);
    await tx.db.execute(sql`INSERT INTO member_org_rules (organization_code, rules) VALUES (${code}, ${JSON.stringify(rules)}::jsonb)
      ON CONFLICT (organization_code) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()`);
    await writeAudit(tx, { action: 'members.rules', entity: 'organization', entityId: code, before, after: rules });
  });
  return rulesFor(ctx.db, code);
}

// ---- access -----------------------------------------------------------------------------------

const unitOf = (m: { unitPath: string; unitAreaPath: string | null }) => ({ path: m.unitPath, areaPath: m.unitAreaPath });

/** Rows the caller may see at all: full readers and aggregate-only readers (who get them masked). */
function visibleWhere(ctx: Ctx): SQL {
  const cols = { unitPath: sql`u.path`, areaPath: sql`u.area_path` };
  return sql`(${scopeWhere(ctx, 'members.read', cols)} OR ${scopeWhere(ctx, 'members.aggregate', cols)})`;
}

function canSee(ctx: Ctx, m: { unitPath: string; unitAreaPath: string | null }): boolean {
  return can(ctx.actor, 'members.read', unitOf(m)) || can(ctx.actor, 'members.aggregate', unitOf(m));
}

/** A membership the caller may see, or 404 (a membership out of scope does not exist for them). */
async function loadVisible(ctx: Ctx, id: number): Promise<repo.MemberFull> {
  requireActor(ctx);
  const m = await repo.findMember(ctx.db, id);
  if (!m || !canSee(ctx, m)) throw new AppError('MEMBER_NOT_FOUND', 404, { memberId: id }, 'error.not_found');
  return m;
}

/** A membership the caller may change: 404 when invisible, 403 when only readable. */
async function loadWritable(ctx: Ctx, id: number): Promise<repo.MemberFull> {
  const m = await loadVisible(ctx, id);
  if (!can(ctx.actor, 'members.write', unitOf(m))) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  return m;
}

function checkVersion(m: { version: number }, v: number) {
  if (m.version !== v) throw new AppError('CONFLICT', 409, { version: m.version }, 'error.conflict');
}

function flagsView(ctx: Ctx, flags: repo.MemberRaw['flags']) {
  return (flags ?? []).map((f) => ({ code: f.code, message: t(ctx.locale, f.code, f.params ?? {}) }));
}

/**
 * The row as this caller may see it: personal fields masked without members.personal on its unit,
 * and when `logged` says the access log does not hold this read.
 */
function present(ctx: Ctx, m: repo.MemberRaw, logged = true): MemberRow {
  const personal = logged && can(ctx.actor, 'members.personal', unitOf(m));
  return {
    id: m.id, personId: m.personId, fullName: m.fullName, unitId: m.unitId, unitName: m.unitName, organizationId: m.organizationId,
    organizationName: m.organizationName, status: m.status as MemberRow['status'], role: m.role as MemberRow['role'], cardNo: m.cardNo,
    joinedOn: m.joinedOn, gender: m.gender as MemberRow['gender'],
    birthDate: personal ? m.birthDate : null, birthYear: personal ? m.birthYear : null,
    cccd: personal ? m.cccd : maskTail(m.cccd), phone: personal ? m.phone : maskTail(m.phone),
    ethnicity: personal ? m.ethnicity : null, religion: personal ? m.religion : null,
    masked: !personal, flags: flagsView(ctx, m.flags),
  };
}

// ---- list and read ----------------------------------------------------------------------------

/** The words of a name as the word index holds them (migration 0004: a `simple` tsvector of name_fold). */
const NAME_WORDS = sql`to_tsvector('simple'::regconfig, m.name_fold)`;

/**
 * A name search as a tsquery: every typed word must be a word of the name, in any order. The words
 * are folded (no diacritics, lower case) and reduced to [a-z0-9], so nothing the user types can be
 * tsquery syntax. With `prefix` the last word only has to begin a word of the name (the fallback of a
 * search whose whole words find nobody: "nguyen thi ho", still being typed, finds "Nguyễn Thị Hoa");
 * it is then written as itself or a prefix (`ho | ho:*`, the same matches as `ho:*`): the planner's
 * statistics know how common a word is, not a prefix. Null when nothing searchable is left.
 */
export function nameQuery(q: string, prefix = false): string | null {
  const words = nameWords(q);
  return words.length === 0 ? null : tsqueryOf(words, words.map(() => true), prefix);
}

/** The words of a search: folded, only [a-z0-9]. */
function nameWords(q: string): string[] {
  return fold(q).split(/[^a-z0-9]+/).filter(Boolean);
}

function tsqueryOf(words: string[], inIndex: boolean[], prefix: boolean): string {
  const last = words.length - 1;
  return words.map((w, i) => (prefix && i === last ? `(${w} | ${w}:*)` : w)).filter((_, i) => inIndex[i]).join(' & ');
}

/** How common the words of names are, as ANALYZE found them in the word index: a share of the rows each. */
export type WordStats = { freq: Map<string, number>; rare: number; rows: number };

// Costs in µs, measured at 1,000,000 members on PostgreSQL: reading one row of a word's list in the
// index; the same for a prefix (its rows are gathered into a bitmap first: the fallback form only); a
// row the index found (read from the table, filtered, kept).
const LOOKUP_WORD = 0.01;
const LOOKUP_PREFIX = 0.2;
const ROW_FOUND = 2;

/**
 * Which words of a search to look up in the word index (true) and which to check on the rows the
 * others found (false). Looking a word up costs in proportion to how many names hold it (the index
 * reads the word's whole list of rows; with `prefix`, the last word's rows and those of every word it
 * begins are gathered first); every row found costs a read of the table. "thi" is in most women's
 * names, so in "nguyen thi hoa" the index finds "nguyen" and "hoa" (about one name in 250) and "thi"
 * is checked on those rows. The cheapest choice by these costs and the word shares ANALYZE keeps for
 * the index (words taken as independent); without statistics, or for more than 8 words, every word is
 * looked up.
 */
export function splitNameWords(words: string[], stats: WordStats | null, prefix = false): boolean[] {
  const all = words.map(() => true);
  if (!stats || words.length < 2 || words.length > 8) return all;
  const last = words.length - 1;
  const share = words.map((w, i) => {
    let f = stats.freq.get(w) ?? stats.rare / 2;
    if (prefix && i === last) for (const [k, v] of stats.freq) if (k !== w && k.startsWith(w)) f += v;
    return Math.min(1, f);
  });
  let best = all;
  let bestCost = Infinity;
  for (let set = 1; set < 1 << words.length; set++) {
    const inIndex = words.map((_, i) => (set & (1 << i)) !== 0);
    let cost = 0;
    let found = stats.rows;
    inIndex.forEach((on, i) => {
      if (!on) return;
      cost += stats.rows * share[i] * (prefix && i === last ? LOOKUP_PREFIX : LOOKUP_WORD);
      found *= share[i];
    });
    cost += found * ROW_FOUND;
    if (cost < bestCost) { best = inIndex; bestCost = cost; }
  }
  return best;
}

/**
 * The condition of a name search: the words looked up in the index as one tsquery on its expression,
 * the others checked on the folded name as words (a regular expression on the same word boundaries:
 * anything but [a-z0-9] separates words; with `prefix` the last word only begins one).
 */
function nameCondition(words: string[], form: NameForm): SQL {
  if (words.length === 0) return sql`FALSE`;
  const inIndex = form.inIndex ?? words.map(() => true);
  const parts = [sql`${NAME_WORDS} @@ to_tsquery('simple'::regconfig, ${tsqueryOf(words, inIndex, form.prefix)})`];
  words.forEach((w, i) => {
    if (!inIndex[i]) parts.push(sql`m.name_fold ~ ${`(^|[^a-z0-9])${w}${form.prefix && i === words.length - 1 ? '' : '([^a-z0-9]|$)'}`}`);
  });
  return sql.join(parts, sql` AND `);
}

const wordStatsCache = new WeakMap<object, { at: number; stats: WordStats | null }>();

/** The word statistics of this database, read at most once a minute. */
async function wordStats(db: Db): Promise<WordStats | null> {
  const c = wordStatsCache.get(db);
  if (c && Date.now() - c.at < 60_000) return c.stats;
  const stats = await repo.nameWordStats(db);
  wordStatsCache.set(db, { at: Date.now(), stats });
  return stats;
}

/** Forget the cached word statistics (tests that ANALYZE new rows). */
export function forgetWordStats(db: Db): void {
  wordStatsCache.delete(db);
}

/** What a search box holds: a CCCD or phone (9–12 digits), a card number (any digit), or a name. */
function searchKind(s: string): 'number' | 'card' | 'name' {
  if (/^\d{9,12}$/.test(s.replace(/[\s.]/g, ''))) return 'number';
  return /\d/.test(s) ? 'card' : 'name';
}

/**
 * How a name search is matched: whole words, or (`prefix`) the last word as the beginning of a word;
 * `inIndex` says which words the word index looks up (the others are checked on the rows found, see
 * splitNameWords), all of them by default.
 */
export type NameForm = { prefix: boolean; inIndex?: boolean[] };

/** Is this list a name search (text without digits)? */
function isNameSearch(q: Partial<MemberListQuery>): boolean {
  return !!q.q && searchKind(q.q.trim()) === 'name';
}

/**
 * The list's conditions. A name search matches whole words; only when they find nobody (in the
 * caller's scope, with the list's filters) is the last word taken as the beginning of a word. `form`
 * fixes the form (listMembers decides it with a first query); without it, one condition applies the
 * rule itself: the whole-word matches, or the prefix matches when a subquery (evaluated once) finds
 * no whole-word match (the export's single statement).
 */
export function listWhere(ctx: Ctx, q: Partial<MemberListQuery>, unitPath: string | null, form?: NameForm): SQL {
  const units = unitWhere(ctx, unitPath);
  if (form || !isNameSearch(q)) return sql`${units} AND ${rowWhere(q, form)}`;
  const whole = rowWhere(q, { prefix: false });
  const none = sql`NOT EXISTS (SELECT 1 FROM ${repo.MEMBER_FROM} WHERE ${units} AND ${whole})`;
  return sql`${units} AND (${whole} OR (${rowWhere(q, { prefix: true })} AND ${none}))`;
}

/** The units whose members the list shows (on `u`): the caller's scope, within the chosen unit's subtree. */
function unitWhere(ctx: Ctx, unitPath: string | null): SQL {
  return unitPath ? sql`${visibleWhere(ctx)} AND u.path <@ ${unitPath}::ltree` : visibleWhere(ctx);
}

/** The list's other conditions (on `m`, and `p`, `o` when they need them). */
function rowWhere(q: Partial<MemberListQuery>, form: NameForm = { prefix: false }): SQL {
  const parts: SQL[] = [];
  if (q.organization) parts.push(sql`m.organization_id = ${q.organization}`);
  if (q.status && q.status !== 'all') parts.push(sql`m.status = ${q.status}`);
  if (q.role) parts.push(sql`m.role = ${q.role}`);
  if (q.gender) parts.push(sql`m.gender = ${q.gender}`);
  if (q.ethnicity) parts.push(sql`p.ethnicity = ${q.ethnicity}`);
  const year = Number(today().slice(0, 4));
  if (q.ageMin != null) parts.push(sql`m.birth_year <= ${year - q.ageMin}`);
  if (q.ageMax != null) parts.push(sql`m.birth_year >= ${year - q.ageMax}`);
  if (q.maturing) parts.push(sql`m.birth_year <= ${q.maturing} - COALESCE((SELECT (r.rules->>'maturityAge')::int FROM member_org_rules r WHERE r.organization_code = o.code), ${DEFAULT_RULES.DOAN.maturityAge!})
    AND (o.code = 'DOAN' OR EXISTS (SELECT 1 FROM member_org_rules r WHERE r.organization_code = o.code AND r.rules ? 'maturityAge'))`);
  if (q.flagged === 'true') parts.push(sql`m.flags <> '[]'::jsonb`);
  if (q.rating) parts.push(sql`EXISTS (SELECT 1 FROM member_ratings r WHERE r.membership_id = m.id AND r.year = ${q.ratingYear ?? year - 1} AND r.level = ${q.rating})`);
  if (q.q) {
    const s = q.q.trim();
    const kind = searchKind(s);
    if (kind === 'number') {
      // A CCCD or a phone number: exact matches only (no partial search on personal numbers).
      const digits = s.replace(/[\s.]/g, '');
      parts.push(sql`(p.cccd = ${digits} OR p.phone = ${digits} OR m.card_no = ${s})`);
    } else if (kind === 'card') {
      parts.push(sql`m.card_no = ${s}`); // names have no digits: a card number
    } else {
      // Written exactly as the expression of the word index, so that the index serves it.
      parts.push(nameCondition(nameWords(s), form));
    }
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`TRUE`;
}

const ORDER: Record<MemberListQuery['sort'], SQL> = {
  name: sql`m.name_fold, m.id`, '-name': sql`m.name_fold DESC, m.id DESC`,
  joined: sql`m.joined_on NULLS LAST, m.id`, '-joined': sql`m.joined_on DESC NULLS LAST, m.id DESC`,
  age: sql`m.birth_year DESC NULLS LAST, m.id`, '-age': sql`m.birth_year NULLS LAST, m.id`,
};

export async function unitPathFor(ctx: Ctx, unitId: number | undefined): Promise<string | null> {
  if (!unitId) return null;
  const u = await loadUnitRef(ctx, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'members.aggregate', u) || can(ctx.actor, 'units.read', u))) {
    throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  }
  return u.path;
}

/** Names a search with more matches than the cap may read in name order before it collects them instead. */
export const NAME_WALK = 20_000;
/** Units a search lists by id (more: it joins units with the scope's condition). */
const SCOPE_UNITS = 5_000;

export async function listMembers(ctx: Ctx, q: MemberListQuery): Promise<{ rows: MemberRow[]; total: number; totalCapped: boolean }> {
  const actor = requireActor(ctx);
  const unitPath = await unitPathFor(ctx, q.unit);
  const order = ORDER[q.sort];
  const kind = q.q ? searchKind(q.q.trim()) : null;
  const needsPerson = !!q.ethnicity || kind === 'number';
  const words = kind === 'name' ? nameWords(q.q!) : [];
  const cap = words.length === 1 ? ONE_WORD_CAP : TOTAL_CAP;
  let beyond: Awaited<ReturnType<typeof namePage>> | null = null;
  if (kind === 'name') {
    const found = await namePage(ctx, q, unitPath, order, words, cap, needsPerson);
    // The statement logged the rows it read: a row is unmasked only if it did.
    if (found.n <= cap) return { rows: found.rows.map((m) => present(ctx, m, m.logged === true)), total: found.n, totalCapped: false };
    beyond = found;
  }
  // Lists, and name searches with more matches than the cap: a page of 50 is answered in a few ms by
  // one backend, parallel workers only add their start-up cost; the access-log row commits with it.
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
    let list: repo.MemberRaw[];
    let n: number;
    if (beyond) {
      // Read in name order from the name index when the matches come early in that order ("thi",
      // "hoa"), otherwise collected in full (a family name alone, clustered far down the order: "nguyen").
      const walked = q.sort.endsWith('name')
        ? await repo.pageByNameWalk(tx.db, listWhere(tx, q, unitPath, beyond.form), words, q.sort === '-name', q.limit, q.offset, NAME_WALK, needsPerson, !!q.maturing)
        : null;
      const ids = walked ?? (await repo.collectMatches(tx.db, beyond.units, rowWhere(q, beyond.form), order, q.limit, q.offset, null, needsPerson, !!q.maturing)).ids;
      list = await repo.selectMembersByIds(tx.db, ids, visibleWhere(tx), order);
      n = beyond.n;
    } else {
      const where = listWhere(tx, q, unitPath);
      list = await repo.selectMembers(tx.db, where, order, q.limit, q.offset);
      n = await repo.countMembers(tx.db, where, cap, needsPerson, !!q.maturing);
    }
    const out = list.map((m) => present(ctx, m));
    await repo.logAccess(tx.db, { actorId: actor.userId, kind: 'list', personIds: out.filter((r) => !r.masked).map((r) => r.personId), requestId: ctx.requestId });
    return { rows: out, total: Math.min(n, cap), totalCapped: n > cap };
  });
}

/**
 * A name search's page, up to the cap: its matches are collected once through the word index,
 * counted, sorted, and the page is cut from them, read with its people, units and organizations, and
 * its access-log row written, all in one statement (which, as it writes, is planned without parallel
 * workers). Whole words first; when they find nobody, the last word is taken as a beginning instead
 * (a second statement: a full name or "family + given name" that exists never pays for the prefix,
 * which costs the word index two to three times a whole word). The units in scope are listed first
 * (their condition is the scope check, unchanged), so that the index is read once. With more matches
 * than the cap, no rows: `form` and `units` say what to read beyond it.
 */
async function namePage(ctx: Ctx, q: MemberListQuery, unitPath: string | null, order: SQL, words: string[], cap: number, needsPerson: boolean) {
  const stats = words.length > 1 ? await wordStats(ctx.db) : null;
  const formOf = (prefix: boolean): NameForm => ({ prefix, inIndex: words.length > 1 ? splitNameWords(words, stats, prefix) : undefined });
  const inScope = unitWhere(ctx, unitPath);
  const units = (await repo.unitIdsWhere(ctx.db, inScope, SCOPE_UNITS)) ?? inScope;
  const reader: repo.PageReader = { actorId: ctx.actor!.userId, requestId: ctx.requestId, personal: scopeWhere(ctx, 'members.personal', { unitPath: sql`u.path`, areaPath: sql`u.area_path` }) };
  const page = (form: NameForm) => repo.collectPage(ctx.db, units, rowWhere(q, form), order, q.limit, q.offset, cap, visibleWhere(ctx), reader, needsPerson, !!q.maturing);
  let form = formOf(false);
  let hit = await page(form);
  if (hit.n === 0) {
    form = formOf(true);
    hit = await page(form);
  }
  return { ...hit, form, units };
}

export async function getMember(ctx: Ctx, id: number): Promise<MemberDetail> {
  const actor = requireActor(ctx);
  const m = await loadVisible(ctx, id);
  const row = present(ctx, m);
  const personal = !row.masked;
  const others = await rows<{ id: number; unitName: string; organizationName: string; status: string; unitPath: string; unitAreaPath: string | null }>(ctx.db, sql`
    SELECT m.id, u.name AS "unitName", o.short_name AS "organizationName", m.status, u.path::text AS "unitPath", u.area_path::text AS "unitAreaPath"
    FROM memberships m JOIN units u ON u.id = m.unit_id JOIN organizations o ON o.id = m.organization_id
    WHERE m.person_id = ${m.personId} AND m.id <> ${m.id} ORDER BY m.started_on, m.id`);
  // The timeline follows the person through this organization: earlier memberships (transfers) too.
  const chain = others.filter((o) => canSee(ctx, o)).map((o) => o.id);
  const events = await repo.eventsOf(ctx.db, [m.id, ...chain]);
  const rules = await rulesFor(ctx.db, m.organizationCode);
  const ratings = await rows<{ year: number; level: string }>(ctx.db, sql`SELECT year, level FROM member_ratings WHERE membership_id = ${m.id} ORDER BY year DESC`);
  const pending = await one<{ id: number; toUnitName: string; onDate: string }>(ctx.db, sql`
    SELECT t.id, u.name AS "toUnitName", t.on_date AS "onDate" FROM member_transfers t JOIN units u ON u.id = t.to_unit_id
    WHERE t.membership_id = ${m.id} AND t.status = 'pending'`);
  if (personal) await repo.logAccess(ctx.db, { actorId: actor.userId, kind: 'view', personIds: [m.personId], requestId: ctx.requestId });
  const canWrite = can(ctx.actor, 'members.write', unitOf(m));
  return {
    ...row, version: m.version, personVersion: m.personVersion,
    areaId: m.areaId, areaName: m.areaName, address: personal ? m.address : null, occupation: m.occupation, employer: m.employer,
    education: m.education, theoryLevel: m.theoryLevel, partyMember: personal ? m.partyMember : null, veteran: m.veteran,
    startedOn: m.startedOn, endedOn: m.endedOn, erased: !!m.erasedAt, unitPath: m.unitPath,
    canWrite, canPersonal: personal,
    canEditPerson: canWrite && !m.erasedAt && (await personReach(ctx.db, ctx.actor, m.personId)).editable,
    otherMemberships: others.map((o) => ({ id: o.id, unitName: canSee(ctx, o) ? o.unitName : o.organizationName, organizationName: o.organizationName, status: o.status as MemberRow['status'], visible: canSee(ctx, o) })),
    ratings: ratings.map((r) => ({ ...r, label: rules.ratingLevels.find((l) => l.code === r.level)?.label ?? r.level })),
    pendingTransfer: pending ?? null,
    events: timeline(m, events),
  };
}

/**
 * The timeline; a membership written by a spreadsheet import has no event row of its own (a million
 * rows would double the import's writes), so its start is shown from the membership itself.
 */
function timeline(m: repo.MemberFull, events: Awaited<ReturnType<typeof repo.eventsOf>>) {
  const out = events.map(({ membershipId: _m, ...e }) => ({ ...e, data: e.data ?? null }));
  if (!events.some((e) => e.membershipId === m.id && (e.kind === 'join' || e.kind === 'transfer_in'))) {
    out.unshift({ id: -m.id, kind: 'join', onDate: m.startedOn, reason: null, unitName: m.unitName, data: m.importRef ? { import: true } : null, recordedBy: null, recordedAt: m.createdAt });
    out.sort((a, b) => (a.onDate < b.onDate ? -1 : a.onDate > b.onDate ? 1 : a.id - b.id));
  }
  return out;
}

// ---- create and update ------------------------------------------------------------------------

function personFields(input: PersonInput, base?: repo.PersonFields): repo.PersonFields {
  const pick = <K extends keyof PersonInput>(k: K, d: unknown) => (input[k] === undefined ? d : input[k]);
  const fullName = input.fullName ? titleCaseName(input.fullName) : base!.fullName;
  const birthDate = pick('birthDate', base?.birthDate ?? null) as string | null;
  const birthYear = birthDate ? Number(birthDate.slice(0, 4)) : (pick('birthYear', input.birthDate === null ? null : base?.birthYear ?? null) as number | null);
  return {
    fullName, nameFold: fold(fullName), birthDate, birthYear,
    gender: pick('gender', base?.gender ?? null) as string | null,
    ethnicity: pick('ethnicity', base?.ethnicity ?? null) as string | null,
    religion: pick('religion', base?.religion ?? null) as string | null,
    cccd: pick('cccd', base?.cccd ?? null) as string | null,
    phone: pick('phone', base?.phone ?? null) as string | null,
    areaId: pick('areaId', base?.areaId ?? null) as number | null,
    address: pick('address', base?.address ?? null) as string | null,
    occupation: pick('occupation', base?.occupation ?? null) as string | null,
    employer: pick('employer', base?.employer ?? null) as string | null,
    education: pick('education', base?.education ?? null) as string | null,
    theoryLevel: pick('theoryLevel', base?.theoryLevel ?? null) as string | null,
    partyMember: pick('partyMember', base?.partyMember ?? null) as boolean | null,
    veteran: pick('veteran', base?.veteran ?? null) as boolean | null,
  };
}

function validatePerson(p: repo.PersonFields) {
  const issues: Issue[] = [];
  if (p.cccd) issues.push(...checkCccd(p.cccd, p.birthYear, p.gender as never).errors);
  if (p.birthDate && p.birthDate > today()) issues.push({ field: 'birthDate', key: 'members.birth.future' });
  if (issues.length) throw new FieldValidationError(issues.map((i) => ({ path: i.field, messageKey: i.key, params: i.params })));
}

async function cccdOwner(db: Db, cccd: string | null, exceptId?: number): Promise<number | null> {
  if (!cccd) return null;
  const r = await one<{ id: number }>(db, sql`SELECT id FROM member_people WHERE cccd = ${cccd} ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  return r?.id ?? null;
}

const auditView = (p: Partial<repo.PersonFields> & Record<string, unknown>) => {
  const { nameFold: _n, ...rest } = p;
  return rest;
};

type UnitInfo = { id: number; path: string; areaPath: string | null; organizationId: number; organizationCode: string; closedAt: string | null; name: string };
export async function loadUnitInfo(db: Db, unitId: number): Promise<UnitInfo | undefined> {
  return one<UnitInfo>(db, sql`SELECT u.id, u.path::text AS path, u.area_path::text AS "areaPath", u.organization_id AS "organizationId", o.code AS "organizationCode",
    u.closed_at AS "closedAt", u.name FROM units u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ${unitId}`);
}

async function writableUnit(ctx: Ctx, unitId: number): Promise<UnitInfo> {
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'units.read', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  if (!can(ctx.actor, 'members.write', u)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  if (u.closedAt) throw new FieldValidationError([{ path: 'unitId', messageKey: 'members.unit.closed' }]);
  return u;
}

export async function createMember(ctx: Ctx, input: CreateMemberInput): Promise<MemberDetail> {
  const actor = requireActor(ctx);
  let linkedOutOfScope = false;
  let id: number;
  try {
    id = await inTransaction(ctx, async (tx) => {
      const unit = await writableUnit(tx, input.unitId);
      let personId = input.personId ?? null;
      let person: repo.PersonFields;
      let linked: 'cccd' | 'person' | null = null;
      if (personId) {
        // Attach to a person the caller can already see through another membership.
        const visible = await one(tx.db, sql`SELECT 1 FROM memberships m JOIN units u ON u.id = m.unit_id WHERE m.person_id = ${personId} AND ${visibleWhere(tx)}`);
        const p = visible ? await repo.findPerson(tx.db, personId) : undefined;
        if (!p || p.erasedAt) throw new FieldValidationError([{ path: 'personId', messageKey: 'members.person.unknown' }]);
        person = p;
        linked = 'person';
      } else {
        person = personFields(input);
        validatePerson(person);
        // The same citizen ID is the same person: a second organization's membership links to them.
        personId = await cccdOwner(tx.db, person.cccd);
        if (personId) { person = (await repo.findPerson(tx.db, personId))!; linked = 'cccd'; }
      }
      if (personId && linked) {
        // Before any other check that could tell something about the stored person (eligibility, membership).
        const reach = await personReach(tx.db, tx.actor, personId);
        const given = { fullName: input.fullName, birthDate: input.birthDate ?? null };
        if (matchDecision(reach, person, given, linked) !== 'link') throw new IdentityRefused(personId, unit.id, linked);
        linkedOutOfScope = !reach.personal;
      }
      const rules = await rulesFor(tx.db, unit.organizationCode);
      const issues = eligibilityIssues(rules, person, input.joinedOn);
      if (issues.length && rules.onBreach === 'refuse') {
        throw new FieldValidationError(issues.map((i) => ({ path: i.field, messageKey: i.key, params: i.params })));
      }
      if (personId && await one(tx.db, sql`SELECT 1 FROM memberships WHERE person_id = ${personId} AND organization_id = ${unit.organizationId} AND ended_on IS NULL`)) {
        throw new AppError('MEMBER_ALREADY', 409, {}, 'members.person.already_member');
      }
      const isNew = !personId;
      if (!personId) personId = await repo.insertPerson(tx.db, person);
      const flags = issues.map((i) => ({ code: i.key, params: i.params ?? {} }));
      const mid = await repo.insertMembership(tx.db, {
        personId, organizationId: unit.organizationId, unitId: unit.id, fullName: person.fullName, nameFold: person.nameFold, gender: person.gender,
        birthYear: person.birthYear, joinedOn: input.joinedOn, startedOn: input.joinedOn, role: input.role, cardNo: input.cardNo ?? null, flags,
      });
      await repo.addEvent(tx.db, { membershipId: mid, personId, unitId: unit.id, kind: 'join', onDate: input.joinedOn, data: { role: input.role, flags }, recordedBy: actor.userId });
      // A linked person is not written by this request: the audit row names them by id only (the log is
      // read by the unit's admins, who may not see that person's record).
      const who = isNew ? { personId, ...auditView(person) } : { personId, linkedBy: linked };
      await writeAudit(tx, { action: 'members.create', entity: 'membership', entityId: mid, unitId: unit.id, after: { ...who, joinedOn: input.joinedOn, role: input.role, cardNo: input.cardNo ?? null, flags }, redact: PERSONAL_KEYS });
      return mid;
    });
  } catch (e) {
    if (!(e instanceof IdentityRefused)) throw e;
    // The request's transaction rolled back; the attempt is recorded on its own.
    await inTransaction(ctx, (tx) => writeAudit(tx, { action: 'members.cccd_match_refused', entity: 'person', entityId: e.personId, unitId: e.unitId, after: { unitId: e.unitId, by: e.by } }));
    throw e;
  }
  const detail = await getMember(ctx, id);
  return linkedOutOfScope ? linkedView(detail, input) : detail;
}

export async function updateMember(ctx: Ctx, id: number, input: UpdateMemberInput): Promise<MemberDetail> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const m = await loadWritable(tx, id);
    checkVersion(m, input.version);
    if (m.erasedAt) throw new AppError('MEMBER_ERASED', 409, {}, 'members.person.erased');
    const before = (await repo.findPerson(tx.db, m.personId))!;
    const after = personFields(input as PersonInput, before);
    const changed = changedPersonFields(before, after);
    if (changed.length) {
      // The person record is shared: changed only by someone with a say over every current membership.
      if (!(await personReach(tx.db, tx.actor, m.personId)).editable) throw personLocked(tx, changed);
      validatePerson(after);
      if (after.cccd && after.cccd !== before.cccd && (await cccdOwner(tx.db, after.cccd, m.personId))) {
        throw new FieldValidationError([{ path: 'cccd', messageKey: 'members.cccd.taken' }]);
      }
      await repo.updatePerson(tx.db, m.personId, after);
    }
    await tx.db.execute(sql`UPDATE memberships SET joined_on = ${input.joinedOn ?? m.joinedOn}::date, card_no = ${input.cardNo === undefined ? m.cardNo : input.cardNo},
      role = ${input.role ?? m.role}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    const afterPerson = (await repo.findPerson(tx.db, m.personId))!;
    const changes: Record<string, unknown> = {};
    for (const k of Object.keys(input)) if (k !== 'version') changes[k] = (input as Record<string, unknown>)[k];
    await repo.addEvent(tx.db, { membershipId: id, personId: m.personId, unitId: m.unitId, kind: 'update', onDate: today(),
      data: { fields: Object.keys(changes) }, recordedBy: actor.userId });
    await writeAudit(tx, { action: 'members.update', entity: 'membership', entityId: id, unitId: m.unitId,
      before: { ...auditView(before), joinedOn: m.joinedOn, cardNo: m.cardNo, role: m.role }, after: { ...auditView(afterPerson), ...changes }, redact: PERSONAL_KEYS });
  });
  return getMember(ctx, id);
}

// ---- lifecycle --------------------------------------------------------------------------------

type Lifecycle = z.infer<typeof zLifecycleInput>;
const TRANSITIONS: Record<string, { from: string[]; to: string; ends: boolean }> = {
  suspend: { from: ['active'], to: 'suspended', ends: false },
  resume: { from: ['suspended'], to: 'active', ends: false },
  leave: { from: ['active', 'suspended'], to: 'left', ends: true },
  death: { from: ['active', 'suspended'], to: 'deceased', ends: true },
};

export async function changeStatus(ctx: Ctx, id: number, action: keyof typeof TRANSITIONS, input: Lifecycle): Promise<MemberDetail> {
  const actor = requireActor(ctx);
  const tr = TRANSITIONS[action];
  await inTransaction(ctx, async (tx) => {
    const m = await loadWritable(tx, id);
    checkVersion(m, input.version);
    if (!tr.from.includes(m.status)) throw new AppError('MEMBER_BAD_STATE', 409, { status: m.status }, 'members.lifecycle.bad_state');
    if (input.date < m.startedOn) throw new FieldValidationError([{ path: 'date', messageKey: 'members.lifecycle.before_start' }]);
    await tx.db.execute(sql`UPDATE memberships SET status = ${tr.to}, ended_on = ${tr.ends ? input.date : null}::date, version = version + 1, updated_at = now() WHERE id = ${id}`);
    await tx.db.execute(sql`UPDATE member_transfers SET status = 'cancelled', decided_at = now(), decided_by = ${actor.userId} WHERE membership_id = ${id} AND status = 'pending' AND ${tr.ends}`);
    if (action === 'death') {
      // A person who died is no longer a member anywhere.
      const rest = await rows<{ id: number; unitId: number }>(tx.db, sql`UPDATE memberships SET status = 'deceased', ended_on = ${input.date}::date, version = version + 1, updated_at = now()
        WHERE person_id = ${m.personId} AND id <> ${id} AND ended_on IS NULL RETURNING id, unit_id AS "unitId"`);
      for (const r of rest) await repo.addEvent(tx.db, { membershipId: r.id, personId: m.personId, unitId: r.unitId, kind: 'death', onDate: input.date, reason: input.reason, recordedBy: actor.userId });
    }
    await repo.addEvent(tx.db, { membershipId: id, personId: m.personId, unitId: m.unitId, kind: action, onDate: input.date, reason: input.reason, recordedBy: actor.userId });
    await writeAudit(tx, { action: `members.${action}`, entity: 'membership', entityId: id, unitId: m.unitId, before: { status: m.status }, after: { status: tr.to, date: input.date, reason: input.reason ?? null } });
  });
  return getMember(ctx, id);
}

export async function requestTransfer(ctx: Ctx, id: number, input: z.infer<typeof zTransferInput>): Promise<MemberDetail> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const m = await loadWritable(tx, id);
    checkVersion(m, input.version);
    if (m.status !== 'active') throw new AppError('MEMBER_BAD_STATE', 409, { status: m.status }, 'members.lifecycle.bad_state');
    // The receiving unit may be anywhere (another commune, another province): it must exist, be open and
    // belong to the same organization; the receiving side accepts.
    const to = await loadUnitInfo(tx.db, input.toUnitId);
    if (!to || to.closedAt) throw new FieldValidationError([{ path: 'toUnitId', messageKey: 'members.transfer.unit_unknown' }]);
    if (to.organizationId !== m.organizationId) throw new FieldValidationError([{ path: 'toUnitId', messageKey: 'members.transfer.other_organization' }]);
    if (to.id === m.unitId) throw new FieldValidationError([{ path: 'toUnitId', messageKey: 'members.transfer.same_unit' }]);
    if (input.date < m.startedOn) throw new FieldValidationError([{ path: 'date', messageKey: 'members.lifecycle.before_start' }]);
    if (await one(tx.db, sql`SELECT 1 FROM member_transfers WHERE membership_id = ${id} AND status = 'pending'`)) throw new AppError('TRANSFER_PENDING', 409, {}, 'members.transfer.pending');
    const tr = await one<{ id: number }>(tx.db, sql`INSERT INTO member_transfers (membership_id, from_unit_id, to_unit_id, on_date, reason, requested_by)
      VALUES (${id}, ${m.unitId}, ${to.id}, ${input.date}::date, ${input.reason ?? null}, ${actor.userId}) RETURNING id`);
    await tx.db.execute(sql`UPDATE memberships SET version = version + 1, updated_at = now() WHERE id = ${id}`);
    await repo.addEvent(tx.db, { membershipId: id, personId: m.personId, unitId: m.unitId, kind: 'transfer_request', onDate: input.date, reason: input.reason, data: { toUnitId: to.id, toUnitName: to.name, transferId: tr!.id }, recordedBy: actor.userId });
    await writeAudit(tx, { action: 'members.transfer_request', entity: 'membership', entityId: id, unitId: m.unitId, after: { transferId: tr!.id, toUnitId: to.id, date: input.date } });
  });
  return getMember(ctx, id);
}

export async function listTransfers(ctx: Ctx, q: z.infer<typeof zTransferQuery>) {
  requireActor(ctx);
  const side = q.direction === 'incoming' ? sql`tu` : sql`fu`;
  const scope = scopeWhere(ctx, 'members.write', { unitPath: sql`${side}.path` });
  return rows<z.infer<typeof import('../../../common/members').zTransfer>>(ctx.db, sql`
    SELECT t.id, t.membership_id AS "memberId", m.full_name AS "fullName", fu.name AS "fromUnitName", tu.name AS "toUnitName", t.on_date AS "onDate",
      t.reason, t.status, t.requested_at AS "requestedAt", t.new_membership_id AS "newMemberId"
    FROM member_transfers t JOIN memberships m ON m.id = t.membership_id JOIN units fu ON fu.id = t.from_unit_id JOIN units tu ON tu.id = t.to_unit_id
    WHERE ${scope} ${q.status === 'all' ? sql`` : sql`AND t.status = ${q.status}`} ORDER BY t.id DESC LIMIT 500`);
}

/** The receiving unit accepts (the membership moves: the old one ends, a new one starts) or rejects. */
export async function decideTransfer(ctx: Ctx, transferId: number, accept: boolean, reason?: string): Promise<{ id: number; status: string; newMemberId: number | null }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const tr = await one<{ id: number; membershipId: number; toUnitId: number; onDate: string; status: string; toPath: string; fromPath: string }>(tx.db, sql`
      SELECT t.id, t.membership_id AS "membershipId", t.to_unit_id AS "toUnitId", t.on_date AS "onDate", t.status, tu.path::text AS "toPath", fu.path::text AS "fromPath"
      FROM member_transfers t JOIN units tu ON tu.id = t.to_unit_id JOIN units fu ON fu.id = t.from_unit_id WHERE t.id = ${transferId} FOR UPDATE OF t`);
    const canTo = tr && can(ctx.actor, 'members.write', { path: tr.toPath, areaPath: null });
    const canFrom = tr && can(ctx.actor, 'members.write', { path: tr.fromPath, areaPath: null });
    // The receiving side decides; the sending side may only withdraw (reject) its own request.
    if (!tr || (!canTo && !(canFrom && !accept))) throw new AppError('TRANSFER_NOT_FOUND', 404, {}, 'error.not_found');
    if (tr.status !== 'pending') throw new AppError('TRANSFER_DECIDED', 409, { status: tr.status }, 'members.transfer.decided');
    const m = (await repo.findMember(tx.db, tr.membershipId))!;
    if (!accept) {
      const status = canTo ? 'rejected' : 'cancelled';
      await tx.db.execute(sql`UPDATE member_transfers SET status = ${status}, decided_by = ${actor.userId}, decided_at = now() WHERE id = ${tr.id}`);
      await repo.addEvent(tx.db, { membershipId: m.id, personId: m.personId, unitId: m.unitId, kind: 'transfer_rejected', onDate: today(), reason, data: { transferId: tr.id, status }, recordedBy: actor.userId });
      await writeAudit(tx, { action: 'members.transfer_reject', entity: 'membership', entityId: m.id, unitId: m.unitId, after: { transferId: tr.id, status, reason: reason ?? null } });
      return { id: tr.id, status, newMemberId: null };
    }
    if (m.status !== 'active') throw new AppError('MEMBER_BAD_STATE', 409, { status: m.status }, 'members.lifecycle.bad_state');
    const to = (await loadUnitInfo(tx.db, tr.toUnitId))!;
    await tx.db.execute(sql`UPDATE memberships SET status = 'transferred', ended_on = ${tr.onDate}::date, version = version + 1, updated_at = now() WHERE id = ${m.id}`);
    const newId = await repo.insertMembership(tx.db, {
      personId: m.personId, organizationId: m.organizationId, unitId: to.id, fullName: m.fullName, nameFold: fold(m.fullName), gender: m.gender,
      birthYear: m.birthYear, joinedOn: m.joinedOn, startedOn: tr.onDate, role: m.role === 'officer' ? 'member' : m.role, cardNo: m.cardNo,
      prevMembershipId: m.id, flags: m.flags,
    });
    await tx.db.execute(sql`UPDATE member_transfers SET status = 'accepted', decided_by = ${actor.userId}, decided_at = now(), new_membership_id = ${newId} WHERE id = ${tr.id}`);
    await repo.addEvent(tx.db, { membershipId: m.id, personId: m.personId, unitId: m.unitId, kind: 'transfer_out', onDate: tr.onDate, data: { toUnitId: to.id, toUnitName: to.name, newMemberId: newId }, recordedBy: actor.userId });
    await repo.addEvent(tx.db, { membershipId: newId, personId: m.personId, unitId: to.id, kind: 'transfer_in', onDate: tr.onDate, data: { fromUnitId: m.unitId, fromUnitName: m.unitName, previousMemberId: m.id }, recordedBy: actor.userId });
    await writeAudit(tx, { action: 'members.transfer_accept', entity: 'membership', entityId: newId, unitId: to.id, before: { membershipId: m.id, unitId: m.unitId }, after: { membershipId: newId, unitId: to.id, date: tr.onDate } });
    return { id: tr.id, status: 'accepted', newMemberId: newId };
  });
}

// ---- ratings ----------------------------------------------------------------------------------

export async function rateMember(ctx: Ctx, id: number, input: z.infer<typeof zRatingInput>): Promise<MemberDetail> {
  await bulkRate(ctx, { year: input.year, items: [{ memberId: id, level: input.level }] }, input.note);
  return getMember(ctx, id);
}

export async function bulkRate(ctx: Ctx, input: z.infer<typeof zBulkRatingInput>, note?: string): Promise<{ rated: number }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    let n = 0;
    for (const it of input.items) {
      const m = await loadWritable(tx, it.memberId);
      const rules = await rulesFor(tx.db, m.organizationCode);
      if (!rules.ratingLevels.some((l) => l.code === it.level)) {
        throw new FieldValidationError([{ path: 'level', messageKey: 'members.rating.level_unknown', params: { levels: rules.ratingLevels.map((l) => l.code).join(', ') } }]);
      }
      const before = await one<{ level: string }>(tx.db, sql`SELECT level FROM member_ratings WHERE membership_id = ${m.id} AND year = ${input.year}`);
      await tx.db.execute(sql`INSERT INTO member_ratings (membership_id, unit_id, year, level, note, rated_by) VALUES (${m.id}, ${m.unitId}, ${input.year}, ${it.level}, ${note ?? null}, ${actor.userId})
        ON CONFLICT (membership_id, year) DO UPDATE SET level = EXCLUDED.level, note = EXCLUDED.note, rated_by = EXCLUDED.rated_by, rated_at = now()`);
      await repo.addEvent(tx.db, { membershipId: m.id, personId: m.personId, unitId: m.unitId, kind: 'rating', onDate: today(), data: { year: input.year, level: it.level }, recordedBy: actor.userId });
      await writeAudit(tx, { action: 'members.rate', entity: 'membership', entityId: m.id, unitId: m.unitId, before: before ?? null, after: { year: input.year, level: it.level } });
      n++;
    }
    return { rated: n };
  });
}

/** Distribution of ratings per child unit (the unit itself when it has no children) for a year. */
export async function ratingSummary(ctx: Ctx, unitId: number, year: number) {
  requireActor(ctx);
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'members.aggregate', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  const rules = await rulesFor(ctx.db, u.organizationCode);
  const groups = await childGroups(ctx.db, u);
  const end = `${year}-12-31`;
  const data = await rows<{ gid: number; level: string | null; n: number }>(ctx.db, sql`
    WITH g AS (SELECT * FROM unnest(${sql.param(groups.map((x) => x.id))}::int[], ${sql.param(groups.map((x) => x.path))}::text[]) AS g(gid, gpath))
    SELECT g.gid, r.level, count(*)::int AS n FROM g JOIN units un ON un.path <@ g.gpath::ltree JOIN memberships m ON m.unit_id = un.id
      LEFT JOIN member_ratings r ON r.membership_id = m.id AND r.year = ${year}
    WHERE ${repo.activeOn(end)} GROUP BY g.gid, r.level`);
  return {
    year, levels: rules.ratingLevels,
    rows: groups.map((gr) => {
      const mine = data.filter((d) => d.gid === gr.id);
      const counts: Record<string, number> = {};
      for (const l of rules.ratingLevels) counts[l.code] = mine.find((d) => d.level === l.code)?.n ?? 0;
      return { unitId: gr.id, unitName: gr.name, members: mine.reduce((s, d) => s + d.n, 0), rated: mine.filter((d) => d.level).reduce((s, d) => s + d.n, 0), counts };
    }),
  };
}

async function childGroups(db: Db, u: { id: number; path: string; name: string }) {
  const kids = await rows<{ id: number; path: string; name: string; areaPath: string | null; childCount: number }>(db, sql`
    SELECT u.id, u.path::text AS path, u.name, u.area_path::text AS "areaPath", (SELECT count(*)::int FROM units c WHERE c.parent_id = u.id) AS "childCount"
    FROM units u WHERE u.parent_id = ${u.id} AND u.closed_at IS NULL ORDER BY u.name`);
  return [{ id: u.id, path: u.path, name: u.name, self: true }, ...kids.map((k) => ({ ...k, self: false }))];
}

// ---- gathering rate ---------------------------------------------------------------------------

export async function setEligible(ctx: Ctx, input: z.infer<typeof zEligibleInput>) {
  requireActor(ctx);
  const area = await one<{ id: number; path: string }>(ctx.db, sql`SELECT id, path::text AS path FROM areas WHERE id = ${input.areaId}`);
  if (!area) throw new FieldValidationError([{ path: 'areaId', messageKey: 'members.area.unknown' }]);
  // Entered by whoever may write members of that organization in that area.
  const unit = await one<{ id: number; path: string; areaPath: string }>(ctx.db, sql`SELECT id, path::text AS path, area_path::text AS "areaPath" FROM units
    WHERE organization_id = ${input.organizationId} AND area_id = ${input.areaId} AND closed_at IS NULL ORDER BY depth LIMIT 1`);
  if (!unit || !can(ctx.actor, 'members.write', unit)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  await inTransaction(ctx, async (tx) => {
    const before = await one(tx.db, sql`SELECT count FROM member_eligible WHERE area_id = ${area.id} AND organization_id = ${input.organizationId} AND year = ${input.year}`);
    await tx.db.execute(sql`INSERT INTO member_eligible (area_id, area_path, organization_id, year, count) VALUES (${area.id}, ${area.path}::ltree, ${input.organizationId}, ${input.year}, ${input.count})
      ON CONFLICT (area_id, organization_id, year) DO UPDATE SET count = EXCLUDED.count, updated_at = now()`);
    await writeAudit(tx, { action: 'members.eligible', entity: 'member_eligible', entityId: `${area.id}:${input.organizationId}:${input.year}`, unitId: unit.id, before: before ?? null, after: input });
  });
  return { ok: true };
}

export async function eligibleFor(db: Db, areaPath: string | null, organizationId: number, year: number): Promise<number | null> {
  if (!areaPath) return null;
  const r = await one<{ n: number | null }>(db, sql`SELECT sum(count)::int AS n FROM member_eligible WHERE area_path <@ ${areaPath}::ltree AND organization_id = ${organizationId} AND year = ${year}`);
  return r?.n ?? null;
}

/** Members / eligible people for a unit and each of its children (the chart over the tree). */
export async function gathering(ctx: Ctx, unitId: number, year: number) {
  requireActor(ctx);
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'members.aggregate', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  const kids = await rows<{ id: number; path: string; name: string; areaId: number | null; areaPath: string | null; areaName: string | null; childCount: number }>(ctx.db, sql`
    SELECT u.id, u.path::text AS path, u.name, u.area_id AS "areaId", u.area_path::text AS "areaPath", a.name AS "areaName", (SELECT count(*)::int FROM units c WHERE c.parent_id = u.id) AS "childCount"
    FROM units u LEFT JOIN areas a ON a.id = u.area_id WHERE u.id = ${u.id} OR (u.parent_id = ${u.id} AND u.closed_at IS NULL) ORDER BY u.depth, u.name`);
  const asOf = year >= Number(today().slice(0, 4)) ? today() : `${year}-12-31`;
  const out = [];
  for (const k of kids) {
    const c = await one<{ members: number; people: number }>(ctx.db, sql`SELECT count(*)::int AS members, count(DISTINCT m.person_id)::int AS people
      FROM units un JOIN memberships m ON m.unit_id = un.id WHERE un.path <@ ${k.path}::ltree AND ${repo.activeOn(asOf)}`);
    const eligible = await eligibleFor(ctx.db, k.areaPath, u.organizationId, year);
    out.push({ unitId: k.id, unitName: k.name, areaId: k.areaId, areaName: k.areaName, organizationId: u.organizationId, members: c!.members, people: c!.people, eligible,
      rate: eligible ? Math.round((c!.people / eligible) * 1000) / 10 : null, childCount: k.childCount });
  }
  return out;
}

// ---- stats ------------------------------------------------------------------------------------

export async function subtreeCounts(db: Db, unitPath: string, from: string, to: string) {
  const c = await one<{ memberships: number; people: number; core: number }>(db, sql`
    SELECT count(*)::int AS memberships, count(DISTINCT m.person_id)::int AS people, count(*) FILTER (WHERE m.role = 'core')::int AS core
    FROM units un JOIN memberships m ON m.unit_id = un.id WHERE un.path <@ ${unitPath}::ltree AND ${repo.activeOn(to)}`);
  const joined = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM units un JOIN memberships m ON m.unit_id = un.id
    WHERE un.path <@ ${unitPath}::ltree AND m.started_on BETWEEN ${from}::date AND ${to}::date
      AND NOT EXISTS (SELECT 1 FROM memberships pm JOIN units pu ON pu.id = pm.unit_id WHERE pm.id = m.prev_membership_id AND pu.path <@ ${unitPath}::ltree)`);
  const left = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM units un JOIN memberships m ON m.unit_id = un.id
    WHERE un.path <@ ${unitPath}::ltree AND m.ended_on BETWEEN ${from}::date AND ${to}::date
      AND NOT EXISTS (SELECT 1 FROM memberships nm JOIN units nu ON nu.id = nm.unit_id WHERE nm.prev_membership_id = m.id AND nu.path <@ ${unitPath}::ltree)`);
  return { ...c!, joined: joined!.n, left: left!.n };
}

export async function stats(ctx: Ctx, unitId: number, asOf?: string, from?: string) {
  requireActor(ctx);
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'members.aggregate', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  const to = asOf ?? today();
  const start = from ?? `${to.slice(0, 4)}-01-01`;
  const c = await subtreeCounts(ctx.db, u.path, start, to);
  const byStatus = await rows<{ k: string; n: number }>(ctx.db, sql`SELECT m.status AS k, count(*)::int AS n FROM units un JOIN memberships m ON m.unit_id = un.id
    WHERE un.path <@ ${u.path}::ltree AND m.ended_on IS NULL GROUP BY m.status`);
  const byGender = await rows<{ k: string; n: number }>(ctx.db, sql`SELECT COALESCE(m.gender, 'unknown') AS k, count(*)::int AS n FROM units un JOIN memberships m ON m.unit_id = un.id
    WHERE un.path <@ ${u.path}::ltree AND ${repo.activeOn(to)} GROUP BY 1`);
  return { unitId, asOf: to, from: start, ...c, byStatus: Object.fromEntries(byStatus.map((r) => [r.k, r.n])), byGender: Object.fromEntries(byGender.map((r) => [r.k, r.n])) };
}

// ---- data-subject rights ----------------------------------------------------------------------

/** Everything the registry holds about the person (Law 91/2025 right of access). Needs members.personal. */
export async function subjectExport(ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const m = await loadVisible(ctx, id);
  if (!can(ctx.actor, 'members.personal', unitOf(m))) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  const person = (await repo.findPerson(ctx.db, m.personId))!;
  const ms = await rows<{ id: number; unitName: string; organizationName: string; status: string; role: string; cardNo: string | null; joinedOn: string | null; startedOn: string; endedOn: string | null }>(ctx.db, sql`
    SELECT m.id, u.name AS "unitName", o.name AS "organizationName", m.status, m.role, m.card_no AS "cardNo", m.joined_on AS "joinedOn", m.started_on AS "startedOn", m.ended_on AS "endedOn"
    FROM memberships m JOIN units u ON u.id = m.unit_id JOIN organizations o ON o.id = m.organization_id WHERE m.person_id = ${m.personId} ORDER BY m.started_on`);
  const events = await repo.eventsOf(ctx.db, ms.map((x) => x.id));
  const ratings = await rows(ctx.db, sql`SELECT r.year, r.level, u.name AS "unitName" FROM member_ratings r JOIN memberships m ON m.id = r.membership_id JOIN units u ON u.id = r.unit_id
    WHERE m.person_id = ${m.personId} ORDER BY r.year`);
  const accesses = await rows(ctx.db, sql`SELECT l.at, us.full_name AS "by", l.kind FROM member_access_log l LEFT JOIN users us ON us.id = l.actor_id
    WHERE ${m.personId} = ANY(l.person_ids) ORDER BY l.id DESC LIMIT 500`);
  await inTransaction(ctx, async (tx) => {
    await repo.logAccess(tx.db, { actorId: actor.userId, kind: 'subject_export', personIds: [m.personId], requestId: ctx.requestId });
    await writeAudit(tx, { action: 'members.subject_export', entity: 'person', entityId: m.personId, unitId: m.unitId, after: { memberships: ms.length } });
  });
  const { nameFold: _f, ...personOut } = person;
  return { exportedAt: now().toISOString(), person: personOut, memberships: ms, events, ratings, accesses };
}

/**
 * Erase a person (right to deletion): personal fields cleared, the name replaced; memberships,
 * their dates and statuses stay so every count stays right, but nobody can tell whom they were.
 */
export async function erasePerson(ctx: Ctx, id: number, input: z.infer<typeof zEraseInput>) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const m = await loadWritable(tx, id);
    if (!can(tx.actor, 'members.personal', unitOf(m))) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
    if (m.erasedAt) throw new AppError('MEMBER_ERASED', 409, {}, 'members.person.erased');
    // Erasing rewrites the shared person record: the same rule as an edit of its fields.
    if (!(await personReach(tx.db, tx.actor, m.personId)).editable) throw personLocked(tx, []);
    const label = `Đã xóa #${m.personId}`;
    await tx.db.execute(sql`UPDATE member_people SET full_name = ${label}, name_fold = ${fold(label)}, birth_date = NULL, birth_year = NULL, cccd = NULL, phone = NULL, ethnicity = NULL,
      religion = NULL, address = NULL, occupation = NULL, employer = NULL, education = NULL, theory_level = NULL, party_member = NULL, veteran = NULL,
      erased_at = now(), version = version + 1, updated_at = now() WHERE id = ${m.personId}`);
    // The birth year and gender stay on the memberships (age bands and counts); the name goes.
    await tx.db.execute(sql`UPDATE memberships SET full_name = ${label}, name_fold = ${fold(label)}, card_no = NULL, flags = '[]'::jsonb WHERE person_id = ${m.personId}`);
    await tx.db.execute(sql`UPDATE member_events SET reason = NULL, data = NULL WHERE person_id = ${m.personId}`);
    await tx.db.execute(sql`UPDATE member_ratings SET note = NULL WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = ${m.personId})`);
    await repo.addEvent(tx.db, { membershipId: m.id, personId: m.personId, unitId: m.unitId, kind: 'erase', onDate: today(), reason: input.reason, recordedBy: actor.userId });
    await writeAudit(tx, { action: 'members.erase', entity: 'person', entityId: m.personId, unitId: m.unitId, after: { reason: input.reason } });
    return { personId: m.personId, erased: true };
  });
}
