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
  readonly numberIssuanceKey: Uint8Array;
  /** Which keys were generated here rather than configured. */
  readonly generated: readonly string[];
}

interface StoredSecrets {
  numberIssuanceKey?: string;
}

export function resolveSecrets(config: Config, warn: (message: string) => void = () => {}): Secrets {
  const generated: string[] = [];
  let stored: StoredSecrets = {};
  const file = join(config.dataDir, 'secrets.json');
  // Production takes keys from its environment only: a stray file never stands in for one.
  if (!config.ephemeral && config.env !== 'production' && existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    } catch {
      throw new DomainError(KernelErrors.CONFIG_INVALID, `${file} is not valid JSON`);
    }
  }
  let keyHex = config.numberIssuanceKeyHex ?? stored.numberIssuanceKey;
  if (keyHex === undefined) {
    if (config.env === 'production') {
      throw new DomainError(KernelErrors.CONFIG_INVALID, 'NUMBER_ISSUANCE_KEY is required in production');
    }
    keyHex = randomBytes(32).toString('hex');
    generated.push('NUMBER_ISSUANCE_KEY');
    if (!config.ephemeral) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${JSON.stringify({ ...stored, numberIssuanceKey: keyHex }, null, 2)}\n`, {
        mode: 0o600,
      });
      chmodSync(file, 0o600);
    }
    warn(
      config.ephemeral
        ? 'Development keys were generated in memory for this run only.'
        : `Development keys were generated and saved in ${file}. Set them in the environment for production.`,
    );
  }
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) {
    throw new DomainError(KernelErrors.CONFIG_INVALID, 'stored numberIssuanceKey is malformed');
  }
  return Object.freeze({ numberIssuanceKey: new Uint8Array(Buffer.from(keyHex, 'hex')), generated });
}
