/** Background jobs and files as users see them: their jobs with progress, results to download, uploads. */
import { z } from 'zod';
import { defineModule, type Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { findJob, jobErrorText, listJobsOf, type JobRow } from '../../kernel/jobs';
import { findFile, findFileMeta, saveFile } from '../../kernel/files';
import { AppError } from '../../kernel/errors';
import * as c from '../../../common/core';
import type { Ctx } from '../../kernel/context';

function own(ctx: Ctx, ownerId: number | null) {
  if (!ctx.actor!.isAdmin && ownerId !== ctx.actor!.userId) throw new AppError('JOB_NOT_FOUND', 404, {}, 'error.not_found');
}

/** RFC 5987 so Vietnamese file names survive the header. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|"/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A job as its owner reads it: a failure's message in the reader's language. */
const asRead = (ctx: Ctx, j: JobRow) => ({ ...j, error: jobErrorText(j, ctx.locale) });

async function routes(app: Api) {
  const auth = { preHandler: requireLogin };
  app.get('/jobs', { ...auth, schema: { tags: ['jobs'], summary: 'My jobs, newest first', response: { 200: z.array(c.zJob) } } },
    async (req) => (await listJobsOf(req.ctx.db, req.ctx.actor!.userId)).map((j) => asRead(req.ctx, j)) as never);
  app.get('/jobs/:id', { ...auth, schema: { tags: ['jobs'], params: c.zIdParams, response: { 200: c.zJob } } }, async (req) => {
    const j = await findJob(req.ctx.db, req.params.id);
    if (!j) throw new AppError('JOB_NOT_FOUND', 404, {}, 'error.not_found');
    own(req.ctx, j.createdBy);
    return asRead(req.ctx, j) as never;
  });
  app.get('/jobs/:id/file', { ...auth, schema: { tags: ['jobs'], summary: 'Download the file a job produced', params: c.zIdParams } }, async (req, reply) => {
    const j = await findJob(req.ctx.db, req.params.id);
    if (!j || !j.resultFileId) throw new AppError('JOB_NOT_FOUND', 404, {}, 'error.not_found');
    own(req.ctx, j.createdBy);
    const f = (await findFile(req.ctx.db, j.resultFileId))!;
    return reply.header('content-type', f.mime).header('content-disposition', contentDisposition(f.name)).send(f.data);
  });
  app.post('/files', { ...auth, schema: { tags: ['files'], summary: 'Upload a file (multipart field "file"); returns its id', response: { 201: c.zFileRef } } }, async (req, reply) => {
    const part = await req.file();
    if (!part) throw new AppError('FILE_MISSING', 400, {}, 'core.file.missing');
    const data = await part.toBuffer();
    const id = await saveFile(req.ctx.db, { name: part.filename, mime: part.mimetype, data, ownerId: req.ctx.actor!.userId });
    return reply.status(201).send({ id, name: part.filename, size: data.length, mime: part.mimetype });
  });
  app.get('/files/:id', { ...auth, schema: { tags: ['files'], params: c.zIdParams } }, async (req, reply) => {
    const meta = await findFileMeta(req.ctx.db, req.params.id);
    if (!meta) throw new AppError('FILE_NOT_FOUND', 404, {}, 'error.not_found');
    own(req.ctx, meta.ownerId);
    const f = (await findFile(req.ctx.db, req.params.id))!;
    return reply.header('content-type', f.mime).header('content-disposition', contentDisposition(f.name)).send(f.data);
  });
}

export default defineModule({
  name: 'jobs',
  routes,
  messages: { 'core.file.missing': { vi: 'Chưa chọn tệp.', en: 'No file was sent.' } },
});
