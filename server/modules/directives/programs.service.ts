/**
 * Coordination regulations and joint programs: parties, clauses owned by a party, a joint review
 * each year. A program is visible to readers of its recording unit or of any party; it is managed
 * (edited, reviewed) by holders of `programs.manage` on the recording unit or on a party; a clause
 * is updated by its owning party or the program's managers.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { requireActor } from '../../kernel/access/authorize';
import { decide, inScope, loadAuthorized, policyOf } from '../../kernel/access/policy';
import { AppError, conflict, FieldValidationError } from '../../kernel/errors';
import { writeAudit } from '../../kernel/audit';
import { one, rows } from '../../kernel/db/sql';
import { foldSearch } from '../../kernel/text';
import type { Program, ProgramInput, zClauseUpdateInput, zReviewInput, zUpdateProgramInput } from '../../../common/directives';
import { todayVN } from './directives.scope';
import { PROGRAM_SELECT, type ProgramAccessRow, type ProgramRow, type ClauseAccessRow } from './directives.repo';
import { managesProgram, updatesClause } from './directives.policy';

type Loc = { path: string; areaPath: string | null };

/** Program `p` (with its recording unit `pu`) is visible. */
export const programVisible = (ctx: Ctx): SQL => inScope(ctx, 'directives.program', 'directives.read');

/** A program the caller may see (404 otherwise), or do `action` on (403): with its parties' places. */
const loadProgram = (ctx: Ctx, id: number, action = 'directives.read') => loadAuthorized<ProgramAccessRow>(ctx, 'directives.program', id, action);

async function getProgramRow(ctx: Ctx, id: number, action?: string): Promise<ProgramRow> {
  const { partyPlaces: _p, ...p } = await loadProgram(ctx, id, action);
  return p;
}

async function partiesOf(ctx: Ctx, id: number) {
  return rows<{ unitId: number; unitName: string; label: string }>(ctx.db, sql`SELECT pp.unit_id AS "unitId", u.name AS "unitName", pp.label
    FROM program_parties pp JOIN units u ON u.id = pp.unit_id WHERE pp.program_id = ${id} ORDER BY pp.label`);
}

export async function getProgram(ctx: Ctx, id: number): Promise<Program> {
  const row = await loadProgram(ctx, id);
  const { partyPlaces: _pp, ...p } = row;
  const parties = await partiesOf(ctx, id);
  const manage = managesProgram(ctx.actor, row);
  const clauses = await rows<Program['clauses'][number] & Loc>(ctx.db, sql`SELECT c.id, c.ordinal, c.text, c.owner_unit_id AS "ownerUnitId", u.name AS "ownerUnitName",
      c.deadline, c.status, c.note, c.version, u.path::text AS path, u.area_path::text AS "areaPath"
    FROM program_clauses c JOIN units u ON u.id = c.owner_unit_id WHERE c.program_id = ${id}
    ORDER BY string_to_array(regexp_replace(c.ordinal, '[^0-9.]', '', 'g'), '.')::int[] NULLS LAST, c.ordinal`);
  const reviews = await rows<Program['reviews'][number]>(ctx.db, sql`SELECT id, year, held_on AS "heldOn", summary, next_steps AS "nextSteps", clause_results AS "clauseResults"
    FROM program_reviews WHERE program_id = ${id} ORDER BY year DESC`);
  // A year's joint review is due once the year is over (or the program's period ended).
  const today = todayVN();
  const due: number[] = [];
  for (let y = Number(p.periodFrom.slice(0, 4)); y <= Number(p.periodTo.slice(0, 4)); y++) {
    const yearEnd = `${y}-12-31` < p.periodTo ? `${y}-12-31` : p.periodTo;
    if (yearEnd < today && !reviews.some((r) => r.year === y)) due.push(y);
  }
  const { path: _p, areaPath: _a, ...rest } = p;
  return {
    ...rest,
    parties: parties.map(({ unitId, unitName, label }) => ({ unitId, unitName, label })),
    clauses: clauses.map(({ path, areaPath, ...c }) => ({ ...c, canUpdate: updatesClause(ctx.actor, manage, { path, areaPath }) })),
    reviews, reviewsDue: due, canManage: manage,
  };
}

