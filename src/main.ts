import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CardFileStore } from './card/card-file.ts';
import { Chip } from './card/chip.ts';
import { issueCard } from './card/issuance.ts';
import { seedRealCorporations } from './corporate/commands.ts';
import { type Config, loadConfig } from './kernel/config.ts';
import { type Database, migrate, openDatabase } from './kernel/db.ts';
import { DomainError } from './kernel/errors.ts';
import { createLogger } from './kernel/log.ts';
import { cryptoRandom, token } from './kernel/random.ts';
import { resolveSecrets } from './kernel/secrets.ts';
import type { InstitutionKind } from './linkage/catalogue.ts';
import { seedNodes } from './linkage/index.ts';
import { runNode } from './linkage/node-main.ts';
import { NumberIssuer } from './numbers/index.ts';
import { type Contexts, contextsForRun } from './platform/contexts.ts';
import { OPERATOR } from './platform/operator-commands.ts';
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
      // The network across processes: `--role core` also listens for nodes (mutual TLS on
      // --network-port); `--role node` runs one institution's node and nothing else.
      role: { type: 'string' },
      'network-port': { type: 'string' },
      institution: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      'local-government': { type: 'string' },
      core: { type: 'string' },
      'tls-dir': { type: 'string' },
    },
    allowPositionals: false,
  });
  if (values.role !== undefined && values.role !== 'core' && values.role !== 'node') {
    throw startError('--role must be core or node');
  }
  const networkPort = values['network-port'] === undefined ? undefined : Number(values['network-port']);
  if (
    networkPort !== undefined &&
    (!Number.isInteger(networkPort) || networkPort < 0 || networkPort > 65535)
  ) {
    throw startError('--network-port must be 0..65535');
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new DomainError(
      { code: 'CONFIG_INVALID', status: 500, message: 'bad port' },
      '--port must be 0..65535',
    );
  }
  const config = loadConfig(process.env, {
    ...(values.ephemeral ? { ephemeral: true } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
  const logger = createLogger(config.logLevel);

  const secrets = resolveSecrets(config, warn);
  if (values.role === 'node') {
    if (!values.institution || !values.core || !values['tls-dir'] || !values.kind) {
      throw startError('--role node needs --institution, --kind, --core and --tls-dir');
    }
    const node = await runNode(
      {
        institution: values.institution,
        name: values.name ?? values.institution,
        kind: values.kind as InstitutionKind,
        localGovernmentCode: values['local-government'] ?? null,
        coreUrl: values.core,
        tlsDir: values['tls-dir'],
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        port: config.port,
        networkPort: networkPort ?? 0,
        host: config.host,
        keyEncryptionKey: secrets.caKeyEncryptionKey,
        nodeKey: secrets.linkageNodeKey,
      },
      say,
    );
    const stopNode = async () => {
      await node.close();
      process.exit(0);
    };
    process.on('SIGINT', stopNode);
    process.on('SIGTERM', stopNode);
    return;
  }
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
  const demoCards = demo ? await seedDemoCards(contexts, config) : null;
  await seedRealCorporations(contexts);
  const demoFirm = demoCards ? await seedDemoCorporatePortal(contexts, demoCards) : null;
  const demoAppId = values['no-demo'] ? null : await demoApplicationId(contexts, config);
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
  const forNodes =
    values.role === 'core'
      ? await contexts.linkage.listenForNodes(networkPort ?? 3443, config.host, (n) =>
          contexts.registry.index.residentRecordCodeOf(database.db, n),
        )
      : null;
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
  say(`  Myna Portal: ${url}/portal  (open notices without login: ${url}/portal/open)`);
  say(`  Database:  ${where}`);
  if (forNodes) say(`  Network:   ${forNodes.url}  (mutual TLS for institution nodes in other processes)`);
  say(`  Data:      ${config.ephemeral ? '(none)' : config.dataDir}`);
  if (demo) say(`  Demo:      ${demo}`);
  say(
    `  Corporate numbers: ${url}/corporate  (publication site; NTA Web-API v4 at /4/num, /4/diff, /4/name)`,
  );
  if (demoAppId) say(`             try ${url}/4/num?id=${demoAppId}&number=7000012050002&type=12`);
  if (demoCards) {
    say(`  Demo cards (log in at ${url}/login with the card file and PIN ${DEMO_PINS.authentication};`);
    say(`             signature password ${DEMO_PINS.signature}, face-assist PIN ${DEMO_PINS.faceAssist}):`);
    for (const c of demoCards) say(`    ${c.who.padEnd(24)} ${c.file}`);
    if (demoFirm)
      say(
        `  Corporate portal: ${url}/corporate-portal  (the resident represents ${demoFirm}; the clerk reviews as NTA)`,
      );
  }
  say('Press Ctrl+C to stop.');

  // The name index is built now, off the request path (seconds for millions of corporations),
  // not by the first name search.
  // So are the records its pages are made of, after it (they are read from the database until then).
  contexts.corporate
    .warmNames()
    .then(async (n) => {
      logger.info({ names: n.names, megabytes: Math.round(n.bytes / 1e6) }, 'name index built');
      const r = await contexts.corporate.warmRecords();
      const held = { records: r.records, megabytes: Math.round(r.bytes / 1e6) };
      if (r.state === 'read') logger.info(held, 'name index records read');
      else if (r.state === 'off')
        logger.info('name index records not kept in memory (CORPORATE_RECORDS_IN_MEMORY=off)');
      else logger.warn('name index records not read: pages come from the database until a later try');
    })
    .catch((e: unknown) => logger.error({ err: String(e) }, 'name index build failed'));

  // Cards expire, moves lapse and records pass their retention by the calendar: look every six hours.
  const sweeping = setInterval(() => {
    contexts.cards.sweep().catch((e: unknown) => logger.error({ err: String(e) }, 'card sweep failed'));
    contexts.linkage.core
      .sweepResults()
      .catch((e: unknown) => logger.error({ err: String(e) }, 'linkage result sweep failed'));
    // Information provision records are kept 7 years; older ones lose their content.
    contexts.linkage
      .applyRetention()
      .catch((e: unknown) => logger.error({ err: String(e) }, 'linkage retention failed'));
  }, SWEEP_INTERVAL_MS);
  sweeping.unref();
  // Scheduled notices and reminders go out within a few seconds of their time.
  contexts.portal.startDelivery((e: unknown) => logger.error({ err: String(e) }, 'notice delivery failed'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    removeOperatorFile(config.dataDir, process.pid);
    clearInterval(sweeping);
    contexts.follower.stop();
    contexts.portal.stop();
    await forNodes?.close();
    await app.close();
    // Records waiting in the journals are written before the database closes.
    await contexts.linkage.close();
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
  const nodes = await seedNodes(contexts.linkage, contexts.database.db, contexts.clock, {
    municipalities: [DEMO_MUNICIPALITY],
  });
  await seedDemoNotices(contexts);
  const where = `${r.residents.toLocaleString('en')} synthetic residents in ${households(r.households)} at 東京都千代田区 (${DEMO_MUNICIPALITY}), ${nodes.copies.toLocaleString('en')} copies on the network's nodes`;
  return cliCanReach
    ? `${where}; \`npx bango registry list --municipality ${DEMO_MUNICIPALITY}\` lists them`
    : where;
}

const DEMO_MUNICIPALITY = '131016';

/**
 * What a newcomer finds on the portal: 千代田区 welcomes its residents, reminds families
 * with young children of the MR vaccination, and publishes an open notice of a drill.
 */
async function seedDemoNotices(contexts: Contexts): Promise<void> {
  const as = {
    id: 'demo',
    kind: 'operator' as const,
    displayName: 'demo',
    roles: [{ role: 'system-administrator' as const, organisation: '*' }],
  };
  const ward = `10${DEMO_MUNICIPALITY}00000000`;
  const inDays = (d: number) => new Date(contexts.clock.now().getTime() + d * 86_400_000).toISOString();
  const notices = contexts.portal.notices;
  await notices.send(
    as,
    ward,
    {
      category: 'general',
      title: 'マイナポータルをご利用いただけます',
      body: '千代田区が保有するあなたの情報（住民票・税・子育て・介護など）を「わたしの情報」で確認できます。情報のやりとりの記録は「やりとり履歴」でご覧ください。',
      link: '/portal/information',
      audience: { kind: 'attributes' },
    },
    'demo-welcome',
  );
  await notices.send(
    as,
    ward,
    {
      category: 'health',
      title: '麻しん風しん（MR）予防接種 第2期のお知らせ',
      body: '小学校入学前の1年間に2回目の接種をお受けください。接種券を同封しています。接種後は「対応済み」にしてください。',
      audience: { kind: 'attributes', childAgeFrom: 5, childAgeTo: 6 },
      expiresAt: inDays(180),
      remindEveryDays: 30,
    },
    'demo-mr-vaccination',
  );
  await notices.send(
    as,
    ward,
    {
      category: 'disaster',
      title: '総合防災訓練を実施します',
      body: '区内全域で総合防災訓練を実施します。当日は防災行政無線で訓練放送を行います。',
      open: true,
      expiresAt: inDays(30),
    },
    'demo-drill',
  );
}
/**
 * 法人ポータル for a newcomer: the demo resident is the approved representative of a real
 * company in 千代田区, the clerk may review applications as an NTA operator, and 千代田区
 * tells the corporations in the ward of the corporate resident tax's filing.
 */
async function seedDemoCorporatePortal(
  contexts: Contexts,
  cards: readonly { residentId: string }[],
): Promise<string | null> {
  const [firm] = await contexts.database.query<{ n: string; name: string }>(
    `select corporate_number as n, name from corporate.versions
      where latest and prefecture_code = '13' and city_code = '101' and kind = '301' and close_date = ''
      order by corporate_number limit 1`,
  );
  const [clerk, resident] = cards;
  if (!firm || !clerk || !resident) return null;
  await contexts.login.grant(OPERATOR, clerk.residentId, 'nta-operator', '*');
  const person = {
    id: resident.residentId,
    kind: 'person' as const,
    residentId: resident.residentId,
    displayName: '',
    roles: [],
  };
  const applied = await contexts.corporatePortal.apply(person, {
    corporateNumber: firm.n,
    title: '代表取締役',
  });
  await contexts.corporatePortal.decide(OPERATOR, applied.id, true);
  await contexts.portal.notices.send(
    OPERATOR,
    `10${DEMO_MUNICIPALITY}00000000`,
    {
      category: 'tax',
      title: '法人住民税（均等割）の申告について',
      body: '千代田区内に事務所等を有する法人は、事業年度終了の日から2か月以内に法人住民税の申告が必要です。eLTAXから電子申告できます。',
      audience: { kind: 'corporations', corporateKinds: ['301'] },
    },
    'demo-corporate-tax',
  );
  return `${firm.name} (${firm.n})`;
}
const SWEEP_INTERVAL_MS = 6 * 3_600_000;
const DEMO_PINS = { authentication: '1234', signature: 'ABC123', faceAssist: '5678' };

/**
 * With the demo residents, a clerk (municipal-clerk and card-officer at 千代田区) and one
 * resident get cards, so a newcomer can log in at once. Card files go to
 * DATA_DIR/demo-cards (a temporary folder for --ephemeral).
 */
async function seedDemoCards(
  contexts: Contexts,
  config: Config,
): Promise<Array<{ who: string; file: string; residentId: string }>> {
  const people = await contexts.database.query<{ id: string; family_name: string; given_name: string }>(
    `select id, family_name, given_name from registry.residents
      where municipality_code = $1 and status = 'resident' and birth_date between '1960-01-01' and '1995-12-31'
      order by id limit 2`,
    [DEMO_MUNICIPALITY],
  );
  const dir = config.ephemeral
    ? mkdtempSync(join(tmpdir(), 'bango-demo-cards-'))
    : join(config.dataDir, 'demo-cards');
  mkdirSync(dir, { recursive: true });
  const out: Array<{ who: string; file: string; residentId: string }> = [];
  for (const [i, person] of people.entries()) {
    const role = i === 0 ? 'clerk' : 'resident';
    if (role === 'clerk') {
      for (const r of ['municipal-clerk', 'card-officer'] as const) {
        await contexts.login.grant(OPERATOR, person.id, r, DEMO_MUNICIPALITY);
      }
    }
    const file = join(dir, `${role}.card.json`);
    const chip = await Chip.blank(new CardFileStore(file), role);
    await issueCard({ cards: contexts.cards, actor: OPERATOR, residentId: person.id, chip, pins: DEMO_PINS });
    out.push({ who: `${role} ${person.family_name} ${person.given_name}`, file, residentId: person.id });
  }
  return out;
}
/**
 * A Web-API application id for trying the API at once: issued on first start and kept in
 * DATA_DIR/demo-application-id (0600), since the registry keeps only its digest.
 */
async function demoApplicationId(contexts: Contexts, config: Config): Promise<string> {
  const file = join(config.dataDir, 'demo-application-id');
  if (!config.ephemeral && existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    // Still valid unless the database was replaced since.
    if (
      await contexts.applicationIds.check(kept).then(
        () => true,
        () => false,
      )
    )
      return kept;
  }
  const { id } = await contexts.applicationIds.issue('Demo (npm start)', '');
  if (!config.ephemeral) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${id}\n`, { mode: 0o600 });
  }
  return id;
}

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
