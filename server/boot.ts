/**
 * Opening and preparing the database: migrations, reference data (organizations, areas), the first
 * admin or the demo province. Shared by the server, the CLI and the tests.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from './config';
import { openDatabase, type DbHandle } from './kernel/db/connect';
import { migrateAll } from './kernel/db/migrate';
import { one } from './kernel/db/sql';
import { ensureOrganizations } from './modules/organizations/organizations.service';
import { ensureAreas } from './modules/areas/areas.load';
import { modules } from './modules';
import { registerModules } from './app';
import { seedDemo, type DemoLogin } from './demo';
import { hashPassword } from './kernel/auth';
import { writeAudit } from './kernel/audit';
import { systemCtx } from './kernel/context';

export function openConfiguredDatabase(config: Config, poolSize?: number): Promise<DbHandle> {
  return openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, poolSize } : { dataDir: path.join(config.dataDir, 'pglite') });
}

export type PrepareResult = { demo: DemoLogin[] | null; firstAdmin: { username: string; password: string } | null; areasLoaded: boolean };

export async function prepareDatabase(handle: DbHandle, opts: { demo: boolean; demoPassword?: string; log?: (s: string) => void }): Promise<PrepareResult> {
  const log = opts.log ?? (() => {});
  // Demo seeds run services that check permissions and read figures: fill the registries first.
  registerModules();
  await migrateAll(handle, modules.map((m) => m.name));
  await ensureOrganizations(handle.db);
  const loaded = await ensureAreas(handle.db);
  if (loaded) log(`Đã nạp ${loaded.provinces} tỉnh/thành, ${loaded.communes} xã/phường/đặc khu, ${loaded.mappings} ánh xạ xã cũ → mới`);
  const anyUser = await one(handle.db, sql`SELECT 1 FROM users LIMIT 1`);
  if (anyUser) return { demo: null, firstAdmin: null, areasLoaded: !!loaded };
  const anyUnit = await one(handle.db, sql`SELECT 1 FROM units LIMIT 1`);
  if (opts.demo && !anyUnit) {
    const logins = await seedDemo(handle, modules, { password: opts.demoPassword }, log);
    return { demo: logins, firstAdmin: null, areasLoaded: !!loaded };
  }
  // No demo: one global admin with a random password, shown once.
  const password = randomBytes(9).toString('base64url');
  const hash = await hashPassword(password);
  await handle.db.transaction(async (tx) => {
    const r = await one<{ id: number }>(tx as never, sql`INSERT INTO users (username, password_hash, full_name) VALUES ('admin', ${hash}, 'Quản trị hệ thống') RETURNING id`);
    await tx.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${r!.id}, NULL, 'admin')`);
    await writeAudit({ ...systemCtx(tx as never, handle.engine) }, { action: 'users.create', entity: 'user', entityId: r!.id, after: { username: 'admin', role: 'admin', via: 'first-start' } });
  });
  return { demo: null, firstAdmin: { username: 'admin', password }, areasLoaded: !!loaded };
}
