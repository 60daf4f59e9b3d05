/**
 * Imports. Both keep every good row and report every bad one (row number, field, message); a
 * header problem (an unknown indicator column, no unit column) changes nothing.
 *  - the indicator catalogue (.xlsx/.csv): new codes inserted, changed ones updated, unchanged skipped;
 *  - figures for one period, one row per unit: written into the unit's form(s) of that period as
 *    typed values (forms already submitted or approved are refused for that row).
 */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context';
import { inTransaction } from '../../kernel/context';
import { writeAudit } from '../../kernel/audit';
import { FieldValidationError } from '../../kernel/errors';
import { one, rows } from '../../kernel/db/sql';
import { t } from '../../kernel/i18n';
import { inScope } from '../../kernel/access/policy';
import { fold } from '../../kernel/text';
import * as repo from './movements.repo';
import { writeValues, type FormRow } from './forms.service';
import { readTable, tableStream } from './movements.xlsx';
import {
  AGGREGATIONS, VALUE_TYPES, parseNumberVi, parsePeriod, zCreateIndicatorInput, type ImportReport,
} from '../../../common/movements';
import { issueMessage } from '../../kernel/i18n/zod';

const HEADER_ALIASES: Record<string, string[]> = {
  code: ['code', 'ma', 'ma chi tieu'],
  name: ['name', 'ten', 'ten chi tieu', 'chi tieu'],
  measure: ['measure', 'don vi tinh', 'dvt'],
  valueType: ['type', 'value type', 'kieu', 'kieu du lieu'],
  aggregation: ['aggregation', 'tong hop', 'cach tong hop'],
  weightCode: ['weight', 'trong so', 'weight code'],
  perCapitaCode: ['per capita', 'binh quan theo', 'per_capita'],
  source: ['source', 'nguon', 'nguon so lieu'],
  sourceMode: ['source mode', 'source_mode', 'che do nguon'],
  disaggregations: ['disaggregations', 'phan to', 'chi tiet theo'],
  min: ['min', 'toi thieu'],
  max: ['max', 'toi da'],
  lte: ['lte', 'khong vuot qua', '<='],
  description: ['description', 'mo ta', 'ghi chu'],
  owner: ['owner', 'don vi quan ly', 'ma don vi quan ly'],
};

function mapHeaders(headers: string[], aliases: Record<string, string[]>): Map<string, number> {
  const out = new Map<string, number>();
  headers.forEach((h, i) => {
    const f = fold(h).replace(/[_\s]+/g, ' ').trim();
    for (const [k, al] of Object.entries(aliases)) if (al.includes(f) && !out.has(k)) out.set(k, i);
  });
  return out;
}

const TYPE_WORDS: Record<string, string> = { so: 'number', 'so nguyen': 'integer', 'ty le': 'percent', '%': 'percent', 'co/khong': 'boolean', 'co khong': 'boolean', 'van ban': 'text', chu: 'text' };
const AGG_WORDS: Record<string, string> = { tong: 'sum', 'cong don': 'sum', 'binh quan gia quyen': 'weighted_avg', 'trung binh co trong so': 'weighted_avg', 'lon nhat': 'max', 'moi nhat': 'latest', 'ky gan nhat': 'latest', 'khong tong hop': 'none' };

