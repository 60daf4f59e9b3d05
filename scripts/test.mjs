#!/usr/bin/env node
// `npm test`: the whole suite (unit, API on PGlite — and on PostgreSQL when TEST_DATABASE_URL is set —
// and the browser tests in Chromium), then one plain summary line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

fs.mkdirSync('.tmp', { recursive: true });
const out = '.tmp/vitest-report.json';
fs.rmSync(out, { force: true });
if (!fs.existsSync('/usr/bin/chromium')) {
  if (process.env.CI) console.error('CI: Chromium is missing at /usr/bin/chromium; the browser tests will fail.');
  else console.warn('Chromium not found at /usr/bin/chromium: the browser tests will be skipped (install the Debian package "chromium" to run them).');
}
if (!process.env.TEST_DATABASE_URL) console.warn('TEST_DATABASE_URL is not set: the API tests run on PGlite only.');
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
try {
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(`\n${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`);
} catch {
  console.log('\n0 passed, 1 failed');
}
process.exit(r.status ?? 1);
