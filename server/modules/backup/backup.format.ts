/**
 * A backup file: one magic line, one line of JSON saying what it holds (engine, schema version, rows
 * per table), then the engine's own copy — PGlite's data directory as a gzipped tar, or pg_dump's
 * custom format. The header is readable with `head -2 FILE`.
 */
import fs from 'node:fs';
import { z } from 'zod';

export const MAGIC = 'DANVAN-BACKUP 1\n';

export const zManifest = z.object({
  format: z.literal(1),
  engine: z.enum(['pglite', 'postgres']),
  createdAt: z.string(),
  /** The application's version (package.json) that wrote it. */
  app: z.string(),
  /** The database server's version (PGlite's data directory only opens in the same major version). */
  server: z.string(),
  /** Per migrations folder, the last migration applied. */
  migrations: z.record(z.string(), z.string().nullable()),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Settings rows that hold keys (kept in the database when no key is configured): they are in this copy. */
  keysInside: z.array(z.string()).default([]),
  payload: z.enum(['pglite-datadir-tgz', 'pg_dump-custom']),
  /** Length of the payload when known before it is written (PGlite). */
  payloadBytes: z.number().int().nonnegative().optional(),
});
export type Manifest = z.infer<typeof zManifest>;

export function headerBytes(m: Manifest): Buffer {
  return Buffer.from(MAGIC + JSON.stringify(m) + '\n', 'utf8');
}

export class BackupFileError extends Error {
  constructor(message: string) { super(message); this.name = 'BackupFileError'; }
}

/** The manifest of a backup file and where its payload starts; throws BackupFileError for anything else. */
export function readHeader(file: string): { manifest: Manifest; offset: number; size: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n);
    const bad = `Không phải tệp sao lưu Dân Vận / not a Dân Vận backup file: ${file}`;
    if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new BackupFileError(bad);
    const end = head.indexOf(0x0a, MAGIC.length);
    if (end < 0) throw new BackupFileError(bad);
    let manifest: Manifest;
    try {
      manifest = zManifest.parse(JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')));
    } catch {
      throw new BackupFileError(`${bad} (phần mô tả hỏng / unreadable header)`);
    }
    const offset = end + 1;
    if (manifest.payloadBytes !== undefined && size - offset !== manifest.payloadBytes) {
      throw new BackupFileError(`Tệp sao lưu bị cắt cụt hoặc hỏng / the backup file is truncated or damaged: ${size - offset} of ${manifest.payloadBytes} bytes`);
    }
    return { manifest, offset, size };
  } finally {
    fs.closeSync(fd);
  }
}
