import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, FieldValidationError, isUniqueViolation } from '../errors';
import { t, pickLocale, type Locale } from '../i18n';
import { issueMessage } from '../i18n/zod';
import { ZodError } from 'zod';

type Body = { code: string; message: string; details?: Record<string, unknown> };

/** The PostgreSQL error inside a driver's (or drizzle's) error, if any. */
function databaseErrorOf(e: unknown): { code: string; detail?: string } | null {
  for (let x = e as { code?: unknown; detail?: unknown; cause?: unknown } | undefined, i = 0; x && i < 4; x = x.cause as typeof x, i++) {
    if (typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code)) return { code: x.code, detail: typeof x.detail === 'string' ? x.detail : undefined };
  }
  return null;
}

/** One error handler: AppError, zod, unique violations, fastify's own 4xx; 5xx details hidden. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale: Locale = req.ctx?.locale ?? pickLocale(req.headers['accept-language']);
    const send = (status: number, body: Body) => reply.status(status).send(body);

    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const fields = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        in: where,
        code: v.keyword,
        message: issueMessage({ code: v.keyword, message: v.message ?? '', ...(v.params as object) }, locale),
      }));
      return send(400, { code: 'VALIDATION_FAILED', message: t(locale, 'error.validation'), details: { fields } });
    }
    if (err instanceof ZodError) {
      const fields = err.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: issueMessage(i as never, locale) }));
      return send(400, { code: 'VALIDATION_FAILED', message: t(locale, 'error.validation'), details: { fields } });
    }
    if (err instanceof FieldValidationError) {
      const fields = err.fields.map((f) => ({ path: f.path, code: f.messageKey, message: t(locale, f.messageKey, f.params) }));
      return send(400, { code: err.code, message: t(locale, 'error.validation'), details: { fields } });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'app error');
      const key = err.messageKey ?? (err.status === 404 ? 'error.not_found' : err.status === 403 ? 'error.forbidden' : 'error.bad_request');
      return send(err.status, { code: err.code, message: t(locale, key, err.details), details: err.status >= 500 ? undefined : err.details });
    }
    if (isUniqueViolation(err)) {
      return send(409, { code: 'DUPLICATE', message: t(locale, 'error.duplicate') });
    }
    const db = databaseErrorOf(err);
    if (db?.code === '23503') {
      req.log.warn({ err }, 'refused by a foreign key');
      if (/still referenced/.test(db.detail ?? '')) return send(409, { code: 'STILL_REFERENCED', message: t(locale, 'error.still_referenced') });
      // An id sent by the client that points at nothing: the column (never the value) from the detail.
      const column = /^Key \((\w+)\)=/.exec(db.detail ?? '')?.[1];
      const fields = column ? [{ path: column.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase()), code: 'reference_not_found', message: t(locale, 'error.reference_not_found') }] : [];
      return send(400, { code: 'REFERENCE_NOT_FOUND', message: t(locale, 'error.reference_not_found'), details: { fields } });
    }
    if (db?.code === '22003' || db?.code === '22008') {
      // A number or date beyond its column's range that a schema let through: the client's input, not a fault.
      req.log.warn({ err }, 'value out of range for the database');
      return send(400, { code: 'VALUE_OUT_OF_RANGE', message: t(locale, 'error.value_out_of_range') });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response does not match its schema');
      return send(500, { code: 'INTERNAL', message: t(locale, 'error.internal') });
    }
    const fe = err as FastifyError;
    const status = fe.statusCode ?? 500;
    if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
      return send(413, { code: 'PAYLOAD_TOO_LARGE', message: t(locale, 'error.too_large') });
    }
    if (status === 429) return send(429, { code: 'RATE_LIMITED', message: t(locale, 'error.rate_limited') });
    if (status >= 400 && status < 500) {
      return send(status, { code: fe.code ?? 'BAD_REQUEST', message: t(locale, 'error.bad_request') });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, { code: 'INTERNAL', message: t(locale, 'error.internal') });
  });

  app.setNotFoundHandler((req, reply) => {
    const locale = req.ctx?.locale ?? pickLocale(req.headers['accept-language']);
    reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: t(locale, 'error.route_not_found') });
  });
}
