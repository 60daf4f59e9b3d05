import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { DbHandle } from './connect';

const here = path.dirname(fileURLToPath(import.meta.url));
export const migrationsRoot = path.resolve(here, '../../migrations');

/**
 * Core migrations first, then each module's own folder, each tracked in its own table so that
 * modules can generate migrations independently of each other.
 */
export async function migrateAll(h: DbHandle, moduleNames: string[], root = migrationsRoot): Promise<void> {
  for (const name of ['core', ...moduleNames]) {
    const cfg = {
      migrationsFolder: path.join(root, name),
      migrationsTable: name === 'core' ? '__drizzle_migrations' : `__drizzle_migrations_${name}`,
      migrationsSchema: 'drizzle',
    };
    if (!(await folderExists(cfg.migrationsFolder))) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (h.engine === 'pglite') await migratePglite(h.db as any, cfg);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    else await migratePg(h.db as any, cfg);
  }
}

async function folderExists(p: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  try { await fs.access(path.join(p, 'meta', '_journal.json')); return true; } catch { return false; }
}
