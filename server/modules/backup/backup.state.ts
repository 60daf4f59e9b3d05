/**
 * What a database holds, as a backup describes it: rows per table and, per migrations folder, the
 * last migration applied. Read through a bare query function so that it runs inside whichever
 * snapshot the caller holds (PGlite's one transaction slot, PostgreSQL's exported snapshot).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsRoot } from '../../kernel/db/migrate';
import type { Manifest } from './backup.format';

export type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Tables of the public schema with their row counts, by name. */
export async function tableCounts(q: Query): Promise<Record<string, number>> {
  const names = (await q(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`)).map((r) => String(r.name));
  if (!names.length) return {};
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const counted = await q(names.map((n) => `SELECT ${`'${n.replace(/'/g, "''")}'`} AS name, count(*)::text AS n FROM ${ident(n)}`).join(' UNION ALL '));
  const out: Record<string, number> = {};
  for (const n of names) out[n] = Number(counted.find((r) => r.name === n)!.n);
  return out;
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

/** The migration folders the code knows (core first), each with its journal. */
export function knownMigrations(moduleNames: string[], root = migrationsRoot): { name: string; table: string; entries: Journal['entries'] }[] {
  const out = [];
  for (const name of ['core', ...moduleNames]) {
    const file = path.join(root, name, 'meta', '_journal.json');
    if (!fs.existsSync(file)) continue;
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
    out.push({ name, table: name === 'core' ? '__drizzle_migrations' : `__drizzle_migrations_${name}`, entries: j.entries });
  }
  return out;
}

/**
 * Per migrations folder, the tag of the last migration applied (null: none), or `unknown:<time>`
 * when the database holds a migration this code does not have (it comes from a newer version).
 */
export async function migrationState(q: Query, moduleNames: string[], root = migrationsRoot): Promise<Record<string, string | null>> {
  const tables = new Set((await q(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'drizzle'`)).map((r) => String(r.name)));
  const out: Record<string, string | null> = {};
  for (const m of knownMigrations(moduleNames, root)) {
    if (!tables.has(m.table)) { out[m.name] = null; continue; }
    const last = (await q(`SELECT created_at::text AS at FROM drizzle."${m.table}" ORDER BY created_at DESC LIMIT 1`))[0];
    if (!last) { out[m.name] = null; continue; }
    const at = Number(last.at);
    out[m.name] = m.entries.find((e) => e.when === at)?.tag ?? `unknown:${at}`;
  }
  return out;
}

/** Migrations of a backup's state that this code does not know (the backup is from a newer version). */
export function unknownMigrations(state: Record<string, string | null>, moduleNames: string[], root = migrationsRoot): string[] {
  const known = new Map(knownMigrations(moduleNames, root).map((m) => [m.name, new Set(m.entries.map((e) => e.tag))]));
  return Object.entries(state).filter(([name, tag]) => tag !== null && !known.get(name)?.has(tag)).map(([name, tag]) => `${name}/${tag}`);
}

/** Migrations the code has after the given state: what a restore of that state will apply. */
export function pendingMigrations(state: Record<string, string | null>, moduleNames: string[], root = migrationsRoot): string[] {
  const out: string[] = [];
  for (const m of knownMigrations(moduleNames, root)) {
    const last = state[m.name];
    const from = last == null ? 0 : m.entries.findIndex((e) => e.tag === last) + 1;
    for (const e of m.entries.slice(from)) out.push(`${m.name}/${e.tag}`);
  }
  return out;
}

/** Which migrations folders to read, and from where (tests point `root` at a copy with one more). */
export type Described = { moduleNames: string[]; root?: string };

const appVersion = (() => {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
})();

/** Everything a manifest says about the database except how the copy is made. */
export async function describeDatabase(q: Query, d: Described): Promise<Omit<Manifest, 'engine' | 'payload' | 'payloadBytes'>> {
  const server = String((await q('SHOW server_version'))[0].server_version);
  const tables = await tableCounts(q);
  const migrations = await migrationState(q, d.moduleNames, d.root);
  // Keys kept in the database itself (the petitions key when PETITIONS_IDENTITY_KEY is not set) travel with it.
  const keysInside = tables.settings ? (await q(`SELECT key FROM settings WHERE key LIKE '%key%' ORDER BY key`)).map((r) => String(r.key)) : [];
  return { format: 1, createdAt: new Date().toISOString(), app: appVersion, server, migrations, tables, keysInside };
}
