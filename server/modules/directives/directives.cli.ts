/** `danvan report --unit CODE --period 2026 --kind annual --out FILE.docx` */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { CliCommand } from '../../kernel/module';
import type { Actor, Ctx } from '../../kernel/context';
import { loadActor } from '../../kernel/auth';
import { one } from '../../kernel/db/sql';
import { AppError } from '../../kernel/errors';
import { REPORT_KINDS, zGenerateInput } from '../../../common/directives';
import { generateReport } from './reports.service';
import { tick } from './directives.reminders';

/** The command line acts as the operator: an administrator unless `--as USERNAME` names a user. */
const cliActor: Actor = { userId: 0, username: 'cli', fullName: 'Dòng lệnh', grants: [], isAdmin: true };

export const directivesCli: CliCommand[] = [
  {
    name: 'report',
    usage: 'report --unit CODE --period 2026 --kind annual|semiannual|multiyear --out FILE.docx|FILE.xlsx [--as USERNAME] [--json]',
    async run(args, { handle, ctx, print }) {
      const { values } = parseArgs({ args, options: { unit: { type: 'string' }, period: { type: 'string' }, kind: { type: 'string', default: 'annual' }, out: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } } });
      if (!values.unit || !values.period || !values.out) { print('Cần --unit, --period và --out / --unit, --period and --out are required'); return 2; }
      if (!(REPORT_KINDS as readonly string[]).includes(values.kind!)) { print(`--kind: ${REPORT_KINDS.join(' | ')}`); return 2; }
      const unit = await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = ${values.unit}`);
      if (!unit) { print(`Không có đơn vị / no unit ${values.unit}`); return 2; }
      let actor: Actor = cliActor;
      if (values.as) {
        const u = await one<{ id: number }>(handle.db, sql`SELECT id FROM users WHERE username = ${values.as}`);
        const a = u ? await loadActor(handle.db, u.id) : undefined;
        if (!a) { print(`Không có người dùng / no user ${values.as}`); return 2; }
        actor = a;
      }
      const format = values.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'docx';
      const parsed = zGenerateInput.safeParse({ unitId: unit.id, kind: values.kind, period: values.period, format });
      if (!parsed.success) { print(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')); return 2; }
      const c: Ctx = { ...ctx, actor };
      try {
        const t0 = Date.now();
        const f = await generateReport(c, parsed.data);
        fs.writeFileSync(values.out, f.data);
        const ms = Date.now() - t0;
        print(values.json ? JSON.stringify({ reportId: f.id, file: values.out, bytes: f.data.length, ms }) : `${values.out}: ${f.data.length} byte, báo cáo số ${f.id} (${ms} ms)`);
        return 0;
      } catch (e) {
        if (e instanceof AppError) { print(`${e.code}`); return 1; }
        throw e;
      }
    },
  },
  {
    name: 'directives tick',
    usage: 'directives tick   (tạo nhiệm vụ định kỳ năm nay, gửi nhắc việc / yearly instances and reminders now)',
    async run(_args, { handle, print }) {
      print(JSON.stringify(await tick(handle.db)));
      return 0;
    },
  },
];
