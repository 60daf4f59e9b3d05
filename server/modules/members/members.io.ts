/**
 * Import and export: the spreadsheet reader (the kernel's bounded reader, members.read.ts), the batch writer (unnest arrays, one statement per table per batch of 2,000 rows), the jobs,
 * the reject report and the templates.
 *
 * Import policy: keep every good row and report every bad row (job result and a downloadable .xlsx).
 * Each batch is written in its own transaction; an interrupted job runs again and, like any re-run of a
 * file, finds the rows already written (row fingerprint, then CCCD / name + birth + area) and skips them.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { bufferZipSource, checkUpload, ImportLimitError } from '../../kernel/import';
import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../kernel/context';
import { can, requireActor } from '../../kernel/access/authorize';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { writeAudit, writeAuditMany, type AuditEntry } from '../../kernel/audit';
import { enqueueJob, type JobRun } from '../../kernel/jobs';
import { findFile } from '../../kernel/files';
import { t, type Locale } from '../../kernel/i18n';
import { fold } from '../../kernel/text';
import { one, rows } from '../../kernel/db/sql';
import { copyInto, copyText } from '../../kernel/db/copy';
import type { Db, Engine } from '../../kernel/db/types';
import {
  zExportInput, zImportOptions, MEMBER_FIELDS, type ImportOptions, type ImportPreview, type ImportSummary, type MemberField,
} from '../../../common/members';
import type { z } from 'zod';
import {
  cellText, createRowProcessor, ownString, userMapping, detectHeader, HeaderNotFound, makeCommuneLookup, makeUnitLookup, normalizeRow, personKey,
  type CommuneData, type CommuneLookup, type HeaderInfo, type Mapping, type NormalizedRow, type ProcessedItem, type ProcessedRow, type ProcessorConfig, type UnitRow,
} from './members.import';
import { listWhere, loadUnitInfo, rulesFor, today, unitPathFor } from './members.service';
import * as repo from './members.repo';
import { eligibilityIssues, maskTail } from './members.norms';
import { matchDecision, reachOfPeople } from './members.policy';

import { memberFieldLabel } from '../../../common/member-fields';
import { readRows, type RawRow, type Source } from './members.read';
export { readRows, splitCsvLine, detectCsvEncoding, type RawRow, type Source, type CsvEncoding } from './members.read';
/** A file from the files table as a source; bytes read are counted for the progress bar. */
function bufferSource(name: string, data: Buffer, onBytes?: (n: number) => void): Source {
  return { name, open: () => Readable.from([data]), zip: () => bufferZipSource(data, onBytes) };
}

// ---- lookups ----------------------------------------------------------------------------------

/** The communes of the unit's province and their pre-2025 names, as data for the row processor. */
async function communeData(db: Db, unitAreaPath: string | null): Promise<CommuneData | null> {
  if (!unitAreaPath) return null;
  const provincePath = unitAreaPath.split('.')[0];
  const communes = await rows<{ id: number; code: string; name: string; type: string }>(db, sql`
    SELECT id, code, name, type FROM areas WHERE path <@ ${provincePath}::ltree AND level = 'commune'`);
  const maps = communes.length ? await rows<{ oldName: string | null; newCode: string }>(db, sql`
    SELECT old_name AS "oldName", new_code AS "newCode" FROM area_mappings WHERE new_code = ANY(${sql.param(communes.map((c) => c.code))}::text[])`) : [];
  return { communes, maps };
}

export async function communeLookup(db: Db, unitAreaPath: string | null): Promise<CommuneLookup> {
  return makeCommuneLookup(await communeData(db, unitAreaPath));
}

const unitRows = (db: Db, path: string) => rows<UnitRow>(db, sql`SELECT id, code, name FROM units WHERE path <@ ${path}::ltree AND closed_at IS NULL`);

// ---- the import -------------------------------------------------------------------------------

type Target = { id: number; path: string; areaPath: string | null; organizationId: number; organizationCode: string; name: string };
export type ImportRun = {
  db: Db; locale: Locale; actor: Actor | null; requestId: string;
  source: Source; target: Target; options: Pick<ImportOptions, 'headerRow' | 'mapping' | 'duplicates' | 'overrides'>;
  progress?: (rows: number) => Promise<void> | void;
  jobId?: number | null;
  batchSize?: number;
  /** Look CCCDs up from the first batch on (tests; the import switches by itself when it meets one). */
  lookupCccd?: boolean;
  /**
   * Called inside each batch's transaction after its writes and audit row, before the commit (tests: a
   * failure here rolls that batch back, as a crash before its commit would).
   */
  beforeCommit?: (batch: number) => Promise<void> | void;
  engine?: Engine;
};
export type ImportResult = ImportSummary & { warnings: { row: number; field: string; message: string }[]; warningCount: number; errorCount: number; report: Buffer | null; fileRows: number };

export const MAX_LISTED = 100_000;

/** The row processor's configuration: the lookups, rules and known fingerprints, read once. */
async function processorConfig(run: ImportRun): Promise<ProcessorConfig> {
  // The fingerprints of rows this subtree already received from files: a re-run skips them without a
  // lookup per row (and without an index on the column, which bulk imports would pay for on every row).
  const knownRefs = (await rows<{ r: string }>(run.db, sql`SELECT m.import_ref AS r FROM memberships m JOIN units u ON u.id = m.unit_id
    WHERE u.path <@ ${run.target.path}::ltree AND m.import_ref IS NOT NULL`)).map((x) => x.r);
  return {
    headerRow: run.options.headerRow ?? null, mapping: run.options.mapping ?? null, today: today(), targetUnitId: run.target.id,
    rules: await rulesFor(run.db, run.target.organizationCode), communes: await communeData(run.db, run.target.areaPath),
    units: await unitRows(run.db, run.target.path), knownRefs,
  };
}

