import { z } from 'zod';
import { defineModule, type Api } from '../../kernel/module';
import { requireLogin } from '../../kernel/http/context';
import { verifyAuditChain } from '../../kernel/audit';
import * as c from '../../../common/core';
import { listAudit } from './audit.service';

async function routes(app: Api) {
  app.get('/audit', { preHandler: requireLogin, schema: { tags: ['audit'], summary: 'The audit log, filtered by unit subtree, user, entity and date', querystring: c.zAuditQuery,
    response: { 200: z.object({ total: z.number(), items: z.array(c.zAuditRow) }) } } },
  async (req) => listAudit(req.ctx, req.query) as never);
}

export default defineModule({
  name: 'audit',
  routes,
  cli: [{
    name: 'audit verify',
    usage: 'audit verify [--json]',
    async run(args, { handle, print }) {
      const r = await verifyAuditChain(handle.db);
      if (args.includes('--json')) print(JSON.stringify(r));
      else if (r.ok) print(`Nhật ký toàn vẹn: ${r.checked} dòng / audit chain intact: ${r.checked} rows`);
      else print(`Nhật ký bị sửa tại dòng ${r.firstBrokenId}: ${r.reason} / audit chain broken at row ${r.firstBrokenId}`);
      return r.ok ? 0 : 1;
    },
  }],
});
