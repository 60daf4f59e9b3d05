/**
 * Open311 GeoReport v2 (JSON) at the root, so existing Open311 clients and city apps can submit and
 * read feedback. Services are the case categories; only feedback goes through Open311 (complaints and
 * denunciations need identification and confidentiality). The list (GET requests.json) shows only
 * requests sent through Open311 — public by that protocol's convention, said in each service's
 * description — so the web form's cases cannot be enumerated there.
 */
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Api } from '../../kernel/module';
import { rows } from '../../kernel/db/sql';
import { AppError } from '../../kernel/errors';
import { countHit, listCategories, normalizeTrackingCode, submitPublic } from './intake';
import { SELECT_CASE, type CaseRow } from './cases.service';
import { petitionsConfig } from './petitions.config';
import { now } from '../../kernel/clock';
import { zDateTime } from '../../../common/core';

const zPost = z.object({
  service_code: z.string().trim().min(1).max(32),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().max(500).optional(),
  address_id: z.string().max(32).optional(),
  description: z.string().trim().min(10).max(10_000),
  first_name: z.string().trim().max(100).optional(),
  last_name: z.string().trim().max(100).optional(),
  email: z.email().max(200).optional().or(z.literal('').transform(() => undefined)),
  phone: z.string().trim().regex(/^(\+84|0)\d{9,10}$/).optional().or(z.literal('').transform(() => undefined)),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  api_key: z.string().max(200).optional(),
  media_url: z.string().max(1000).optional(),
  jurisdiction_id: z.string().max(100).optional(),
});
const zListQuery = z.object({
  service_request_id: z.string().max(500).optional(),
  service_code: z.string().max(32).optional(),
  start_date: zDateTime.optional(),
  end_date: zDateTime.optional(),
  status: z.enum(['open', 'closed']).optional(),
  jurisdiction_id: z.string().max(100).optional(),
});
const OPEN311_KINDS = ['feedback', 'petition'];

function toRequest(c: CaseRow & { updatedAt: string | null; statusNotes: string | null }) {
  const closed = c.status === 'answered' || c.status === 'closed';
  return {
    service_request_id: c.trackingCode,
    status: closed ? 'closed' : 'open',
    status_notes: c.statusNotes,
    service_name: c.categoryName,
    service_code: c.category,
    // Only what was sent through Open311 (public by convention) is shown.
    description: c.channel === 'open311' ? c.text : null,
    agency_responsible: c.responsibleUnitName ?? c.receivingUnitName,
    service_notice: null,
    requested_datetime: new Date(c.receivedAt).toISOString(),
    updated_datetime: c.updatedAt ? new Date(c.updatedAt).toISOString() : null,
    expected_datetime: c.resolveDue ? `${c.resolveDue}T17:00:00+07:00` : null,
    address: c.areaName,
    address_id: c.areaCode,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: null,
  };
}

async function findRequests(db: Parameters<typeof rows>[0], locale: 'vi' | 'en', where: ReturnType<typeof sql>, limit: number) {
  return rows<CaseRow & { updatedAt: string | null; statusNotes: string | null }>(db, sql`
    SELECT c1.*, (SELECT max(s.at) FROM case_steps s WHERE s.case_id = c1.id) AS "updatedAt",
      (SELECT s.note FROM case_steps s WHERE s.case_id = c1.id AND s.is_public ORDER BY s.at DESC, s.id DESC LIMIT 1) AS "statusNotes"
    FROM (${SELECT_CASE(locale)} WHERE ${where} ORDER BY c.received_at DESC LIMIT ${limit}) c1`);
}

