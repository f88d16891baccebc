import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type Database, migrationStatus, ping } from '../kernel/db.ts';
import { KernelErrors } from '../kernel/errors.ts';
import { errorBody } from '../kernel/http.ts';

export interface PlatformInfo {
  readonly version: string;
  readonly startedAt: Date;
}

/** Liveness, readiness and the operator's view of the platform itself. */
export async function platformRoutes(
  app: FastifyInstance,
  opts: { database: Database; info: PlatformInfo },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { database, info } = opts;

  r.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  r.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: 'Readiness: the database answers' },
    },
    async (_req, reply) => {
      if (await ping(database)) return { status: 'ready', database: database.engine };
      return reply.code(503).send(errorBody(KernelErrors.SERVICE_UNAVAILABLE));
    },
  );

  r.get(
    '/api/operator/status',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['operator'],
        summary: 'Platform status for the local operator (CLI)',
        security: [{ operatorToken: [] }],
        response: {
          200: Type.Object({
            version: Type.String(),
            engine: Type.String(),
            startedAt: Type.String(),
            migrations: Type.Object({
              applied: Type.Integer(),
              latest: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
    },
    async () => ({
      version: info.version,
      engine: database.engine,
      startedAt: info.startedAt.toISOString(),
      migrations: await migrationStatus(database),
    }),
  );
}
