import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite lets one process open a data folder. While the platform runs, it leaves
 * DATA_DIR/operator.json (mode 0600) with its address and a fresh operator token; the
 * CLI then goes through the running server instead of opening the database itself.
 */
export interface OperatorFile {
  url: string;
  token: string;
  pid: number;
}

export const operatorFilePath = (dataDir: string): string => join(dataDir, 'operator.json');

export function writeOperatorFile(dataDir: string, content: OperatorFile): void {
  mkdirSync(dataDir, { recursive: true });
  const file = operatorFilePath(dataDir);
  writeFileSync(file, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeOperatorFile(dataDir: string, pid: number): void {
  const current = readOperatorFile(dataDir);
  if (current?.pid === pid) rmSync(operatorFilePath(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running platform on this data folder, if any (a stale file is ignored). */
export function readOperatorFile(dataDir: string): OperatorFile | null {
  const file = operatorFilePath(dataDir);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as OperatorFile;
    if (
      typeof parsed.url !== 'string' ||
      typeof parsed.token !== 'string' ||
      typeof parsed.pid !== 'number'
    ) {
      return null;
    }
    return alive(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}
