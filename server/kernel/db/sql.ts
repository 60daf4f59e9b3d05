import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './types';

/** Raw query returning rows on either engine (both drivers expose `.rows`). */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export async function one<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}

/** Escape a LIKE pattern's wildcards. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** A text[] parameter cast to ltree[]: PGlite refuses an ltree[] parameter directly. */
export function ltreeArray(paths: string[]): SQL {
  return sql`${`{${paths.map((p) => `"${p}"`).join(',')}}`}::text[]::ltree[]`;
}

export { sql };
