/**
 * PGlite: the copy is its data directory, taken by the process that holds the database. It is taken
 * inside PGlite's transaction slot (every transaction of the server goes through it, one at a time),
 * so no transaction is open while the files are read, after a CHECKPOINT, so that what was committed
 * asynchronously (imports, public submissions: `synchronous_commit = off`) is on disk and in the copy.
 */
import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from '../../kernel/db/connect';
import type { Manifest } from './backup.format';
import { describeDatabase, type Described, type Query } from './backup.state';

/** A consistent copy of a running PGlite database, with what it holds. */
export async function pgliteSnapshot(client: PGlite, d: Described): Promise<{ manifest: Manifest; payload: Blob }> {
  return client.transaction(async (tx) => {
    await tx.exec('CHECKPOINT');
    const q: Query = async (text) => (await tx.query<Record<string, unknown>>(text)).rows;
    const described = await describeDatabase(q, d);
    const payload = await client.dumpDataDir('gzip');
    return { manifest: { ...described, engine: 'pglite', payload: 'pglite-datadir-tgz', payloadBytes: payload.size }, payload };
  });
}

/** Open a new data directory `dir` (which must not exist) filled from a backup's payload. */
export async function pgliteLoad(file: string, offset: number, dir: string): Promise<PGlite> {
  const { PGlite: P } = await import('@electric-sql/pglite');
  const payload = (await fs.openAsBlob(file)).slice(offset);
  return P.create(dir, { extensions: pgliteExtensions, loadDataDir: payload });
}