export async function importIndicators(ctx: Ctx, name: string, data: Buffer, opts: { owner?: string } = {}): Promise<ImportReport> {
  const table = await readTable(name, data);
  const h = mapHeaders(table.headers, HEADER_ALIASES);
  const report: ImportReport = { inserted: 0, updated: 0, skipped: 0, rejected: 0, errors: [] };
  const missing = ['code', 'name', 'measure', 'valueType', 'aggregation'].filter((k) => !h.has(k));
  if (missing.length) {
    report.errors.push(...missing.map((f) => ({ row: 1, field: f, message: t(ctx.locale, 'movements.import.missing_column', { column: f }) })));
    report.rejected = table.rows.length;
    return report;
  }
  const cell = (r: { cells: string[] }, k: string) => (h.has(k) ? r.cells[h.get(k)!] ?? '' : '');
  const ownerCache = new Map<string, number | null>();
  const ownerId = async (code: string) => {
    if (!ownerCache.has(code)) ownerCache.set(code, (await one<{ id: number }>(ctx.db, sql`SELECT id FROM units WHERE code = ${code}`))?.id ?? null);
    return ownerCache.get(code)!;
  };
  type Parsed = { row: number; input: ReturnType<typeof zCreateIndicatorInput.parse> };
  const good: Parsed[] = [];
  for (const r of table.rows) {
    const errs: { field: string; message: string }[] = [];
    const vt = fold(cell(r, 'valueType'));
    const ag = fold(cell(r, 'aggregation'));
    const num = (k: string) => { const s = cell(r, k); if (!s) return null; const n = parseNumberVi(s); if (!Number.isFinite(n)) errs.push({ field: k, message: t(ctx.locale, 'movements.value.number') }); return n; };
    const ownerCode = cell(r, 'owner') || opts.owner || '';
    const owner = ownerCode ? await ownerId(ownerCode) : null;
    if (!owner) errs.push({ field: 'owner', message: t(ctx.locale, 'movements.import.unknown_unit', { code: ownerCode || '—' }) });
    const raw = {
      code: cell(r, 'code'), name: cell(r, 'name'), measure: cell(r, 'measure'), description: cell(r, 'description') || null,
      valueType: (VALUE_TYPES as readonly string[]).includes(vt) ? vt : TYPE_WORDS[vt] ?? vt,
      aggregation: (AGGREGATIONS as readonly string[]).includes(ag) ? ag : AGG_WORDS[ag] ?? ag,
      weightCode: cell(r, 'weightCode') || null, perCapitaCode: cell(r, 'perCapitaCode') || null,
      source: cell(r, 'source') || null, sourceMode: cell(r, 'sourceMode') || (cell(r, 'source') ? 'fill' : null),
      disaggregations: cell(r, 'disaggregations').split(/[,;]/).map((s) => fold(s).trim()).filter(Boolean).map((s) => (s === 'gioi tinh' ? 'gender' : s === 'to chuc' ? 'organization' : s)),
      rules: { min: num('min'), max: num('max'), lte: cell(r, 'lte') ? cell(r, 'lte').split(/[,;]/).map((s) => s.trim().toUpperCase()).filter(Boolean) : undefined },
      ownerUnitId: owner ?? 1,
    };
    const p = zCreateIndicatorInput.safeParse(raw);
    if (!p.success) for (const i of p.error.issues) errs.push({ field: String(i.path[0] ?? ''), message: issueMessage(i as never, ctx.locale) });
    if (p.success && p.data.aggregation === 'weighted_avg' && !p.data.weightCode) errs.push({ field: 'weightCode', message: t(ctx.locale, 'movements.indicator.weight_required') });
    if (p.success && p.data.valueType === 'text' && p.data.aggregation !== 'none') errs.push({ field: 'aggregation', message: t(ctx.locale, 'movements.indicator.text_not_aggregated') });
    if (good.some((g) => g.input.code === raw.code.toUpperCase())) errs.push({ field: 'code', message: t(ctx.locale, 'movements.import.duplicate_row') });
    if (errs.length) { report.rejected++; report.errors.push(...errs.map((e) => ({ row: r.row, ...e }))); continue; }
    good.push({ row: r.row, input: p.data! });
  }
  // References (weight, per capita, ≤) may point at codes defined further down: insert in dependency order.
  const existing = new Set((await rows<{ code: string }>(ctx.db, sql`SELECT code FROM mv_indicators`)).map((x) => x.code));
  const refs = (i: Parsed['input']) => [i.weightCode, i.perCapitaCode, ...(i.rules?.lte ?? [])].filter((x): x is string => !!x);
  const known = new Set([...existing, ...good.map((g) => g.input.code)]);
  for (const g of [...good]) {
    const bad = refs(g.input).filter((c) => !known.has(c));
    if (bad.length) {
      report.rejected++;
      report.errors.push({ row: g.row, field: 'weightCode', message: t(ctx.locale, 'movements.indicator.unknown_code', { code: bad.join(', ') }) });
      good.splice(good.indexOf(g), 1);
    }
  }
  const done = new Set(existing);
  const queue = [...good];
  await inTransaction(ctx, async (tx) => {
    while (queue.length) {
      const i = queue.findIndex((g) => refs(g.input).every((c) => done.has(c) || c === g.input.code));
      const g = queue.splice(i >= 0 ? i : 0, 1)[0];
      const before = await repo.findIndicatorByCode(tx.db, g.input.code);
      const id = async (code: string | null | undefined) => (code ? (await one<{ id: number }>(tx.db, sql`SELECT id FROM mv_indicators WHERE code = ${code}`))?.id ?? null : null);
      const x = g.input;
      const rules = JSON.stringify(Object.fromEntries(Object.entries(x.rules ?? {}).filter(([, v]) => v !== null && v !== undefined)));
      if (!before) {
        await tx.db.execute(sql`INSERT INTO mv_indicators (code, name, description, measure, value_type, aggregation, weight_indicator_id, per_capita_indicator_id,
          source, source_mode, disaggregations, rules, owner_unit_id)
          VALUES (${x.code}, ${x.name}, ${x.description ?? null}, ${x.measure}, ${x.valueType}, ${x.aggregation}, ${await id(x.weightCode)}, ${await id(x.perCapitaCode)},
            ${x.source ?? null}, ${x.source ? x.sourceMode ?? 'fill' : null}, ${sql.param(x.disaggregations ?? [])}::text[], ${rules}::jsonb, ${x.ownerUnitId})`);
        await writeAudit(tx, { action: 'movements.indicator.create', entity: 'indicator', entityId: x.code, unitId: x.ownerUnitId, after: { ...x, via: 'import' } });
        report.inserted++;
      } else {
        const same = before.name === x.name && before.measure === x.measure && before.valueType === x.valueType && before.aggregation === x.aggregation
          && (before.weightCode ?? null) === (x.weightCode ?? null) && (before.perCapitaCode ?? null) === (x.perCapitaCode ?? null)
          && (before.source ?? null) === (x.source ?? null) && (before.description ?? null) === (x.description ?? null)
          && JSON.stringify(before.disaggregations) === JSON.stringify(x.disaggregations ?? []) && JSON.stringify(before.rules) === rules;
        if (same) { report.skipped++; done.add(x.code); continue; }
        if ((before.aggregation !== x.aggregation || (before.weightCode ?? null) !== (x.weightCode ?? null))
          && await one(tx.db, sql`SELECT 1 FROM mv_rollup WHERE indicator_id = ${before.id} LIMIT 1`)) {
          report.rejected++;
          report.errors.push({ row: g.row, field: 'aggregation', message: t(ctx.locale, 'movements.indicator.aggregation_locked') });
          done.add(x.code);
          continue;
        }
        await tx.db.execute(sql`UPDATE mv_indicators SET name = ${x.name}, description = ${x.description ?? null}, measure = ${x.measure}, value_type = ${x.valueType},
          aggregation = ${x.aggregation}, weight_indicator_id = ${await id(x.weightCode)}, per_capita_indicator_id = ${await id(x.perCapitaCode)},
          source = ${x.source ?? null}, source_mode = ${x.source ? x.sourceMode ?? 'fill' : null}, disaggregations = ${sql.param(x.disaggregations ?? [])}::text[],
          rules = ${rules}::jsonb, version = version + 1, updated_at = now() WHERE id = ${before.id}`);
        await writeAudit(tx, { action: 'movements.indicator.update', entity: 'indicator', entityId: before.id, unitId: before.ownerUnitId, before, after: { ...x, via: 'import' } });
        report.updated++;
      }
      done.add(x.code);
    }
  });
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

const UNIT_HEADERS = ['unit', 'ma don vi', 'don vi', 'unit code', 'ma dv'];

/**
 * Rows a figures file may have (the header included): one row per unit, and each row costs a few
 * queries, so a file of tiny rows must not turn into minutes of work.
 */
export const VALUES_MAX_ROWS = 20_000;

/**
 * Figures for one period, one row per unit (unit code column, then one column per indicator code).
 * The file is read as it is written (streamed, within the upload limits): a file over a limit
 * changes nothing (the transaction rolls back) and fails with the limit's message.
 */
export async function importValues(ctx: Ctx, name: string, data: Buffer, opts: { period: string; movement?: string }): Promise<ImportReport> {
  const period = parsePeriod(opts.period);
  if (!period) throw new FieldValidationError([{ path: 'period', messageKey: 'movements.period.invalid' }]);
  const table = await tableStream(name, data, { maxRows: VALUES_MAX_ROWS });
  const report: ImportReport = { inserted: 0, updated: 0, skipped: 0, rejected: 0, errors: [] };
  const unitCol = table.headers.findIndex((x) => UNIT_HEADERS.includes(fold(x).replace(/[_\s]+/g, ' ').trim()));
  // A header problem rejects every row: they are counted, not kept.
  const reject = async (errs: { row: number; field: string; message: string }[]) => {
    report.errors.push(...errs);
    for await (const r of table.rows) { void r; report.rejected++; }
    return report;
  };
  if (unitCol < 0) return reject([{ row: 1, field: 'unit', message: t(ctx.locale, 'movements.import.missing_column', { column: 'unit / Mã đơn vị' }) }]);
  const cols: { idx: number; code: string; disagg: string }[] = [];
  const headerErrs: { row: number; field: string; message: string }[] = [];
  for (let i = 0; i < table.headers.length; i++) {
    if (i === unitCol) continue;
    const hd = table.headers[i];
    if (!hd || /^(ten|name|ten don vi)/.test(fold(hd))) continue; // a unit-name column is allowed and ignored
    const [code, disagg = ''] = hd.trim().split('/');
    const ind = await repo.findIndicatorByCode(ctx.db, code.trim().toUpperCase());
    if (!ind) headerErrs.push({ row: 1, field: hd, message: t(ctx.locale, 'movements.indicator.unknown_code', { code: hd }) });
    else cols.push({ idx: i, code: ind.code, disagg: disagg.trim() });
  }
  if (headerErrs.length) return reject(headerErrs);
  const movementId = opts.movement ? (await one<{ id: number }>(ctx.db, sql`SELECT id FROM mv_movements WHERE code = ${opts.movement.toUpperCase()}`))?.id : undefined;
  if (opts.movement && !movementId) return reject([{ row: 1, field: 'movement', message: t(ctx.locale, 'movements.import.unknown_movement', { code: opts.movement }) }]);

  // Through the web (a user's job) each row needs the right to fill that unit's forms; a unit out of scope reads as unknown.
  const fillable = ctx.actor ? inScope(ctx, 'movements.unit', 'reports.fill') : sql`TRUE`;
  await inTransaction(ctx, async (tx) => {
    for await (const r of table.rows) {
      const code = r.cells[unitCol] ?? '';
      const unit = await repo.findUnitByCode(tx.db, code, fillable);
      if (!unit) { report.rejected++; report.errors.push({ row: r.row, field: 'unit', message: t(tx.locale, 'movements.import.unknown_unit', { code: code || '—' }) }); continue; }
      const forms = await rows<FormRow>(tx.db, sql`SELECT f.id, f.unit_id AS "unitId", f.movement_id AS "movementId", f.period_start AS "periodStart",
        f.period_end AS "periodEnd", f.status FROM mv_forms f WHERE f.unit_id = ${unit.id} AND f.period_key = ${period.key}
        ${movementId ? sql`AND f.movement_id = ${movementId}` : sql``} ORDER BY f.id`);
      const cells = cols.filter((c) => (r.cells[c.idx] ?? '') !== '');
      if (cells.length === 0) { report.skipped++; continue; }
      if (forms.length === 0) { report.rejected++; report.errors.push({ row: r.row, field: 'unit', message: t(tx.locale, 'movements.import.no_form', { code, period: period.key }) }); continue; }
      // Which form takes which column: the first form of the unit whose indicator set has it.
      const sets = new Map<number, repo.IndicatorRow[]>();
      for (const f of forms) sets.set(f.id, await repo.movementIndicators(tx.db, f.movementId));
      const plan = new Map<number, { input: { indicator: string; disagg: string; value: string }[]; cols: typeof cells }>();
      const rowErrs: { row: number; field: string; message: string }[] = [];
      for (const c of cells) {
        const f = forms.find((x) => sets.get(x.id)!.some((i) => i.code === c.code));
        if (!f) { rowErrs.push({ row: r.row, field: table.headers[c.idx], message: t(tx.locale, 'movements.value.not_in_form', { code: c.code }) }); continue; }
        if (f.status !== 'draft' && f.status !== 'returned') { rowErrs.push({ row: r.row, field: table.headers[c.idx], message: t(tx.locale, 'movements.form.locked') }); continue; }
        const p = plan.get(f.id) ?? { input: [], cols: [] };
        p.input.push({ indicator: c.code, disagg: c.disagg, value: normaliseCell(r.cells[c.idx]) });
        p.cols.push(c);
        plan.set(f.id, p);
      }
      if (rowErrs.length) { report.rejected++; report.errors.push(...rowErrs); continue; }
      let changed = 0;
      let hadValues = false;
      const fieldErrs: { row: number; field: string; message: string }[] = [];
      try {
        await tx.db.transaction(async (sp) => {
          const spCtx = { ...tx, db: sp as unknown as typeof tx.db };
          for (const [formId, p] of plan) {
            const f = forms.find((x) => x.id === formId)!;
            hadValues ||= !!(await one(spCtx.db, sql`SELECT 1 FROM mv_values WHERE form_id = ${formId} AND source = 'entered' LIMIT 1`));
            try {
              changed += await writeValues(spCtx, f, sets.get(formId)!, p.input as never, 'row', 'sheet');
            } catch (e) {
              if (!(e instanceof FieldValidationError)) throw e;
              for (const fe of e.fields) {
                const col = p.cols[Number(fe.path.split('.')[1])];
                fieldErrs.push({ row: r.row, field: col ? table.headers[col.idx] : fe.path, message: t(tx.locale, fe.messageKey, fe.params) });
              }
            }
            await spCtx.db.execute(sql`UPDATE mv_forms SET version = version + 1, updated_at = now() WHERE id = ${formId}`);
          }
          if (fieldErrs.length) throw new RowRejected();
          if (changed > 0) await writeAudit(spCtx, { action: 'movements.values.import', entity: 'form', entityId: [...plan.keys()].join(','), unitId: unit.id, after: { period: period.key, row: r.row, values: Object.fromEntries([...plan.values()].flatMap((p) => p.input.map((x) => [x.indicator + (x.disagg ? '/' + x.disagg : ''), x.value]))) } });
        });
      } catch (e) {
        if (!(e instanceof RowRejected)) throw e;
        report.rejected++;
        report.errors.push(...fieldErrs);
        continue;
      }
      if (changed === 0) report.skipped++;
      else if (hadValues) report.updated++;
      else report.inserted++;
    }
  });
  return report;
}

class RowRejected extends Error {}

/** Spreadsheet cells: yes/no words become booleans, Vietnamese numbers stay text for the form's parser. */
function normaliseCell(s: string): string {
  const f = fold(s);
  if (['co', 'x', 'yes', 'true', 'dat'].includes(f)) return '1';
  if (['khong', 'no', 'false', 'chua dat'].includes(f)) return '0';
  return s;
}
