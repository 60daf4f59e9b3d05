/**
 * Backup and restore (decision 0005, docs/security.md): `danvan backup --out FILE`, `danvan restore FILE`,
 * and `POST /api/admin/backup`, through which the running server hands a consistent copy of its
 * PGlite database to an administrator or to `danvan backup` (with the token of its lock file).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { defineModule, type Api } from '../../kernel/module';
import { authorizeAnywhere } from '../../kernel/access/policy';
import { DataDirBusy, localToken } from '../../kernel/db/pglite-lock';
import { backupToFile, BackupRefused, LOCAL_TOKEN_HEADER, restoreFromFile, writeBackup } from './backup.service';
import { BackupFileError } from './backup.format';
import { ToolMissing } from './backup.postgres';

/** Migrations folders come from the module list, which lists this module: read it when needed. */
const moduleNames = async () => (await import('../index')).modules.map((m) => m.name);

const sameToken = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

async function routes(app: Api) {
  // Not behind the default session check: the lock file's token is the other way in. Without a valid
  // token, authorizeAnywhere answers 401 (no session) or 403 (not an administrator) itself.
  app.post('/admin/backup', { config: { public: true }, schema: { tags: ['admin'], summary: 'A consistent backup of the whole database (administrators; on PGlite also `danvan backup` with the lock file token)' } },
    async (req, reply) => {
      const token = req.headers[LOCAL_TOKEN_HEADER];
      const local = localToken();
      const byToken = typeof token === 'string' && local !== null && sameToken(token, local);
      if (!byToken) authorizeAnywhere(req.ctx, 'backup.create');
      const handle = req.server.handle;
      const body = new PassThrough();
      writeBackup(handle, body, req.ctx, byToken ? 'cli' : 'http', { moduleNames: await moduleNames() }).then(
        () => body.end(),
        (e: Error) => { req.log.error(e); body.destroy(e); }, // the client sees a cut transfer; the file is refused as incomplete
      );
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      return reply.header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="danvan-${handle.engine}-${stamp}.backup"`).send(body);
    });
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

async function guarded(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DataDirBusy) process.stderr.write(e.describe() + '\n');
    else if (e instanceof BackupRefused || e instanceof BackupFileError || e instanceof ToolMissing) process.stderr.write(e.message + '\n');
    else process.stderr.write(`Lỗi / error: ${(e as Error).message}\n`);
    return 1;
  }
}

export default defineModule({
  name: 'backup',
  // No role holds it: administrators only (a copy of every unit's data).
  permissions: { 'backup.create': {} },
  cli: [
    {
      name: 'backup', usage: 'backup --out FILE [--json]       sao lưu / back up (cả khi máy chủ đang chạy / also while the server runs)',
      ownDatabase: true,
      async run(args, { config, print }) {
        const { values } = parseArgs({ args, options: { out: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
        if (!values.out) { process.stderr.write('Thiếu --out FILE / missing --out FILE\n'); return 2; }
        return guarded(async () => {
          const s = await backupToFile(config, values.out!, { moduleNames: await moduleNames() });
          if (values.json) print(JSON.stringify(s));
          else {
            const total = Object.values(s.tables).reduce((a, b) => a + b, 0);
            print(`Đã sao lưu / backed up (${s.engine}${s.via === 'server' ? ', qua máy chủ đang chạy / through the running server' : ''}): ${s.file}, ${mb(s.bytes)}, ${Object.keys(s.tables).length} bảng / tables, ${total} dòng / rows`);
            print(s.keysInside.length
              ? `CHÚ Ý: bản sao lưu chứa khóa lưu trong CSDL (${s.keysInside.join(', ')}): đặt PETITIONS_IDENTITY_KEY khi vận hành thật. / WARNING: the backup holds keys kept in the database; set PETITIONS_IDENTITY_KEY in production.`
              : 'Khóa mã hóa (PETITIONS_IDENTITY_KEY) không có trong bản sao lưu: cất giữ riêng. / The encryption key is not in the backup: keep it separately.');
          }
          return 0;
        });
      },
    },
    {
      name: 'restore', usage: 'restore FILE [--force] [--json]  khôi phục / restore (dừng máy chủ trước / stop the server first)',
      ownDatabase: true,
      async run(args, { config, print }) {
        const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
        if (positionals.length !== 1) { process.stderr.write('Cần đúng một tệp / expected one FILE\n'); return 2; }
        return guarded(async () => {
          const s = await restoreFromFile(config, positionals[0], { force: !!values.force, moduleNames: await moduleNames() });
          if (values.json) print(JSON.stringify(s));
          else {
            print(`Đã khôi phục / restored (${s.engine}) từ / from ${s.file} (sao lưu lúc / taken at ${s.backupCreatedAt})`);
            if (s.migrated.length) print(`Migration đã chạy / migrations applied: ${s.migrated.join(', ')}`);
            if (s.replaced) print(`Dữ liệu cũ được chuyển sang / the previous data was moved to ${s.replaced} (xóa khi đã kiểm tra / delete it once checked)`);
            print(s.audit.ok ? `Nhật ký toàn vẹn / audit chain intact: ${s.audit.checked}` : `Nhật ký bị sửa tại dòng / audit chain broken at row ${s.audit.firstBrokenId}`);
          }
          return s.audit.ok ? 0 : 1;
        });
      },
    },
  ],
  routes,
});
