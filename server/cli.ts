/** `npx danvan <command>`: start, migrate, seed demo, and every module's commands. */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config';
import { openConfiguredDatabase, prepareDatabase } from './boot';
import { modules } from './modules';
import { registerModules } from './app';
import { systemCtx } from './kernel/context';
import { migrateAll } from './kernel/db/migrate';
import { seedDemo } from './demo';
import type { CliCommand } from './kernel/module';
import { claimDataDir, DataDirBusy, type DataDirLock } from './kernel/db/pglite-lock';

const HELP = `Dân Vận — dòng lệnh / command line

  danvan start [--no-demo] [--port N]     chạy máy chủ và giao diện web / run the server and web UI
  danvan migrate                          áp dụng migration / apply migrations
  danvan seed demo [--password P]         nạp tỉnh mẫu / seed the demo province
`;

function coreCommands(): CliCommand[] {
  return [
    {
      name: 'migrate', usage: 'migrate',
      async run(_a, { handle, print }) { await migrateAll(handle, modules.map((m) => m.name)); print('OK'); return 0; },
    },
    {
      name: 'seed demo', usage: 'seed demo [--password P] [--members N] [--json]',
      async run(args, { handle, print }) {
        const { values } = parseArgs({ args, options: { password: { type: 'string' }, members: { type: 'string' }, json: { type: 'boolean' } }, strict: false });
        await prepareDatabase(handle, { demo: false });
        const logins = await seedDemo(handle, modules, values as Record<string, string | boolean | undefined>, (s) => { if (!values.json) print(s); });
        print(values.json ? JSON.stringify({ logins }) : logins.map((l) => `${l.username} / ${l.password} (${l.role} @ ${l.unit})`).join('\n'));
        return 0;
      },
    },
  ];
}

export async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  if (argv[0] === 'start' || argv.length === 0) {
    const { start } = await import('./main');
    const { values } = parseArgs({ args: argv.slice(1), options: { 'no-demo': { type: 'boolean' }, port: { type: 'string' }, dev: { type: 'boolean' } } });
    const cfg: Config = { ...config, demo: values['no-demo'] ? false : config.demo, port: values.port ? Number(values.port) : config.port };
    try {
      await start(cfg);
    } catch (e) {
      if (!(e instanceof DataDirBusy)) throw e;
      process.stderr.write(e.describe() + '\n');
      return 1;
    }
    return 0;
  }
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(HELP + all().map((c) => `  danvan ${c.usage}`).join('\n') + '\n');
    return 0;
  }
  registerModules();
  const cmds = all();
  const cmd = cmds.find((c) => argv.slice(0, c.name.split(' ').length).join(' ') === c.name);
  if (!cmd) {
    process.stderr.write(`Lệnh không rõ / unknown command: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const args = argv.slice(cmd.name.split(' ').length);
  const print = (s: string) => { process.stdout.write(s + '\n'); };
  if (cmd.ownDatabase) return cmd.run(args, { config, print });
  // PGlite: one process at a time on a data directory (a second writer corrupts it).
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    try {
      lock = claimDataDir(config.dataDir, `cli ${cmd.name}`);
    } catch (e) {
      if (!(e instanceof DataDirBusy)) throw e;
      process.stderr.write(e.describe() + '\n');
      return 1;
    }
  }
  const handle = await openConfiguredDatabase(config, 4);
  try {
    if (cmd.name !== 'migrate') await migrateAll(handle, modules.map((m) => m.name));
    return await cmd.run(args, { handle, config, ctx: systemCtx(handle.db, handle.engine), print });
  } finally {
    await handle.close();
    lock?.release();
  }
}

function all(): CliCommand[] {
  return [...coreCommands(), ...modules.flatMap((m) => m.cli ?? [])];
}
