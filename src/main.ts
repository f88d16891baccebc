import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, loadConfig } from './kernel/config.ts';
import { type Database, migrate, openDatabase } from './kernel/db.ts';
import { DomainError } from './kernel/errors.ts';
import { createLogger } from './kernel/log.ts';
import { cryptoRandom, token } from './kernel/random.ts';
import { resolveSecrets } from './kernel/secrets.ts';
import { NumberIssuer } from './numbers/index.ts';
import { type Contexts, contextsForRun } from './platform/contexts.ts';
import { readOperatorFile, removeOperatorFile, writeOperatorFile } from './platform/operator-file.ts';
import { VERSION } from './platform/version.ts';
import { buildWeb, WEB_DIST, webNeedsBuild } from './platform/web-build.ts';
import { seedPopulation } from './registry/bulk.ts';
import { residentialUnits } from './registry/index.ts';
import { buildApp } from './server.ts';

/**
 * `npm start`: the whole platform in one process. Each step below is one thing that
 * must be true before the next; a failure names the step and stops, without a trace.
 */

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ephemeral: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      'rebuild-web': { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new DomainError(
      { code: 'CONFIG_INVALID', status: 500, message: 'bad port' },
      '--port must be 0..65535',
    );
  }
  const config = loadConfig(process.env, {
    ephemeral: values.ephemeral,
    ...(port !== undefined ? { port } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
  const logger = createLogger(config.logLevel);

  const secrets = resolveSecrets(config, warn);
  if (config.env !== 'production') warn('Running with development defaults (BANGO_ENV=development).');

  if (!config.databaseUrl && !config.ephemeral) {
    const running = readOperatorFile(config.dataDir);
    if (running) throw startError(`The platform is already running on this data folder at ${running.url}`);
  }

  if (values['rebuild-web'] || webNeedsBuild()) {
    say('Building the web front end (on first start, and after its sources change)…');
    await buildWeb();
  }

  const database = await openFor(config);
  await migrate(database);

  const contexts = await contextsForRun(config, database, secrets);
  const demo = values['no-demo'] ? null : await seedDemo(contexts, !config.ephemeral);
  const operatorToken = token(cryptoRandom, 32);
  const app = await buildApp({
    config,
    database,
    contexts,
    logger,
    operatorToken,
    webDir: WEB_DIST,
    info: { version: VERSION, startedAt: new Date() },
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${actualPort}`;
  if (!config.ephemeral && !config.databaseUrl) {
    writeOperatorFile(config.dataDir, { url, token: operatorToken, pid: process.pid });
  }

  const where = config.databaseUrl
    ? 'PostgreSQL server (DATABASE_URL)'
    : config.ephemeral
      ? 'in memory (--ephemeral): nothing is kept'
      : join(config.dataDir, 'pglite');
  say('');
  say('Bango is running.');
  say(`  Web:       ${url}/`);
  say(`  Number check: ${url}/numbers/check`);
  say(`  API docs:  ${url}/docs`);
  say(`  Database:  ${where}`);
  say(`  Data:      ${config.ephemeral ? '(none)' : config.dataDir}`);
  if (demo) say(`  Demo:      ${demo}`);
  say('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    removeOperatorFile(config.dataDir, process.pid);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A newcomer should find people in the register: on first start (an empty register)
 * 1,000 synthetic residents are registered at 東京都千代田区. `--no-demo` skips it.
 */
async function seedDemo(contexts: Contexts, cliCanReach: boolean): Promise<string | null> {
  const [row] = await contexts.database.query<{ n: number }>(
    'select count(*)::int as n from registry.residents',
  );
  if ((row?.n ?? 0) > 0) return null;
  const units = residentialUnits().filter((u) => u.code === DEMO_MUNICIPALITY);
  const issuer = new NumberIssuer(contexts.numberIssuanceKey);
  const r = await seedPopulation(
    { database: contexts.database, issuer, clock: contexts.clock },
    { residents: 1000, units, seed: 2026 },
  );
  const where = `${r.residents.toLocaleString('en')} synthetic residents in ${households(r.households)} at 東京都千代田区 (${DEMO_MUNICIPALITY})`;
  return cliCanReach
    ? `${where}; \`npx bango registry list --municipality ${DEMO_MUNICIPALITY}\` lists them`
    : where;
}

const DEMO_MUNICIPALITY = '131016';
const households = (n: number) => `${n.toLocaleString('en')} households`;

function openFor(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl });
  if (config.ephemeral) return openDatabase({});
  return openDatabase({ dataDir: join(config.dataDir, 'pglite') });
}

function startError(detail: string): DomainError {
  return new DomainError({ code: 'CONFIG_INVALID', status: 500, message: detail }, detail);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message =
    e instanceof DomainError ? (e.detail ?? e.message) : e instanceof Error ? e.message : String(e);
  process.stderr.write(`bango: could not start: ${message}\n`);
  process.exit(2);
});