export async function open311Routes(app: Api): Promise<void> {
  // Open311 clients post application/x-www-form-urlencoded (this plugin's scope only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const T = ['open311'];
  app.get('/open311/v2/services.json', { schema: { tags: T, summary: 'GeoReport v2 service list (case categories)' } }, async (req) => {
    const cats = await listCategories(req.ctx);
    return cats.map((c) => ({
      service_code: c.code, service_name: c.name,
      description: req.ctx.locale === 'en' ? `Feedback about: ${c.nameEn}. Requests sent through Open311 are public.` : `Phản ánh, kiến nghị về: ${c.nameVi}. Phản ánh gửi qua Open311 được công khai.`,
      metadata: false, type: 'realtime', keywords: c.code.toLowerCase(), group: 'Phản ánh, kiến nghị',
    }));
  });
  // Open311 clients post from other sites (city apps, portals); the submission never uses a session.
  app.post('/open311/v2/requests.json', { config: { otherOrigins: true }, schema: { tags: T, summary: 'Submit a service request (feedback)', body: zPost } }, async (req, reply) => {
    const b = req.body;
    if (!(b.lat != null && b.long != null) && !b.address_string && !b.address_id) {
      return reply.status(400).send([{ code: 400, description: 'lat/long, address_string or address_id is required' }]);
    }
    const name = [b.last_name, b.first_name].filter(Boolean).join(' ') || undefined;
    try {
      const r = await submitPublic(req.ctx, {
        kind: 'feedback', category: b.service_code, text: b.description, name, phone: b.phone, email: b.email,
        address: b.address_string, areaCode: b.address_id, lat: b.lat, lng: b.long,
      }, req.ip, 'open311');
      return reply.status(201).send([{ service_request_id: r.trackingCode, service_notice: 'Đã tiếp nhận. Dùng mã này để theo dõi.', account_id: null }]);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) {
        const fields = (e as unknown as { fields?: { path: string }[] }).fields ?? [];
        return reply.status(400).send([{ code: 400, description: `invalid: ${fields.map((f) => (f.path === 'category' ? 'service_code' : f.path === 'areaCode' ? 'address_id' : f.path)).join(', ')}` }]);
      }
      throw e;
    }
  });
  app.get('/open311/v2/requests.json', { schema: { tags: T, summary: 'Service requests sent through Open311', querystring: zListQuery } }, async (req) => {
    const q = req.query;
    if (q.service_request_id) {
      const codes = q.service_request_id.split(',').map((s) => normalizeTrackingCode(s)).filter((s): s is string => !!s).slice(0, 50);
      if (!codes.length) return [];
      return (await findRequests(req.ctx.db, req.ctx.locale, sql`c.tracking_code = ANY(${sql.param(codes)}::text[]) AND c.kind = ANY(${sql.param(OPEN311_KINDS)}::text[])`, 50)).map(toRequest);
    }
    const end = q.end_date ?? now().toISOString();
    const start = q.start_date ?? new Date(new Date(end).getTime() - 90 * 86400_000).toISOString();
    const parts = [sql`c.channel = 'open311'`, sql`c.kind = 'feedback'`, sql`c.received_at >= ${start}::timestamptz`, sql`c.received_at <= ${end}::timestamptz`];
    if (q.service_code) parts.push(sql`c.category_code = ${q.service_code}`);
    if (q.status === 'closed') parts.push(sql`c.status IN ('answered', 'closed')`);
    if (q.status === 'open') parts.push(sql`c.status NOT IN ('answered', 'closed')`);
    return (await findRequests(req.ctx.db, req.ctx.locale, sql.join(parts, sql` AND `), 1000)).map(toRequest);
  });
  app.get('/open311/v2/requests/:id.json', { schema: { tags: T, summary: 'One service request', params: z.object({ id: z.string().max(40) }) } }, async (req, reply) => {
    if (!(await countHit(req.ctx, `petitions:lookup:${req.ip}`, petitionsConfig().lookupLimit, 60))) throw new AppError('RATE_LIMITED', 429, {}, 'error.rate_limited');
    const code = normalizeTrackingCode(req.params.id);
    const r = code ? await findRequests(req.ctx.db, req.ctx.locale, sql`c.tracking_code = ${code} AND c.kind = ANY(${sql.param(OPEN311_KINDS)}::text[])`, 1) : [];
    if (!r.length) return reply.status(404).send([{ code: 404, description: 'not found' }]);
    return r.map(toRequest);
  });
}
