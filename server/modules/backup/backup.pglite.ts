/**
 * PGlite: the copy is its data directory, taken by the process that holds the database. It is taken
 * inside PGlite's transaction slot (every transaction of the server goes through it, one at a time),
 * so no transaction is open while the files are read, after a CHECKPOINT, so that what was committed
 * asynchronously (imports, public submissions: `synchronous_commit = off`) is on disk and in the copy.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from '../../kernel/db/connect';
import type { Manifest } from './backup.format';
import { describeDatabase, type Described, type Query } from './backup.state';

const gzip = promisify(zlib.gzip);

/** A consistent copy of a running PGlite database (a gzipped tar of its data directory), with what it holds. */
export async function pgliteSnapshot(client: PGlite, d: Described): Promise<{ manifest: Manifest; payload: Buffer }> {
  const { described, tar } = await client.transaction(async (tx) => {
    await tx.exec('CHECKPOINT');
    const q: Query = async (text) => (await tx.query<Record<string, unknown>>(text)).rows;
    return { described: await describeDatabase(q, d), tar: await client.dumpDataDir('none') };
  });
  // Compressed after leaving the slot, off the main thread: requests wait only for the copy itself.
  const payload = await gzip(Buffer.from(await tar.arrayBuffer()));
  return { manifest: { ...described, engine: 'pglite', payload: 'pglite-datadir-tgz', payloadBytes: payload.length }, payload };
}

/** Open a new data directory `dir` (which must not exist) filled from a backup's payload. */
export async function pgliteLoad(file: string, offset: number, dir: string): Promise<PGlite> {
  const { PGlite: P } = await import('@electric-sql/pglite');
  const payload = (await fs.openAsBlob(file)).slice(offset, undefined, 'application/gzip');
  return P.create(dir, { extensions: pgliteExtensions, loadDataDir: payload });
}
