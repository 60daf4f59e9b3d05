/** Files (uploads and job results) kept in the database, so every process and machine sees them. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types';
import { one } from '../db/sql';

export type StoredFile = { id: number; name: string; mime: string; size: number; ownerId: number | null; unitId: number | null; data: Buffer };

export async function saveFile(db: Db, f: { name: string; mime: string; data: Buffer; ownerId?: number | null; unitId?: number | null }): Promise<number> {
  const r = await one<{ id: number }>(db, sql`
    INSERT INTO files (name, mime, size, data, owner_id, unit_id)
    VALUES (${f.name}, ${f.mime}, ${f.data.length}, ${f.data}, ${f.ownerId ?? null}, ${f.unitId ?? null}) RETURNING id`);
  return r!.id;
}

export async function findFile(db: Db, id: number): Promise<StoredFile | undefined> {
  const r = await one<StoredFile & { data: Buffer | Uint8Array }>(db, sql`
    SELECT id, name, mime, size, owner_id AS "ownerId", unit_id AS "unitId", data FROM files WHERE id = ${id}`);
  if (!r) return undefined;
  return { ...r, data: Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data) };
}

export async function findFileMeta(db: Db, id: number): Promise<Omit<StoredFile, 'data'> | undefined> {
  return one(db, sql`SELECT id, name, mime, size, owner_id AS "ownerId", unit_id AS "unitId" FROM files WHERE id = ${id}`);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
