import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIST = join(ROOT_DIR, 'dist', 'web');
const WEB_SOURCE = join(ROOT_DIR, 'web');

export const webIsBuilt = (): boolean => existsSync(join(WEB_DIST, 'index.html'));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The build is missing, or older than a source file of the front end (after a pull). */
export function webNeedsBuild(): boolean {
  if (!webIsBuilt()) return true;
  return newestMtime(WEB_SOURCE) > statSync(join(WEB_DIST, 'index.html')).mtimeMs;
}

/** Builds the web front end with Vite (first start, or when the sources changed). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT_DIR, 'web', 'vite.config.ts'), logLevel: 'warn' });
}
