import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { DomainError, KernelErrors } from './errors.ts';

/**
 * Keys the platform needs. In production they come from the environment. In
 * development they are generated on first start and kept in DATA_DIR/secrets.json
 * (mode 0600) — never in the repository — and a warning says so once.
 */
export interface Secrets {
  /** FF1 key of Individual Number issuance (AES-256). */
  readonly numberIssuanceKey: Uint8Array;
  /** Encrypts the CAs' private keys at rest (AES-256-GCM). */
  readonly caKeyEncryptionKey: Uint8Array;
  /** The network core's key for institution-specific codes. */
  readonly linkageCodeKey: Uint8Array;
  /** The institution nodes' key for number digests. */
  readonly linkageNodeKey: Uint8Array;
  /** Which keys were generated here rather than configured. */
  readonly generated: readonly string[];
}

type SecretName = 'numberIssuanceKey' | 'caKeyEncryptionKey' | 'linkageCodeKey' | 'linkageNodeKey';

/** Each secret: where the configuration has it, and the variable that sets it. */
const SECRETS: ReadonlyArray<readonly [SecretName, keyof Config, string]> = [
  ['numberIssuanceKey', 'numberIssuanceKeyHex', 'NUMBER_ISSUANCE_KEY'],
  ['caKeyEncryptionKey', 'caKeyEncryptionKeyHex', 'CA_KEY_ENCRYPTION_KEY'],
  ['linkageCodeKey', 'linkageCodeKeyHex', 'LINKAGE_CODE_KEY'],
  ['linkageNodeKey', 'linkageNodeKeyHex', 'LINKAGE_NODE_KEY'],
];

export function resolveSecrets(config: Config, warn: (message: string) => void = () => {}): Secrets {
  const generated: string[] = [];
  let stored: Partial<Record<SecretName, string>> = {};
  const file = join(config.dataDir, 'secrets.json');
  // Production takes keys from its environment only: a stray file never stands in for one.
  if (!config.ephemeral && config.env !== 'production' && existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
    } catch {
      throw new DomainError(KernelErrors.CONFIG_INVALID, `${file} is not valid JSON`);
    }
  }
  const values = {} as Record<SecretName, Uint8Array>;
  for (const [name, configKey, variable] of SECRETS) {
    let hex = (config[configKey] as string | undefined) ?? stored[name];
    if (hex === undefined) {
      if (config.env === 'production') {
        throw new DomainError(KernelErrors.CONFIG_INVALID, `${variable} is required in production`);
      }
      hex = randomBytes(32).toString('hex');
      stored[name] = hex;
      generated.push(variable);
    }
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
      throw new DomainError(KernelErrors.CONFIG_INVALID, `stored ${name} is malformed`);
    values[name] = new Uint8Array(Buffer.from(hex, 'hex'));
  }
  if (generated.length > 0) {
    if (!config.ephemeral) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    warn(
      config.ephemeral
        ? 'Development keys were generated in memory for this run only.'
        : `Development keys were generated and saved in ${file}. Set them in the environment for production.`,
    );
  }
  return Object.freeze({ ...values, generated });
}
