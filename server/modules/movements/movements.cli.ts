import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../kernel/module';
import { FieldValidationError } from '../../kernel/errors';
import { importIndicators, importValues } from './movements.import';
import { rebuildRollup } from './rollup';
import { generateAllForms } from './catalogue.service';
import { sendReminders } from './reminders';
import type { ImportReport } from '../../../common/movements';

function printReport(r: ImportReport, json: boolean | undefined, print: (s: string) => void) {
  if (json) { print(JSON.stringify(r)); return; }
  print(`Thêm mới / inserted: ${r.inserted}, cập nhật / updated: ${r.updated}, bỏ qua / skipped: ${r.skipped}, từ chối / rejected: ${r.rejected}`);
  for (const e of r.errors) print(`  dòng / row ${e.row}, ${e.field}: ${e.message}`);
}

function readFile(file: string | undefined, print: (s: string) => void): { name: string; data: Buffer } | null {
  if (!file) { print('Thiếu tệp / missing FILE'); return null; }
  if (!fs.existsSync(file)) { print(`Không có tệp / no such file: ${file}`); return null; }
  if (!/\.(xlsx|csv)$/i.test(file)) { print('Chỉ nhận .xlsx hoặc .csv / only .xlsx or .csv'); return null; }
  return { name: path.basename(file), data: fs.readFileSync(file) };
}

export const movementsCli: CliCommand[] = [
  {
    name: 'indicators import',
    usage: 'indicators import FILE [--owner UNITCODE] [--json]   (danh mục chỉ tiêu .xlsx/.csv: giữ dòng đúng, báo dòng sai)',
    async run(args, { ctx, print }) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { owner: { type: 'string' }, json: { type: 'boolean' } } });
      const f = readFile(positionals[0], print);
      if (!f) return 2;
      const r = await importIndicators(ctx, f.name, f.data, { owner: values.owner });
      printReport(r, values.json, print);
      return r.rejected > 0 ? 1 : 0;
    },
  },
  {
    name: 'values import',
    usage: 'values import FILE --period P [--movement CODE] [--json]   (số liệu một kỳ, mỗi dòng một đơn vị: giữ dòng đúng, báo dòng sai)',
    async run(args, { ctx, print }) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { period: { type: 'string' }, movement: { type: 'string' }, json: { type: 'boolean' } } });
      if (!values.period) { print('--period là bắt buộc (2026-03, 2026-Q1, 2026-H1, 2026) / --period is required'); return 2; }
      const f = readFile(positionals[0], print);
      if (!f) return 2;
      try {
        const r = await importValues(ctx, f.name, f.data, { period: values.period, movement: values.movement });
        printReport(r, values.json, print);
        return r.rejected > 0 ? 1 : 0;
      } catch (e) {
        if (e instanceof FieldValidationError) { print(`Kỳ báo cáo không hợp lệ / invalid period: ${values.period}`); return 2; }
        throw e;
      }
    },
  },
  {
    name: 'indicators rebuild',
    usage: 'indicators rebuild   (dựng lại bảng tổng hợp sau khi chuyển đơn vị / rebuild the roll-up after moving units)',
    async run(_args, { handle, print }) {
      await handle.db.transaction(async (tx) => rebuildRollup(tx as never));
      print('OK');
      return 0;
    },
  },
  {
    name: 'reports remind',
    usage: 'reports remind [--json]   (tạo biểu mẫu kỳ mới và nhắc đơn vị chưa báo cáo / create new period forms and remind late units)',
    async run(args, { handle, print }) {
      const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
      const created = await generateAllForms(handle.db);
      const r = await sendReminders(handle.db);
      print(values.json ? JSON.stringify({ created, ...r }) : `Biểu mẫu mới / new forms: ${created}; nhắc / reminded: ${r.forms} (${r.notifications} thông báo, ${r.emails} email)`);
      return 0;
    },
  },
];