type ItemBatch = { items: ProcessedItem[]; header: HeaderInfo | null };

/**
 * The processed rows, 64 at a time, letting the database's replies in between: the previous batch's
 * statements (ids, two COPYs, commit) each wait for such a turn, and the database idles meanwhile.
 */
async function* processedRows(source: Source, cfg: ProcessorConfig): AsyncGenerator<ItemBatch> {
  const proc = createRowProcessor(cfg);
  let items: ProcessedItem[] = [];
  for await (const r of readRows(source)) {
    const it = proc.push(r);
    if (it) items.push(it);
    if (items.length >= 64) {
      yield { items, header: proc.header };
      items = [];
      await new Promise<void>((res) => setImmediate(res));
    }
  }
  yield { items, header: proc.header };
}

/** Read, check, deduplicate and write a whole file, batch by batch. */
export async function runImport(run: ImportRun): Promise<ImportResult> {
  const batchSize = run.batchSize ?? 5000;
  const summary = { inserted: 0, updated: 0, skipped: 0, rejected: 0 };
  const errors: { row: number; field: string; message: string }[] = [];
  const warnings: { row: number; field: string; message: string }[] = [];
  const rejectRows: unknown[][] = [];
  let errorCount = 0;
  let warningCount = 0;
  const msg = (i: { key: string; params?: Record<string, unknown> }) => t(run.locale, i.key, i.params ?? {});
  const cfg = await processorConfig(run);
  let fileRows = 0;
  let header: HeaderInfo | null = null;

  const reject = (row: number, issues: Issues, cells: unknown[]) => {
    summary.rejected++;
    for (const i of issues) {
      errorCount++;
      if (errors.length < MAX_LISTED) errors.push({ row, field: i.field, message: msg(i) });
    }
    if (rejectRows.length < MAX_LISTED) rejectRows.push([row, issues.map((i) => `${memberFieldLabel(i.field, run.locale)}: ${msg(i)}`).join('; '), ...cells.slice(1).map((c) => ownString(cellText(c)))]);
  };
  // One id for every audit row of this run (batches and summary), also when no job runs it (command line).
  const st: BatchState = { summary, reject, lookupCccd: run.lookupCccd ?? false, batches: 0, runId: randomUUID() };

  // Each batch commits on its own: progress stays visible, PGlite is not held for the whole file, and an
  // interrupted job simply runs again (the rows already written are found and skipped).
  // CCCDs are first written optimistically, without looking each one up: a list that is imported for the
  // first time holds new people, and the unique index finds a known CCCD anyway. The first batch that
  // meets one (unique violation) is rolled back and decided again with the lookups, and so are the
  // batches after it. A batch that meets a concurrent writer's new person is decided again too.
  const flush = async (items: Prepared[]) => {
    const batch = ++st.batches;
    for (let attempt = 0; ; attempt++) {
      try {
        applyOutcome(st, await run.db.transaction((tx) => writeBatch(tx as unknown as Db, run, items, st, batch)));
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '23505' || attempt >= 2) throw e;
        st.lookupCccd = true;
      }
    }
  };

  let pending: Promise<void> = Promise.resolve();
  let batch: Prepared[] = [];
  const source = processedRows(run.source, cfg);
  try {
    for await (const b of source) {
      header = b.header;
      for (const it of b.items) {
        fileRows++;
        if (it.t === 'skip') { summary.skipped++; continue; }
        if (it.t === 'reject') { reject(it.row, it.issues, it.cells); continue; }
        for (const w of it.p.n.warnings) {
          warningCount++;
          if (warnings.length < MAX_LISTED) warnings.push({ row: it.p.n.row, field: w.field, message: msg(w) });
        }
        batch.push(it.p);
        if (batch.length >= batchSize) {
          const full = batch;
          batch = [];
          await pending;
          // Write this batch while the next one is read and checked.
          pending = flush(full);
          pending.catch(() => {});
          await run.progress?.(fileRows);
        }
      }
    }
  } catch (e) {
    await pending.catch(() => {});
    if (e instanceof HeaderNotFound) throw new FieldValidationError([{ path: 'headerRow', messageKey: 'members.import.no_header' }]);
    throw e;
  }
  if (!header) throw new FieldValidationError([{ path: 'headerRow', messageKey: 'members.import.no_header' }]);
  await pending;
  if (batch.length) await flush(batch);
  await run.progress?.(fileRows);

  // Merge the word index's pending list now, so searches are fast right after a big import.
  if (summary.inserted > 0) await run.db.execute(sql`SELECT gin_clean_pending_list('memberships_name_words'::regclass)`);
  // PGlite has no autovacuum: after a large import, refresh the statistics the search plans rely on
  // (how common each name word is). PostgreSQL's autovacuum does this by itself.
  if (run.engine === 'pglite' && summary.inserted >= 1000) {
    await run.db.execute(sql`ANALYZE memberships`);
    await run.db.execute(sql`ANALYZE member_people`);
  }
  const h: HeaderInfo = header;
  const headers = Object.entries(h.cells).filter(([i]) => Number(i) > 0).map(([, v]) => v);
  const report = summary.rejected || warningCount ? await reportXlsx(run.locale, headers, rejectRows, warnings) : null;
  await writeAudit({ actor: run.actor, db: run.db, engine: 'postgres', locale: run.locale, requestId: run.requestId }, {
    action: 'members.import', entity: 'unit', entityId: run.target.id, unitId: run.target.id,
    after: { file: run.source.name, jobId: run.jobId ?? null, run: st.runId, batches: st.batches, rows: fileRows, ...summary, warnings: warningCount, duplicates: run.options.duplicates },
  });
  return { ...summary, errors, warnings, warningCount, errorCount, report, fileRows };
}

