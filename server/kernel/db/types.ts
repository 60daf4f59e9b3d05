import { customType } from 'drizzle-orm/pg-core';
import type { PgDatabase } from 'drizzle-orm/pg-core';

/** Either engine's drizzle instance, or a transaction on it: repositories take this. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<any, any, any>;

export type Engine = 'pglite' | 'postgres';

/** PostgreSQL ltree, carried as its dotted text form ("u1.u42.u977"). */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType: () => 'ltree',
});

/** Text-search helper column type for generated tsvector-free trigram search. */
export const citext = customType<{ data: string; driverData: string }>({ dataType: () => 'text' });
