import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from './web-build.ts';

/** The platform's version, from package.json: one place to change it. */
export const VERSION: string = (
  JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
