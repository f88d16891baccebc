import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../kernel/config.ts';
import { migrate, migrationStatus, openDatabase } from '../kernel/db.ts';
import { readOperatorFile } from './operator-file.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Commands about the platform itself. Each works whether or not the platform is
 * running: on an embedded database in use by a running server, it asks the server
 * (as the local operator); otherwise it opens the database itself.
 */
export function registerPlatformCommands(program: Command): void {
  const db = program.command('db').description('The database: status and migrations');
  db.command('status')
    .description('Platform status: database engine and migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig(process.env);
      const running = config.databaseUrl ? null : readOperatorFile(config.dataDir);
      let status: Record<string, unknown>;
      if (running) {
        const res = await fetch(`${running.url}/api/operator/status`, {
          headers: { authorization: `Bearer ${running.token}` },
        });
        if (!res.ok) throw new Error(`the running platform answered ${res.status}`);
        status = { via: 'running platform', url: running.url, ...((await res.json()) as object) };
      } else {
        const database = await openDatabase(
          config.databaseUrl
            ? { url: config.databaseUrl, max: 1 }
            : { dataDir: join(config.dataDir, 'pglite') },
        );
        try {
          status = { via: 'database', engine: database.engine, migrations: await migrationStatus(database) };
        } finally {
          await database.close();
        }
      }
      if (opts.json) out(JSON.stringify(status));
      else
        for (const [k, v] of Object.entries(status))
          out(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
    });

  db.command('migrate')
    .description('Apply database migrations (the platform also does this at start)')
    .action(async () => {
      const config = loadConfig(process.env);
      const running = config.databaseUrl ? null : readOperatorFile(config.dataDir);
      if (running) {
        out(`The platform running at ${running.url} applied the migrations when it started.`);
        return;
      }
      const database = await openDatabase(
        config.databaseUrl
          ? { url: config.databaseUrl, max: 1 }
          : { dataDir: join(config.dataDir, 'pglite') },
      );
      try {
        await migrate(database);
        out(`migrations applied: ${(await migrationStatus(database)).applied}`);
      } finally {
        await database.close();
      }
    });
}
