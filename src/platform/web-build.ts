import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIST = join(ROOT_DIR, 'dist', 'web');

export const webIsBuilt = (): boolean => existsSync(join(WEB_DIST, 'index.html'));

/** Builds the web front end with Vite (first start, or when asked). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT_DIR, 'web', 'vite.config.ts'), logLevel: 'warn' });
}
