import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines, createTestDb } from '../../test/db';
import { enqueueJob, jobErrorText, registerJobHandler, startJobRunner, waitForJob, findJob } from './index';
import { readRows, ImportLimitError } from '../import';
import type { DbHandle } from '../db/connect';
import { one } from '../db/sql';
import { findFile } from '../files';

let attemptsSeen = 0;
registerJobHandler('test.count', async ({ job, progress }) => {
  const n = Number(job.payload.n);
  for (let i = 1; i <= n; i++) await progress(i, n, `bước ${i}`);
  return { result: { sum: (n * (n + 1)) / 2 }, file: { name: 'kết quả.txt', mime: 'text/plain', data: Buffer.from(`tổng ${n}`) } };
});
registerJobHandler('test.fail', async () => { throw new Error('không đọc được tệp'); });
registerJobHandler('test.crashy', async () => { attemptsSeen++; return { result: 'ok' }; });
/** Reads an endless CSV the first time (until cancelled, through the running job's signal), then finishes. */
// Counted per job's token, not per file: the same handler serves both engines' runs (whose ids coincide).
const endlessSeen = new Set<string>();
registerJobHandler('test.endless', async ({ job }) => {
  const token = String(job.payload.token);
  if (endlessSeen.has(token)) return { result: 'second run' };
  endlessSeen.add(token);
  async function* forever() { for (;;) { yield Buffer.from('An,1990\n'.repeat(1000)); await new Promise((r) => setImmediate(r)); } }
  for await (const r of readRows({ name: 'x.csv', stream: forever() })) void r;
  return { result: 'never' };
});
registerJobHandler('test.stubborn', async () => { await new Promise((r) => setTimeout(r, 1500)); return { result: 'late' }; });
registerJobHandler('test.limit', async () => { throw new ImportLimitError('row_cells', { max: 2000, row: 3 }); });

describe.each(engines())('job kernel on %s', (engine) => {
  let h: DbHandle;
  beforeAll(async () => { h = await createTestDb(engine); });
  afterAll(async () => { await h?.close(); });
  const ctx = () => ({ actor: null, db: h.db, engine: h.engine, locale: 'vi' as const, requestId: 't' });

  it('runs a queued job with progress to a result file', async () => {
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50 });
    try {
      const j = await enqueueJob(ctx(), { kind: 'test.count', payload: { n: 5 } });
      expect(j.status).toBe('queued');
      const done = await waitForJob(h.db, j.id, 20_000);
      expect(done).toMatchObject({ status: 'done', progressDone: 5, progressTotal: 5, result: { sum: 15 } });
      const f = await findFile(h.db, done.resultFileId!);
      expect(f!.data.toString()).toBe('tổng 5');
      const failed = await waitForJob(h.db, (await enqueueJob(ctx(), { kind: 'test.fail' })).id, 20_000);
      expect(failed).toMatchObject({ status: 'failed', error: 'không đọc được tệp' });
    } finally {
      await stop();
    }
  });

  it('picks up a job whose runner died (stale heartbeat) after a restart', async () => {
    const j = await enqueueJob(ctx(), { kind: 'test.crashy' });
    // Simulate a process that claimed the job and died a minute ago.
    await h.db.execute(sql`UPDATE jobs SET status = 'running', locked_by = 'dead:1', attempts = 1, heartbeat_at = now() - interval '5 minutes' WHERE id = ${j.id}`);
    const before = attemptsSeen;
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50, staleSeconds: 30 });
    try {
      const done = await waitForJob(h.db, j.id, 20_000);
      expect(done.status).toBe('done');
      expect(attemptsSeen).toBe(before + 1);
      expect((await one<{ attempts: number }>(h.db, sql`SELECT attempts FROM jobs WHERE id = ${j.id}`))!.attempts).toBe(2);
    } finally {
      await stop();
    }
  });

  it('leaves a fresh running job of another process alone', async () => {
    const j = await enqueueJob(ctx(), { kind: 'test.crashy' });
    await h.db.execute(sql`UPDATE jobs SET status = 'running', locked_by = 'alive:2', heartbeat_at = now() WHERE id = ${j.id}`);
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50, staleSeconds: 60 });
    await new Promise((r) => setTimeout(r, 400));
    await stop();
    expect((await findJob(h.db, j.id))!.status).toBe('running');
  });

  it('stops promptly: the running job is cancelled, queued again, and runs at the next start', async () => {
    const j = await enqueueJob(ctx(), { kind: 'test.endless', payload: { token: engine } });
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50 });
    for (let i = 0; i < 200 && (await findJob(h.db, j.id))!.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await findJob(h.db, j.id)).toMatchObject({ status: 'queued', attempts: 0, error: null });
    const again = startJobRunner(h.db, h.engine, { pollMs: 50 });
    try {
      expect(await waitForJob(h.db, j.id, 20_000)).toMatchObject({ status: 'done', result: 'second run', attempts: 1 });
    } finally { await again(); }
  });

  it('does not wait past its grace for a handler that ignores the cancellation', async () => {
    const j = await enqueueJob(ctx(), { kind: 'test.stubborn' });
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50, stopGraceMs: 200 });
    for (let i = 0; i < 200 && (await findJob(h.db, j.id))!.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    const t0 = Date.now();
    await stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 1500));
  });

  it('keeps a failure’s message key, shown in each reader’s language', async () => {
    const stop = startJobRunner(h.db, h.engine, { pollMs: 50 });
    try {
      const failed = await waitForJob(h.db, (await enqueueJob(ctx(), { kind: 'test.limit' })).id, 20_000);
      expect(failed).toMatchObject({ status: 'failed', error: 'Dòng 3 có quá 2000 ô (cột).', result: { error: { code: 'IMPORT_LIMIT', key: 'import.limit.row_cells', params: { max: 2000, row: 3 } } } });
      expect(jobErrorText(failed, 'en')).toBe('Row 3 has more than 2000 cells (columns).');
    } finally { await stop(); }
  });
});