export async function listPrograms(ctx: Ctx, q: { q?: string; unitId?: number; year?: number; limit: number; offset: number }) {
  requireActor(ctx);
  const conds: SQL[] = [programVisible(ctx)];
  if (q.q) conds.push(sql`f_fold(p.title) LIKE ${foldSearch(q.q)}`);
  if (q.unitId) conds.push(sql`(p.unit_id = ${q.unitId} OR EXISTS (SELECT 1 FROM program_parties x WHERE x.program_id = p.id AND x.unit_id = ${q.unitId}))`);
  if (q.year) conds.push(sql`p.period_from <= ${`${q.year}-12-31`}::date AND p.period_to >= ${`${q.year}-01-01`}::date`);
  const where = sql.join(conds, sql` AND `);
  const items = await rows<ProgramRow & { parties: string; clauseCount: number; clauseDone: number; lastReviewYear: number | null }>(ctx.db, sql`
    SELECT ${PROGRAM_SELECT},
      (SELECT string_agg(u.name, '; ' ORDER BY pp.label) FROM program_parties pp JOIN units u ON u.id = pp.unit_id WHERE pp.program_id = p.id) AS parties,
      (SELECT count(*)::int FROM program_clauses c WHERE c.program_id = p.id) AS "clauseCount",
      (SELECT count(*)::int FROM program_clauses c WHERE c.program_id = p.id AND c.status = 'done') AS "clauseDone",
      (SELECT max(year)::int FROM program_reviews r WHERE r.program_id = p.id) AS "lastReviewYear"
    FROM programs p JOIN units pu ON pu.id = p.unit_id WHERE ${where} ORDER BY p.period_from DESC, p.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM programs p JOIN units pu ON pu.id = p.unit_id WHERE ${where}`);
  return { total: total!.n, items: items.map(({ path: _p, areaPath: _a, body: _b, ...r }) => r) };
}

async function checkUnitIds(ctx: Ctx, refs: { path: string; id: number }[]): Promise<Map<number, Loc>> {
  const ids = [...new Set(refs.map((r) => r.id))];
  const found = await rows<{ id: number } & Loc>(ctx.db, sql`SELECT id, path::text AS path, area_path::text AS "areaPath" FROM units WHERE id = ANY(${sql.param(ids)}::int[]) AND closed_at IS NULL`);
  const m = new Map(found.map((u) => [u.id, u]));
  const bad = refs.filter((r) => !m.has(r.id));
  if (bad.length) throw new FieldValidationError(bad.map((b) => ({ path: b.path, messageKey: 'directives.unit_unknown' })));
  return m;
}

export async function createProgram(ctx: Ctx, input: ProgramInput): Promise<Program> {
  const actor = requireActor(ctx);
  const id = await inTransaction(ctx, async (tx) => {
    await checkUnitIds(tx, [{ path: 'unitId', id: input.unitId }, ...input.parties.map((p, i) => ({ path: `parties.${i}.unitId`, id: p.unitId })),
      ...input.clauses.map((c, i) => ({ path: `clauses.${i}.ownerUnitId`, id: c.ownerUnitId }))]);
    const partyIds = new Set(input.parties.map((p) => p.unitId));
    if (partyIds.size !== input.parties.length) throw new FieldValidationError([{ path: 'parties', messageKey: 'directives.program.party_twice' }]);
    const errs = input.clauses.map((c, i) => ({ c, i })).filter((x) => !partyIds.has(x.c.ownerUnitId))
      .map((x) => ({ path: `clauses.${x.i}.ownerUnitId`, messageKey: 'directives.program.owner_not_party' }));
    if (errs.length) throw new FieldValidationError(errs);
    await loadAuthorized(tx, 'directives.unit', input.unitId, 'programs.manage');
    const p = await one<{ id: number }>(tx.db, sql`INSERT INTO programs (unit_id, kind, number, title, signed_on, period_from, period_to, body, created_by)
      VALUES (${input.unitId}, ${input.kind}, ${input.number ?? null}, ${input.title}, ${input.signedOn ?? null}, ${input.periodFrom}, ${input.periodTo}, ${input.body ?? null}, ${actor.userId || null})
      RETURNING id`);
    for (const x of input.parties) await tx.db.execute(sql`INSERT INTO program_parties (program_id, unit_id, label) VALUES (${p!.id}, ${x.unitId}, ${x.label})`);
    for (const c of input.clauses) {
      await tx.db.execute(sql`INSERT INTO program_clauses (program_id, ordinal, text, owner_unit_id, deadline) VALUES (${p!.id}, ${c.ordinal}, ${c.text}, ${c.ownerUnitId}, ${c.deadline ?? null})`);
    }
    await writeAudit(tx, { action: 'programs.create', entity: 'program', entityId: p!.id, unitId: input.unitId, after: input });
    return p!.id;
  });
  return getProgram(ctx, id);
}

/** A program the caller manages (from its recording unit or a party): 404 if invisible, 403 if only readable. */
const getManagedProgram = (ctx: Ctx, id: number): Promise<ProgramRow> => getProgramRow(ctx, id, 'programs.manage');

