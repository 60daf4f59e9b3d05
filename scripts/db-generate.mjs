#!/usr/bin/env node
// Generate a migration for one module from its table file:
//   npm run db:generate -- <module> --name add_x [--custom]
// Core tables: npm run db:generate -- core --name x  (uses drizzle.config.ts).
// Each module has its own folder under server/migrations/<module>, applied after core.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [mod, ...rest] = process.argv.slice(2);
if (!mod) { console.error('usage: npm run db:generate -- <module|core> --name NAME [--custom]'); process.exit(2); }
let args;
if (mod === 'core') args = ['drizzle-kit', 'generate', ...rest];
else {
  const schema = `server/modules/${mod}/${mod}.table.ts`;
  if (!fs.existsSync(schema)) { console.error(`missing ${schema}`); process.exit(2); }
  args = ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', schema, '--out', `server/migrations/${mod}`, ...rest];
}
const r = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
