import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/platform/web-build.ts';

const BIN = join(ROOT_DIR, 'bin', 'bango.js');

/** Runs `bango` as a user would, in its own process; resolves with its exit code and output. */
export function bango(
  args: string[],
  env: Record<string, string>,
  timeout = 90_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}