type Prepared = ProcessedRow;
/** A person of the registry as identity checks need them. */
type Stored = { id: number; fullName: string; birthDate: string | null };
type Issues = { field: string; key: string; params?: Record<string, unknown> }[];
type BatchState = {
  /** Look every CCCD up before writing (else only after the unique index met a known one). */
  lookupCccd: boolean;
  /** Batches begun so far, and the run's id in the audit log. */
  batches: number;
  runId: string;
  summary: { inserted: number; updated: number; skipped: number; rejected: number };
  reject: (row: number, issues: Issues, cells: unknown[]) => void;
};
/** What a batch decided; applied to the summary only once its transaction committed (a retried batch counts once). */
type BatchOutcome = { inserted: number; updated: number; skipped: number; rejects: { p: Prepared; issues: Issues }[] };

function applyOutcome(st: BatchState, o: BatchOutcome) {
  st.summary.inserted += o.inserted;
  st.summary.updated += o.updated;
  st.summary.skipped += o.skipped;
  for (const r of o.rejects) st.reject(r.p.n.row, r.issues, r.p.cells);
}

const arr = (v: unknown[]) => sql.param(v);

/** A new membership's flags: eligibility, and the legacy-font conversion of its name (no closures per row). */
function membershipFlags(flags: unknown[], warnings: Issues): unknown {
  let out: unknown[] | null = flags.length ? [...flags] : null;
  for (const w of warnings) if (w.key === 'members.import.legacy_encoding') (out ??= []).push({ code: w.key, params: w.params ?? {} });
  return out ?? '[]';
}

const PEOPLE_COLUMNS = ['id', 'full_name', 'name_fold', 'birth_date', 'birth_year', 'gender', 'ethnicity', 'religion', 'cccd', 'phone', 'area_id', 'address',
  'occupation', 'employer', 'education', 'theory_level', 'party_member', 'veteran'] as const;
const MEMBERSHIP_COLUMNS = ['id', 'person_id', 'organization_id', 'unit_id', 'full_name', 'name_fold', 'gender', 'birth_year', 'joined_on', 'started_on',
  'role', 'card_no', 'flags', 'import_ref'] as const;

/**
 * Ids for `people` new people and `memberships` new memberships, taken from the tables' sequences. The same
 * statement lets the batch commit without waiting for the disk: after a crash the job runs again, and a
 * re-run is idempotent, so losing the last batches is harmless while a flush per commit is a stall.
 */
async function allocateIds(db: Db, people: number, memberships: number): Promise<{ people: number[]; memberships: number[] }> {
  if (!people && !memberships) return { people: [], memberships: [] };
  const r = await one<{ p: number[] | null; m: number[] | null }>(db, sql`SELECT set_config('synchronous_commit', 'off', true) AS s,
    (SELECT array_agg(nextval('member_people_id_seq')::int) FROM generate_series(1, ${people}::int)) AS p,
    (SELECT array_agg(nextval('memberships_id_seq')::int) FROM generate_series(1, ${memberships}::int)) AS m`);
  return { people: r?.p ?? [], memberships: r?.m ?? [] };
}

/**
 * One batch, in one transaction: find who each row is (same CCCD, or same name + birth + area, in the
 * registry or earlier in the batch), apply the duplicate choice, then COPY the new people and
 * memberships and fill what merged people lacked.
 */
