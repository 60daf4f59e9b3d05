import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db, Engine } from './types';

export const pgliteExtensions = { ltree, pg_trgm, unaccent, btree_gin };

/** One open database, on either engine. `raw` is for the few things drizzle cannot do (COPY). */
export type DbHandle =
  | { engine: 'pglite'; db: Db; raw: PGlite; close(): Promise<void> }
  | { engine: 'postgres'; db: Db; raw: pg.Pool; close(): Promise<void> };

// Both engines return the same JS types: int8 as number, numeric as string, dates/timestamps as text.
// (drizzle's node-postgres session falls back to pg's global parsers, so they are set globally.)
pg.types.setTypeParser(20, (v: string) => Number(v));
const identity = (v: string) => v;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v); // int8
    if (oid === 1082 || oid === 1114 || oid === 1184 || oid === 1186) return identity; // date, timestamp(tz), interval
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

export type OpenOptions = { dataDir?: string; databaseUrl?: string; pglite?: PGlite; poolSize?: number };

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      types: pgTypes,
      options: '-c timezone=UTC',
    });
    pool.on('error', () => { /* an idle client died; the pool replaces it */ });
    const db = drizzlePg(pool) as unknown as Db;
    return { engine: 'postgres', db, raw: pool, close: () => pool.end() };
  }
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir && opts.dataDir !== 'memory://') fs.mkdirSync(path.dirname(path.resolve(opts.dataDir)), { recursive: true });
    client = await PGlite.create(opts.dataDir ?? 'memory://', { extensions: pgliteExtensions });
  }
  await client.exec(`SET TIME ZONE 'UTC'`);
  const c = client;
  const db = drizzlePglite(c) as unknown as Db;
  return { engine: 'pglite', db, raw: c, close: () => c.close() };
}

export function engineOf(h: DbHandle): Engine { return h.engine; }
