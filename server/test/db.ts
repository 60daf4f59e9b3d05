/**
 * Fresh databases for tests, fast: migrations and reference data (organizations, areas) are applied
 * once into a template (a PGlite data-dir dump; a PostgreSQL template database), then each test file
 * gets its own copy. PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, pgliteExtensions, type DbHandle } from '../kernel/db/connect';
import { migrateAll, migrationsRoot } from '../kernel/db/migrate';
import { ensureOrganizations } from '../modules/organizations/organizations.service';
import { ensureAreas } from '../modules/areas/areas.load';
import { modules } from '../modules';
import type { Engine } from '../kernel/db/types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmpDir = path.join(root, '.tmp');

export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Changes whenever a migration file changes, so templates are rebuilt. */
function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sql') || e.name === '_journal.json') h.update(p.slice(migrationsRoot.length)).update(fs.readFileSync(p));
    }
  };
  walk(migrationsRoot);
  h.update(modules.map((m) => m.name).join(','));
  // The reference data loaders fill the template too.
  for (const f of ['server/modules/areas/areas.load.ts', 'server/modules/organizations/organizations.service.ts']) h.update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex').slice(0, 12);
}

async function prepare(h: DbHandle) {
  await migrateAll(h, modules.map((m) => m.name));
  await ensureOrganizations(h.db);
  await ensureAreas(h.db);
}

const pgliteTemplatePath = () => path.join(tmpDir, `test-template-${migrationsHash()}.tar`);
const pgTemplateName = () => `danvan_tpl_${migrationsHash()}`;

function adminUrl(url: string, database = 'postgres'): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Build the templates once per test run (vitest globalSetup). */
export async function buildTemplates(): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const file = pgliteTemplatePath();
  if (!fs.existsSync(file)) {
    const client = await PGlite.create({ extensions: pgliteExtensions });
    const h = await openDatabase({ pglite: client });
    await prepare(h);
    const dump = await client.dumpDataDir('none');
    fs.writeFileSync(file + '.part', Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(file + '.part', file);
    await client.close();
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    try {
      const name = pgTemplateName();
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      // Leftovers of interrupted runs: test databases are named with their creation time, and only those
      // older than a day are dropped, so concurrent runs on the same server never lose theirs.
      const old = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'danvan\\_t\\_%'`);
      const dayAgo = Math.floor(Date.now() / 1000) - 86_400;
      for (const r of old.rows as { datname: string }[]) {
        const born = Number(r.datname.split('_')[2]);
        if (Number.isFinite(born) && born < dayAgo) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
      }
      if (exists.rowCount === 0) {
        // Another run may be building the same template right now: build under a name of our own.
        const building = `${name}_b${randomBytes(3).toString('hex')}`;
        await admin.query(`CREATE DATABASE "${building}"`);
        const h = await openDatabase({ databaseUrl: adminUrl(url, building), poolSize: 1 });
        await prepare(h);
        await h.close();
        try {
          await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        } catch (e) {
          // Someone else finished first: theirs is identical; drop ours.
          if (!/already exists/.test(String((e as Error).message))) throw e;
          await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        }
      }
    } finally {
      await admin.end();
    }
  }
}

/** A fresh, migrated database with organizations and areas loaded, on the given engine. */
export async function createTestDb(engine: Engine = 'pglite'): Promise<DbHandle> {
  if (engine === 'pglite') {
    const file = pgliteTemplatePath();
    if (!fs.existsSync(file)) await buildTemplates();
    const client = await PGlite.create({ extensions: pgliteExtensions, loadDataDir: new Blob([fs.readFileSync(file)]) });
    return openDatabase({ pglite: client });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `danvan_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplateName()}"`);
        break;
      } catch (e) {
        // Two copies of one template cannot start at the same instant: wait and retry.
        if (attempt > 50 || !/being accessed by other users/.test(String((e as Error).message))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const h = await openDatabase({ databaseUrl: adminUrl(url, name), poolSize: 5 });
  const close = h.close;
  return {
    ...h,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: adminUrl(url) });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  } as DbHandle;
}
