/**
 * The job kernel: long work (imports, exports, reports, reminders) as rows in `jobs`, claimed with
 * FOR UPDATE SKIP LOCKED so any number of processes can run them; progress is written back; a job
 * whose runner stopped heart-beating (a crash) is claimed again. Stopping a runner (shutdown) cancels
 * its job: the job's signal aborts, and the job goes back to the queue for the next start. Handlers
 * come from the module manifests and must be idempotent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import type { Db, Engine } from '../db/types';
import { one, rows } from '../db/sql';
import { saveFile } from '../files';
import { loadActor } from '../auth';
import { errorSummary } from '../errors/redact';
import { AppError, FieldValidationError } from '../errors';
import { t, type Locale } from '../i18n';

export type JobRow = {
  id: number; kind: string; status: 'queued' | 'running' | 'done' | 'failed'; payload: Record<string, unknown>;
  createdBy: number | null; unitId: number | null; progressDone: number; progressTotal: number | null;
  message: string | null; result: unknown; resultFileId: number | null; error: string | null; attempts: number;
  createdAt: string; startedAt: string | null; finishedAt: string | null;
};

export type JobRun = {
  job: JobRow;
  /** A context acting as the user who queued the job (null actor for system jobs). */
  ctx: Ctx;
  /** Throws once the job is cancelled, so a handler that reports progress stops there. */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
  /** Aborted when the job is cancelled (the server is stopping); long reads should stop promptly. */
  signal: AbortSignal;
};

/** The cancellation of the job running in this async context, if any (so deep readers need not be handed it). */
const running = new AsyncLocalStorage<AbortSignal>();
export function currentJobSignal(): AbortSignal | undefined { return running.getStore(); }

class JobCancelled extends Error {
  constructor() { super('job cancelled'); this.name = 'JobCancelled'; }
}

/**
 * A failed job's error as stored: an AppError keeps its message key and parameters in the result
 * (`{ error: { code, key, params } }`) so each reader sees it in their language; `error` holds the
 * Vietnamese text for anything reading the column alone.
 */
function failure(e: unknown): { text: string; result: unknown } {
  if (e instanceof FieldValidationError) {
    const f = e.fields[0];
    return { text: e.fields.map((x) => t('vi', x.messageKey, x.params)).join('; '), result: { error: { code: e.code, key: f?.messageKey ?? 'error.validation', params: f?.params ?? {} } } };
  }
  if (e instanceof AppError && e.status < 500) {
    const key = e.messageKey ?? 'error.bad_request';
    return { text: t('vi', key, e.details), result: { error: { code: e.code, key, params: e.details } } };
  }
  // Stored and shown to the user: the database's error without the query's values.
  return { text: errorSummary(e), result: null };
}

/** The job's error in `locale` (from its message key when it has one). */
export function jobErrorText(job: Pick<JobRow, 'error' | 'result'>, locale: Locale): string | null {
  const k = (job.result as { error?: { key?: string; params?: Record<string, unknown> } } | null)?.error;
  return k?.key ? t(locale, k.key, k.params ?? {}) : job.error;
}

export type JobOutcome = { result?: unknown; file?: { name: string; mime: string; data: Buffer } };
export type JobHandler = (run: JobRun) => Promise<JobOutcome | void>;

const handlers = new Map<string, JobHandler>();
export function registerJobHandler(kind: string, h: JobHandler): void {
  if (handlers.has(kind)) throw new Error(`job ${kind} registered twice`);
  handlers.set(kind, h);
}

