#!/usr/bin/env node
// `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or those whose name contains NAME), one
// process each, in turn. Each prints its figures and the ratio to its baseline, and updates its own
// section of docs/benchmarks.md. PostgreSQL figures need BENCH_DATABASE_URL (or TEST_DATABASE_URL).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const filters = process.argv.slice(2);
const dir = path.resolve('bench');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, f)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