async function writeBatch(db: Db, run: ImportRun, items: Prepared[], st: BatchState, batch: number): Promise<BatchOutcome> {
  const target = run.target;
  const out: BatchOutcome = { inserted: 0, updated: 0, skipped: 0, rejects: [] };
  const rejectRow = (p: Prepared, issues: Issues) => { out.rejects.push({ p, issues }); };

  // 1. People already in the registry (earlier batches are committed, so they are found here too).
  const registry = new Map<string, number>();
  const withCccd = st.lookupCccd ? items.filter((p) => p.n.cccd) : [];
  const byName = items.filter((p) => !p.n.cccd);
  const byCccd = new Map<string, Stored>();
  if (withCccd.length) {
    for (const r of await rows<Stored & { cccd: string }>(db, sql`SELECT id, cccd, full_name AS "fullName", birth_date AS "birthDate" FROM member_people
      WHERE cccd = ANY(${arr(withCccd.map((p) => p.n.cccd))}::text[])`)) byCccd.set(`c:${r.cccd}`, r);
  }
  const candidates: { i: number; id: number; fullName: string; birthDate: string | null }[] = [];
  if (byName.length) {
    // Through the memberships' name index (every person has a membership, current or ended).
    candidates.push(...await rows<{ i: number; id: number; fullName: string; birthDate: string | null }>(db, sql`
      SELECT DISTINCT x.i, p.id, p.full_name AS "fullName", p.birth_date AS "birthDate" FROM unnest(${arr(byName.map((_, i) => i))}::int[], ${arr(byName.map((p) => p.n.nameFold))}::text[],
        ${arr(byName.map((p) => p.n.birthDate))}::text[], ${arr(byName.map((p) => p.n.birthYear))}::int[], ${arr(byName.map((p) => p.n.areaId))}::int[]) AS x(i, n, d, y, a)
      JOIN memberships m ON m.name_fold = x.n
      JOIN member_people p ON p.id = m.person_id AND p.birth_year IS NOT DISTINCT FROM x.y AND p.birth_date IS NOT DISTINCT FROM x.d::date AND p.area_id IS NOT DISTINCT FROM x.a
      ORDER BY x.i, p.id`));
  }
  // Who the importer may read or change (members.policy): a person out of scope is linked only on proof
  // of identity, never filled in, and a CCCD without that proof is refused with the neutral reason.
  const reach = await reachOfPeople(db, run.actor, [...[...byCccd.values()].map((r) => r.id), ...candidates.map((c) => c.id)]);
  const refused = new Set<string>();
  for (const p of withCccd) {
    const r = byCccd.get(p.pk.key);
    if (!r) continue;
    if (matchDecision(reach.get(r.id)!, r, p.n, 'cccd') === 'link') registry.set(p.pk.key, r.id);
    else refused.add(p.pk.key);
  }
  for (const c of candidates) {
    const key = byName[c.i].pk.key;
    if (!registry.has(key) && matchDecision(reach.get(c.id)!, c, byName[c.i].n, 'name') === 'link') registry.set(key, c.id);
  }
  const refusedIds = new Set<number>();
  const open = new Map<number, { id: number; unitId: number }>();
  const matchedIds = [...new Set(registry.values())];
  if (matchedIds.length) {
    for (const m of await rows<{ id: number; personId: number; unitId: number }>(db, sql`SELECT id, person_id AS "personId", unit_id AS "unitId" FROM memberships
      WHERE person_id = ANY(${arr(matchedIds)}::int[]) AND organization_id = ${target.organizationId} AND ended_on IS NULL`)) open.set(m.personId, { id: m.id, unitId: m.unitId });
  }

  // 2. Decide each row. New people get placeholder ids (-1, -2, …, in newPeople's order) until ids are allocated.
  const batchKeys = new Map<string, number>();
  const newPeople: { p: Prepared; id: number }[] = [];
  const fills: { p: Prepared; personId: number }[] = [];
  const newMemberships: { p: Prepared; personId: number; flags: unknown[] }[] = [];
  const memberFills: { p: Prepared; membershipId: number }[] = [];
  const mergeRows = new Set<number>();
  let nextPlaceholder = -1;
  const today_ = today();
  for (const p of items) {
    if (refused.has(p.pk.key)) {
      refusedIds.add(byCccd.get(p.pk.key)!.id);
      rejectRow(p, [{ field: 'cccd', key: 'members.cccd.refused' }]);
      continue;
    }
    const existing = batchKeys.get(p.pk.key) ?? registry.get(p.pk.key);
    const flags = p.flags;
    if (existing == null) {
      const id = nextPlaceholder--;
      batchKeys.set(p.pk.key, id);
      newPeople.push({ p, id });
      newMemberships.push({ p, personId: id, flags });
      continue;
    }
    const choice = run.options.overrides?.[String(p.n.row)] ?? run.options.duplicates;
    if (choice === 'skip') { out.skipped++; continue; }
    if (choice === 'new') {
      if (p.pk.kind === 'cccd') { rejectRow(p, [{ field: 'cccd', key: 'members.import.cccd_taken' }]); continue; }
      const id = nextPlaceholder--;
      newPeople.push({ p, id });
      newMemberships.push({ p, personId: id, flags });
      continue;
    }
    // merge: fill what the registry lacks; make sure the person is a member of this unit.
    // A placeholder is a person new in this batch: newPeople[-id - 1], with its new membership.
    const om = existing < 0 ? { id: -1, unitId: newPeople[-existing - 1].p.unitId } : open.get(existing);
    if (om && om.unitId !== p.unitId) { rejectRow(p, [{ field: 'unit', key: 'members.import.member_elsewhere' }]); continue; }
    if (existing < 0 || reach.get(existing)?.editable) fills.push({ p, personId: existing });
    mergeRows.add(p.n.row);
    if (om && om.id > 0) memberFills.push({ p, membershipId: om.id });
    else if (!om) { newMemberships.push({ p, personId: existing, flags }); open.set(existing, { id: -1, unitId: p.unitId }); }
  }

  // 3. Write: ids from the sequences, then one COPY per table.
  const ids = await allocateIds(db, newPeople.length, newMemberships.length);
  const resolve = (id: number) => (id < 0 ? ids.people[-id - 1] : id);
  if (newPeople.length) {
    await copyInto(db, 'member_people', PEOPLE_COLUMNS, copyText(newPeople.map(({ p: { n } }, i) => [
      ids.people[i], n.fullName, n.nameFold, n.birthDate, n.birthYear, n.gender, n.ethnicity, n.religion, n.cccd, n.phone, n.areaId, n.address,
      n.occupation, n.employer, n.education, n.theoryLevel, n.partyMember, n.veteran])));
  }
  const updatedRows = new Set<number>();
  if (fills.length) {
    const c = <K extends keyof NormalizedRow>(k: K) => arr(fills.map((f) => f.p.n[k]));
    const changed = await rows<{ r: number; id: number }>(db, sql`
      UPDATE member_people p SET birth_date = COALESCE(p.birth_date, x.bd), birth_year = COALESCE(p.birth_year, x.by), gender = COALESCE(p.gender, x.g),
        ethnicity = COALESCE(p.ethnicity, x.e), religion = COALESCE(p.religion, x.rl), phone = COALESCE(p.phone, x.ph), area_id = COALESCE(p.area_id, x.a),
        address = COALESCE(p.address, x.ad), occupation = COALESCE(p.occupation, x.o), employer = COALESCE(p.employer, x.em), education = COALESCE(p.education, x.ed),
        theory_level = COALESCE(p.theory_level, x.tl), party_member = COALESCE(p.party_member, x.pm), veteran = COALESCE(p.veteran, x.v), version = p.version + 1, updated_at = now()
      FROM unnest(${arr(fills.map((f) => resolve(f.personId)))}::int[], ${arr(fills.map((f) => f.p.n.row))}::int[], ${c('birthDate')}::date[], ${c('birthYear')}::int[], ${c('gender')}::text[],
        ${c('ethnicity')}::text[], ${c('religion')}::text[], ${c('phone')}::text[], ${c('areaId')}::int[], ${c('address')}::text[], ${c('occupation')}::text[], ${c('employer')}::text[],
        ${c('education')}::text[], ${c('theoryLevel')}::text[], ${c('partyMember')}::bool[], ${c('veteran')}::bool[]) AS x(id, r, bd, by, g, e, rl, ph, a, ad, o, em, ed, tl, pm, v)
      WHERE p.id = x.id AND p.erased_at IS NULL AND (
        (p.birth_date IS NULL AND x.bd IS NOT NULL) OR (p.birth_year IS NULL AND x.by IS NOT NULL) OR (p.gender IS NULL AND x.g IS NOT NULL) OR
        (p.ethnicity IS NULL AND x.e IS NOT NULL) OR (p.religion IS NULL AND x.rl IS NOT NULL) OR (p.phone IS NULL AND x.ph IS NOT NULL) OR
        (p.area_id IS NULL AND x.a IS NOT NULL) OR (p.address IS NULL AND x.ad IS NOT NULL) OR (p.occupation IS NULL AND x.o IS NOT NULL) OR
        (p.employer IS NULL AND x.em IS NOT NULL) OR (p.education IS NULL AND x.ed IS NOT NULL) OR (p.theory_level IS NULL AND x.tl IS NOT NULL) OR
        (p.party_member IS NULL AND x.pm IS NOT NULL) OR (p.veteran IS NULL AND x.v IS NOT NULL))
      RETURNING x.r, p.id`);
    for (const ch of changed) updatedRows.add(ch.r);
    if (changed.length) {
      await db.execute(sql`UPDATE memberships m SET birth_year = p.birth_year, gender = p.gender FROM member_people p
        WHERE p.id = m.person_id AND p.id = ANY(${arr(changed.map((x) => x.id))}::int[])`);
    }
  }
  if (memberFills.length) {
    const changed = await rows<{ r: number }>(db, sql`
      UPDATE memberships m SET card_no = COALESCE(m.card_no, x.card), joined_on = COALESCE(m.joined_on, x.j),
        role = CASE WHEN m.role = 'member' AND x.role <> 'member' THEN x.role ELSE m.role END, version = m.version + 1, updated_at = now()
      FROM unnest(${arr(memberFills.map((f) => f.membershipId))}::int[], ${arr(memberFills.map((f) => f.p.n.row))}::int[], ${arr(memberFills.map((f) => f.p.n.cardNo))}::text[],
        ${arr(memberFills.map((f) => f.p.n.joinedOn))}::date[], ${arr(memberFills.map((f) => f.p.n.role))}::text[]) AS x(id, r, card, j, role)
      WHERE m.id = x.id AND ((m.card_no IS NULL AND x.card IS NOT NULL) OR (m.joined_on IS NULL AND x.j IS NOT NULL) OR (m.role = 'member' AND x.role <> 'member'))
      RETURNING x.r`);
    for (const ch of changed) updatedRows.add(ch.r);
    // Remember the row on the membership, so the next run of this file skips it at once.
    await db.execute(sql`UPDATE memberships m SET import_ref = x.ref
      FROM unnest(${arr(memberFills.map((f) => f.membershipId))}::int[], ${arr(memberFills.map((f) => f.p.ref))}::text[]) AS x(id, ref)
      WHERE m.id = x.id AND m.import_ref IS NULL`);
  }
  if (newMemberships.length) {
    // No event row per imported membership: the membership's own start (started_on, import_ref) is the
    // "join" entry of its timeline; the import itself is one audit row.
    await copyInto(db, 'memberships', MEMBERSHIP_COLUMNS, copyText(newMemberships.map((m, i) => {
      const n = m.p.n;
      return [ids.memberships[i], resolve(m.personId), target.organizationId, m.p.unitId, n.fullName, n.nameFold, n.gender, n.birthYear, n.joinedOn,
        n.joinedOn ?? today_, n.role, n.cardNo, membershipFlags(m.flags, n.warnings), m.p.ref];
    })));
  }
  const insertedRows = new Set(newMemberships.map((m) => m.p.n.row));
  out.inserted += insertedRows.size;
  for (const r of mergeRows) {
    if (insertedRows.has(r)) continue;
    if (updatedRows.has(r)) out.updated++;
    else out.skipped++;
  }

  // 4. The batch's audit row commits with its rows: an interrupted import leaves every committed row
  // covered. Counts, the file rows it spans and ids only, never a value from the file or the registry.
  const actx: Ctx = { actor: run.actor, db, engine: run.engine ?? 'pglite', locale: run.locale, requestId: run.requestId };
  const span = { first: items[0]?.n.row ?? null, last: items[items.length - 1]?.n.row ?? null, count: items.length };
  const entries: AuditEntry[] = [{
    action: 'members.import.batch', entity: 'unit', entityId: target.id, unitId: target.id,
    after: { jobId: run.jobId ?? null, run: st.runId, batch, rows: span, inserted: out.inserted, updated: out.updated, skipped: out.skipped, rejected: out.rejects.length },
  }];
  if (refusedIds.size) {
    entries.push({ action: 'members.cccd_match_refused', entity: 'unit', entityId: target.id, unitId: target.id,
      after: { by: 'import', jobId: run.jobId ?? null, run: st.runId, batch, personIds: [...refusedIds] } });
  }
  await writeAuditMany(actx, entries);
  await run.beforeCommit?.(batch);
  return out;
}

