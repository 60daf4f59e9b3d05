/** Start the server: prepare the database, listen, run jobs. With PostgreSQL, WORKERS=N forks N processes. */
import cluster from 'node:cluster';
import type { Config } from './config';
import { buildApp } from './app';
import { openConfiguredDatabase, prepareDatabase } from './boot';
import { startJobRunner } from './kernel/jobs';
import { modules } from './modules';
import { claimDataDir } from './kernel/db/pglite-lock';

export async function start(config: Config): Promise<void> {
  const t0 = Date.now();
  const multi = !!config.databaseUrl && config.workers > 1;
  if (multi && cluster.isPrimary) {
    const handle = await openConfiguredDatabase(config, 2);
    const prep = await prepareDatabase(handle, { demo: config.demo, demoPassword: config.demoAdminPassword, log: (s) => console.log(s) });
    await handle.close();
    printLogins(prep);
    for (let i = 0; i < config.workers; i++) cluster.fork();
    cluster.on('exit', (w, code) => { if (code !== 0) { console.error(`worker ${w.process.pid} exited (${code}); restarting`); cluster.fork(); } });
    console.log(`Dân Vận: ${config.workers} tiến trình / workers on http://localhost:${config.port}`);
    return;
  }
  // PGlite: claim the data directory first (refused while another danvan process holds it).
  const lock = config.databaseUrl ? null : claimDataDir(config.dataDir, 'server');
  const handle = await openConfiguredDatabase(config);
  let prep = null;
  if (!multi) prep = await prepareDatabase(handle, { demo: config.demo, demoPassword: config.demoAdminPassword, log: (s) => console.log(s) });
  const app = await buildApp({ handle, config, logger: config.logLevel !== 'silent' });
  await app.listen({ port: config.port, host: config.host });
  if (lock) {
    // Where `danvan backup` asks this process for a consistent copy (POST /api/admin/backup).
    const a = app.server.address();
    if (a && typeof a === 'object') {
      const host = a.address === '0.0.0.0' || a.address === '::' ? '127.0.0.1' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
      lock.setUrl(`http://${host}:${a.port}`);
    }
  }
  const stopJobs = startJobRunner(handle.db, handle.engine);
  const stops = modules.map((m) => m.onStart?.(handle)).filter(Boolean) as (() => unknown)[];
  if (prep) printLogins(prep);
  if (!multi || cluster.isPrimary) {
    console.log(`\nDân Vận đã sẵn sàng / ready: http://localhost:${config.port}  (CSDL / database: ${handle.engine === 'pglite' ? 'PGlite ' + config.dataDir : 'PostgreSQL'}; ${Date.now() - t0} ms)`);
    console.log(`API: http://localhost:${config.port}/api/docs\n`);
  }
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    for (const s of stops) await s();
    await stopJobs();
    await handle.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function printLogins(prep: Awaited<ReturnType<typeof prepareDatabase>>) {
  if (prep.demo) {
    console.log('\n=== Tỉnh mẫu đã được tạo / demo province seeded ===');
    console.log('Đăng nhập / log in:');
    for (const l of prep.demo) console.log(`  ${l.username.padEnd(14)} mật khẩu / password: ${l.password}   (${l.role} @ ${l.unit})`);
  }
  if (prep.firstAdmin) {
    console.log('\n=== Tài khoản quản trị đầu tiên / first admin account ===');
    console.log(`  ${prep.firstAdmin.username}  mật khẩu / password: ${prep.firstAdmin.password}   (ghi lại ngay / write it down now)`);
  }
}
