import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { systemClock } from '../../src/kernel/clock.ts';
import { fromPglite, migrate } from '../../src/kernel/db.ts';
import { createLogger } from '../../src/kernel/log.ts';
import { cryptoRandom } from '../../src/kernel/random.ts';
import { type Contexts, createContexts } from '../../src/platform/contexts.ts';
import { buildWeb, ROOT_DIR, WEB_DIST } from '../../src/platform/web-build.ts';
import { buildApp } from '../../src/server.ts';

export const SCREENSHOTS = join(ROOT_DIR, 'test-results', 'e2e');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium; never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('chromium not found: apt-get install chromium (or set CHROMIUM_PATH)');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The platform as `npm start` serves it, on a free loopback port, with a fresh build;
 * with `contexts` the whole platform (register, cards, login), as a test can seed it.
 */
export async function startPlatform(
  options: { contexts?: boolean } = {},
): Promise<{ url: string; contexts?: Contexts; close: () => Promise<void> }> {
  await buildWeb();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const database = fromPglite(await PGlite.create());
  await migrate(database);
  const contexts = options.contexts
    ? await createContexts({
        database,
        clock: systemClock,
        random: cryptoRandom,
        secrets: { numberIssuanceKey: new Uint8Array(32).fill(7) },
      })
    : undefined;
  const app: FastifyInstance = await buildApp({
    config: { rateLimitPerMinute: 0, bodyLimitBytes: 1024 * 1024 },
    database,
    ...(contexts ? { contexts } : {}),
    logger: createLogger('warn'),
    webDir: WEB_DIST,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ...(contexts ? { contexts } : {}),
    close: async () => {
      contexts?.follower.stop();
      await app.close();
      await database.close();
    },
  };
}

/**
 * A page in a fresh browser profile (its own cookies and IndexedDB), Japanese locale.
 * bypassCSP only so axe can be injected; the app's own CSP is tested elsewhere.
 */
export async function freshPage(browser: Browser, height = 900): Promise<Page> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    bypassCSP: true,
    acceptDownloads: true,
    viewport: { width: 1100, height },
  });
  return context.newPage();
}

/** WCAG 2.2 AA violations axe-core finds on the page, as `rule (count)`. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
  });
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}
