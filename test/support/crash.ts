import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { systemClock } from '../../src/kernel/clock.ts';
import { type Database, migrate, openDatabase } from '../../src/kernel/db.ts';
import { cryptoRandom } from '../../src/kernel/random.ts';
import { FileKeyStore } from '../../src/pki/keystore.ts';
import { type Contexts, createContexts } from '../../src/platform/contexts.ts';

/**
 * Crash tests: a worker process runs work until it is killed with SIGKILL, and the test
 * opens what it left. The worker prints `ready` when it starts working and `ack <id>` for
 * each piece of work it was told is done; it is killed `afterMs` after its first ack.
 */
export function runAndKill(
  worker: string,
  dataDir: string,
  afterMs: number,
  watchdogMs = 120_000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: string[] = [];
    let buffer = '';
    let stderr = '';
    const watchdog = setTimeout(() => child.kill('SIGKILL'), watchdogMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        // The clock starts at the first acknowledged piece, not at `ready`: on a busy
        // machine a fixed time from the start could kill the worker before it did anything.
        if (acks.length === 0) setTimeout(() => child.kill('SIGKILL'), afterMs);
        acks.push(line.slice(4));
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL') reject(new Error(`worker ended without being killed: ${stderr.slice(-500)}`));
      else resolve(acks);
    });
  });
}

/**
 * The platform's contexts on the data folder a crash worker uses (PGlite in DATA_DIR, or
 * DATABASE_URL), with the fixed test key for every secret and the CAs' keys on file.
 */
export async function openCrashed(
  dataDir: string,
  fill: number,
  url?: string,
): Promise<{ database: Database; contexts: Contexts; key: Uint8Array }> {
  const database = await openDatabase(url ? { url } : { dataDir: join(dataDir, 'pglite') });
  await migrate(database);
  const key = new Uint8Array(32).fill(fill);
  const contexts = await createContexts({
    database,
    clock: systemClock,
    random: cryptoRandom,
    secrets: { numberIssuanceKey: key, linkageCodeKey: key, linkageNodeKey: key },
    keyStore: new FileKeyStore(join(dataDir, 'keys'), key),
  });
  return { database, contexts, key };
}
