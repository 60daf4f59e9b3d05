import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { CliCommand } from '../../kernel/module';
import { one } from '../../kernel/db/sql';
import { hashPassword } from '../../kernel/auth';
import { writeAudit } from '../../kernel/audit';
import { zCreateUserInput, zRole } from '../../../common/core';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const usersCli: CliCommand[] = [{
  name: 'user create',
  usage: 'user create --username U --password-stdin --unit CODE --role ROLE [--full-name NAME] [--json]',
  async run(args, { handle, ctx, print }) {
    const { values } = parseArgs({ args, options: {
      username: { type: 'string' }, 'password-stdin': { type: 'boolean' }, unit: { type: 'string' }, role: { type: 'string' },
      'full-name': { type: 'string' }, json: { type: 'boolean' },
    } });
    if (!values['password-stdin']) { print('--password-stdin là bắt buộc / is required'); return 2; }
    const password = await readStdin();
    const unit = await one<{ id: number }>(handle.db, sql`SELECT id FROM units WHERE code = ${values.unit ?? ''}`);
    if (!unit) { print(`Không có đơn vị mã ${values.unit} / no unit with code ${values.unit}`); return 2; }
    const role = zRole.safeParse(values.role);
    if (!role.success) { print(`Vai trò không hợp lệ / invalid role: ${values.role} (admin, unit_admin, officer, viewer, supervisor)`); return 2; }
    const input = zCreateUserInput.safeParse({ username: values.username, fullName: values['full-name'] ?? values.username, password, grants: [{ unitId: unit.id, role: role.data }] });
    if (!input.success) { print(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')); return 2; }
    if (await one(handle.db, sql`SELECT 1 FROM users WHERE username = ${input.data.username}`)) { print(`Tên đăng nhập đã tồn tại / username exists: ${input.data.username}`); return 1; }
    const hash = await hashPassword(input.data.password);
    const id = await handle.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx as unknown as typeof ctx.db };
      const r = await one<{ id: number }>(tx as never, sql`INSERT INTO users (username, password_hash, full_name) VALUES (${input.data.username}, ${hash}, ${input.data.fullName}) RETURNING id`);
      await tx.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${r!.id}, ${unit.id}, ${role.data})`);
      await writeAudit(txCtx, { action: 'users.create', entity: 'user', entityId: r!.id, unitId: unit.id, after: { username: input.data.username, fullName: input.data.fullName, grants: [{ unitId: unit.id, role: role.data }], via: 'cli' } });
      return r!.id;
    });
    print(values.json ? JSON.stringify({ id, username: input.data.username, unit: values.unit, role: role.data }) : `Đã tạo người dùng ${input.data.username} (id ${id}) / user created`);
    return 0;
  },
}];