async function reportXlsx(locale: Locale, headers: string[], rejects: unknown[][], warnings: { row: number; field: string; message: string }[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(locale === 'en' ? 'Rejected rows' : 'Dòng bị từ chối');
  const head = ws.addRow([locale === 'en' ? 'Row' : 'Dòng', locale === 'en' ? 'Errors' : 'Lỗi', ...headers]);
  head.font = { bold: true };
  head.commit();
  for (const r of rejects) ws.addRow(r).commit();
  ws.commit();
  const ww = wb.addWorksheet(locale === 'en' ? 'Warnings' : 'Cảnh báo');
  ww.addRow([locale === 'en' ? 'Row' : 'Dòng', locale === 'en' ? 'Field' : 'Trường', locale === 'en' ? 'Warning' : 'Cảnh báo']).commit();
  for (const w of warnings) ww.addRow([w.row, memberFieldLabel(w.field, locale), w.message]).commit();
  ww.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

// ---- preview, jobs ----------------------------------------------------------------------------

async function importTarget(ctx: Ctx, unitId: number, organizationId?: number): Promise<Target> {
  const u = await loadUnitInfo(ctx.db, unitId);
  if (!u || !(can(ctx.actor, 'members.read', u) || can(ctx.actor, 'units.read', u))) throw new AppError('UNIT_NOT_FOUND', 404, { unitId }, 'error.not_found');
  if (!can(ctx.actor, 'members.write', u)) throw new AppError('FORBIDDEN', 403, {}, 'error.forbidden');
  if (organizationId && organizationId !== u.organizationId) throw new FieldValidationError([{ path: 'organizationId', messageKey: 'members.import.organization_mismatch' }]);
  return u;
}

async function ownFile(ctx: Ctx, fileId: number) {
  const f = await findFile(ctx.db, fileId);
  if (!f || (!ctx.actor!.isAdmin && f.ownerId !== ctx.actor!.userId)) throw new AppError('FILE_NOT_FOUND', 404, {}, 'error.not_found');
  if (!/\.(xlsx|csv|txt)$/i.test(f.name)) throw new FieldValidationError([{ path: 'fileId', messageKey: 'members.import.file_type' }]);
  return f;
}

export async function previewImport(ctx: Ctx, opts: ImportOptions): Promise<ImportPreview> {
  requireActor(ctx);
  const target = await importTarget(ctx, opts.unitId, opts.organizationId);
  const f = await ownFile(ctx, opts.fileId);
  const look = { commune: await communeLookup(ctx.db, target.areaPath), unit: makeUnitLookup(await unitRows(ctx.db, target.path)), today: today() };
  const top: RawRow[] = [];
  let header: ReturnType<typeof detectHeader> = null;
  const data: { raw: RawRow; n: NormalizedRow }[] = [];
  let scanned = 0;
  try {
    for await (const r of readRows(bufferSource(f.name, f.data))) {
      scanned++;
      if (!header) {
        top.push(r);
        if (opts.headerRow ? r.row === opts.headerRow : true) {
          const d = detectHeader([r]);
          if (d || opts.headerRow) header = d ?? { headerRow: r.row, mapping: {}, headers: {} };
          if (header) {
            header.headerRow = r.row;
            r.cells.forEach((c, i) => { header!.headers[i] = cellText(c); });
            if (opts.mapping) header.mapping = userMapping(opts.mapping);
          }
        }
        if (!header && top.length >= 30) break;
        continue;
      }
      if (r.cells.every((c) => cellText(c) === '')) continue;
      data.push({ raw: r, n: normalizeRow(r.row, r.cells, header.mapping, look) });
      if (data.length >= 200) break;
    }
  } catch (e) {
    if (e instanceof ImportLimitError) throw e;
    throw new FieldValidationError([{ path: 'fileId', messageKey: 'members.import.unreadable' }]);
  }
  if (!header) throw new FieldValidationError([{ path: 'headerRow', messageKey: 'members.import.no_header' }]);
  const h = header;
  // The organization's rules, as the import will apply them.
  const rules = await rulesFor(ctx.db, target.organizationCode);
  for (const d of data) {
    if (d.n.errors.length) continue;
    const issues = eligibilityIssues(rules, d.n, d.n.joinedOn ?? today());
    (rules.onBreach === 'refuse' ? d.n.errors : d.n.warnings).push(...issues);
  }
  // Duplicates among the previewed rows and against the registry (read only).
  const firstByKey = new Map<string, number>();
  const keys = data.map((d) => personKey(d.n));
  const cccds = keys.filter((k) => k.kind === 'cccd').map((k) => k.key.slice(2));
  // A person the importer may not read is never named here (members.policy): a CCCD without proof of
  // identity is the row's error, with the neutral reason the import gives it.
  const reg = new Map<string, { id: number | null; fullName: string | null }>();
  const byCccd = cccds.length ? await rows<{ id: number; cccd: string; fullName: string; birthDate: string | null }>(ctx.db, sql`
    SELECT id, cccd, full_name AS "fullName", birth_date AS "birthDate" FROM member_people WHERE cccd = ANY(${sql.param(cccds)}::text[])`) : [];
  const names = data.filter((d) => !d.n.cccd);
  const byName = names.length ? await rows<{ id: number; fullName: string; nameFold: string; birthDate: string | null; birthYear: number | null; areaId: number | null }>(ctx.db, sql`
    SELECT DISTINCT p.id, p.full_name AS "fullName", p.name_fold AS "nameFold", p.birth_date AS "birthDate", p.birth_year AS "birthYear", p.area_id AS "areaId"
    FROM memberships m JOIN member_people p ON p.id = m.person_id WHERE m.name_fold = ANY(${sql.param(names.map((d) => d.n.nameFold))}::text[]) ORDER BY p.id`) : [];
  const reach = await reachOfPeople(ctx.db, ctx.actor, [...byCccd.map((r) => r.id), ...byName.map((r) => r.id)]);
  const shown = (r: { id: number; fullName: string }) => (reach.get(r.id)!.personal ? { id: r.id, fullName: r.fullName } : { id: null, fullName: null });
  const cccdOf = new Map(byCccd.map((r) => [r.cccd, r]));
  data.forEach((d, i) => {
    const r = d.n.cccd ? cccdOf.get(d.n.cccd) : undefined;
    if (!r || d.n.errors.length) return;
    if (matchDecision(reach.get(r.id)!, r, d.n, 'cccd') === 'link') reg.set(keys[i].key, shown(r));
    else d.n.errors.push({ field: 'cccd', key: 'members.cccd.refused' });
  });
  for (const r of byName) {
    const k = personKey({ cccd: null, ...r }).key;
    const row = names.find((d) => personKey(d.n).key === k);
    if (row && !reg.has(k) && matchDecision(reach.get(r.id)!, r, row.n, 'name') === 'link') reg.set(k, shown(r));
  }
  const fieldName = (i: number) => h.mapping[i] ?? null;
  return {
    headerRow: h.headerRow, scanned,
    columns: Object.entries(h.headers).filter(([i]) => Number(i) > 0).map(([i, header]) => ({ index: Number(i), header, field: fieldName(Number(i)) })),
    rows: data.map((d, i) => {
      const k = keys[i];
      let duplicate: ImportPreview['rows'][number]['duplicate'] = null;
      const prev = firstByKey.get(k.key);
      if (d.n.errors.length === 0) {
        if (prev != null) duplicate = { kind: 'file', reason: k.kind, otherRow: prev, personId: null, fullName: null };
        else if (reg.has(k.key)) duplicate = { kind: 'registry', reason: k.kind, otherRow: null, personId: reg.get(k.key)!.id, fullName: reg.get(k.key)!.fullName };
        if (prev == null) firstByKey.set(k.key, d.n.row);
      }
      const values: Record<string, unknown> = { birthYear: d.n.birthYear };
      for (const f of MEMBER_FIELDS) if (f in d.n) values[f] = (d.n as Record<string, unknown>)[f];
      const tr = (x: { field: string; key: string; params?: Record<string, unknown> }) => ({ row: d.n.row, field: x.field, message: t(ctx.locale, x.key, x.params ?? {}) });
      return { row: d.n.row, values, errors: d.n.errors.map(tr), warnings: d.n.warnings.map(tr), duplicate };
    }),
  };
}

export async function startImport(ctx: Ctx, opts: ImportOptions): Promise<{ jobId: number }> {
  requireActor(ctx);
  const target = await importTarget(ctx, opts.unitId, opts.organizationId);
  // What the zip's directory already shows (a bomb declaring its size, a damaged file) is refused now, not in the job.
  await checkUpload(await ownFile(ctx, opts.fileId), { field: 'fileId' });
  const job = await enqueueJob(ctx, { kind: 'members.import', payload: opts, unitId: target.id });
  return { jobId: job.id };
}

export async function importJob({ job, ctx, progress }: JobRun) {
  const opts = zImportOptions.parse(job.payload);
  requireActor(ctx);
  const target = await importTarget(ctx, opts.unitId, opts.organizationId);
  const f = await ownFile(ctx, opts.fileId);
  let bytes = 0;
  const src = bufferSource(f.name, f.data, (n) => { bytes = n; });
  await progress(0, f.size, 'Đang đọc tệp…');
  const r = await runImport({
    db: ctx.db, engine: ctx.engine, locale: ctx.locale, actor: ctx.actor, requestId: ctx.requestId, source: src, target, options: opts, jobId: job.id,
    progress: (n) => progress(bytes, f.size, `Đã xử lý ${n.toLocaleString('vi-VN')} dòng`),
  });
  const result = { inserted: r.inserted, updated: r.updated, skipped: r.skipped, rejected: r.rejected, errors: r.errors.slice(0, 1000),
    errorCount: r.errorCount, warningCount: r.warningCount, warnings: r.warnings.slice(0, 1000), rows: r.fileRows };
  return { result, file: r.report ? { name: `bao-cao-nhap-${f.name.replace(/\.(xlsx|csv|txt)$/i, '')}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: r.report } : undefined };
}

// ---- export -----------------------------------------------------------------------------------

export const EXPORT_COLUMNS: { key: string; vi: string; en: string; width?: number }[] = [
  { key: 'fullName', vi: 'Họ và tên', en: 'Full name', width: 28 }, { key: 'birthDate', vi: 'Ngày sinh', en: 'Date of birth', width: 12 },
  { key: 'gender', vi: 'Giới tính', en: 'Gender', width: 9 }, { key: 'cccd', vi: 'Số CCCD', en: 'Citizen ID', width: 15 },
  { key: 'phone', vi: 'Số điện thoại', en: 'Phone', width: 13 }, { key: 'ethnicity', vi: 'Dân tộc', en: 'Ethnicity', width: 10 },
  { key: 'religion', vi: 'Tôn giáo', en: 'Religion', width: 10 }, { key: 'unitName', vi: 'Đơn vị', en: 'Unit', width: 30 },
  { key: 'joinedOn', vi: 'Ngày vào Hội', en: 'Joined', width: 12 }, { key: 'cardNo', vi: 'Số thẻ', en: 'Card no.', width: 10 },
  { key: 'role', vi: 'Vai trò', en: 'Role', width: 10 }, { key: 'status', vi: 'Trạng thái', en: 'Status', width: 12 },
];
const GENDER_VI: Record<string, string> = { female: 'Nữ', male: 'Nam', other: 'Khác' };
const ROLE_VI: Record<string, string> = { member: 'Hội viên', core: 'Cốt cán', officer: 'Cán bộ chi hội' };
const STATUS_VI: Record<string, string> = { active: 'Đang sinh hoạt', suspended: 'Tạm ngừng', left: 'Đã ra', deceased: 'Từ trần', transferred: 'Đã chuyển đi' };
const vnDate = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');

/** Write the list (scope and masking of the ctx's actor) to an .xlsx, keyset-paged, streamed. */
export async function writeMembersXlsx(ctx: Ctx, q: z.infer<typeof zExportInput>, out: { stream?: NodeJS.WritableStream; filename?: string }, progress?: (done: number, total: number) => Promise<void>) {
  const where = listWhere(ctx, q, await unitPathFor(ctx, q.unit));
  const total = (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${repo.MEMBER_FROM} WHERE ${where}`))!.n;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ ...out, useSharedStrings: false, useStyles: true } as never);
  const ws = wb.addWorksheet('Hội viên');
  ws.columns = [{ header: 'STT', key: 'stt', width: 6 }, ...EXPORT_COLUMNS.map((c) => ({ header: ctx.locale === 'en' ? c.en : c.vi, key: c.key, width: c.width }))];
  ws.getRow(1).font = { bold: true };
  let last = 0;
  let n = 0;
  const personalIds: number[] = [];
  for (;;) {
    const page = await repo.selectMembers(ctx.db, sql`${where} AND m.id > ${last}`, sql`m.id`, 5000, 0);
    if (page.length === 0) break;
    for (const m of page) {
      const personal = can(ctx.actor, 'members.personal', { path: m.unitPath, areaPath: m.unitAreaPath });
      if (personal) personalIds.push(m.personId);
      ws.addRow({
        stt: ++n, fullName: m.fullName, birthDate: personal ? vnDate(m.birthDate) || (m.birthYear ?? '') : '', gender: GENDER_VI[m.gender ?? ''] ?? '',
        cccd: personal ? m.cccd ?? '' : maskTail(m.cccd) ?? '', phone: personal ? m.phone ?? '' : maskTail(m.phone) ?? '',
        ethnicity: personal ? m.ethnicity ?? '' : '', religion: personal ? m.religion ?? '' : '', unitName: m.unitName, joinedOn: vnDate(m.joinedOn),
        cardNo: m.cardNo ?? '', role: ROLE_VI[m.role] ?? m.role, status: STATUS_VI[m.status] ?? m.status,
      }).commit();
    }
    last = page[page.length - 1].id;
    await progress?.(n, total);
  }
  ws.commit();
  await wb.commit();
  if (personalIds.length) {
    for (let i = 0; i < personalIds.length; i += 50_000) {
      await repo.logAccess(ctx.db, { actorId: ctx.actor?.userId || null, kind: 'export', personIds: personalIds.slice(i, i + 50_000), requestId: ctx.requestId });
    }
  }
  return n;
}

