/**
 * Errors as they may be logged or stored: the statement and the database's error, never the values.
 * A failed query's error carries its parameters (names, dates of birth, CCCD, phones, addresses):
 * drizzle's DrizzleQueryError puts them in its message ("params: …") and in `params`, PGlite adds
 * `params` to its error, PostgreSQL's `detail` repeats key values ("Key (cccd)=(…)"), and some of its
 * messages end with the offending value (`invalid input syntax for type integer: "…"`).
 *
 *   req.log.error({ err }, '…')          // the logger's `err` serializer is redactError
 *   jobs.error = errorSummary(e)          // stored and shown: one line, no values
 */

/** Fields of a database error that describe where it failed, never what was sent. */
const DB_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'position'] as const;
const SQLSTATE = /^[0-9A-Z]{5}$/;

type AnyError = Error & Record<string, unknown>;

function isQueryError(e: AnyError): boolean {
  return typeof e.query === 'string' && 'params' in e && e.message.startsWith('Failed query:');
}

function isDbError(e: AnyError): boolean {
  return typeof e.code === 'string' && SQLSTATE.test(e.code) && typeof e.severity === 'string';
}

/** The message without any parameter value. */
export function redactMessage(e: AnyError): string {
  if (isQueryError(e)) return `Failed query: ${String(e.query).trim()}`;
  let m = e.message.replace(/\nparams: [\s\S]*$/, '');
  // PostgreSQL quotes the value it refused in its data errors (class 22): `value "…" is out of range
  // for type integer`, `invalid input syntax for type date: "…"`, `… encoding "UTF8": 0xe1 0xbb`.
  if (isDbError(e) && String(e.code).startsWith('22')) m = m.replace(/"[^"]*"/g, '"…"').replace(/: 0x[0-9a-f]{2}( 0x[0-9a-f]{2})*/gi, ': 0x…');
  return m;
}

export type RedactedError = { type: string; message: string; stack: string; [k: string]: unknown };

/** A plain object safe to log: type, message, SQLSTATE and where, stack; the cause likewise. */
export function redactError(err: unknown, depth = 0): RedactedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '', stack: '' };
  const e = err as AnyError;
  const message = redactMessage(e);
  const out: RedactedError = { type: e.constructor?.name ?? e.name, message, stack: '' };
  if (isDbError(e)) {
    for (const k of DB_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  } else if (typeof e.code === 'string') {
    out.code = e.code;
  }
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message (and with it the parameters).
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${e.name}: ${message}`, ...frames].join('\n');
  }
  if (e.cause !== undefined && depth < 4) out.cause = redactError(e.cause, depth + 1);
  return out;
}

/** One line for a job's error or a console message: the database's own error when there is one. */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error)) return 'error';
  const e = err as AnyError;
  if (isQueryError(e) && e.cause instanceof Error) {
    const c = e.cause as AnyError;
    return `${redactMessage(c)}${typeof c.code === 'string' ? ` (${c.code})` : ''}`;
  }
  return redactMessage(e);
}
