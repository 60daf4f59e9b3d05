/**
 * The session check comes first: every /api route not declared `public: true` answers an anonymous
 * caller 401, before its params, query or body are validated. Walks every documented route.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { engines } from '../../test/db';
import { createTestApp, type TestApp } from '../../test/app';

const PUBLIC = [/^\/api\/health$/, /^\/api\/auth\/(login|logout)$/, /^\/api\/public\//];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe.each(engines())('session before validation on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(engine); });
  afterAll(async () => { await t?.close(); });

  it('every non-public /api route answers 401 to an anonymous request with invalid params, query and body', async () => {
    const spec = (t.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }).swagger();
    const wrong: string[] = [];
    let walked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/')) continue;
      const url = `${path.replace(/\{[^}]+\}/g, 'not-an-id')}?limit=-5&unit=abc&year=x`;
      for (const method of Object.keys(ops).filter((m) => METHODS.includes(m))) {
        const hasBody = method !== 'get' && method !== 'delete';
        const r = await t.req(method.toUpperCase(), url, hasBody ? { body: { version: 'x', name: 1, unitId: 'y', fullName: '' } } : {});
        const isPublic = PUBLIC.some((p) => p.test(path));
        if (isPublic ? r.statusCode === 401 : r.statusCode !== 401) wrong.push(`${method.toUpperCase()} ${path} → ${r.statusCode}`);
        walked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(walked).toBeGreaterThan(50);
  });
});
