import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { CliCommand } from '../../kernel/module';
import { rows } from '../../kernel/db/sql';

export const unitsCli: CliCommand[] = [{
  name: 'units list',
  usage: 'units list [--under CODE] [--json]',
  async run(args, { handle, print }) {
    const { values } = parseArgs({ args, options: { under: { type: 'string' }, json: { type: 'boolean' } } });
    let where = sql`TRUE`;
    if (values.under) {
      const root = await rows<{ path: string }>(handle.db, sql`SELECT path::text AS path FROM units WHERE code = ${values.under}`);
      if (!root[0]) { print(`Không có đơn vị mã ${values.under} / no unit with code ${values.under}`); return 1; }
      where = sql`u.path <@ ${root[0].path}::ltree`;
    }
    const list = await rows<{ id: number; code: string; name: string; organization: string; parent: string | null; path: string }>(handle.db, sql`
      SELECT u.id, u.code, u.name, o.code AS organization, p.code AS parent, u.path::text AS path
      FROM units u JOIN organizations o ON o.id = u.organization_id LEFT JOIN units p ON p.id = u.parent_id
      WHERE ${where} ORDER BY u.path`);
    if (values.json) print(JSON.stringify(list));
    else for (const u of list) print(`${'  '.repeat(u.path.split('.').length - 1)}${u.code}\t${u.name}\t(${u.organization})`);
    return 0;
  },
}];