const JOB_COLUMNS = sql`id, kind, status, payload, created_by AS "createdBy", unit_id AS "unitId", progress_done AS "progressDone",
  progress_total AS "progressTotal", message, result, result_file_id AS "resultFileId", error, attempts,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

const wakeups = new Set<() => void>();

export async function enqueueJob(ctx: Ctx, j: { kind: string; payload?: Record<string, unknown>; unitId?: number | null }): Promise<JobRow> {
  if (!handlers.has(j.kind)) throw new Error(`no handler for job ${j.kind}`);
  const r = await one<JobRow>(ctx.db, sql`
    INSERT INTO jobs (kind, payload, created_by, unit_id) VALUES (${j.kind}, ${JSON.stringify(j.payload ?? {})}::jsonb, ${ctx.actor?.userId ?? null}, ${j.unitId ?? null})
    RETURNING ${JOB_COLUMNS}`);
  for (const w of wakeups) w();
  return r!;
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return one<JobRow>(db, sql`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ${id}`);
}

export async function listJobsOf(db: Db, userId: number, limit = 50): Promise<JobRow[]> {
  return rows<JobRow>(db, sql`SELECT ${JOB_COLUMNS} FROM jobs WHERE created_by = ${userId} ORDER BY id DESC LIMIT ${limit}`);
}

/** Wait until a job finishes (tests, CLI). */
export async function waitForJob(db: Db, id: number, timeoutMs = 120_000): Promise<JobRow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const j = await findJob(db, id);
    if (!j) throw new Error(`job ${id} vanished`);
    if (j.status === 'done' || j.status === 'failed') return j;
    if (Date.now() > until) throw new Error(`job ${id} still ${j.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type RunnerOptions = {
  pollMs?: number; staleSeconds?: number; heartbeatMs?: number; maxAttempts?: number;
  /** How long stop() waits for a cancelled job to let go (default 5 s); past it the job is left to go stale. */
  stopGraceMs?: number;
};

/**
 * Start claiming and running jobs in this process. Returns a stop function that cancels the current
 * job (its signal aborts), puts it back in the queue and waits for it to let go.
 */
export function startJobRunner(db: Db, engine: Engine, opts: RunnerOptions = {}): () => Promise<void> {
  const me = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = opts.pollMs ?? 1000;
  const stale = opts.staleSeconds ?? 60;
  const maxAttempts = opts.maxAttempts ?? 3;
  let stopped = false;
  let current: Promise<void> | null = null;
  let cancel: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;

  const claim = () => one<JobRow>(db, sql`
    UPDATE jobs SET status = 'running', locked_by = ${me}, heartbeat_at = now(), started_at = COALESCE(started_at, now()), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'queued' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ${stale})))
        AND kind IN (${sql.join([...handlers.keys()].map((k) => sql`${k}`), sql`, `)})
      ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING ${JOB_COLUMNS}`);

  const runOne = async (job: JobRow) => {
    const handler = handlers.get(job.kind)!;
    const actor = job.createdBy ? await loadActor(db, job.createdBy) : undefined;
    const ctx: Ctx = { actor: actor ?? null, db, engine, locale: 'vi', requestId: `job-${job.id}` };
    const ac = new AbortController();
    cancel = ac;
    let lastBeat = 0;
    // The heartbeat goes on while the handler works without reporting progress (a long read).
    const beat = setInterval(() => {
      void db.execute(sql`UPDATE jobs SET heartbeat_at = now() WHERE id = ${job.id} AND locked_by = ${me} AND status = 'running'`).catch(() => {});
    }, Math.max(1000, (stale * 1000) / 3));
    beat.unref?.();
    const progress = async (done: number, total?: number | null, message?: string | null) => {
      if (ac.signal.aborted) throw new JobCancelled();
      const now = Date.now();
      if (now - lastBeat < (opts.heartbeatMs ?? 250) && total === undefined && message === undefined) return;
      lastBeat = now;
      await db.execute(sql`UPDATE jobs SET progress_done = ${done}, progress_total = COALESCE(${total ?? null}, progress_total),
        message = COALESCE(${message ?? null}, message), heartbeat_at = now() WHERE id = ${job.id} AND locked_by = ${me}`);
    };
    try {
      if (job.attempts > maxAttempts) throw new Error('too many attempts');
      const out = (await running.run(ac.signal, () => handler({ job, ctx, progress, signal: ac.signal }))) ?? {};
      const fileId = out.file ? await saveFile(db, { ...out.file, ownerId: job.createdBy, unitId: job.unitId }) : null;
      await db.execute(sql`UPDATE jobs SET status = 'done', finished_at = now(), result = ${JSON.stringify(out.result ?? null)}::jsonb,
        result_file_id = ${fileId}, progress_done = GREATEST(progress_done, COALESCE(progress_total, progress_done)) WHERE id = ${job.id}`);
    } catch (e) {
      if (ac.signal.aborted) {
        // Stopped by a shutdown, not by its own fault: back to the queue, and this run does not count as an attempt.
        await db.execute(sql`UPDATE jobs SET status = 'queued', locked_by = NULL, heartbeat_at = NULL, attempts = GREATEST(attempts - 1, 0)
          WHERE id = ${job.id} AND locked_by = ${me}`);
        return;
      }
      const f = failure(e);
      await db.execute(sql`UPDATE jobs SET status = 'failed', finished_at = now(), error = ${f.text.slice(0, 2000)},
        result = ${JSON.stringify(f.result)}::jsonb WHERE id = ${job.id}`);
    } finally {
      clearInterval(beat);
      cancel = null;
    }
  };

  const loop = async () => {
    timer = null;
    if (stopped) return;
    try {
      for (;;) {
        if (stopped || handlers.size === 0) break;
        const job = await claim();
        if (!job) break;
        current = runOne(job).catch(() => { /* the database went away (shutdown): the job goes stale and is claimed again */ });
        await current;
        current = null;
      }
    } catch { /* database briefly unavailable: try again at the next tick */ }
    if (!stopped) timer = setTimeout(loop, pollMs);
  };
  wake = () => { if (timer) { clearTimeout(timer); timer = setTimeout(loop, 0); } };
  wakeups.add(wake);
  timer = setTimeout(loop, 0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (wake) wakeups.delete(wake);
    cancel?.abort();
    if (current) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([current, new Promise<void>((r) => { timeout = setTimeout(r, opts.stopGraceMs ?? 5000); })]);
      clearTimeout(timeout);
    }
  };
}
