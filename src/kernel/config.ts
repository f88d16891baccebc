import { isAbsolute, resolve } from 'node:path';
import { DomainError, KernelErrors } from './errors.ts';

/**
 * The one place that reads the environment. `loadConfig` runs once at boot; everything
 * else receives the frozen result. Unknown or malformed values stop the start with a
 * message naming the variable, never a stack trace.
 */
export type Environment = 'development' | 'test' | 'production';

export interface Config {
  readonly env: Environment;
  readonly host: string;
  readonly port: number;
  /** PostgreSQL server; absent means the embedded PGlite database. */
  readonly databaseUrl: string | undefined;
  /** Embedded database, generated demo keys, operator token. */
  readonly dataDir: string;
  /** Keep everything in memory: nothing is written to dataDir. */
  readonly ephemeral: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per client address; 0 turns the limit off (benchmarks). */
  readonly rateLimitPerMinute: number;
  readonly bodyLimitBytes: number;
  /** Hex key for Individual Number issuance (FF1); generated in development if absent. */
  readonly numberIssuanceKeyHex: string | undefined;
  /** Hex key that encrypts the CAs' private keys at rest; generated in development if absent. */
  readonly caKeyEncryptionKeyHex: string | undefined;
  /** Hex key of the network core's institution-specific codes (機関別符号); generated in development. */
  readonly linkageCodeKeyHex: string | undefined;
  /** Hex key the institution nodes in this process derive their number digests from. */
  readonly linkageNodeKeyHex: string | undefined;
  /** The key algorithm of CAs made from now on (an existing CA keeps its own). */
  readonly caKeyAlgorithm: 'rsa-2048' | 'ecdsa-p256';
  /** Keep the searchable corporations' records in memory for name-search pages (corporate/current-records.ts). */
  readonly corporateRecordsInMemory: boolean;
}

/** The variables we read, with what they mean: the README's table is made from this. */
export const CONFIG_VARIABLES = {
  BANGO_ENV: 'development (default), test or production. Production refuses generated keys.',
  HOST: 'Address to listen on (default 127.0.0.1).',
  PORT: 'Port to listen on (default 3000; 0 picks a free one).',
  DATABASE_URL:
    'postgres://… to use a PostgreSQL server (a socket folder as libpq writes it: ?host=/var/run/postgresql); unset uses embedded PGlite in DATA_DIR.',
  DATA_DIR: 'Folder for the embedded database, generated demo keys and the operator token (default ./data).',
  LOG_LEVEL: 'fatal, error, warn, info (default), debug, trace or silent.',
  RATE_LIMIT_PER_MINUTE: 'Requests per minute per client address (default 600; 0 = no limit).',
  BODY_LIMIT_BYTES: 'Largest request body accepted (default 2097152); larger gets 413.',
  NUMBER_ISSUANCE_KEY: '64 hex characters (AES-256) for Individual Number issuance. Required in production.',
  CA_KEY_ENCRYPTION_KEY:
    "64 hex characters (AES-256-GCM) that encrypt the CAs' private keys at rest. Required in production.",
  LINKAGE_CODE_KEY:
    "64 hex characters: the network core's key for institution-specific codes (機関別符号). Required in production.",
  LINKAGE_NODE_KEY:
    '64 hex characters: the institution nodes’ key for number digests in their addressee maps. Required in production.',
  CA_KEY_ALGORITHM:
    'rsa-2048 (default, as real JPKI) or ecdsa-p256: the key of CAs made from now on; an existing CA keeps its own.',
  CORPORATE_RECORDS_IN_MEMORY:
    'on (default) or off: keep every searchable corporation’s record in memory for name-search pages (~270 bytes each: 1.3 GB at 5,000,000), or read each page from the database.',
} as const;

export interface ConfigOverrides {
  ephemeral?: boolean;
  port?: number;
  host?: string;
  dataDir?: string;
}

function fail(variable: string, why: string): never {
  throw new DomainError(KernelErrors.CONFIG_INVALID, `${variable}: ${why}`);
}

function integer(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) fail(name, 'must be a whole number');
  const v = Number(raw);
  if (v < min || v > max) fail(name, `must be between ${min} and ${max}`);
  return v;
}

export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: ConfigOverrides = {},
  cwd = process.cwd(),
): Config {
  const rawEnv = env.BANGO_ENV ?? 'development';
  if (rawEnv !== 'development' && rawEnv !== 'test' && rawEnv !== 'production') {
    fail('BANGO_ENV', 'must be development, test or production');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    fail('LOG_LEVEL', 'unknown level');
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    fail('DATABASE_URL', 'must start with postgres://');
  }
  const hexKey = (name: string): string | undefined => {
    const v = env[name] || undefined;
    if (v !== undefined && !/^[0-9a-fA-F]{64}$/.test(v)) fail(name, 'must be 64 hex characters');
    if (rawEnv === 'production' && v === undefined) fail(name, 'is required in production');
    return v;
  };
  const key = hexKey('NUMBER_ISSUANCE_KEY');
  const caKey = hexKey('CA_KEY_ENCRYPTION_KEY');
  const linkageCodeKey = hexKey('LINKAGE_CODE_KEY');
  const linkageNodeKey = hexKey('LINKAGE_NODE_KEY');
  const caKeyAlgorithm = env.CA_KEY_ALGORITHM || 'rsa-2048';
  if (caKeyAlgorithm !== 'rsa-2048' && caKeyAlgorithm !== 'ecdsa-p256') {
    fail('CA_KEY_ALGORITHM', 'must be rsa-2048 or ecdsa-p256');
  }
  const recordsInMemory = env.CORPORATE_RECORDS_IN_MEMORY || 'on';
  if (recordsInMemory !== 'on' && recordsInMemory !== 'off') {
    fail('CORPORATE_RECORDS_IN_MEMORY', 'must be on or off');
  }
  const dataDirRaw = overrides.dataDir ?? env.DATA_DIR ?? 'data';
  const config: Config = {
    env: rawEnv,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    ephemeral: overrides.ephemeral ?? env.BANGO_EPHEMERAL === '1',
    logLevel,
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 10_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    numberIssuanceKeyHex: key,
    caKeyEncryptionKeyHex: caKey,
    linkageCodeKeyHex: linkageCodeKey,
    linkageNodeKeyHex: linkageNodeKey,
    caKeyAlgorithm,
    corporateRecordsInMemory: recordsInMemory === 'on',
  };
  return Object.freeze(config);
}
