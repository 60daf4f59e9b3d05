/**
 * Text PostgreSQL cannot store, refused before any route sees it: a NUL character (text and jsonb
 * cannot hold U+0000; the driver failed with a 500) and a lone UTF-16 surrogate (not Unicode; it
 * would be stored as U+FFFD, silently changing what was sent). Checked in path parameters, query
 * strings and JSON bodies (keys and values) of every route, before validation, so each module's
 * schemas need not repeat it. Multipart uploads are read by their own readers.
 */
import type { FastifyInstance } from 'fastify';
import { FieldValidationError } from '../errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** The path (`tasks.0.title`) of the first string in `v` that cannot be stored, or null. */
export function findUnstorableText(v: unknown, at: string[] = [], depth = 0): string | null {
  if (typeof v === 'string') return isStorableText(v) ? null : at.join('.');
  if (v === null || typeof v !== 'object' || depth > 64 || Buffer.isBuffer(v)) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findUnstorableText(v[i], [...at, String(i)], depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    if (!isStorableText(k)) return [...at, k.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')].join('.');
    const p = findUnstorableText(x, [...at, k], depth + 1);
    if (p !== null) return p;
  }
  return null;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const part of [req.params, req.query, req.body]) {
      const path = findUnstorableText(part);
      if (path !== null) throw new FieldValidationError([{ path, messageKey: 'error.text.invalid_char' }]);
    }
  });
}
