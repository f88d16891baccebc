import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/kernel/actor.ts';
import { type Clock, fixedClock } from '../../src/kernel/clock.ts';
import { fromPglite, migrate } from '../../src/kernel/db.ts';
import type { Authenticator } from '../../src/kernel/http.ts';
import { createLogger } from '../../src/kernel/log.ts';
import { seededRandom } from '../../src/kernel/random.ts';
import type { CaKeyAlgorithm } from '../../src/pki/model.ts';
import { type Contexts, createContexts } from '../../src/platform/contexts.ts';
import { type AppDeps, buildApp } from '../../src/server.ts';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

/** Log lines the app wrote, to check what reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(chunk.toString());
    done();
  }
}

/** An app on a fresh in-memory PGlite, as the server builds it. */
export async function testApp(
  overrides: Partial<AppDeps> = {},
  options: { clock?: Clock; caKeyAlgorithm?: CaKeyAlgorithm } = {},
): Promise<{ app: FastifyInstance; logs: LogCapture; contexts: Contexts; close: () => Promise<void> }> {
  const client = await PGlite.create();
  const database = fromPglite(client);
  await migrate(database);
  const logs = new LogCapture();
  const clock = options.clock ?? fixedClock('2026-04-01T01:00:00Z');
  const contexts = await createContexts({
    database,
    clock,
    random: seededRandom(11),
    secrets: { numberIssuanceKey: new Uint8Array(32).fill(5) },
    ...(options.caKeyAlgorithm ? { caKeyAlgorithm: options.caKeyAlgorithm } : {}),
  });
  const app = await buildApp({
    config: { rateLimitPerMinute: 0, bodyLimitBytes: 2 * 1024 * 1024 },
    database,
    contexts,
    logger: createLogger('info', logs),
    operatorToken: OPERATOR_TOKEN,
    ...overrides,
  });
  return {
    app,
    logs,
    contexts,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Stands in for card login in route tests: `x-test-person: <resident id>` is that person,
 * `x-test-actor: <name>` one of the given staff actors.
 */
export function testAuthenticator(staff: Record<string, Actor>): Authenticator {
  return (req) => {
    const who = req.headers['x-test-person'];
    if (typeof who === 'string')
      return { id: who, kind: 'person', residentId: who, displayName: 'p', roles: [] };
    return staff[String(req.headers['x-test-actor'])] ?? null;
  };
}
