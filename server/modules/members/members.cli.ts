import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { CliCommand } from '../../kernel/module';
import type { Actor, Ctx } from '../../kernel/context';
import { one } from '../../kernel/db/sql';
import { AppError, FieldValidationError } from '../../kernel/errors';
import { t } from '../../kernel/i18n';
import { zDuplicateChoice } from '../../../common/members';
import { loadUnitInfo } from './members.service';
import { runImport, writeMembersXlsx } from './members.io';
import { fileZipSource } from '../../kernel/import';

/** The command line acts for the operator who runs it on the server: everything, like an admin. */
const operator: Actor = { userId: 0, username: 'cli', fullName: 'Dòng lệnh', grants: [], isAdmin: true };

async function unitByCode(ctx: Ctx, code: string) {
  const r = await one<{ id: number }>(ctx.db, sql`SELECT id FROM units WHERE code = ${code}`);
  return r ? loadUnitInfo(ctx.db, r.id) : undefined;
}

function explain(e: unknown, locale: 'vi' | 'en'): string {
  if (e instanceof FieldValidationError) return e.fields.map((f) => `${f.path}: ${t(locale, f.messageKey, f.params)}`).join('\n');
  if (e instanceof AppError) return `${e.code}: ${t(locale, e.messageKey ?? 'error.bad_request', e.details)}`;
  return e instanceof Error ? e.message : String(e);
}

export const membersCli: CliCommand[] = [
  {
    name: 'members import',
    usage: 'members import FILE --unit CODE [--organization CODE] [--duplicates merge|skip|new] [--json]',
    async run(args, { handle, ctx, print }) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
        unit: { type: 'string' }, organization: { type: 'string' }, duplicates: { type: 'string' }, json: { type: 'boolean' }, report: { type: 'string' },
      } });
      const file = positionals[0];
      if (!file || !values.unit) { print('usage: danvan members import FILE --unit CODE [--organization CODE] [--json]'); return 2; }
      if (!fs.existsSync(file)) { print(`Không có tệp / no such file: ${file}`); return 2; }
      const target = await unitByCode(ctx, values.unit);
      if (!target) { print(`Không có đơn vị mã / no unit with code ${values.unit}`); return 2; }
      if (values.organization && values.organization !== target.organizationCode) {
        print(`Đơn vị ${values.unit} thuộc tổ chức ${target.organizationCode}, không phải ${values.organization} / the unit belongs to ${target.organizationCode}`);
        return 2;
      }
      const duplicates = zDuplicateChoice.safeParse(values.duplicates ?? 'merge');
      if (!duplicates.success) { print('--duplicates: merge | skip | new'); return 2; }
      try {
        const r = await runImport({
          db: handle.db, engine: handle.engine, locale: ctx.locale, actor: operator, requestId: 'cli', target,
          source: { name: path.basename(file), open: () => fs.createReadStream(file), zip: () => fileZipSource(file) },
          options: { duplicates: duplicates.data },
          progress: values.json ? undefined : (n) => { if (n % 50_000 < 2000) process.stderr.write(`\r${n.toLocaleString('vi-VN')} dòng…`); },
        });
        if (!values.json) process.stderr.write('\n');
        if (values.report && r.report) fs.writeFileSync(values.report, r.report);
        const summary = { inserted: r.inserted, updated: r.updated, skipped: r.skipped, rejected: r.rejected, errors: r.errors };
        if (values.json) print(JSON.stringify(summary));
        else {
          print(`Thêm mới ${r.inserted}, cập nhật ${r.updated}, bỏ qua ${r.skipped}, từ chối ${r.rejected} (${r.warningCount} cảnh báo)`);
          for (const e of r.errors) print(`  dòng ${e.row} · ${e.field}: ${e.message}`);
        }
        return 0;
      } catch (e) {
        print(explain(e, ctx.locale));
        return 1;
      }
    },
  },
  {
    name: 'members export',
    usage: 'members export --unit CODE --out FILE.xlsx',
    async run(args, { handle, ctx, print }) {
      const { values } = parseArgs({ args, options: { unit: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' } } });
      if (!values.unit || !values.out) { print('usage: danvan members export --unit CODE --out FILE.xlsx'); return 2; }
      const target = await unitByCode(ctx, values.unit);
      if (!target) { print(`Không có đơn vị mã / no unit with code ${values.unit}`); return 2; }
      const opCtx: Ctx = { ...ctx, db: handle.db, actor: operator, requestId: 'cli' };
      const status = (values.status ?? 'active') as 'active';
      const n = await writeMembersXlsx(opCtx, { unit: target.id, status, sort: 'name' }, { filename: values.out });
      print(`${n} → ${values.out}`);
      return 0;
    },
  },
];
