#!/usr/bin/env node
// Before `npm start`: build the web app with Vite when dist/web is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('dist/web/index.html');
const sources = ['web', 'common', 'vite.config.ts', 'package.json'].map((p) => path.resolve(p)).filter((p) => fs.existsSync(p));
if (!fs.existsSync(path.resolve('web'))) process.exit(0);

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    m = Math.max(m, newest(path.join(p, e)));
  }
  return m;
}

const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
const latest = Math.max(...sources.map(newest));
if (built >= latest) process.exit(0);
console.log('Đang dựng giao diện web / building the web app (vite build)…');
const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
