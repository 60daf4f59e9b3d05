/**
 * Input that once made the server answer 500, sent to EVERY route of Fastify's route table
 * (collected by an onRoute hook), anonymously and as an administrator: a NUL byte and a lone UTF-16
 * surrogate in path parameters, query strings and every string of a JSON body; ids of 2^31 and more;
 * dates in year 1 and year 9999. Nothing may answer 5xx. Bodies start from a sample built from the
 * route's own zod schema, so each value reaches the field it is meant for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, login, scopeFixture, type TestApp } from './test/app';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonSchema = {
  type?: string | string[]; format?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema;
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; enum?: Json[]; const?: Json; minimum?: number; exclusiveMinimum?: number;
  minItems?: number; minLength?: number; pattern?: string; default?: Json;
};

/** One past the largest PostgreSQL integer (ids are int4). */
const BIG_ID = '2147483648';
const BAD_DATES = ['0001-01-01', '9999-12-31'];
const BAD_DATETIMES = ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'];
const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
/** In a URL a lone surrogate can only arrive as its (invalid) UTF-8 bytes. */
const LONE_URL = 'a%ED%A0%80b';

function toJsonSchema(s: unknown): JsonSchema | undefined {
  if (!s || typeof s !== 'object' || !('_zod' in (s as object))) return undefined;
  try {
    return z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return undefined;
  }
}

/** A plausible value for a schema (every optional property included, so every field is reached). */
function sample(s: JsonSchema | undefined, depth = 0): Json {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1);
  if (s.allOf?.length) return sample(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, depth + 1));
    case 'integer':
    case 'number':
      return Math.max(1, Math.ceil(s.minimum ?? (s.exclusiveMinimum ?? 0) + 1));
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T08:00:00Z';
      if (s.format === 'email') return 'a@example.vn';
      return 'Nguyễn Văn An'.padEnd(Math.max(13, s.minLength ?? 0), 'x');
    default:
      return 'x';
  }
}

/** Every leaf of a sample with its schema: where a bad value can be put. */
function leaves(v: Json, s: JsonSchema | undefined, at: (string | number)[] = []): { path: (string | number)[]; schema?: JsonSchema; value: Json }[] {
  const pick = (x: JsonSchema | undefined): JsonSchema | undefined => {
    const alt = x?.anyOf ?? x?.oneOf;
    return alt?.length ? pick(alt.find((a) => a.type !== 'null') ?? alt[0]) : x;
  };
  const sch = pick(s);
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, sch?.items, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, sch?.properties?.[k], [...at, k]));
  return [{ path: at, schema: sch, value: v }];
}

function setAt(root: Json, path: (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  cur[path[path.length - 1]] = value;
  return copy;
}

function badValuesFor(s: JsonSchema | undefined, v: Json): Json[] {
  const type = Array.isArray(s?.type) ? s?.type.find((x) => x !== 'null') : s?.type;
  if (type === 'integer' || type === 'number' || typeof v === 'number') return [2 ** 31];
  if (s?.format === 'date') return [...BAD_DATES, NUL];
  if (s?.format === 'date-time') return [...BAD_DATETIMES, NUL];
  if (type === 'string' || typeof v === 'string') return [NUL, LONE];
  return [];
}

type Case = { method: string; url: string; body?: unknown; what: string };

function casesFor(method: string, url: string, schema: Record<string, unknown> | undefined): Case[] {
  const out: Case[] = [];
  const paramNames = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  // Parameters not under test point at nothing (a write must never land on a real row here).
  const fill = (name?: string, value?: string) => url.replace(/:(\w+)/g, (_, p: string) => (p === name ? value! : '999999')).replace(/\*$/, name === '*' ? value! : 'x');
  const query = toJsonSchema(schema?.querystring);
  const body = toJsonSchema(schema?.body);
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const baseBody = hasBody ? (body ? sample(body) : {}) : undefined;
  const base = fill();

  for (const p of [...paramNames, ...(url.endsWith('*') ? ['*'] : [])]) {
    for (const v of [BIG_ID, '%00', LONE_URL, BAD_DATES[1]]) out.push({ method, url: fill(p, v), body: baseBody, what: `param ${p}=${v}` });
  }
  const qKeys = Object.keys(query?.properties ?? {});
  for (const k of qKeys.length ? qKeys : ['q']) {
    for (const v of [BIG_ID, '%00', LONE_URL, ...BAD_DATES, ...BAD_DATETIMES]) {
      out.push({ method, url: `${base}?${encodeURIComponent(k)}=${v}`, body: baseBody, what: `query ${k}=${v}` });
    }
  }
  // Bodies first: the login's rate limit must not stop them before they are tried.
  const bodies: Case[] = [];
  if (hasBody) {
    bodies.push({ method, url: base, body: baseBody, what: 'sample body' });
    for (const leaf of leaves(baseBody as Json, body).slice(0, 40)) {
      for (const v of badValuesFor(leaf.schema, leaf.value)) {
        bodies.push({ method, url: base, body: setAt(baseBody as Json, leaf.path, v), what: `body ${leaf.path.join('.') || '(root)'}=${JSON.stringify(v)}` });
      }
    }
    bodies.push({ method, url: base, body: { [NUL]: 1 }, what: 'body key with NUL' });
  }
  return [...bodies, ...out];
}

describe('every route survives hostile input (no 5xx)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    const f = await scopeFixture(t);
    admin = await login(t, f.admin);
  });
  afterAll(async () => { await t?.close(); });

  const run = async (who: 'anonymous' | 'admin') => {
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    const byStatus: Record<number, number> = {};
    let sent = 0;
    for (const r of routes) {
      // Logging out would end the administrator's session for the routes that follow.
      if (who === 'admin' && r.url === '/api/auth/logout') continue;
      for (const c of casesFor(r.method, r.url, r.schema as Record<string, unknown> | undefined)) {
        const res = await t.app.inject({
          method: c.method as 'GET', url: c.url,
          headers: { ...(who === 'admin' ? { cookie: admin } : {}), ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          payload: c.body === undefined ? undefined : JSON.stringify(c.body),
        });
        sent++;
        byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${c.method} ${r.url} — ${c.what}`);
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    if (who === 'admin') {
      // The values reached validation (a 400 with field messages), not only the login check.
      expect(byStatus[400]).toBeGreaterThan(sent / 3);
    } else {
      // Anonymous: every route but the public ones stops at the session check, before validation.
      expect(byStatus[401]).toBeGreaterThan(sent / 2);
      expect(byStatus[400]).toBeGreaterThan(0); // the public routes still validate
    }
  };

  it('anonymously', () => run('anonymous'), 600_000);
  it('as an administrator', () => run('admin'), 600_000);
});