export async function updateProgram(ctx: Ctx, id: number, input: z.infer<typeof zUpdateProgramInput>): Promise<Program> {
  await inTransaction(ctx, async (tx) => {
    const p = await getManagedProgram(tx, id);
    if (p.version !== input.version) throw conflict({ currentVersion: p.version });
    const from = input.periodFrom ?? p.periodFrom;
    const to = input.periodTo ?? p.periodTo;
    if (to < from) throw new FieldValidationError([{ path: 'periodTo', messageKey: 'directives.program.period_order' }]);
    const v = <K extends keyof typeof input>(k: K, cur: unknown) => (input[k] === undefined ? cur : input[k]);
    await tx.db.execute(sql`UPDATE programs SET title = ${v('title', p.title)}, number = ${v('number', p.number)}, signed_on = ${v('signedOn', p.signedOn)},
      period_from = ${from}, period_to = ${to}, body = ${v('body', p.body)}, version = version + 1, updated_at = now() WHERE id = ${id}`);
    const { path: _p, areaPath: _a, ...before } = p;
    await writeAudit(tx, { action: 'programs.update', entity: 'program', entityId: id, unitId: p.unitId, before, after: input });
  });
  return getProgram(ctx, id);
}

export async function updateClause(ctx: Ctx, programId: number, clauseId: number, input: z.infer<typeof zClauseUpdateInput>): Promise<Program> {
  await inTransaction(ctx, async (tx) => {
    await getProgramRow(tx, programId);
    const c = await loadAuthorized<ClauseAccessRow>(tx, 'directives.clause', clauseId, 'directives.read');
    if (c.programId !== programId) throw new AppError('CLAUSE_NOT_FOUND', 404, {}, 'error.not_found');
    // Its owning party or the program's managers (the program's places are the clause's too).
    decide(tx.actor, policyOf<ClauseAccessRow>('directives.clause'), c, 'programs.manage');
    if (c.version !== input.version) throw conflict({ currentVersion: c.version });
    await tx.db.execute(sql`UPDATE program_clauses SET status = ${input.status ?? c.status}, note = ${input.note === undefined ? c.note : input.note}, version = version + 1 WHERE id = ${clauseId}`);
    await writeAudit(tx, { action: 'programs.clause.update', entity: 'program_clause', entityId: clauseId, unitId: c.ownerUnitId,
      before: { status: c.status, note: c.note }, after: input });
  });
  return getProgram(ctx, programId);
}

/** Record the parties' joint review of a year (one per year); clause statuses assessed at it are applied. */
export async function addReview(ctx: Ctx, programId: number, input: z.infer<typeof zReviewInput>): Promise<Program> {
  await inTransaction(ctx, async (tx) => {
    const p = await getManagedProgram(tx, programId);
    const y0 = Number(p.periodFrom.slice(0, 4));
    const y1 = Number(p.periodTo.slice(0, 4));
    if (input.year < y0 || input.year > y1) throw new FieldValidationError([{ path: 'year', messageKey: 'directives.program.year_outside' }]);
    const exists = await one(tx.db, sql`SELECT 1 FROM program_reviews WHERE program_id = ${programId} AND year = ${input.year}`);
    if (exists) throw new FieldValidationError([{ path: 'year', messageKey: 'directives.program.review_exists' }]);
    const clauseIds = new Set((await rows<{ id: number }>(tx.db, sql`SELECT id FROM program_clauses WHERE program_id = ${programId}`)).map((c) => c.id));
    const bad = input.clauseResults.map((c, i) => ({ c, i })).filter((x) => !clauseIds.has(x.c.clauseId));
    if (bad.length) throw new FieldValidationError(bad.map((b) => ({ path: `clauseResults.${b.i}.clauseId`, messageKey: 'directives.program.clause_unknown' })));
    const r = await one<{ id: number }>(tx.db, sql`INSERT INTO program_reviews (program_id, year, held_on, summary, clause_results, next_steps, created_by)
      VALUES (${programId}, ${input.year}, ${input.heldOn}, ${input.summary}, ${JSON.stringify(input.clauseResults)}::jsonb, ${input.nextSteps ?? null}, ${tx.actor!.userId || null}) RETURNING id`);
    for (const c of input.clauseResults) {
      await tx.db.execute(sql`UPDATE program_clauses SET status = ${c.status}, note = COALESCE(${c.note ?? null}, note), version = version + 1 WHERE id = ${c.clauseId}`);
    }
    await writeAudit(tx, { action: 'programs.review', entity: 'program', entityId: programId, unitId: p.unitId, after: { reviewId: r!.id, ...input } });
  });
  return getProgram(ctx, programId);
}
