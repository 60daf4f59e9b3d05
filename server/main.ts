/** Start the server: prepare the database, listen, run jobs. With PostgreSQL, WORKERS=N forks N processes. */
import cluster from 'node:cluster';
import type { Config } from './config';
import { buildApp } from './app';
import { openConfiguredDatabase, prepareDatabase } from './boot';
import { startJobRunner } from './kernel/jobs';
import { modules } from './modules';
import { claimDataDir } from './kernel/db/pglite-lock';

/** How long a stopping server may take before it exits anyway. */
const SHUTDOWN_MS = 15_000;

export async function start(config: Config): Promise<void> {
  const t0 = Date.now();
  const multi = !!config.databaseUrl && config.workers > 1;
  if (multi && cluster.isPrimary) {
    const handle = await openConfiguredDatabase(config, 2);
    const prep = await prepareDatabase(handle, { demo: config.demo, demoPassword: config.demoAdminPassword, log: (s) => console.log(s) });
    await handle.close();
    printLogins(prep);
    let live = 0;
    let stopping = false;
    const fork = () => { live++; cluster.fork(); };
    for (let i = 0; i < config.workers; i++) fork();
    cluster.on('exit', (w, code) => {
      live--;
      if (stopping) { if (live === 0) process.exit(0); return; }
      if (code !== 0) { console.error(`worker ${w.process.pid} exited (${code}); restarting`); fork(); }
    });
    // Each worker stops its own requests and jobs (see below); the primary waits for them.
    let stoppingAt = 0;
    const stopAll = (signal: NodeJS.Signals) => {
      if (stopping) { if (Date.now() - stoppingAt > 1000) process.exit(1); return; }
      stopping = true;
      stoppingAt = Date.now();
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
      setTimeout(() => process.exit(1), SHUTDOWN_MS + 2000).unref();
    };
    process.on('SIGINT', stopAll);
    process.on('SIGTERM', stopAll);
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
  let closing = 0;
  // Stop promptly: the running job is cancelled and queued again (the next start runs it), requests in
  // flight finish, then the database closes. Whatever still holds on after SHUTDOWN_MS is cut short, and
  // a second signal exits at once (one second later: Ctrl-C reaches a worker from the terminal and
  // from the primary).
  const shutdown = async () => {
    if (closing) { if (Date.now() - closing > 1000) process.exit(1); return; }
    closing = Date.now();
    setTimeout(() => process.exit(1), SHUTDOWN_MS).unref();
    const jobs = stopJobs();
    await app.close();
    for (const s of stops) await s();
    await jobs;
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
