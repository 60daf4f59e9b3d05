/**
 * The server's logger: pino through Fastify, with serializers that keep personal data out of the
 * log. An error is logged as its statement and the database's error, never the parameter values
 * (kernel/errors/redact); a request as its method and path, without the query string (searches by
 * name, phone or CCCD travel there).
 */
import type { FastifyRequest } from 'fastify';
import { redactError } from '../errors/redact';

export type LogStream = { write(line: string): void };

/** `/api/members?q=…` → `/api/members?…`: that there was a query, not what it said. */
export function pathOnly(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : `${url.slice(0, i)}?…`;
}

export function loggerOptions(level: string, stream?: LogStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      err: (e: unknown) => redactError(e),
      error: (e: unknown) => redactError(e),
      req: (req: FastifyRequest) => ({ method: req.method, url: pathOnly(req.url), remoteAddress: req.ip }),
    },
  };
}
