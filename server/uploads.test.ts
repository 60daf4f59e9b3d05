import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, login, scopeFixture, type TestApp } from './test/app';
import { BOMBS } from './test/bombs';
import { startJobRunner, waitForJob } from './kernel/jobs';
import { t } from './kernel/i18n';
import { multipart } from './modules/members/members.fixtures';

/**
 * Each upload bomb through the API: the members import (preview and job) and the movement values
 * import (job) refuse it with a clear message in Vietnamese and English, at once when the zip
 * directory tells, else as the job's failure with the limit's message key. None hangs.
 */
describe('upload bombs through the imports', () => {
  let tapp: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let cookie: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    tapp = await createTestApp('pglite');
    f = await scopeFixture(tapp);
    cookie = await login(tapp, f.officerA);
    stop = startJobRunner(tapp.handle.db, tapp.engine, { pollMs: 50 });
  });
  afterAll(async () => { await stop?.(); await tapp?.close(); });

  type Refusal = { status: number; key: string; vi: string; en: string };
  /** Start an import; its refusal (at once, or as the job's failure) with its messages, or null when it ran. */
  const refusalOf = async (url: string, body: Record<string, unknown>): Promise<Refusal | null> => {
    const res = await tapp.req('POST', url, { cookie, body });
    if (res.statusCode !== 202) {
      const en = await tapp.req('POST', url, { cookie, body, headers: { 'accept-language': 'en' } });
      const b = res.json();
      return { status: res.statusCode, key: b.details?.limit ? `import.limit.${b.details.limit}` : b.details?.fields?.[0]?.code, vi: b.message, en: en.json().message };
    }
    const job = await waitForJob(tapp.handle.db, res.json().jobId, 60_000);
    if (job.status === 'done') return null;
    const err = (job.result as { error?: { key: string } } | null)?.error;
    const en = await tapp.req('GET', `/api/jobs/${job.id}`, { cookie, headers: { 'accept-language': 'en' } });
    return { status: 202, key: err?.key ?? job.error ?? '', vi: job.error ?? '', en: en.json().error };
  };

  for (const b of BOMBS) {
    it(b.label, async () => {
      const m = multipart(b.name, await b.build(), b.name.endsWith('.csv') ? 'text/csv' : undefined);
      const up = await tapp.req('POST', '/api/files', { cookie, body: m.body, headers: m.headers });
      expect(up.statusCode).toBe(201);
      const fileId = up.json().id as number;
      const t0 = Date.now();

      // The preview reads the file in the request: a bomb is a 413 (or 400) with its message.
      const preview = await tapp.req('POST', '/api/members/import/preview', { cookie, body: { fileId, unitId: f.branchA.id } });
      if (b.refusal) {
        expect(preview.statusCode).toBe(413);
        expect(preview.json()).toMatchObject({ code: 'IMPORT_LIMIT', message: t('vi', b.refusal, preview.json().details) });
      } else expect(preview.statusCode).toBeLessThan(500);

      for (const [url, body] of [['/api/members/import', { fileId, unitId: f.branchA.id }], ['/api/reports/import', { fileId, period: '2026-Q1' }]] as const) {
        const r = await refusalOf(url, body);
        if (!b.refusal) { expect(r?.key ?? '', url).not.toMatch(/^import\./); continue; }
        const key = b.precheck ?? b.refusal;
        expect(r, url).toMatchObject({ status: b.precheck ? 413 : 202, key });
        // A message people can read, in both languages, never the bare key.
        expect(r!.vi, url).toMatch(/^(Tệp|Dòng|Bảng|Một ô)/);
        expect(r!.en, url).toMatch(/^(The file|Row|A cell)/);
      }
      expect(Date.now() - t0).toBeLessThan(30_000);
    });
  }
});