export async function startExport(ctx: Ctx, q: z.infer<typeof zExportInput>): Promise<{ jobId: number }> {
  requireActor(ctx);
  await unitPathFor(ctx, q.unit);
  const job = await enqueueJob(ctx, { kind: 'members.export', payload: q as Record<string, unknown>, unitId: q.unit ?? null });
  return { jobId: job.id };
}

export async function exportJob({ job, ctx, progress }: JobRun) {
  const q = zExportInput.parse(job.payload);
  requireActor(ctx);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const n = await writeMembersXlsx(ctx, q, { stream: out }, (d, tot) => progress(d, tot, `Đã ghi ${d.toLocaleString('vi-VN')} dòng`));
  return { result: { rows: n }, file: { name: `danh-sach-hoi-vien-${today()}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: Buffer.concat(chunks) } };
}

// ---- templates --------------------------------------------------------------------------------

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['DANH SÁCH HỘI VIÊN']).font = { bold: true, size: 14 };
  ws.addRow(['(Điền từ dòng 4; ngày dạng dd/mm/yyyy hoặc chỉ năm sinh)']);
  const h = ws.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Dân tộc', 'Tôn giáo', 'Địa chỉ', 'Xã/Phường', 'Nghề nghiệp',
    'Trình độ học vấn', 'Lý luận chính trị', 'Đảng viên', 'Ngày vào Hội', 'Số thẻ', 'Chức vụ', 'Chi hội']);
  h.font = { bold: true };
  ws.addRow([1, 'Nguyễn Thị Hoa', '05/03/1990', 'Nữ', '048190001234', '0905123456', 'Kinh', 'Không', 'Tổ 3, khối phố 1', 'Tam Kỳ', 'Buôn bán', '12/12', '', '', '01/01/2015', '', 'Hội viên', '']);
  ws.columns.forEach((c) => { c.width = 16; });
  ws.getColumn(2).width = 26;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function subjectXlsx(data: Awaited<ReturnType<typeof import('./members.service').subjectExport>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const p = wb.addWorksheet('Cá nhân');
  for (const [k, v] of Object.entries(data.person)) p.addRow([k, v == null ? '' : String(v)]);
  const m = wb.addWorksheet('Tổ chức');
  m.addRow(['id', 'Đơn vị', 'Tổ chức', 'Trạng thái', 'Vai trò', 'Số thẻ', 'Ngày vào', 'Bắt đầu', 'Kết thúc']);
  for (const x of data.memberships) m.addRow([x.id, x.unitName, x.organizationName, x.status, x.role, x.cardNo, x.joinedOn, x.startedOn, x.endedOn]);
  const e = wb.addWorksheet('Lịch sử');
  e.addRow(['Ngày', 'Sự kiện', 'Đơn vị', 'Lý do', 'Người ghi']);
  for (const x of data.events) e.addRow([x.onDate, x.kind, x.unitName, x.reason, x.recordedBy]);
  const a = wb.addWorksheet('Lượt truy cập');
  a.addRow(['Thời điểm', 'Người xem', 'Hình thức']);
  for (const x of data.accesses as { at: string; by: string; kind: string }[]) a.addRow([x.at, x.by, x.kind]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
